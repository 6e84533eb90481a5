"""Find LR's result is said once, as the form writes it and Use puts it in the field, and the log says what ran.

The status line said "Suggested learning rate: 0.000142" beside the form's "Suggested: 1.4e-4" (Use puts 1.4e-4 in
the field), and the log, "The same lines train.py prints appear here.", stayed empty where train.py --find-lr
prints the suggestion and where its curve is."""
from pathlib import Path

from PyQt5.QtWidgets import QLabel

from tests.app.test_train_window import WAIT, no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import click


def test_the_suggestion_is_said_as_the_form_writes_it_and_logged(qtbot, trainer):  # noqa: F811
    _, _, training = trainer
    window, form = training.window, training.window.form
    click(qtbot, form.field("findLr"))
    qtbot.waitUntil(lambda: window.status.text().startswith("Suggested learning rate"), timeout=WAIT)
    shown = form.findChild(QLabel, "lrSuggestion").text()  # "Suggested: 1.4e-4"
    assert shown.startswith("Suggested: ")
    value = shown.removeprefix("Suggested: ")
    assert window.status.text() == f"Suggested learning rate: {value}"
    log = window.log.toPlainText()
    curve = Path(form.values()["out"]) / "lr_finder" / "lr_finder.png"
    assert f"learning-rate range test: resnet18 on {form.values()['data']}" in log
    assert f"suggested learning rate: {value}; curve: {curve}" in log


def test_the_suggestion_is_said_again_in_the_language_chosen(qtbot, trainer):  # noqa: F811
    """View → Language after Find LR: "Suggested: 1.4e-4" had stayed English in the Chinese form."""
    from tests.app.test_language_menu import choose_language
    _, _, training = trainer
    window, form = training.window, training.window.form
    click(qtbot, form.field("findLr"))
    qtbot.waitUntil(lambda: window.status.text().startswith("Suggested learning rate"), timeout=WAIT)
    label = form.findChild(QLabel, "lrSuggestion")
    value = label.text().removeprefix("Suggested: ")
    choose_language(qtbot, window, "zh_CN")  # View → Language → 简体中文
    find = form.field("findLr")
    qtbot.waitUntil(lambda: find.text() != "Find LR", timeout=WAIT)  # the form has taken the new language
    assert label.text() == f"建议：{value}"
