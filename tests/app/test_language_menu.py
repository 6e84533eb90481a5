"""View → Language as a user picks it: both windows change language at once, the choice is
remembered for the next start, and runui.py --lang still wins for one launch."""
from PyQt5.QtCore import QLocale, QSettings, Qt
from PyQt5.QtWidgets import QApplication, QFormLayout, QLabel, QWidget

from tests.user import choose_menu_item

WAIT = 180_000  # ms: the training window's first opening imports its engine on a loaded machine


def language_menu(window):
    from app.language_menu import LanguageMenu
    return next(a.menu() for a in window.view_menu.actions() if isinstance(a.menu(), LanguageMenu))


def choose_language(qtbot, window, key: str) -> None:
    """View → Language → the item, clicked as a user does (the View menu's title may be Chinese)."""
    menu = language_menu(window)
    window.activateWindow()  # the user's eyes and mouse go to that window first
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    choose_menu_item(qtbot, window, window.view_menu.title().replace("&", ""), menu.menuAction())
    qtbot.waitUntil(menu.isVisible, timeout=5000)
    qtbot.mouseClick(menu, Qt.LeftButton, pos=menu.actionGeometry(menu.items[key]).center())


def checked(window) -> str:
    return next(key for key, action in language_menu(window).items.items() if action.isChecked())


def form_label(training, text_in_english: str) -> QLabel:
    form = training.window.form
    return next(s.form.itemAt(row, QFormLayout.LabelRole).widget() for s in form._sections
                for row in range(s.form.rowCount())
                if s.form.itemAt(row, QFormLayout.LabelRole).widget().text() == text_in_english)


def method_tip(window, method: str) -> str:
    combo = window.cam.findChild(type(window.cam._method), "method")
    return combo.itemData(combo.findData(method), Qt.ToolTipRole)


def test_view_language_switches_both_windows_at_once_and_back(qtbot, gui):
    window, controller = gui
    choose_menu_item(qtbot, window, "Run", window.train)
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training
    qtbot.addWidget(training.window)
    train = training.window
    assert checked(window) == checked(train) == "system"
    epochs = form_label(training, "&Epochs:")
    assert window.file_menu.title() == "&File" and train.start.text() == "Start Training"

    choose_language(qtbot, train, "zh_CN")  # from the training window: the main window follows too
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=5000)
    # main window: menus, an action with its tooltip, a dock, the Heatmap panel's label and method list,
    # the picture's title and the status line
    assert window.view_menu.title() == "视图(&V)" and window.run_menu.title() == "运行(&R)"
    assert window.run.text() == "运行(&R)" and window.run.iconText() == "运行"  # the toolbar's words: no "(R)"
    assert window.run.toolTip() == "对整个文件夹进行分类 (Ctrl+R)"
    assert window.docks["cam"].windowTitle() == "热力图" and window.docks["cam"].toggleViewAction().text() == "热力图(&M)"
    assert window.modes["all"].text() == "并排显示(&B)" and window.loop.text() == "循环"
    assert window.cam._form.labelForField(window.cam._method).text() == "方法(&M):"
    assert method_tip(window, "gradcam") == "梯度加权类激活图（快）"
    assert window.cam._target.itemText(0) == "预测类别"
    assert window.triptych.panel("original").title() == "原图"
    assert window.model_status.text() == "未加载模型"
    # training window: a menu, buttons and a tooltip, a tab, a form label and its status line
    assert train.settings_menu.title() == "设置(&S)" and train.mirror_settings.text() == "权重镜像(&M)…"
    assert train.start.text() == "开始训练" and train.start.toolTip() == "在后台按这些设置训练"
    assert train.load_preset.text() == "加载预设…"
    assert train.tabs.tabText(train.tabs.indexOf(train.summary)) == "数据集"
    assert epochs.text() == "轮数(&E)："
    assert train.status.text() == "未运行"
    # the menu itself: its title follows, the languages' names never do; both menus show the choice
    assert language_menu(window).title() == "语言(&L)"
    assert [a.text() for a in language_menu(window).items.values()] == ["&English", "简体中文(&Z)", "跟随系统(&S)"]
    assert checked(window) == checked(train) == "zh_CN"

    choose_language(qtbot, window, "en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File", timeout=5000)
    assert window.run.toolTip() == "Classify the whole folder (Ctrl+R)"
    assert window.docks["cam"].windowTitle() == "Heatmap"
    assert window.cam._form.labelForField(window.cam._method).text() == "&Method:"
    assert method_tip(window, "gradcam") == "Gradient-weighted class activation map (fast)"
    assert window.model_status.text() == "No model"
    assert train.start.text() == "Start Training" and train.tabs.tabText(0) == "Dataset"
    assert epochs.text() == "&Epochs:" and train.status.text() == "Not running"
    assert [a.text() for a in language_menu(train).items.values()] == ["&English", "简体中文(&Z)", "Follow the &System"]
    assert checked(window) == checked(train) == "en"


