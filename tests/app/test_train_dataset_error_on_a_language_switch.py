"""View → Language keeps the Dataset tab's page: an error stays the error, in the new language. The earlier
folder's summary, kept under the error, had come back in its place, as if the unknown classes were fine."""
from PyQt5.QtWidgets import QLabel

from tests.app.test_language_menu import choose_language
from tests.app.test_train_unreadable_count_in_words import shop_with_broken_files, warnings_for
from tests.app.test_train_window import WAIT, no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import type_into


def test_an_unknown_class_stays_the_error_after_a_language_switch(qtbot, trainer, tmp_path,  # noqa: F811
                                                                   write_square_classes):
    _, _, training = trainer
    summary = training.window.summary
    warnings_for(qtbot, training, shop_with_broken_files(tmp_path / "shop", 0, write_square_classes))
    type_into(qtbot, training.window.form.field("classes"), "Bag,Zebra,Yak")
    qtbot.waitUntil(lambda: summary.page() == summary.ERROR, timeout=WAIT)
    error = summary.findChild(QLabel, "error")
    assert error.text().startswith("Unknown classes Zebra, Yak in ")

    choose_language(qtbot, training.window, "zh_CN")  # View → Language → 简体中文
    qtbot.waitUntil(lambda: summary.page() != summary.ERROR or "中没有类别" in error.text(), timeout=WAIT)
    assert summary.page() == summary.ERROR
    assert "中没有类别 Zebra, Yak" in error.text(), error.text()
