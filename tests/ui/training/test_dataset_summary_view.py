"""DatasetSummaryView: bars per class and split, totals, warnings, unreadable files, page states."""
import pytest
from PyQt5.QtWidgets import QAbstractButton, QLabel, QTreeWidget

from ui.theme_colours import colour
from ui.training.dataset_summary_view import SPLIT_ROLES, DatasetSummaryView

SUMMARY = {
    "class_names": ["cat", "dog", "a bird with a very long class name indeed"],
    "counts": {"train": {"cat": 800, "dog": 400, "a bird with a very long class name indeed": 200},
               "val": {"cat": 100, "dog": 50, "a bird with a very long class name indeed": 25},
               "test": {"cat": 100, "dog": 50, "a bird with a very long class name indeed": 0}},
    "unreadable": [["/data/train/cat/broken.jpg", "cannot identify image file"],
                   ["/data/test/dog/empty.png", "empty file"]],
    "duplicates": [["/data/train/cat/a.jpg", "/data/test/cat/a_copy.jpg"]],
    "duplicates_within": 4,
    "warnings": ["class 'a bird with a very long class name indeed' has no test images", "4 duplicates"],
}


@pytest.fixture
def view(qtbot):
    widget = DatasetSummaryView()
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_starts_empty_then_busy_error_and_summary(view):
    assert view.page() == view.EMPTY
    view.set_busy()
    assert view.page() == view.BUSY and view.findChild(QLabel, "busy").text() == "Scanning dataset…"
    view.set_busy("Checking 1,200 images…")
    assert view.findChild(QLabel, "busy").text() == "Checking 1,200 images…"
    view.set_error("Cannot scan /nope: no such folder")
    assert view.page() == view.ERROR and "no such folder" in view.findChild(QLabel, "error").text()
    view.set_summary(SUMMARY)
    assert view.page() == view.SUMMARY
    view.set_summary(None)
    assert view.page() == view.EMPTY


@pytest.mark.parametrize("width", [300, 700])
def test_bars_follow_the_counts_on_one_scale(view, width):
    view.resize(width, 600)
    view.set_summary(SUMMARY)
    bird = "a bird with a very long class name indeed"
    assert view.bar_values() == [("cat", "train", 800), ("cat", "val", 100), ("cat", "test", 100),
                                 ("dog", "train", 400), ("dog", "val", 50), ("dog", "test", 50),
                                 (bird, "train", 200), (bird, "val", 25), (bird, "test", 0)]
    assert view.chart.bar_fractions() == pytest.approx([n / 800 for _, _, n in view.bar_values()], abs=1e-6)


def test_paints_the_split_colours(view):
    view.set_summary(SUMMARY)
    image = view.chart.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(image.height())}
    assert all(colour(role).rgb() in colours for role in SPLIT_ROLES.values())


def test_totals_duplicates_and_warnings(view):
    view.set_summary(SUMMARY)
    totals = view.findChild(QLabel, "totals").text()
    assert "1,725 images" in totals and "3 classes" in totals and "train 1,400" in totals
    duplicates = view.findChild(QLabel, "duplicates")
    assert "spread over splits: 1" in duplicates.text() and "inside a split: 4" in duplicates.text()
    assert "/data/test/cat/a_copy.jpg" in duplicates.toolTip()
    assert view.warnings() == ["Class 'a bird with a very long class name indeed' has no test images",
                               "4 duplicates"]  # sentences, as the problem and "No duplicate files." beside them
    view.set_summary({**SUMMARY, "warnings": [], "duplicates": [], "duplicates_within": 0})
    assert view.warnings() == []
    assert view.findChild(QLabel, "duplicates").text() == "No duplicate files."


def test_unreadable_files_expand(view):
    view.set_summary(SUMMARY)
    toggle = view.findChild(QAbstractButton, "unreadableToggle")
    tree = view.findChild(QTreeWidget, "unreadable")
    assert toggle.isVisible() and "(2)" in toggle.text()
    assert not tree.isVisible()
    toggle.click()
    assert tree.isVisible() and tree.topLevelItemCount() == 2
    assert [tree.topLevelItem(0).text(c) for c in (0, 1)] == SUMMARY["unreadable"][0]
    view.set_summary({**SUMMARY, "unreadable": []})
    assert not toggle.isVisible() and not tree.isVisible()


def test_missing_splits_and_no_classes(view):
    view.set_summary({"class_names": ["a", "b"], "counts": {"train": {"a": 3, "b": 1}},
                      "unreadable": [], "duplicates": [], "duplicates_within": 0, "warnings": []})
    assert view.bar_values() == [("a", "train", 3), ("b", "train", 1)]
    view.set_summary({"class_names": [], "counts": {"train": {}}, "unreadable": [], "duplicates": [],
                      "duplicates_within": 0, "warnings": []})
    assert view.bar_values() == []
    view.chart.grab()  # paints "No classes found" without failing


def test_many_classes_scroll_inside_the_chart(view):
    names = [f"class {i:03d}" for i in range(200)]
    view.set_summary({"class_names": names, "counts": {"train": {n: 10 for n in names}}, "unreadable": [],
                      "duplicates": [], "duplicates_within": 0, "warnings": []})
    assert view.chart.height() > view.height()  # the chart scrolls; the page does not grow
    assert view.sizeHint().height() < view.chart.height()


def test_unreadable_reasons_follow_the_windows_language(qtbot, view):
    """In Chinese the reasons stayed English ("empty file (0 bytes)", "truncated file")."""
    from PyQt5.QtWidgets import QApplication

    from app.i18n import TsTranslator
    from app.translatable_strings import TS_FILE
    view.set_summary({**SUMMARY, "unreadable": [["/data/train/cat/a.png", "empty file (0 bytes)"],
                                                ["/data/train/cat/b.png", "truncated file"]]})
    tree = view.findChild(QTreeWidget, "unreadable")
    app, translator = QApplication.instance(), TsTranslator(TS_FILE)
    app.installTranslator(translator)  # a language switch: the view says its summary again
    try:
        qtbot.waitUntil(lambda: tree.topLevelItem(0).text(1) == "空文件（0 字节）")
        assert tree.topLevelItem(1).text(1) == "文件不完整（已截断）"
    finally:
        app.removeTranslator(translator)
    qtbot.waitUntil(lambda: tree.topLevelItem(1).text(1) == "truncated file")
