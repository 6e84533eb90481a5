"""The run folder's files are written and read in one place: names, encodings, what a missing or
broken file reads as."""
import json

import numpy as np
import pytest

from core.training import run_folder


def test_metrics_csv_is_written_for_excel_and_read_back_as_numbers(tmp_path):
    history = [{"epoch": 1, "train_loss": 1.5, "val_acc": 0.5, "lr": 0.1, "unknown": "ignored"},
               {"epoch": 2, "train_loss": 0.9, "val_acc": 0.75, "lr": 0.01}]
    run_folder.write_metrics_csv(tmp_path / run_folder.METRICS_CSV, history)
    raw = (tmp_path / run_folder.METRICS_CSV).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfepoch,")   # a byte-order mark: Excel reads UTF-8
    rows = run_folder.read_history(tmp_path)
    assert rows == [{"epoch": 1.0, "train_loss": 1.5, "val_acc": 0.5, "lr": 0.1},
                    {"epoch": 2.0, "train_loss": 0.9, "val_acc": 0.75, "lr": 0.01}]


def test_a_missing_file_is_none_or_empty_and_a_broken_one_raises(tmp_path):
    assert run_folder.read_config(tmp_path) is None
    assert run_folder.read_history(tmp_path) == []
    assert run_folder.read_report_metrics(tmp_path) is None
    assert run_folder.read_predictions(tmp_path) is None
    (tmp_path / run_folder.CONFIG).write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError):
        run_folder.read_config(tmp_path)
    assert run_folder.read_model_name(tmp_path) is None


def test_predictions_are_read_from_the_split_the_run_was_evaluated_on(tmp_path):
    samples = [(tmp_path / "ä" / "1.png", 0), (tmp_path / "b" / "2.png", 1)]
    result = {"labels": [0, 1], "probs": np.array([[0.9, 0.1], [0.7, 0.3]])}
    run_folder.report_dir(tmp_path).mkdir()
    run_folder.write_predictions_csv(run_folder.predictions_path(tmp_path, "val"), samples, ["ä", "b"], result)
    split, rows = run_folder.read_predictions(tmp_path)
    assert split == "val"
    assert [(r["path"], r["true_class"], r["predicted"]) for r in rows] == [
        (str(samples[0][0]), "ä", "ä"), (str(samples[1][0]), "b", "ä")]


def test_list_runs_gives_each_run_its_key_numbers_and_skips_broken_ones(tmp_path):
    run = tmp_path / "20260101-120000-resnet18"
    run.mkdir()
    (run / run_folder.CONFIG).write_text(json.dumps({"model": "resnet18"}), encoding="utf-8")
    run_folder.write_metrics_csv(run / run_folder.METRICS_CSV, [{"epoch": 1, "val_acc": 0.5}, {"epoch": 2, "val_acc": 0.8}])
    (run / run_folder.REPORT_DIR).mkdir()
    (run / run_folder.REPORT_DIR / run_folder.REPORT_METRICS).write_text(json.dumps({"accuracy": 0.75}), encoding="utf-8")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / run_folder.CONFIG).write_text("{", encoding="utf-8")
    (tmp_path / "not-a-run").mkdir()
    [listed] = run_folder.list_runs(tmp_path)
    assert listed["name"] == run.name and listed["model"] == "resnet18" and listed["epochs"] == 2
    assert listed["best_val_acc"] == 0.8 and listed["test_accuracy"] == 0.75 and listed["finished"]
    assert run_folder.list_runs(tmp_path / "missing") == []
