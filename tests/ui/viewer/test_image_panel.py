"""ui.widgets.qimage conversions, ImagePanel zoom/fit/placeholders, ImageTriptych modes and sync."""
import gc

import numpy as np
import pytest
from PyQt5.QtCore import QPoint, QPointF, Qt
from PyQt5.QtGui import QColor, QWheelEvent
from PyQt5.QtWidgets import QApplication, QLabel, QWidget

from ui.viewer.image_panel import ImagePanel
from ui.viewer.image_triptych import ImageTriptych
from ui.widgets.qimage import rgb_to_pixmap, rgb_to_qimage


def pixel(image, x, y):
    colour = QColor(image.pixel(x, y))
    return colour.red(), colour.green(), colour.blue()


def test_rgb_to_qimage_keeps_colours_and_owns_its_pixels(qapp):
    rgb = np.zeros((4, 5, 3), np.uint8)
    rgb[1, 2] = (255, 0, 0)
    rgb[3, 4] = (0, 0, 255)
    image = rgb_to_qimage(rgb)
    rgb[:] = 77  # the image is a copy: later changes to the array do not reach it
    del rgb
    gc.collect()
    assert (image.width(), image.height()) == (5, 4)
    assert pixel(image, 2, 1) == (255, 0, 0)
    assert pixel(image, 4, 3) == (0, 0, 255)
    assert pixel(image, 0, 0) == (0, 0, 0)


@pytest.mark.parametrize("view", [lambda a: a[::2, 1::3], lambda a: a[:, :, ::-1], lambda a: np.asfortranarray(a),
                                  lambda a: a[3:10, 2:9]])
def test_rgb_to_qimage_accepts_any_strides(qapp, view):
    rgb = view(np.random.default_rng(0).integers(0, 256, (13, 17, 3), dtype=np.uint8))
    image = rgb_to_qimage(rgb)
    assert (image.height(), image.width()) == rgb.shape[:2]
    for y in range(rgb.shape[0]):
        for x in range(rgb.shape[1]):
            assert pixel(image, x, y) == tuple(rgb[y, x])


def test_rgb_to_qimage_grey_rgba_and_bad_input(qapp):
    grey = np.array([[0, 128], [200, 255]], np.uint8)
    assert pixel(rgb_to_qimage(grey), 0, 1) == (200, 200, 200)
    rgba = np.zeros((2, 2, 4), np.uint8)
    rgba[0, 1] = (10, 20, 30, 255)
    assert QColor(rgb_to_qimage(rgba).pixel(1, 0)).getRgb() == (10, 20, 30, 255)
    assert rgb_to_pixmap(grey).size().width() == 2
    with pytest.raises(TypeError):
        rgb_to_qimage(grey.astype(np.float32))
    with pytest.raises(ValueError):
        rgb_to_qimage(np.zeros((2, 2, 2), np.uint8))


