"""Widgets that paint their own colours follow a switch to the dark palette (View → Theme)."""
import numpy as np
import pytest
from PyQt5.QtGui import QColor, QPalette
from PyQt5.QtWidgets import QApplication, QStyleFactory

from ui.theme_colours import colour, contrast, dark_palette
from ui.training.form_problems import ProblemList
from ui.viewer.metrics_panel import ConfusionMatrixView
from ui.viewer.sanity_dialog import SanityDialog, SanityStepView


@pytest.fixture
def dark(qapp):
    qapp.setPalette(dark_palette())
    yield
    qapp.setPalette(QStyleFactory.create("Fusion").standardPalette())


def test_the_sanity_curve_is_drawn_again_in_the_dark_palette(qtbot, qapp):
    steps = [SanityStepView("head", 0.9, 0.8, 1.0), SanityStepView("layer4", 0.2, 0.0, 0.4)]
    dialog = SanityDialog(None, "Sanity", "passes", True, steps, 0.5)
    qtbot.addWidget(dialog)
    assert dialog.curve.pixelColor(2, 2).lightness() > 200
    qapp.setPalette(dark_palette())
    try:
        assert dialog.curve.pixelColor(2, 2) == dark_palette().color(QPalette.Base)
        good = colour("good").rgb()
        assert any(dialog.curve.pixel(x, y) == good for x in range(dialog.curve.width())
                   for y in range(0, dialog.curve.height(), 2))
    finally:
        qapp.setPalette(QStyleFactory.create("Fusion").standardPalette())


@pytest.mark.usefixtures("dark")
def test_confusion_matrix_counts_stay_readable(qtbot):
    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    view.resize(400, 400)
    view.set_data(["a", "b"], np.array([[9, 1], [5, 5]]))
    view.show()
    qtbot.waitExposed(view)
    image = view.grab().toImage()
    for i, j in ((0, 0), (0, 1), (1, 0), (1, 1)):
        rect = view.cell_rect(i, j)
        cell = image.pixelColor(rect.left() + 2, rect.top() + 2)
        inks = {image.pixelColor(x, y).rgb() for x in range(rect.left(), rect.right())
                for y in range(rect.top(), rect.bottom())}
        best = max(contrast(QColor.fromRgb(ink), cell) for ink in inks)
        assert best >= 4.5, (i, j, cell.name())


@pytest.mark.usefixtures("dark")
def test_the_problem_frame_takes_the_dark_themes_red(qtbot):
    problems = ProblemList()
    qtbot.addWidget(problems)
    QApplication.instance().setPalette(QStyleFactory.create("Fusion").standardPalette())
    light = problems.styleSheet()
    assert colour("invalid").name() in light
    QApplication.instance().setPalette(dark_palette())
    assert colour("invalid").name() in problems.styleSheet() and problems.styleSheet() != light
