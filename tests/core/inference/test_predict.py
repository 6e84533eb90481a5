"""core.inference.predict: batched, ordered predictions with CAMs; bad files become results, not crashes."""
import numpy as np
import pytest
import torch

from core.data.decode import load_rgb
from core.inference.predict import Classifier, Prediction, classify_files

CLASSES = ["cat", "dog", "bird"]


@pytest.fixture(scope="module")
def classifier(tiny_loaded):
    return Classifier(tiny_loaded, device="cpu", cam_method="gradcam", topk=5)


@pytest.fixture(scope="module")
def plain_classifier(tiny_loaded):
    return Classifier(tiny_loaded, device="cpu", cam_method=None, topk=5)


def _images(root, write_image, names, size=(40, 48)):
    return [write_image(root / name, size=size, seed=i) for i, name in enumerate(names)]


def test_prediction_properties():
    p = Prediction("/x/cat/a.jpg", "cat/a.jpg", true_class="cat", topk=[("dog", 0.7), ("cat", 0.2)])
    assert (p.predicted, p.probability, p.correct) == ("dog", 0.7, False)
    assert Prediction("a", "a").predicted is None and Prediction("a", "a").correct is None
    assert Prediction("a", "a", topk=[("cat", 0.9)]).correct is None  # no true class known


def test_order_kept_and_unreadable_files_become_errors(tmp_path, write_image, plain_classifier):
    good = _images(tmp_path, write_image, ["a.png", "c.png", "e.png", "g.png"])
    garbage = tmp_path / "b.jpg"
    garbage.write_bytes(np.random.default_rng(1).integers(0, 256, 500, dtype=np.uint8).tobytes())
    empty = tmp_path / "d.jpg"
    empty.write_bytes(b"")
    paths = [good[0], garbage, good[1], empty, good[2], good[3]]
    results = list(classify_files(plain_classifier, paths, tmp_path, batch_size=2, workers=2))
    assert [r.relpath for r in results] == ["a.png", "b.jpg", "c.png", "d.jpg", "e.png", "g.png"]
    assert [r.path for r in results] == [str(p) for p in paths]
    bad = {r.relpath: r for r in results if r.error}
    assert set(bad) == {"b.jpg", "d.jpg"}
    assert "empty" in bad["d.jpg"].error and "0 bytes" in bad["d.jpg"].error
    assert "not an image" in bad["b.jpg"].error
    for r in bad.values():
        assert r.topk == [] and r.predicted is None and r.cam is None and r.target_class is None
    for r in results:
        if not r.error:
            assert len(r.topk) == 3 and r.predicted in CLASSES and r.geometry.original_size == (40, 48)


def test_true_class_from_immediate_subfolder(tmp_path, write_image, plain_classifier):
    names = ["cat/a.png", "dog/deep/b.png", "mycat/c.png", "Bird/d.png", "top.png"]
    paths = _images(tmp_path, write_image, names)
    results = list(classify_files(plain_classifier, paths, tmp_path))
    assert [r.true_class for r in results] == ["cat", "dog", None, "bird", None]
    assert [r.relpath for r in results] == names
    # without a root there is no label and the relative path is the file name
    alone = list(classify_files(plain_classifier, paths[:1]))
    assert (alone[0].relpath, alone[0].true_class) == ("a.png", None)


def test_topk_length_order_and_sum(tmp_path, write_image, tiny_loaded):
    paths = _images(tmp_path, write_image, ["a.png", "b.png", "c.png"])
    two = list(classify_files(Classifier(tiny_loaded, "cpu", None, topk=2), paths, tmp_path))
    for r in two:
        probs = [p for _, p in r.topk]
        assert len(r.topk) == 2 and len({n for n, _ in r.topk}) == 2
        assert probs == sorted(probs, reverse=True)
        assert 0 < sum(probs) <= 1 + 1e-6
    many = list(classify_files(Classifier(tiny_loaded, "cpu", None, topk=99), paths, tmp_path))
    for r in many:
        assert sorted(n for n, _ in r.topk) == sorted(CLASSES)
        assert sum(p for _, p in r.topk) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("cam", [None, "gradcam"])