@pytest.fixture
def panel(qtbot):
    widget = ImagePanel("Original")
    qtbot.addWidget(widget)
    widget.resize(500, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def assert_fitted(panel, size):
    view = panel.view()
    transform = view.transform()
    assert transform.m11() == pytest.approx(transform.m22())  # same scale in x and y: aspect kept
    shown = view.mapFromScene(view.sceneRect()).boundingRect()
    viewport = view.viewport().rect()
    assert viewport.adjusted(-1, -1, 1, 1).contains(shown)  # all of it visible
    w, h = size
    assert shown.width() / shown.height() == pytest.approx(w / h, rel=0.03)
    # and as large as fits: it touches the viewport's sides in one direction
    assert abs(shown.width() - viewport.width()) <= 2 or abs(shown.height() - viewport.height()) <= 2


@pytest.mark.parametrize("size", [(400, 100), (90, 360)])
def test_fit_keeps_aspect_ratio_and_refits_on_resize(qtbot, panel, size):
    w, h = size
    panel.set_image(np.zeros((h, w, 3), np.uint8))
    assert panel.current_image_size() == (w, h)
    assert panel.is_fit()
    assert_fitted(panel, size)
    before = panel.zoom()
    with qtbot.waitSignal(panel.zoomChanged):
        panel.resize(260, 520)
    assert panel.zoom() != before
    assert_fitted(panel, size)


def test_zoom_in_out_actual_size_and_fit(panel):
    panel.set_image(np.zeros((200, 300, 3), np.uint8))
    fitted = panel.zoom()
    panel.zoom_in()
    assert panel.zoom() == pytest.approx(fitted * 1.25)
    assert not panel.is_fit()
    panel.zoom_out()
    panel.zoom_out()
    assert panel.zoom() == pytest.approx(fitted / 1.25)
    panel.actual_size()
    assert panel.zoom() == pytest.approx(1.0)
    panel.fit()
    assert panel.is_fit() and panel.zoom() == pytest.approx(fitted)
    panel.set_placeholder("Computing heatmap…")
    panel.set_zoom(2.0)  # a zoom chosen while there is no image applies to the next one
    panel.set_image(np.zeros((50, 60, 3), np.uint8))
    assert panel.zoom() == pytest.approx(2.0) and not panel.is_fit()


def test_keys_and_ctrl_wheel_zoom_and_wheel_keeps_the_point_under_the_cursor(qtbot, panel):
    panel.set_image(np.zeros((200, 300, 3), np.uint8))
    view = panel.view()
    fitted = panel.zoom()
    qtbot.keyClick(view, Qt.Key_Plus)
    assert panel.zoom() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(view, Qt.Key_0)
    assert panel.is_fit()

    cursor = QPoint(300, 120)
    under = view.mapToScene(cursor)
    with qtbot.waitSignal(panel.userZoomed) as zoomed:
        wheel = QWheelEvent(QPointF(cursor), QPointF(view.viewport().mapToGlobal(cursor)), QPoint(), QPoint(0, 240),
                            Qt.NoButton, Qt.ControlModifier, Qt.NoScrollPhase, False)
        QApplication.sendEvent(view.viewport(), wheel)
    assert zoomed.args == [pytest.approx(fitted * 1.25 ** 2), False]
    after = view.mapFromScene(under)
    assert abs(after.x() - cursor.x()) <= 1 and abs(after.y() - cursor.y()) <= 1


def test_big_images_are_shown_from_a_smoothly_shrunk_copy(qtbot, panel):
    panel.set_image(np.full((1500, 2000, 3), 90, np.uint8))
    expected = round(2000 * panel.zoom() * panel.devicePixelRatioF())
    qtbot.waitUntil(lambda: panel.view().displayed_pixmap().width() == expected, timeout=2000)
    panel.actual_size()
    assert panel.view().displayed_pixmap().width() == 2000  # zooming in shows the full image at once


def test_placeholders_replace_the_image(panel):
    assert panel.message() == "No image"
    panel.set_image(np.zeros((10, 10, 3), np.uint8))
    assert panel.message() is None
    panel.set_placeholder("Computing heatmap…")
    assert panel.message() == "Computing heatmap…"
    assert panel.current_image_size() is None
    panel.set_image(None)
    assert panel.message() == "No image"


def test_long_placeholder_wraps_and_elides_within_the_panel(qtbot, panel):
    text = "Unreadable file: /" + "very_long_folder_name/" * 30 + "img.png"
    panel.set_placeholder(text)
    message = panel.findChild(QWidget, "placeholder")
    lines = message.lines()
    assert len(lines) > 1 and lines[-1].endswith("…")
    assert all(message.fontMetrics().horizontalAdvance(line) <= message.width() for line in lines)
    assert message.toolTip() == text


@pytest.fixture
def triptych(qtbot):
    widget = ImageTriptych()
    qtbot.addWidget(widget)
    widget.resize(900, 350)
    widget.show()
    qtbot.waitExposed(widget)
    rgb = np.random.default_rng(1).integers(0, 256, (120, 160, 3), dtype=np.uint8)
    widget.set_images(rgb, rgb[..., ::-1], rgb // 2)
    return widget


def panels(triptych):
    return [triptych.panel(name) for name in ("original", "heatmap", "overlay")]


def test_modes_show_one_panel_or_all(triptych):
    for mode in ("original", "heatmap", "overlay"):
        triptych.set_mode(mode)
        assert [not p.isHidden() for p in panels(triptych)] == [name == mode for name in
                                                               ("original", "heatmap", "overlay")]
        assert triptych.panel(mode).is_fit()
    triptych.set_mode("all")
    assert all(not p.isHidden() for p in panels(triptych))
    with pytest.raises(ValueError):
        triptych.set_mode("both")


def test_missing_images_and_messages_show_placeholders(triptych):
    rgb = np.zeros((10, 20, 3), np.uint8)
    triptych.set_images(rgb, None, None)
    assert triptych.panel("original").message() is None
    assert triptych.panel("heatmap").message() == "No heatmap"
    triptych.set_message("overlay", "Unreadable file: x.png")
    assert triptych.panel("overlay").message() == "Unreadable file: x.png"


def test_zoom_is_applied_to_all_panels_and_reported(qtbot, triptych):
    fitted = triptych.zoom()
    with qtbot.waitSignal(triptych.zoomChanged) as changed:
        triptych.zoom_in()
    assert changed.args == [pytest.approx(fitted * 1.25)]
    assert [p.zoom() for p in panels(triptych)] == pytest.approx([fitted * 1.25] * 3)
    triptych.actual_size()
    triptych.zoom_in()
    assert [p.zoom() for p in panels(triptych)] == pytest.approx([1.25] * 3)
    triptych.fit()
    assert all(p.is_fit() for p in panels(triptych))


def test_user_zoom_and_pan_on_one_panel_follow_in_the_others(qtbot, triptych):
    heat = triptych.panel("heatmap").view()
    for _ in range(6):
        qtbot.keyClick(heat, Qt.Key_Plus)
    assert [p.zoom() for p in panels(triptych)] == pytest.approx([heat.transform().m11()] * 3)
    bar = heat.horizontalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 3)
    heat.verticalScrollBar().setValue(5)
    for p in panels(triptych):
        assert p.view().horizontalScrollBar().value() == bar.value()
        assert p.view().verticalScrollBar().value() == 5


def test_caption_marks_right_and_wrong(triptych):
    triptych.set_prediction("Shirt", 0.934, "Shirt")
    assert "Shirt" in triptych.caption() and "93.4%" in triptych.caption() and "✓" in triptych.caption()
    triptych.set_prediction("<b>cat</b>", 0.5, "dog")
    assert "✗" in triptych.caption() and "&lt;b&gt;cat" in triptych.caption()
    triptych.set_caption("")
    assert triptych.findChild(QLabel, "caption").isHidden()


def test_the_colour_key_is_right_of_the_picture_it_explains(qtbot, triptych):
    """It stood left of the overlay when the overlay showed alone, right of the heatmap alone."""
    triptych.set_colorbar(np.linspace([255, 0, 0], [0, 0, 255], 16).astype(np.uint8))
    for mode, explained in (("heatmap", "heatmap"), ("overlay", "overlay"), ("all", "heatmap")):
        triptych.set_mode(mode)
        bar, picture = triptych.colour_bar(), triptych.panel(explained)
        qtbot.waitUntil(lambda bar=bar, picture=picture:
                        bar.isVisible() and bar.geometry().left() >= picture.geometry().right())


def test_a_picture_alone_is_centred_with_its_key_beside_it(qtbot, triptych):
    """The key stood at the pane's far edge, away from a centred picture, in single-panel modes."""
    triptych.set_colorbar(np.linspace([255, 0, 0], [0, 0, 255], 16).astype(np.uint8))
    for mode in ("heatmap", "overlay"):
        triptych.set_mode(mode)
        bar, picture = triptych.colour_bar(), triptych.panel(mode)
        # 160×120 fitted to the panel's height is far narrower than the 900-px pane
        qtbot.waitUntil(lambda bar=bar, picture=picture:
                        0 <= bar.geometry().left() - picture.geometry().right() <= 10)
        left_margin = picture.geometry().left()
        right_margin = triptych.width() - bar.geometry().right()
        assert left_margin > 100 and abs(left_margin - right_margin) <= 2
        shown = picture.view().mapFromScene(picture.view().sceneRect()).boundingRect()
        assert picture.view().viewport().width() - shown.width() <= 2  # no empty band beside the picture
    narrow = triptych.panel("overlay").width()
    qtbot.keyClick(triptych.panel("overlay").view(), Qt.Key_Plus)  # zoomed in: the whole pane to pan in
    qtbot.waitUntil(lambda: triptych.panel("overlay").width() > narrow + 100)
    qtbot.keyClick(triptych.panel("overlay").view(), Qt.Key_0)
    qtbot.waitUntil(lambda: triptych.panel("overlay").width() == narrow)
    triptych.set_mode("all")
    qtbot.waitUntil(lambda: all(p.maximumWidth() > 10_000 for p in panels(triptych)))


def test_a_tall_figure_fits_its_width_and_scrolls_down_from_the_top(qtbot):
    """The report's mistakes page fitted whole was too small to read; fitted to the width it scrolls."""
    panel = ImagePanel()
    qtbot.addWidget(panel)
    panel.resize(300, 200)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_fit_width(True)
    panel.set_image(np.full((600, 150, 3), 200, np.uint8))
    view = panel.view()
    qtbot.waitUntil(lambda: panel.zoom() == pytest.approx(view.viewport().width() / 150))
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.minimum()  # the top of the page first
    bar.setValue(bar.maximum())  # what the wheel and a drag do
    assert panel.is_fit() and bar.value() == bar.maximum()
    panel.set_fit_width(False)
    assert panel.zoom() == pytest.approx(view.viewport().height() / 600)  # whole again
