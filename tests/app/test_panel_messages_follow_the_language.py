"""View → Language reaches the words shown in place of a picture: "No model loaded", "Computing
heatmap…" and "Cannot show this file: …" stayed in the language they were first said in until the
next image, while everything around them switched."""
import pytest
from PyQt5.QtWidgets import QApplication

from tests.app.test_browsing_while_work_is_slow import slow_heatmaps  # noqa: F401 -- a fixture
from tests.app.test_language_menu import choose_language
from tests.app.test_main_window import WAIT, load, noise_images
from tests.user import answer_file_dialog, click_toolbar, type_into


@pytest.fixture
def back_to_english(gui):
    """The language the next test starts in: English, as the window's own choice is reset with its settings."""
    yield
    from app.i18n import install_translator
    install_translator(QApplication.instance(), "en")


def test_the_panels_words_without_a_model_switch_language(qtbot, gui, back_to_english, tmp_path):
    window, controller = gui
    folder = noise_images(tmp_path / "images", ["b.png"])
    (folder / "a.jpg").write_bytes(b"not a picture")  # first in the folder's order
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        answer_file_dialog(qtbot, str(folder))
        click_toolbar(qtbot, window, window.open_folder)
    original = window.triptych.panel("original")
    assert original.message() == "Cannot show this file: not an image file (cannot identify format)"
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        click_toolbar(qtbot, window, window.next)
    heatmap, overlay = window.triptych.panel("heatmap"), window.triptych.panel("overlay")
    assert heatmap.message() == overlay.message() == "No model loaded"

    choose_language(qtbot, window, "zh_CN")
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=5000)
    assert heatmap.message() == overlay.message() == "未加载模型"
    with qtbot.waitSignal(controller.displayed, timeout=WAIT):
        click_toolbar(qtbot, window, window.previous)
    assert original.message() == "无法显示此文件：不是图像文件（无法识别格式）"
    choose_language(qtbot, window, "en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File", timeout=5000)
    assert original.message() == "Cannot show this file: not an image file (cannot identify format)"


def test_computing_heatmap_switches_language_while_it_waits(qtbot, gui, back_to_english, tiny_model_file, tmp_path,
                                                           slow_heatmaps):  # noqa: F811
    window, controller = gui
    folder = noise_images(tmp_path / "images", [f"img{i}.png" for i in range(8)])
    load(qtbot, window, controller, tiny_model_file, folder)
    slow_heatmaps.clear()  # from now on each map waits
    type_into(qtbot, window.position_box, "6")  # past the images prepared ahead of time
    heatmap = window.triptych.panel("heatmap")
    qtbot.waitUntil(lambda: heatmap.message() == "Computing heatmap…", timeout=WAIT)
    choose_language(qtbot, window, "zh_CN")
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=5000)
    assert heatmap.message() == window.triptych.panel("overlay").message() == "正在计算热力图…"
    slow_heatmaps.set()
    qtbot.waitUntil(lambda: heatmap.message() is None, timeout=WAIT)  # the map came: no words left over
