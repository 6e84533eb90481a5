"""The report's figures draw the mistakes' file names in a font that has their glyphs."""
import shutil
import warnings
from pathlib import Path

import pytest

import train as train_cli
from core.plot_fonts import fallback_font

ROOT = Path(__file__).resolve().parents[3]


def test_a_chinese_file_name_under_english_class_names_is_drawn_not_boxed(tmp_path, capsys):
    if fallback_font() is None:
        pytest.skip("no CJK font installed: Chinese would be drawn as boxes")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "demo" / "Coat", data / "Coat")
    # A bag filed under Coat: the demo model's most confident mistake, captioned with its file name.
    shutil.copy(ROOT / "data" / "demo" / "Bag" / "00018.png", data / "Coat" / "图片 15.png")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = train_cli.main(["--evaluate", str(ROOT / "weights" / "demo_fashion_mnist.pt"), "--data", str(data),
                               "--out", str(tmp_path / "eval")])
    assert code == 0, capsys.readouterr().err
    assert [str(w.message) for w in caught if "Glyph" in str(w.message)] == []
