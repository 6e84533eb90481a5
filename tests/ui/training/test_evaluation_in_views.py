"""An evaluation folder (train.py --evaluate) in the training window's views: the Report tab shows it with
its own title, no Curves tab and the evaluated model behind Use this model; the Runs tab lists it as an
evaluation that cannot be resumed, and its Evaluate a Model… button asks for one."""
import json

from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import QLabel, QPushButton

from tests.ui.training.test_report_view import make_run, view  # noqa: F401  (fixtures)
from ui.training.run_history import COL_STATUS, RunHistory


def make_evaluation(make_run, tmp_path, model_exists=True):  # noqa: F811
    folder = make_run("20250302-091500-eval-mine-on-pets", best=False, config=False)
    model = tmp_path / "models" / "mine.pt"
    if model_exists:
        model.parent.mkdir()
        model.write_bytes(b"weights")
    (folder / "evaluation.json").write_text(json.dumps({
        "kind": "evaluation", "model": str(model), "model_name": "mine.pt", "arch": "resnet18",
        "data": str(tmp_path / "pets"), "class_names": ["cat", "dog", "bird"]}), encoding="utf-8")
    return folder, model


def test_an_evaluation_opens_in_the_report_tab(qtbot, view, make_run, tmp_path):  # noqa: F811
    folder, model = make_evaluation(make_run, tmp_path)
    assert view.load(str(folder)) and view.message() is None
    assert view.findChild(QLabel, "title").text() == "Evaluation of mine.pt (resnet18) on pets"
    assert not view.tabs.isTabVisible(view.tabs.indexOf(view.image_panel("curves.png")))
    assert view.tabs.isTabVisible(view.tabs.indexOf(view.image_panel("roc.png")))
    use = view.findChild(QPushButton, "useModel")
    assert use.isEnabled() and view.best_model_path() == model
    with qtbot.waitSignal(view.useModelRequested) as used:
        qtbot.mouseClick(use, Qt.LeftButton)
    assert used.args == [str(model)]
    # A training run opened after it gets its Curves tab back and its own best.pt.
    run = make_run("run_2")
    assert view.load(str(run))
    assert view.tabs.isTabVisible(view.tabs.indexOf(view.image_panel("curves.png")))
    assert view.best_model_path() == run / "best.pt"


def test_an_evaluation_whose_model_is_gone_says_so(view, make_run, tmp_path):  # noqa: F811
    folder, model = make_evaluation(make_run, tmp_path, model_exists=False)
    assert view.load(str(folder))
    use = view.findChild(QPushButton, "useModel")
    assert not use.isEnabled() and str(model) in use.toolTip()


def test_the_runs_tab_lists_evaluations_and_offers_evaluate(qtbot):
    history = RunHistory()
    qtbot.addWidget(history)
    history.resize(900, 400)
    history.show()
    history.set_runs([{"path": "/runs/e", "name": "20250302-091500-eval-mine-on-pets", "kind": "evaluation",
                       "model": "mine.pt", "data": "/data/pets", "epochs": None, "best_val_acc": None,
                       "test_accuracy": 0.9, "finished": True, "date": "2025-03-02 09:15"}])
    index = history.view.model().index(0, COL_STATUS)
    assert index.data() == "Evaluation" and "mine.pt evaluated on /data/pets" in index.data(Qt.ToolTipRole)
    history.view.selectRow(0)
    assert history.findChild(QPushButton, "open").isEnabled()
    assert not history.findChild(QPushButton, "resume").isEnabled()
    with qtbot.waitSignal(history.evaluateRequested):
        qtbot.mouseClick(history.findChild(QPushButton, "evaluate"), Qt.LeftButton)
