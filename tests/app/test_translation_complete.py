"""zh_CN stays complete: every text the code passes through tr() has a Chinese translation that keeps
its placeholders, and the windows a user opens in Chinese show no English sentence.

The texts come from app/translatable_strings.py (an AST walk plus the training schema's tables)."""
import re
import xml.etree.ElementTree as ElementTree
from urllib.parse import urlsplit

import pytest
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import (
    QAbstractButton,
    QAction,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from app.translatable_strings import (
    DYNAMIC_SITES,
    TS_FILE,
    append_messages,
    extract,
    placeholder_problems,
    read_pairs,
    scan,
    translations,
    untranslated,
)
from tests.weights_server import unused_url

WAIT = 180_000  # ms: the training window lists architectures off the GUI thread, importing torch
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def test_every_text_the_code_translates_has_a_chinese_translation():
    texts, _ = extract()
    assert len(texts) > 500  # the extraction found the app's texts, not an empty list
    missing = untranslated(texts, translations())
    assert not missing, "untranslated in resources/i18n/gradlens_zh_CN.ts:\n" + "\n".join(missing)


def test_every_tr_of_a_variable_says_where_its_texts_come_from():
    _, unlisted = extract()
    assert not unlisted, ("tr() of a variable: add its texts to app/translatable_strings.py and the site to "
                          f"DYNAMIC_SITES: {unlisted}")


def test_every_translation_keeps_the_placeholders_tags_and_shortcut_of_its_source():
    wrong = []
    for message in ElementTree.parse(TS_FILE).getroot().iter("message"):
        source = message.findtext("source", "")
        # a numerus message (a count, Qt's %n) has one translation per plural form
        forms = [form.text or "" for form in message.iter("numerusform")] or [message.findtext("translation", "")]
        for translation in filter(None, forms):
            wrong += [f"{source!r} -> {translation!r}: {p}" for p in placeholder_problems(source, translation)]
    assert not wrong, "\n".join(wrong)


def test_a_new_english_text_and_a_new_tr_of_a_variable_are_caught(tmp_path):
    (tmp_path / "ui").mkdir()
    source = tmp_path / "ui" / "new_panel.py"
    source.write_text("class Panel:\n"
                      "    def build(self, message):\n"
                      "        self.label.setText(self.tr('A brand new ' 'panel heading'))\n"
                      "        self.hint.setText(self.tr(message))\n", encoding="utf-8")
    found, dynamic = scan(source, tmp_path)
    assert found == {"A brand new panel heading": "ui/new_panel.py:3"}  # implicit concatenation joined
    assert dynamic == [("ui/new_panel.py", "self.tr(message)")] and dynamic[0] not in DYNAMIC_SITES
    assert untranslated(found, translations()) == ["ui/new_panel.py:3: 'A brand new panel heading'"]


@pytest.mark.parametrize("source, translation", [
    ("{0} images", "张图像"),                       # a format field dropped
    ("Epoch {0}/{1}", "轮次 {0}/{0}"),              # a field repeated instead of the other
    ("{0:.1f} MB", "{0} MB"),                       # the format spec changed
    ("True class %1 is not in the top %2", "真实类别不在前 %2 名中"),
    ("<b>{0} images</b> in {1} classes", "{0} 张图像，共 {1} 个类别"),  # HTML tags dropped
    ("&File", "文件"),                               # the keyboard shortcut lost
    ("Browse…", "浏览(&B)…"),                        # a shortcut added
])
def test_the_placeholder_check_finds_each_kind_of_mismatch(source, translation):
    assert placeholder_problems(source, translation)


def test_the_placeholder_check_accepts_chinese_conventions():
    assert not placeholder_problems("&File", "文件(&F)")
    assert not placeholder_problems("Save && Quit", "保存并退出")  # && is a plain ampersand
    assert not placeholder_problems("<b>{0} images</b> in {1} classes", "<b>{0} 张图像</b>，共 {1} 个类别")


def test_merging_pairs_appends_only_new_valid_ones_and_keeps_the_file_valid(tmp_path):
    ts = tmp_path / "gradlens_zh_CN.ts"
    ts.write_bytes(TS_FILE.read_bytes())
    before = translations(ts)
    pairs_dir = tmp_path / "pairs"
    pairs_dir.mkdir()
    (pairs_dir / "other.tsv").write_text(
        "Train a Model…\t另一个译法\n"                      # already translated: kept as it is
        "Rock & roll <fast>\t摇滚 & <fast>\n"              # needs escaping in XML
        "Two lines\\nhere {0}\t两行\\n这里 {0}\n"          # \n written as backslash-n
        "{0} dropped\t丢了占位符\n"                         # placeholder lost: skipped
        "no tab here\n", encoding="utf-8")
    added = append_messages(read_pairs(pairs_dir), ts)
    after = translations(ts)
    assert added == 2 and len(after) == len(before) + 2
    assert after["Train a Model…"] == before["Train a Model…"]
    assert after["Rock & roll <fast>"] == "摇滚 & <fast>"
    assert after["Two lines\nhere {0}"] == "两行\n这里 {0}"
    assert "{0} dropped" not in after
    assert append_messages(read_pairs(pairs_dir), ts) == 0  # a second merge adds nothing


# --- what a user sees ------------------------------------------------------------------------------
@pytest.fixture
def chinese(monkeypatch, tmp_path):
    """The zh_CN translation installed before the window is built (as runui.py --lang zh_CN does), and
    removed after: the window's own language choice stays English, so nothing outlives the test."""
    from app.i18n import TsTranslator
    parts = urlsplit(unused_url())  # nothing leaves the machine when the form asks about ImageNet weights
    monkeypatch.setenv("GRADLENS_WEIGHTS_MIRROR", f"{parts.scheme}://{parts.netloc}")
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    app = QApplication.instance()
    translator = TsTranslator(TS_FILE)
    app.installTranslator(translator)
    yield
    app.removeTranslator(translator)


def shown_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for the texts of a window and its children a user reads: labels, buttons, tabs,
    menus, combo items, placeholders, spin box prefixes and tooltips."""
    found = [("window title", root.windowTitle())]
    for widget in [root, *root.findChildren(QWidget)]:
        name = f"{type(widget).__name__} {widget.objectName()!r}"
        found.append((f"{name} tooltip", widget.toolTip()))
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append((name, widget.text()))
        if isinstance(widget, QLineEdit):
            found.append((f"{name} placeholder", widget.placeholderText()))
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            found += [(f"{name} prefix", widget.prefix()), (f"{name} special", widget.specialValueText())]
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                found += [(f"{name} item {i}", widget.itemText(i)),
                          (f"{name} item {i} tooltip", widget.itemData(i, Qt.ToolTipRole) or "")]
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                found += [(f"{name} tab {i}", widget.tabText(i)), (f"{name} tab {i} tooltip", widget.tabToolTip(i))]
        if isinstance(widget, QMenu):
            found.append((f"{name} menu", widget.title()))
    for action in root.findChildren(QAction):
        found += [(f"action {action.text()!r}", action.text()), (f"action {action.text()!r} status tip",
                                                                  action.statusTip())]
    return [(where, text) for where, text in found if isinstance(text, str) and text.strip()]


def english_shown(root: QWidget) -> list[str]:
    """The texts shown in English although the translation has them in Chinese."""
    known = translations()
    return [f"{where}: {text!r}" for where, text in shown_texts(root)
            if text in known and known[text] != text and not CJK.search(text)]


def test_the_main_and_training_windows_in_chinese_show_no_english_sentence(qtbot, chinese, gui):
    window, controller = gui
    assert window.train.text() == "训练模型(&T)…"
    assert not english_shown(window), "\n".join(english_shown(window))
    window.train.trigger()  # Run → Train a Model…
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training.window
    qtbot.addWidget(training)
    qtbot.waitUntil(lambda: training.form.field("model").count() > 1, timeout=WAIT)  # architectures listed
    shown = {text for _, text in shown_texts(training)}
    assert {"开始训练", "数据集(&D)：", "运行记录"} <= shown
    assert not english_shown(training), "\n".join(english_shown(training))
