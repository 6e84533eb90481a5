"""Choosing another dataset folder while the first is still being read: the form shows the second folder's
classes, and the first folder's scan stops instead of reading thousands of images for nobody.

The first folder's scan is held at a known point (its first image, or its listing) until the test lets it go, so
what arrives late arrives late every time, without sleeping."""
import shutil
import threading
from pathlib import Path

import pytest
from PyQt5.QtWidgets import QApplication, QLabel

import core.data.audit
import core.data.splits
from tests.app.test_train_window import WAIT, no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import type_into
from ui.widgets.background import wait_for_background

HOLD_S = 120  # the held scan is let go by the test long before this; a safety net against a hung test


class Hold:
    """Holds the first call made for files under `folder` until `release()`; counts the calls for that folder."""

    def __init__(self, folder: Path, real):
        self.folder, self.real = str(folder), real
        self.reached, self.released = threading.Event(), threading.Event()
        self.calls = 0

    def __call__(self, path, *args, **kwargs):
        if str(path).startswith(self.folder):
            self.calls += 1
            if not self.reached.is_set():
                self.reached.set()
                assert self.released.wait(HOLD_S)
        return self.real(path, *args, **kwargs)

    def release(self):
        self.released.set()


@pytest.fixture
def folders(tmp_path, write_square_classes):
    first = write_square_classes(tmp_path / "first", ("cat", "dog"), 30, 16, seed=1)
    second = write_square_classes(tmp_path / "second", ("apple", "pear"), 12, 16, seed=2)
    return first, second


def _all_scans_over(qtbot):
    """Every background task has ended and what it reported has been delivered."""
    assert wait_for_background(WAIT)
    QApplication.processEvents()


def _shows_the_second(summary) -> bool:
    return summary.page() == summary.SUMMARY and {name for name, _, _ in summary.bar_values()} == {"apple", "pear"}


def _leave_the_first_for_the_second(qtbot, form, summary, folders, held: Hold) -> None:
    """Type the first folder, wait until its scan is held at `held`, then type the second and see it shown."""
    first, second = folders
    type_into(qtbot, form.field("data"), str(first))
    qtbot.waitUntil(held.reached.is_set, timeout=WAIT)
    type_into(qtbot, form.field("data"), str(second))
    qtbot.waitUntil(lambda: _shows_the_second(summary), timeout=WAIT)


def test_the_scan_of_a_folder_left_for_another_stops_and_the_other_is_shown(qtbot, trainer, folders, monkeypatch):  # noqa: F811
    _, _, training = trainer
    form, summary = training.window.form, training.window.summary
    decodes = Hold(folders[0], core.data.audit.load_rgb)  # held reading the first folder's first image
    monkeypatch.setattr(core.data.audit, "load_rgb", decodes)

    _leave_the_first_for_the_second(qtbot, form, summary, folders, decodes)
    decodes.release()
    _all_scans_over(qtbot)

    assert decodes.calls == 1  # the image it was reading, none of the 59 others
    assert _shows_the_second(summary)
    assert summary.bar_values() == [("apple", "train", 6), ("apple", "val", 3), ("apple", "test", 3),
                                    ("pear", "train", 6), ("pear", "val", 3), ("pear", "test", 3)]
    assert training.window.start.isEnabled()


def test_a_folder_removed_while_its_scan_was_left_for_another_is_no_problem_of_the_other(qtbot, trainer, folders,  # noqa: F811
                                                                                        monkeypatch):
    """The first folder (a USB stick, say) is removed after the user chose the second: its scan, listing a class
    folder that is gone, fails. That failure once took the Dataset tab over from the second folder's classes."""
    _, _, training = trainer
    form, summary = training.window.form, training.window.summary
    listing = Hold(folders[0], core.data.splits.scan_images)  # held listing the first folder's first class folder
    monkeypatch.setattr(core.data.splits, "scan_images", listing)

    _leave_the_first_for_the_second(qtbot, form, summary, folders, listing)
    shutil.rmtree(folders[0])
    listing.release()
    _all_scans_over(qtbot)

    assert _shows_the_second(summary), summary.findChild(QLabel, "error").text()
    assert form.invalid_fields() == [] and training.window.start.isEnabled()
