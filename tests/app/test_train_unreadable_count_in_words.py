"""The Dataset tab counts unreadable files in proper English: "1 unreadable file left out", "3 unreadable files
left out", not "1 unreadable file(s) left out" for every count (Qt's %n, with English's plural forms)."""
from PyQt5.QtWidgets import QLabel

from tests.app.test_language_menu import choose_language
from tests.app.test_train_window import WAIT, no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import answer_file_dialog, click


def warnings_for(qtbot, training, folder) -> list[str]:
    summary = training.window.summary
    answered = answer_file_dialog(qtbot, str(folder))
    click(qtbot, training.window.form.field("browseData"))
    assert answered
    qtbot.waitUntil(lambda: summary.page() == summary.SUMMARY and summary.isVisible(), timeout=WAIT)
    return [label.text() for label in summary.findChildren(QLabel, "warning") if label.isVisibleTo(summary)]


def shop_with_broken_files(root, broken: int, write_square_classes):
    shop = write_square_classes(root, ("Bag", "Sneaker"), 12, 24, seed=2)
    for i in range(broken):
        (shop / "Bag" / f"broken{i}.png").write_bytes(b"not an image")
    return shop


def test_one_unreadable_file_and_three(qtbot, trainer, tmp_path, write_square_classes):  # noqa: F811
    _, _, training = trainer
    one = shop_with_broken_files(tmp_path / "one", 1, write_square_classes)
    assert "1 unreadable file left out" in warnings_for(qtbot, training, one)
    three = shop_with_broken_files(tmp_path / "three", 3, write_square_classes)
    assert "3 unreadable files left out" in warnings_for(qtbot, training, three)


def test_the_count_in_chinese(qtbot, trainer, tmp_path, write_square_classes):  # noqa: F811
    _, _, training = trainer
    choose_language(qtbot, training.window, "zh_CN")  # View → Language → 简体中文
    three = shop_with_broken_files(tmp_path / "three", 3, write_square_classes)
    assert any("3" in text and "无法读取" in text for text in warnings_for(qtbot, training, three))
