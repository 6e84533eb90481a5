"""Folders of links to a run's evaluation images: the test split only, labelled, collisions kept apart."""
import csv
import json
import os

import pytest

from core.reporting.review_folders import DatasetChanged, cell_folder, evaluation_folder, link_images


def _run(tmp_path, rows, data=None, split="test"):
    run = tmp_path / "run"
    (run / "report").mkdir(parents=True)
    (run / "config.json").write_text(json.dumps({"data": str(data or tmp_path / "data")}))
    with (run / "report" / f"{split}_predictions.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, ["path", "true_class", "predicted", "probability"])
        writer.writeheader()
        writer.writerows(rows)
    return run


def _image(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return str(path)


def test_the_test_split_is_linked_by_class_and_training_images_are_left_out(tmp_path):
    data = tmp_path / "data"
    test_cat, test_dog = _image(data / "cat" / "1.png"), _image(data / "dog" / "7.png")
    _image(data / "cat" / "2.png")  # a training image: not in the test predictions
    run = _run(tmp_path, [{"path": test_cat, "true_class": "cat", "predicted": "dog", "probability": "0.6"},
                          {"path": test_dog, "true_class": "dog", "predicted": "dog", "probability": "0.9"}], data)
    folder = evaluation_folder(run)
    assert folder == run / "review" / "test"
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*.png")) == ["cat/1.png", "dog/7.png"]
    assert os.readlink(folder / "cat" / "1.png") == test_cat
    assert evaluation_folder(run) == folder  # a second time: the same links, no duplicates
    assert len(list(folder.rglob("*.png"))) == 2


def test_a_dataset_with_its_own_test_folder_is_opened_as_it_is(tmp_path):
    data = tmp_path / "data"
    _image(data / "test" / "cat" / "1.png")
    run = _run(tmp_path, [], data)
    assert evaluation_folder(run) == data / "test"


def test_validation_images_when_there_is_no_test_split_and_none_when_nothing_was_evaluated(tmp_path):
    image = _image(tmp_path / "data" / "cat" / "1.png")
    run = _run(tmp_path, [{"path": image, "true_class": "cat", "predicted": "cat", "probability": "1"}], split="val")
    assert evaluation_folder(run) == run / "review" / "val"
    assert evaluation_folder(tmp_path / "empty-run") is None


def test_a_cell_holds_only_its_images_and_odd_class_names_become_folder_names(tmp_path):
    a, b = _image(tmp_path / "x" / "a.png"), _image(tmp_path / "y" / "a.png")
    rows = [{"path": a, "true_class": "T/shirt", "predicted": "Coat", "probability": "0.5"},
            {"path": b, "true_class": "T/shirt", "predicted": "Coat", "probability": "0.5"},
            {"path": _image(tmp_path / "z.png"), "true_class": "Coat", "predicted": "Coat", "probability": "1"}]
    folder = cell_folder(_run(tmp_path, rows), "T/shirt", "Coat")
    assert folder.name == "T_shirt → Coat"
    links = sorted(p.name for p in (folder / "T_shirt").iterdir())
    assert links == ["a.png", "a~2.png"]  # two images called a.png, both kept


def test_links_are_kept_when_the_folder_is_made_again(tmp_path):
    image = _image(tmp_path / "a.png")
    folder = link_images([{"path": image, "true_class": "cat"}], tmp_path / "links")
    link_images([{"path": image, "true_class": "cat"}], folder)
    assert [p.name for p in (folder / "cat").iterdir()] == ["a.png"]


def _deep_dataset(data):
    """Two classes of 10 images each, three folders down: data/<class>/2024/day1/."""
    for name in ("cat", "dog"):
        for i in range(10):
            _image(data / name / "2024" / "day1" / f"{i}.png")
    return data


def _stopped_run(tmp_path, data):
    """A run stopped before its test pass: config.json only, written after the split was drawn."""
    run = tmp_path / "run"
    run.mkdir()
    (run / "config.json").write_text(json.dumps({"data": str(data), "val_ratio": 0.2, "test_ratio": 0.2, "seed": 0}))
    drawn = os.stat(run / "config.json").st_mtime
    for folder in [data, *sorted(p for p in data.rglob("*") if p.is_dir())]:
        os.utime(folder, (drawn - 60, drawn - 60))  # the folders as they were when the run drew its split
    return run


def test_a_stopped_runs_held_out_images_are_drawn_again_while_the_dataset_is_unchanged(tmp_path):
    data = _deep_dataset(tmp_path / "data")
    run = _stopped_run(tmp_path, data)
    folder = evaluation_folder(run)
    assert sorted(p.parent.name for p in folder.rglob("*.png")) == ["cat", "cat", "dog", "dog"]


def test_an_image_added_deep_in_a_class_folder_is_a_changed_dataset(tmp_path):
    data = _deep_dataset(tmp_path / "data")
    run = _stopped_run(tmp_path, data)
    later = os.stat(run / "config.json").st_mtime + 60
    _image(data / "dog" / "2024" / "day1" / "10.png")  # changes the draw of dog's images: could be a training one
    os.utime(data / "dog" / "2024" / "day1", (later, later))
    with pytest.raises(DatasetChanged):
        evaluation_folder(run)
