"""core.reporting.report: every file of the evaluation report, its numbers, and the awkward cases.

Rendering is the slow part (about 2 s a report), so the main report is rendered once per module
and the edge cases use few classes and images.
"""
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sklearn import metrics as sk

from core.reporting import figures, mistakes, report, training_curves
from core.reporting.evaluation import most_confident_wrong
from core.reporting.metrics import ConfusionMatrix
from core.reporting.report import REPORT_FILES, write_report
from core.training.curves import average_precision, roc_auc

CLASSES = ["cat", "dog", "bird", "a rather long class name"]


@pytest.fixture(scope="module", autouse=True)
def small_figures():
    """Fewer pixels per figure: the tests check content and layout code, not print quality."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(figures, "DPI", 50)
        yield


def _fake_test_set(n, c, seed=0, absent=()):
    rng = np.random.default_rng(seed)
    y = rng.choice([k for k in range(c) if k not in absent], n)
    logits = rng.normal(0, 1, (n, c))
    logits[np.arange(n), y] += 1.5
    probs = np.exp(logits)
    return y, probs / probs.sum(axis=1, keepdims=True)


def _history(epochs):
    return [{"epoch": e, "train_loss": 1 / e, "val_loss": 1.2 / e, "train_acc": 1 - 0.5 / e,
             "val_acc": 1 - 0.6 / e, "lr": 0.01 * 0.9 ** e} for e in range(1, epochs + 1)]


def _assert_complete(out: Path):
    for name in REPORT_FILES:
        assert (out / name).stat().st_size > 100, name
    for name in REPORT_FILES:
        if name.endswith(".png"):
            with Image.open(out / name) as im:
                pixels = np.asarray(im.convert("RGB"))
            assert min(pixels.shape[:2]) > 100, name
            packed = pixels[::3, ::3].astype(np.uint32) @ np.array([1 << 16, 1 << 8, 1], dtype=np.uint32)
            assert len(np.unique(packed)) > 5, f"{name} is blank"
    assert not [f for f in os.listdir(out) if f.endswith(".tmp")], "temp files left behind"


@pytest.fixture(scope="module")
def main_report(tmp_path_factory):
    """4 classes, 120 images on disk, 8 epochs, an explainer; some images unreadable on purpose."""
    root = tmp_path_factory.mktemp("report")
    y, probs = _fake_test_set(120, len(CLASSES))
    rng = np.random.default_rng(1)
    paths = []
    for i in range(len(y)):
        path = root / "images" / f"img_{i:03d}.png"
        path.parent.mkdir(exist_ok=True)
        Image.fromarray(rng.integers(0, 256, (24, 32, 3), dtype=np.uint8)).save(path)
        paths.append(str(path))
    ranked = most_confident_wrong(y, probs, k=None)
    broken = {paths[ranked[0]], paths[ranked[3]]}     # the loader fails on these: they are skipped
    no_heatmap, bad_heatmap = paths[ranked[1]], paths[ranked[2]]
    explained = []

    def load_image(path):
        if path in broken:
            raise OSError("truncated file")
        return np.asarray(Image.open(path).convert("RGB"))

    def explain(path):
        explained.append(path)
        if path == bad_heatmap:
            raise RuntimeError("CAM failed")
        return None if path == no_heatmap else 255 - load_image(path)

    history = _history(8)
    history[2]["val_loss"] = None          # missing values are left out, not plotted as 0
    history[3]["val_acc"] = float("nan")
    del history[4]["lr"]
    out = root / "out"
    returned = write_report(out, class_names=CLASSES, history=history, y_true=y, probs=probs, paths=paths,
                            load_image=load_image, explain=explain, title="test run")
    return {"out": out, "y": y, "probs": probs, "paths": paths, "ranked": ranked, "broken": broken,
            "explained": explained, "metrics": returned}


def test_all_files_written_and_readable(main_report):
    _assert_complete(main_report["out"])


def test_metrics_json_matches_return_value_and_the_data(main_report):
    m = main_report["metrics"]
    y, probs = main_report["y"], main_report["probs"]
    assert json.loads((main_report["out"] / "metrics.json").read_text(encoding="utf-8")) == m
    assert m["accuracy"] == pytest.approx(np.mean(probs.argmax(axis=1) == y))
    assert m["n_test"] == len(y) and m["epochs"] == 8
    matrix = ConfusionMatrix(CLASSES)
    matrix.add_many(y, probs.argmax(axis=1))
    assert m["confusion"] == matrix.counts.tolist()
    assert m["macro_f1"] == pytest.approx(matrix.macro_f1())
    assert m["weighted_f1"] == pytest.approx(sk.f1_score(y, probs.argmax(axis=1), average="weighted"))
    assert m["macro_auc"] == pytest.approx(sk.roc_auc_score(y, probs, multi_class="ovr", average="macro"))
    onehot = np.eye(len(CLASSES))[y]
    assert m["micro_auc"] == pytest.approx(sk.roc_auc_score(onehot, probs, average="micro"))
    assert m["micro_ap"] == pytest.approx(sk.average_precision_score(onehot, probs, average="micro"))


def test_a_class_never_predicted_has_no_precision_and_the_averages_are_sklearns():
    """Its precision read 0.000 in the report, a model always wrong about it, where the main window says "—"."""
    from core.reporting.evaluation import compute_metrics
    y = np.array([0, 0, 1, 1, 2, 2])
    predicted = np.array([0, 0, 1, 0, 1, 1])  # class 2 is never predicted
    m = compute_metrics(["a", "b", "c"], y, np.eye(3)[predicted])
    precision = [row["precision"] for row in m["per_class"]]
    assert precision[:2] == pytest.approx([2 / 3, 1 / 3]) and np.isnan(precision[2])
    assert m["per_class"][2]["recall"] == 0 and m["per_class"][2]["f1"] == 0
    for key, average in (("macro_precision", "macro"), ("weighted_precision", "weighted")):
        assert m[key] == pytest.approx(sk.precision_score(y, predicted, average=average, zero_division=0))
    assert m["weighted_recall"] == pytest.approx(sk.recall_score(y, predicted, average="weighted"))
    from core.reporting.tables import per_class_csv
    assert per_class_csv(m).splitlines()[3].startswith("c,n/a,0.000000,0.000000,2,")


def test_per_class_csv_has_the_confusion_matrix_numbers(main_report):
    y, probs = main_report["y"], main_report["probs"]
    with open(main_report["out"] / "per_class.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["class", "precision", "recall", "f1", "support", "auc", "ap"]
    matrix = ConfusionMatrix(CLASSES)
    matrix.add_many(y, probs.argmax(axis=1))
    assert len(rows) == len(CLASSES)
    for k, (row, expected) in enumerate(zip(rows, matrix.per_class())):
        assert row["class"] == expected["class"]
        assert int(row["support"]) == expected["support"]
        for key in ("precision", "recall", "f1"):
            if row[key] == "n/a":  # 0/0: never predicted (precision) or absent (recall)
                assert matrix.counts[:, k].sum() == 0 if key == "precision" else expected["support"] == 0
            else:
                assert float(row[key]) == pytest.approx(expected[key], abs=1e-6)
        assert float(row["auc"]) == pytest.approx(roc_auc(y == k, probs[:, k]), abs=1e-6)
        assert float(row["ap"]) == pytest.approx(average_precision(y == k, probs[:, k]), abs=1e-6)


def test_per_class_text_is_an_aligned_table(main_report):
    text = (main_report["out"] / "per_class.txt").read_text(encoding="utf-8")
    assert text.startswith("test run\n120 test images, 4 classes, 8 epochs")
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("class"))
    for name in [*CLASSES, "macro avg"]:
        line = next(line for line in lines if line.startswith(name + " "))
        assert len(line) == len(header), line   # every column right-aligned under its heading
    weighted = next(line for line in lines if line.startswith("weighted avg "))
    f1 = f"{main_report['metrics']['weighted_f1']:.3f}"
    assert weighted.index(f1) + len(f1) == header.index(" f1") + 3
    assert any(line.startswith("accuracy ") for line in lines)


def test_mistakes_grid_shows_the_most_confident_loadable_mistakes_in_order(main_report):
    paths, ranked, broken = main_report["paths"], main_report["ranked"], main_report["broken"]
    expected = [paths[i] for i in ranked if paths[i] not in broken][:mistakes.MAX_WRONG]
    assert len(ranked) > mistakes.MAX_WRONG + 2       # the fixture has enough mistakes to choose from
    assert main_report["explained"] == expected     # explained = shown, in order of confidence


def test_most_confident_wrong_order_and_ties():
    y = np.array([0, 1, 2, 0, 1])
    probs = np.array([[0.1, 0.9, 0.0],     # wrong, 0.9
                      [0.2, 0.7, 0.1],     # right
                      [0.6, 0.3, 0.1],     # wrong, 0.6
                      [0.3, 0.3, 0.4],     # wrong, 0.4
                      [0.05, 0.05, 0.9]])  # wrong, 0.9 (tie: lower index first)
    assert most_confident_wrong(y, probs, k=16).tolist() == [0, 4, 2, 3]
    assert most_confident_wrong(y, probs, k=2).tolist() == [0, 4]
    assert most_confident_wrong(y[[1]], probs[[1]]).tolist() == []


@pytest.mark.parametrize("case", ["absent class", "2 classes, 1 epoch, non-ASCII", "1 image, no history",
                                  "30 classes, 300 epochs"])
def test_edge_cases_write_a_complete_report(tmp_path, case):
    names, n, history, absent, out = ["a", "b", "c", "d"], 60, _history(3), (), tmp_path / "out"
    if case == "absent class":
        absent = (2,)
        history[1] = {"epoch": 2}                   # an epoch with nothing recorded
    elif case.startswith("2 classes"):
        names, history, out = ["猫", "ёжик"], _history(1), tmp_path / "отчёт 報告"
    elif case.startswith("1 image"):
        n, history = 1, []
    else:
        names, n, history = [f"class {k} of thirty" for k in range(30)], 150, _history(300)
    y, probs = _fake_test_set(n, len(names), absent=absent)
    m = write_report(out, class_names=names, history=history, y_true=y, probs=probs, title=case)
    _assert_complete(out)
    assert m["accuracy"] == pytest.approx(np.mean(probs.argmax(axis=1) == y))
    assert json.loads((out / "metrics.json").read_text(encoding="utf-8")) == m
    for row in m["per_class"]:
        if row["support"] == 0:   # undefined, written as null / n/a, left out of the macro average
            assert row["auc"] is None and row["ap"] is None
    if case == "absent class":
        assert "n/a" in (out / "per_class.txt").read_text(encoding="utf-8")
        defined = [row["auc"] for row in m["per_class"] if row["auc"] is not None]
        assert len(defined) == 3 and m["macro_auc"] == pytest.approx(np.mean(defined))


def test_history_with_gaps_and_text_is_plotted_not_crashed():
    history = [{"epoch": None, "train_loss": "n/a"}, {}, {"epoch": 3, "val_acc": 55.0, "lr": 0}]
    series = training_curves.history_series(history)
    assert series["epoch"].tolist() == [1, 2, 3]
    assert np.isnan(series["train_loss"]).all() and series["val_acc"][2] == 55.0
    assert figures._png(training_curves.curves_figure(history))[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_curves_shade_the_epochs_trained_on_smaller_images():
    history = [{"epoch": e, "train_loss": 1 / e, "val_loss": 1.2 / e, "train_acc": 0.5, "val_acc": 0.4 + e / 20,
                "lr": 0.1, "train_scale": scale} for e, scale in ((1, 0.571), (2, 0.571), (3, 0.857), (4, 1.0))]
    figure = training_curves.curves_figure(history)
    loss_ax, acc_ax = figure.axes[:2]
    for ax in (loss_ax, acc_ax):
        (span,) = ax.patches
        assert span.get_x() == 0.5 and span.get_width() == 3  # around epochs 1-3's points
        assert "trained on smaller images" in [text.get_text() for text in ax.get_legend().get_texts()]
    assert not training_curves.curves_figure([{**row, "train_scale": 1.0} for row in history]).axes[1].patches


def test_bad_input_is_refused_before_anything_is_written(tmp_path):
    y, probs = _fake_test_set(10, 3)
    call = dict(class_names=["a", "b", "c"], history=[], y_true=y, probs=probs)
    with pytest.raises(ValueError, match="shape"):
        write_report(tmp_path / "1", **{**call, "class_names": ["a", "b"]})
    with pytest.raises(ValueError, match="class indices"):
        write_report(tmp_path / "2", **{**call, "y_true": np.r_[y[:-1], 3]})
    with pytest.raises(ValueError, match="NaN"):
        write_report(tmp_path / "3", **{**call, "probs": np.where(probs > 0.5, np.nan, probs)})
    with pytest.raises(ValueError, match="paths"):
        write_report(tmp_path / "4", **call, paths=["x.png"])
    assert not any(tmp_path.iterdir())


def test_a_failed_render_leaves_no_metrics_json_and_no_temp_files(tmp_path, monkeypatch):
    def broken(history):
        raise RuntimeError("renderer exploded")
    monkeypatch.setattr(report, "curves_figure", broken)
    y, probs = _fake_test_set(10, 3)
    with pytest.raises(RuntimeError):
        write_report(tmp_path, class_names=["a", "b", "c"], history=[], y_true=y, probs=probs)
    assert not (tmp_path / "metrics.json").exists()   # written last: its presence means complete
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]


def test_report_module_never_loads_pyplot():
    # pyplot would pick a GUI backend (Qt when the GUI runs); the report uses the Agg canvas only.
    code = "import sys, core.reporting.report; assert 'matplotlib.pyplot' not in sys.modules; print('ok')"
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[3],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_a_missing_image_folder_costs_one_warning_and_a_bounded_number_of_tries(caplog):
    y, probs = _fake_test_set(300, 3)
    n_wrong = len(most_confident_wrong(y, probs, k=None))
    assert n_wrong > mistakes.MAX_FAILED_LOADS
    tries = []

    def load_image(path):
        tries.append(path)
        raise FileNotFoundError(path)

    cells = mistakes._collect_mistakes(y, probs, [f"gone/{i}.png" for i in range(len(y))], load_image, None)
    assert cells == [] and len(tries) == mistakes.MAX_FAILED_LOADS
    assert len([r for r in caplog.records if r.name == "core.reporting.mistakes"]) == 1
    fig = mistakes.mistakes_figure(cells, ["a", "b", "c"], False, len(y), n_wrong)
    assert "none of their images could be read" in fig.texts[0].get_text()



def test_the_mistakes_page_has_two_image_heatmap_pairs_a_row():
    """Four pairs a row made a 17-inch page, its captions unreadable in the report tab; two a row read down it."""
    y, probs = _fake_test_set(300, 3)
    rng = np.random.default_rng(0)
    picture = rng.integers(0, 256, (28, 28, 3), dtype=np.uint8)
    cells = mistakes._collect_mistakes(y, probs, [f"{i}.png" for i in range(len(y))], lambda path: picture,
                                       lambda path: picture)  # the "overlay" of each
    assert len(cells) >= 6 and all(cell["overlay"] is not None for cell in cells)
    fig = mistakes.mistakes_figure(cells, ["a", "b", "c"], True, len(y), len(cells))
    width, height = fig.get_size_inches()
    assert width < 9.5 and height > width  # two pairs of 2-inch pictures a row, taller than wide
    captions = [t for t in fig.axes[0].texts if t.get_text().startswith("true:")]
    assert len({round(t.get_position()[0], 2) for t in captions}) == 2  # two columns
