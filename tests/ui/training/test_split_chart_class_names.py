"""The Dataset tab's per-class chart writes every class name that fits whole: "Sandal" was cut to "Sa…al" beside
plenty of room, because the name column was sized with widths rounded down to whole pixels."""
import pytest

from ui.training.dataset_summary_view import DatasetSummaryView

FASHION = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def summary(names):
    return {"class_names": names, "counts": {split: {name: 20 for name in names} for split in ("train", "val", "test")},
            "unreadable": [], "duplicates": [], "duplicates_within": 0, "warnings": []}


@pytest.mark.parametrize("point_size", [9.0, 10.5, 12.0])
def test_names_with_room_are_shown_whole(qtbot, point_size):
    view = DatasetSummaryView()
    qtbot.addWidget(view)
    font = view.font()
    font.setPointSizeF(point_size)
    view.setFont(font)
    view.resize(700, 600)
    view.show()
    qtbot.waitExposed(view)
    for names in (["Coat", "Dress", "Sandal"], FASHION, ["猫", "狗", "凉鞋"]):
        view.set_summary(summary(names))
        assert view.chart.shown_names() == names


def test_a_name_longer_than_its_share_of_the_width_is_still_elided(qtbot):
    view = DatasetSummaryView()
    qtbot.addWidget(view)
    view.resize(500, 600)
    view.show()
    qtbot.waitExposed(view)
    long_name = "a bird with a very long class name indeed, longer than a third of the chart"
    view.set_summary(summary(["cat", long_name]))
    cat, shown = view.chart.shown_names()
    assert cat == "cat" and "…" in shown and shown.startswith("a bird") and shown.endswith("chart")
