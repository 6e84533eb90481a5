"""The log: one handler however often it is set up, and never the developer's real log in tests."""
import logging
from pathlib import Path

from PyQt5.QtCore import QStandardPaths

from app.crash import log_file, setup_logging


def test_setting_up_twice_writes_each_record_once(monkeypatch, tmp_path):
    monkeypatch.setattr("app.crash.log_directory", lambda: tmp_path / "logs")
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        assert setup_logging() == setup_logging() == tmp_path / "logs" / "gradlens.log"
        added = [h for h in root.handlers if h not in before]
        assert len(added) == 1
        logging.getLogger("gradlens.test").warning("written once")
        added[0].flush()
        assert (tmp_path / "logs" / "gradlens.log").read_text().count("written once") == 1
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def test_tests_keep_out_of_the_users_log_and_settings():
    assert ".qttest" in Path(log_file()).parts  # QStandardPaths' test mode, set in tests/conftest.py
    assert ".qttest" in Path(QStandardPaths.writableLocation(QStandardPaths.ConfigLocation)).parts
