"""The report's figures speak the window's language: a training run and File → Evaluate a Model…
started while the training window is in 简体中文 write Chinese figures; after View → Language →
English, the next ones write English. The report records the language its figures were worded in
(metrics.json's figure_language, set by core/reporting/report.py as it draws them)."""
import json
from pathlib import Path

import pytest

from tests.app.test_evaluate_window import DEMO_DATA, DEMO_MODEL, answer_model_then_folder
from tests.app.test_language_menu import choose_language
from tests.user import choose_menu_item, click

WAIT = 180_000  # ms: a loaded 2-core machine; waited on signals and conditions, never slept


@pytest.fixture
def training(qtbot, gui, tmp_path):
    window, controller = gui
    window.train.trigger()  # Run → Train a Model…
    qtbot.waitUntil(lambda: controller.training is not None and controller.training.window.isVisible(), timeout=WAIT)
    training = controller.training
    qtbot.addWidget(training.window)
    training.window.form.set_values({
        "data": str(DEMO_DATA), "out": str(tmp_path / "runs"), "model": "resnet18", "input_size": (32, 32),
        "epochs": 1, "batch_size": 16, "workers": 0, "val_ratio": 0.2, "test_ratio": 0.2, "augment": []})
    return window, controller, training


def figure_language(report_dir: Path) -> str:
    return json.loads((report_dir / "metrics.json").read_text(encoding="utf-8"))["figure_language"]


def train_once(qtbot, training) -> Path:
    with qtbot.waitSignal(training.runFinished, timeout=WAIT) as finished:
        click(qtbot, training.window.start)
    event = finished.args[0]
    assert not event.failed, event
    qtbot.waitUntil(lambda: training.window.tabs.currentWidget() is training.window.report, timeout=WAIT)
    return Path(event.run_dir) / "report"


def test_a_run_started_in_chinese_has_chinese_figures_and_one_in_english_english(qtbot, training):
    window, controller, training = training
    view = training.window
    choose_language(qtbot, view, "zh_CN")   # the training process may already be waiting: it still follows
    assert view.start.text() != "Start"
    report = train_once(qtbot, training)
    assert figure_language(report) == "zh_CN"
    assert view.report.run_dir() == report.parent and (report / "confusion_matrix.png").stat().st_size > 1000
    choose_language(qtbot, view, "en")
    assert figure_language(train_once(qtbot, training)) == "en"
    assert figure_language(report) == "zh_CN"   # the first run's report is left as it was


def test_an_evaluation_started_in_chinese_has_chinese_figures(qtbot, training, tmp_path):
    window, controller, training = training
    view = training.window
    choose_language(qtbot, view, "zh_CN")
    answered = answer_model_then_folder(qtbot, DEMO_MODEL, DEMO_DATA)
    choose_menu_item(qtbot, view, view.file_menu.title().replace("&", ""), view.evaluate_model)
    assert len(answered) == 1 and training.evaluation.running
    qtbot.waitUntil(lambda: not training.evaluation.running, timeout=WAIT)
    assert controller.warnings == []
    made = list((tmp_path / "runs").iterdir())
    assert len(made) == 1 and view.report.run_dir() == made[0]
    assert figure_language(made[0] / "report") == "zh_CN"
    title = (made[0] / "report" / "per_class.txt").read_text(encoding="utf-8").splitlines()[0]
    assert title == "small_resnet_s（demo_fashion_mnist.pt）在 demo 上"
