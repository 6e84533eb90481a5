"""TopKBars: order, bar lengths, highlighting, narrow layouts."""
import pytest

from ui.theme_colours import colour
from ui.viewer.topk_bars import TopKBars

TOPK = [("Pullover", 0.09), ("Shirt", 0.61), ("T-shirt/top", 0.22), ("Dress", 0.03), ("Coat", 0.05)]


@pytest.fixture
def bars(qtbot):
    widget = TopKBars()
    qtbot.addWidget(widget)
    widget.resize(420, 200)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def colours(widget):
    image = widget.grab().toImage()
    return {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}


@pytest.mark.parametrize("width", [200, 420, 600])
def test_best_first_and_bars_proportional_to_probability(bars, width):
    bars.resize(width, 300)
    bars.set_topk(TOPK)
    assert bars.classes() == ["Shirt", "T-shirt/top", "Pullover", "Coat", "Dress"]
    assert bars.bar_fractions() == pytest.approx([0.61, 0.22, 0.09, 0.05, 0.03])


def test_true_class_is_painted_green_only_when_given(bars):
    bars.set_topk(TOPK)
    assert colour("good").rgb() not in colours(bars)
    bars.set_topk(TOPK, true_class="T-shirt/top")
    assert colour("good").rgb() in colours(bars)


def test_true_class_outside_the_top_k_adds_a_note(bars):
    bars.set_topk(TOPK, true_class="Shirt")
    height = bars.sizeHint().height()
    bars.set_topk(TOPK, true_class="Sandal")
    assert bars.sizeHint().height() > height


def test_long_names_elide_and_narrow_widths_stack(bars):
    long_name = "Coat with an extremely long class name that will not fit " * 3
    bars.set_topk([("Shirt", 0.5), (long_name, 0.5)])
    for width in (200, 600):
        bars.resize(width, 200)
        assert bars.labels()[0] == "Shirt"
        assert bars.labels()[1].endswith("…") and len(bars.labels()[1]) < len(long_name)
    # narrow: names go above their bars, so each row needs more height
    assert bars.heightForWidth(200) > bars.heightForWidth(600)


def test_clear_and_clamping(bars):
    bars.set_topk([("a", 1.2), ("b", -0.1)])
    assert bars.bar_fractions() == [1.0, 0.0]
    bars.clear()
    assert bars.classes() == [] and bars.bar_fractions() == []
    bars.grab()  # paints the empty state without error


@pytest.mark.parametrize("width", [300, 420])
def test_a_name_that_fits_beside_its_bar_is_painted_whole(bars, width):
    """The true class, in bold, was cut to "Ankle bo…" at any width: it was given its rounded advance."""
    bars.resize(width, 200)
    bars.set_topk([("Ankle boot", 0.874), ("Sneaker", 0.035), ("T-shirt", 0.014)], true_class="Ankle boot")
    assert bars.labels() == ["Ankle boot", "Sneaker", "T-shirt"]


def test_no_prediction_keeps_the_height_of_the_bars_before_it(bars):
    """Browsing past an unreadable file made the Heatmap dock below jump up and back."""
    bars.set_topk(TOPK)
    height = bars.heightForWidth(420)
    bars.set_topk([])
    assert bars.heightForWidth(420) == height
