"""Every reason core gives for an unreadable file has a template, so the window can say it translated."""
import re

import pytest
from PIL import Image

from core.data import decode
from core.data.decode import ImageReadError, load_rgb
from core.ts_file import read_ts, ts_path
from ui.file_problem_text import said


def reason(path) -> str:
    with pytest.raises(ImageReadError) as raised:
        load_rgb(path)
    return str(raised.value)


def core_reasons(tmp_path, monkeypatch) -> list[str]:
    """The reasons load_rgb really gives, one file of each kind of trouble."""
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "text.png").write_bytes(b"not a picture")
    Image.new("RGB", (64, 64), "red").save(tmp_path / "whole.png")
    (tmp_path / "cut.png").write_bytes((tmp_path / "whole.png").read_bytes()[:60])
    (tmp_path / "folder.png").mkdir()
    (tmp_path / "dangling.png").symlink_to(tmp_path / "gone.png")
    found = [reason(tmp_path / name) for name in ("missing.png", "empty.png", "text.png", "cut.png", "folder.png",
                                                  "dangling.png")]
    monkeypatch.setattr(decode, "MAX_PIXELS", 100)
    found.append(reason(tmp_path / "whole.png"))
    return found + ["overlay not written: disk full", "overlay not written: Read-only file system"]


def test_each_reason_reads_in_chinese_with_its_values_kept(tmp_path, monkeypatch):
    chinese = read_ts(ts_path("zh_CN"))[1]
    reasons = core_reasons(tmp_path, monkeypatch)
    assert len(set(reasons)) == len(reasons)
    for text in reasons:
        shown = said(text, chinese.__getitem__)
        assert shown != text and re.search(r"[\u4e00-\u9fff]", shown), text
        values = re.findall(r"\d+×\d+|gone\.png|Read-only file system", text)
        assert all(value in shown for value in values), (text, shown)


def test_a_reason_of_no_known_shape_is_shown_as_it_is():
    assert said("the decoder said something new") == "the decoder said something new"
    assert said(None) is None and said("file not found") == "file not found"  # English window: unchanged