def test_probabilities_are_softmax_of_the_model(tmp_path, write_image, tiny_loaded, cam):
    paths = _images(tmp_path, write_image, ["a.png", "b.png", "c.png"], size=(50, 30))
    results = list(classify_files(Classifier(tiny_loaded, "cpu", cam), paths, tmp_path, batch_size=2))
    pre = tiny_loaded.preprocess
    with torch.inference_mode():
        for path, r in zip(paths, results):
            ref = torch.softmax(tiny_loaded.model(pre(load_rgb(path))[None]), dim=1)[0]
            got = dict(r.topk)
            for i, name in enumerate(CLASSES):
                assert got[name] == pytest.approx(float(ref[i]), abs=1e-5)
            assert r.predicted == CLASSES[int(ref.argmax())]


def test_target_by_name_and_index(tmp_path, write_image, classifier):
    paths = _images(tmp_path, write_image, ["a.png", "b.png"])
    for target, expected in [("dog", "dog"), (2, "bird"), ("2", "bird"), ("cat", "cat")]:
        results = list(classify_files(classifier, paths, tmp_path, target=target))
        assert [r.target_class for r in results] == [expected, expected]
    default = list(classify_files(classifier, paths, tmp_path))
    assert [r.target_class for r in default] == [r.predicted for r in default]


@pytest.mark.parametrize("target", ["horse", 3, "-1", "Dog "])
def test_unknown_target_lists_classes(tmp_path, write_image, plain_classifier, target):
    paths = _images(tmp_path, write_image, ["a.png"])
    with pytest.raises(ValueError, match="cat, dog, bird"):
        list(classify_files(plain_classifier, paths, tmp_path, target=target))


def test_should_stop_ends_early(tmp_path, write_image, plain_classifier):
    paths = _images(tmp_path, write_image, [f"{i}.png" for i in range(8)])
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 2  # two batches, then stop

    results = list(classify_files(plain_classifier, paths, tmp_path, batch_size=2, should_stop=stop))
    assert [r.relpath for r in results] == ["0.png", "1.png", "2.png", "3.png"]
    assert list(classify_files(plain_classifier, paths, tmp_path, batch_size=2, should_stop=lambda: True)) == []


def test_keep_images(tmp_path, write_image, plain_classifier):
    paths = _images(tmp_path, write_image, ["a.png", "b.png"], size=(21, 33))
    dropped = list(classify_files(plain_classifier, paths, tmp_path, keep_images=False))
    assert all(r.image is None for r in dropped)
    kept = list(classify_files(plain_classifier, paths, tmp_path, keep_images=True))
    for path, r in zip(paths, kept):
        assert r.image.shape == (21, 33, 3) and np.array_equal(r.image, load_rgb(path))


def test_cam_covers_the_model_input(tmp_path, write_image, make_tiny_loaded):
    loaded = make_tiny_loaded(input_size=(48, 80))
    paths = _images(tmp_path, write_image, ["a.png", "b.png", "c.png"], size=(37, 81))
    results = list(classify_files(Classifier(loaded, "cpu", "gradcam"), paths, tmp_path, batch_size=2))
    for r in results:
        assert r.cam.shape == (48, 80) and r.cam.dtype == np.float32
        assert r.cam.min() >= 0.0 and r.cam.max() <= 1.0 + 1e-6
        assert r.geometry.original_size == (37, 81)
        assert r.target_class == r.predicted


def test_no_cam_method_gives_no_cam(tmp_path, write_image, tiny_loaded):
    paths = _images(tmp_path, write_image, ["a.png"])
    for method in (None, "none"):
        clf = Classifier(tiny_loaded, "cpu", method)
        assert clf.explainer is None
        (r,) = classify_files(clf, paths, tmp_path)
        assert r.cam is None and len(r.topk) == 3


def test_class_index(plain_classifier):
    assert plain_classifier.class_index(None) is None and plain_classifier.class_index("") is None
    assert [plain_classifier.class_index(t) for t in ("cat", "bird", 1, "0")] == [0, 2, 1, 0]
