"""View → Language keeps the training form where the user had scrolled it: the same field stays at the same place.

The scroll bar kept its value in pixels while the labels and notes above changed length with the language, so a
user reading Learning rate at the top of the form found Freeze epochs there after switching to Chinese, and
another field after switching back."""
from PyQt5.QtWidgets import QScrollArea

from tests.app.test_language_menu import choose_language
from tests.app.test_train_window import WAIT, no_weights_host  # noqa: F401 (fixture)


def test_the_field_at_the_top_of_the_form_stays_there_across_a_language_switch(qtbot, gui):
    window, controller = gui
    window.train.trigger()  # Run → Train a Model…
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training.window
    qtbot.addWidget(training)
    training.resize(1000, 650)
    scroll = training.form.findChild(QScrollArea, "scroll")
    lr = training.form.field("lr")
    model = training.form.field("model")
    qtbot.waitUntil(lambda: model.count() > 1 and scroll.verticalScrollBar().maximum() > 0, timeout=WAIT)
    qtbot.wait(200)  # the models' descriptions in place: the form is as the user finds it

    def place() -> int:  # where Learning rate's field is in the form's visible part
        return lr.mapTo(scroll.viewport(), lr.rect().topLeft()).y()
    bar = scroll.verticalScrollBar()
    bar.setValue(bar.value() + place() - 40)  # dragged until Learning rate is near the top, as a user reads it
    qtbot.wait(50)
    assert abs(place() - 40) <= 1
    for language in ("zh_CN", "en"):
        choose_language(qtbot, training, language)
        qtbot.waitUntil(lambda: training.form.field("findLr").text() == ("查找学习率" if language == "zh_CN"  # noqa: B023
                                                                         else "Find LR"), timeout=5000)
        qtbot.wait(200)  # the form lays itself out again for the new words
        assert abs(place() - 40) <= 2, f"in {language}, Learning rate moved to {place()} px from 40"