def test_the_choice_is_remembered_and_lang_overrides_one_launch(qtbot, gui, tmp_path):
    from app.main import build
    window, _ = gui
    choose_language(qtbot, window, "zh_CN")
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=5000)
    window.close()

    again, _ = build(QApplication.instance())  # the next start, same settings file
    qtbot.addWidget(again)
    assert again.file_menu.title() == "文件(&F)" and checked(again) == "zh_CN"
    again.close()

    overridden, _ = build(QApplication.instance(), "en")  # runui.py --lang en
    qtbot.addWidget(overridden)
    assert overridden.file_menu.title() == "&File" and checked(overridden) == "en"
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    assert settings.value("interface/language") == "zh_CN"  # --lang is for that launch only
    overridden.close()


def test_follow_the_system_uses_the_system_locale(qtbot, gui):
    window, _ = gui
    choose_language(qtbot, window, "zh_CN")
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=5000)
    choose_language(qtbot, window, "system")
    expected = "文件(&F)" if QLocale.system().name().startswith("zh") else "&File"
    qtbot.waitUntil(lambda: window.file_menu.title() == expected, timeout=5000)
    assert checked(window) == "system"


def test_status_lines_and_the_caption_are_said_again_from_their_data(qtbot, gui, tiny_model_file, tmp_path):
    """What was made from data (the model line, the run's result, the caption under the picture)
    is said again in the new language at once, without waiting for the next image."""
    import numpy as np
    from PIL import Image

    from tests.user import click_toolbar, open_model_and_folder
    window, controller = gui
    for name in ("cat", "dog"):
        (tmp_path / "images" / name).mkdir(parents=True)
        Image.fromarray(np.full((32, 32, 3), 90, np.uint8)).save(tmp_path / "images" / name / "a.png")
    open_model_and_folder(qtbot, window, controller, tiny_model_file, tmp_path / "images", WAIT)
    with qtbot.waitSignal(controller.runFinished, timeout=WAIT):
        click_toolbar(qtbot, window, window.run)
    qtbot.waitUntil(lambda: " — true " in window.triptych.caption(), timeout=WAIT)
    assert window.model_status.text() == "Model: tiny.pt (resnet18, 3 classes)"
    assert window.progress_label.text().startswith("Done: 2 images in ")

    choose_language(qtbot, window, "zh_CN")
    qtbot.waitUntil(lambda: window.model_status.text() == "模型：tiny.pt（resnet18，3 个类别）", timeout=5000)
    assert window.progress_label.text().startswith("完成：2 张图像，用时 ")
    assert "— 预测为 <b>" in window.triptych.caption() and " — 真实类别 " in window.triptych.caption()

    choose_language(qtbot, window, "en")
    qtbot.waitUntil(lambda: window.model_status.text() == "Model: tiny.pt (resnet18, 3 classes)", timeout=5000)
    assert " — predicted <b>" in window.triptych.caption() and "真实" not in window.triptych.caption()


def untranslated_texts(app) -> list[str]:
    """Every text on the open windows (labels, buttons, tabs, menus, actions, tooltips, headers, items)
    that is still the English source of a string the Chinese translation has."""
    from PyQt5.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QGroupBox, QLineEdit, QTabWidget

    from app.i18n import I18N, TsTranslator
    table = TsTranslator(I18N / "gradlens_zh_CN.ts").by_source
    found = []

    def check(where, text):
        if text and table.get(text, text) != text:
            found.append(f"{where}: {text!r}")
    for top in app.topLevelWidgets():
        for widget in [top, *top.findChildren(QWidget)]:
            where = f"{type(top).__name__}/{type(widget).__name__} {widget.objectName()}"
            for text in (widget.toolTip(), widget.windowTitle(), widget.statusTip()):
                check(where, text)
            if isinstance(widget, (QLabel, QAbstractButton)):
                check(where, widget.text())
            if isinstance(widget, QGroupBox):
                check(where, widget.title())
            if isinstance(widget, QTabWidget):
                for i in range(widget.count()):
                    check(where, widget.tabText(i))
            if isinstance(widget, QComboBox):
                for i in range(widget.count()):
                    check(where, widget.itemText(i))
                    check(where, widget.itemData(i, Qt.ToolTipRole) or "")
            if isinstance(widget, QLineEdit):
                check(where, widget.placeholderText())
            if isinstance(widget, QAbstractItemView) and widget.model() is not None:
                for column in range(widget.model().columnCount()):
                    check(where, str(widget.model().headerData(column, Qt.Horizontal) or ""))
            for action in widget.actions():
                for text in (action.text(), action.toolTip(), action.statusTip()):
                    check(where, text)
    return sorted(set(found))


def test_nothing_on_either_window_stays_in_english(qtbot, gui):
    window, controller = gui
    choose_menu_item(qtbot, window, "Run", window.train)
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    qtbot.addWidget(controller.training.window)
    architectures = controller.training.window.form.field("model")  # filled from a background task
    qtbot.waitUntil(lambda: architectures.count() > 1, timeout=WAIT)
    assert untranslated_texts(QApplication.instance())  # the check sees English texts where there are some
    choose_language(qtbot, window, "zh_CN")
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=5000)
    assert untranslated_texts(QApplication.instance()) == []
