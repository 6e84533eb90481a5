"""predict.py: the command line contract (exit codes, messages, files), in-process and as a real process."""
import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

import predict

REPO = Path(__file__).resolve().parents[1]


def _rows(out: Path):
    with open(out / "results.csv", newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def folder(tmp_path, write_image):
    """A labelled folder with one unreadable and one empty file among the images."""
    root = tmp_path / "in"
    write_image(root / "cat" / "a.png", seed=1)
    write_image(root / "cat" / "b.jpg", seed=2)
    write_image(root / "dog" / "c.png", seed=3)
    (root / "dog" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    (root / "bird").mkdir()
    (root / "bird" / "empty.jpg").write_bytes(b"")
    write_image(root / "bird" / "d.png", seed=4)
    return root


def _main(capsys, *argv):
    code = predict.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_folder_with_unreadable_files_exits_0(tiny_model_file, folder, tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out,
                                 "--device", "cpu", "--batch-size", "2")
    assert code == 0, stderr
    assert "6 files: 4 classified, 2 unreadable" in stdout
    assert "unreadable: bird/empty.jpg: empty file (0 bytes)" in stdout
    assert "unreadable: dog/broken.png:" in stdout
    # labelled folder: accuracy line and per-class table
    assert "accuracy " in stdout and "on 4 labelled images" in stdout
    table = stdout[stdout.index("precision"):]
    assert all(name in table for name in ("cat", "dog", "bird", "macro F1"))
    assert f"4 overlays in {out / 'overlays'}" in stdout
    rows = _rows(out)
    assert [r["path"] for r in rows] == ["bird/d.png", "bird/empty.jpg", "cat/a.png", "cat/b.jpg",
                                         "dog/broken.png", "dog/c.png"]
    assert sum(bool(r["error"]) for r in rows) == 2
    assert {r["heatmap"] for r in rows if not r["error"]} == {"overlays/bird/d.jpg", "overlays/cat/a.jpg",
                                                              "overlays/cat/b.jpg", "overlays/dog/c.jpg"}
    assert all((out / r["heatmap"]).is_file() for r in rows if r["heatmap"])
    assert "results.txt" in stdout and (out / "results.txt").is_file()


def test_counts_of_one_are_said_in_the_singular(tiny_model_file, folder, tmp_path, capsys):
    """The summary said "1 file(s)", "1 labelled image(s)" and "1 overlay(s)" (several: test above)."""
    out = tmp_path / "out"
    one = tmp_path / "one"
    (one / "cat").mkdir(parents=True)
    (folder / "cat" / "a.png").rename(one / "cat" / "a.png")
    code, stdout, stderr = _main(capsys, "--model", tiny_model_file, "--input", one, "--out", out, "--device", "cpu")
    assert code == 0, stderr
    assert "1 file: 1 classified, 0 unreadable" in stdout and " on 1 labelled image\n" in stdout
    assert f", 1 overlay in {out / 'overlays'}" in stdout and "(s)" not in stdout + stderr


def test_a_run_that_classified_nothing_exits_1(tiny_model_file, folder, tmp_path, capsys):
    """Every file unreadable: it exited 0, and a script checking the status took the run for one that worked."""
    lone = tmp_path / "lone"
    code, stdout, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder / "bird" / "empty.jpg", "--out",
                                 lone, "--device", "cpu")
    assert code == 1 and "1 file: 0 classified, 1 unreadable" in stdout
    assert stderr.splitlines()[-1] == "error: the 1 file could not be classified (the reason is above and in results.csv)"
    assert "overlay" not in stdout.splitlines()[-1] and not (lone / "overlays").exists()  # no folder it never made
    assert _rows(lone)[0]["error"] == "empty file (0 bytes)"  # the reason stays written down
    corrupt = tmp_path / "corrupt"
    for name in ("a.jpg", "b.png", "c.webp"):
        (corrupt / name).parent.mkdir(exist_ok=True)
        (corrupt / name).write_bytes(b"not an image")
    code, stdout, stderr = _main(capsys, "--model", tiny_model_file, "--input", corrupt, "--out", tmp_path / "out",
                                 "--device", "cpu")
    assert code == 1 and "3 files: 0 classified, 3 unreadable" in stdout
    assert ("error: none of the 3 files could be classified (the reasons are above and in "
                                                                "results.csv)") in stderr
    code, _, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder / "cat", "--out", tmp_path / "cats",
                            "--device", "cpu")
    assert code == 0 and "error" not in stderr  # one classified is a run that worked


def test_missing_model_file(tmp_path, folder, capsys):
    code, stdout, stderr = _main(capsys, "--model", tmp_path / "nope.pt", "--input", folder, "--out", tmp_path / "o")
    assert code == 2
    assert stderr.startswith("error: model file not found") and "nope.pt" in stderr
    assert not (tmp_path / "o").exists()


def test_garbage_model_file(tmp_path, folder, capsys):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"\x13" + os.urandom(2000))  # a first byte no known format starts with
    code, _, stderr = _main(capsys, "--model", bad, "--input", folder, "--out", tmp_path / "o")
    assert code == 2
    assert "error: bad.pt is not a model file (neither a PyTorch file nor a pickle)" in stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "o").exists()


def test_missing_input(tiny_model_file, tmp_path, capsys):
    code, _, stderr = _main(capsys, "--model", tiny_model_file, "--input", tmp_path / "no_such_dir",
                            "--out", tmp_path / "o")
    assert code == 2
    assert stderr.strip().splitlines()[-1].startswith("error: input not found")
    assert "no_such_dir" in stderr


def test_outputs_would_be_overwritten(tiny_model_file, folder, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.txt").write_text("keep me")
    code, stdout, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out, "--device", "cpu")
    assert code == 2
    assert "error:" in stderr and "holds an earlier run's results" in stderr and "--overwrite" in stderr
    assert (out / "results.txt").read_text() == "keep me" and not (out / "results.csv").exists()
    code, _, _ = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out, "--device", "cpu",
                       "--overwrite")
    assert code == 0 and "keep me" not in (out / "results.txt").read_text(encoding="utf-8")


def test_empty_folder(tiny_model_file, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, _, stderr = _main(capsys, "--model", tiny_model_file, "--input", tmp_path / "empty", "--out", tmp_path / "o")
    assert code == 2 and "error: no images found" in stderr


def test_cam_none_writes_no_overlays(tiny_model_file, folder, tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, _ = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out,
                            "--cam", "none", "--device", "cpu")
    assert code == 0
    assert not (out / "overlays").exists() and "overlays in" not in stdout
    rows = _rows(out)
    assert len(rows) == 6 and all(r["heatmap"] == "" for r in rows)


def test_target_by_name(tiny_model_file, folder, tmp_path, capsys):
    out = tmp_path / "out"
    code, _, _ = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out,
                       "--target", "bird", "--topk", "2", "--device", "cpu", "--format", "png")
    assert code == 0
    rows = [r for r in _rows(out) if not r["error"]]
    assert {r["cam_target"] for r in rows} == {"bird"}
    assert all(len(r["top_k"].split("; ")) == 2 for r in rows)
    assert all(r["heatmap"].endswith(".png") for r in rows)


def test_results_txt_names_the_target_class_and_test_time_augmentation(tiny_model_file, folder, tmp_path, capsys):
    """--target 2 read "for class 2", and --tta flip, which changes every probability, was not mentioned."""
    out = tmp_path / "out"
    code, _, _ = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out, "--target", "2",
                       "--tta", "flip", "--device", "cpu")
    assert code == 0
    text = (out / "results.txt").read_text(encoding="utf-8")
    names = [line for line in text.splitlines() if line.startswith("classes: ")][0][len("classes: "):].split(", ")
    assert f", for class {names[2]}" in text and "\ntest-time augmentation: flip\n" in text
    code, _, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", tmp_path / "o2",
                            "--target", "horse")
    assert code == 2 and "error: unknown class 'horse'" in stderr and "cat, dog, bird" in stderr


def test_foreign_state_dict_with_classes_and_arch(tmp_path, write_image, capsys):
    from core.models.registry import build_model
    torch.manual_seed(1)
    weights = tmp_path / "weights.pth"
    torch.save(build_model("resnet18", 3).state_dict(), weights)
    root = tmp_path / "in"
    write_image(root / "b" / "x.png", size=(30, 30), seed=1)
    write_image(root / "y.png", size=(30, 30), seed=2)
    out = tmp_path / "out"
    code, stdout, stderr = _main(capsys, "--model", weights, "--input", root, "--out", out, "--arch", "resnet18",
                                 "--classes", "a, b ,c", "--device", "cpu")
    assert code == 0, stderr
    assert ("note: not in the file, so assumed: input size 224×224 (--input-size); resize mode stretch "
            "(--resize-mode); ImageNet mean/std (--mean/--std). If the model was trained otherwise") in stderr
    assert "class names" not in stderr and "recognised as" not in stderr  # both were given
    rows = _rows(out)
    assert [r["path"] for r in rows] == ["b/x.png", "y.png"]
    assert [r["true_class"] for r in rows] == ["b", ""]
    assert all(r["predicted"] in ("a", "b", "c") for r in rows)
    assert sorted(n.split(":")[0] for n in rows[0]["top_k"].split("; ")) == ["a", "b", "c"]
    code, _, stderr = _main(capsys, "--model", weights, "--input", root, "--out", tmp_path / "o2",
                            "--arch", "resnet18", "--classes", "a,b")
    assert code == 2 and "error:" in stderr and "3 classes but 2 class names" in stderr


@pytest.mark.parametrize("argv, said", [
    (["--topk", "0"], "--topk must be at least 1, got 0"), (["--alpha", "2"], "--alpha must be between 0 and 1"),
    (["--alpha", "-0.5"], "--alpha must be between 0 and 1"), (["--batch-size", "0"], "--batch-size must be at least 1"),
    (["--sample", "-3"], "--sample must be at least 1, got -3"), (["--cam", "magic"], "invalid choice: 'magic'"),
    (["--format", "gif"], "invalid choice: 'gif'")])
def test_argparse_rejects_bad_values(argv, said, capsys):
    with pytest.raises(SystemExit) as info:
        predict.main(["--model", "m.pt", "--input", "in", "--out", "out", *argv])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("predict.py: error: ") and said in err and len(err.splitlines()) == 1


@pytest.mark.slow  # a real predict.py process
def test_real_entry_point(tiny_model_file, folder, tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, "predict.py", "--model", str(tiny_model_file), "--input", str(folder),
                           "--out", str(out), "--device", "cpu"], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "6 files: 4 classified, 2 unreadable" in proc.stdout and "accuracy " in proc.stdout
    assert len(_rows(out)) == 6 and (out / "overlays" / "cat" / "a.jpg").is_file()
    # Captured, stderr holds no bar: its redraws ran into the warnings ("classifying: 0%|...| 0/6 [..]WARNING ...").
    assert "\r" not in proc.stderr and "classifying" not in proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 2 and all(line.startswith("WARNING ") for line in warnings)  # not the bar's tail


def test_stated_settings_are_used_and_saved_once(tmp_path, write_image, capsys):
    from core.models.modelfile import load_model_file
    from core.models.registry import build_model
    weights = tmp_path / "theirs.pth"
    torch.save(build_model("resnet18", 2).state_dict(), weights)
    names = tmp_path / "names.txt"
    names.write_text("猫\ndog\n", encoding="utf-8")
    mine = tmp_path / "mine.pt"
    code, _, stderr = _main(capsys, "--model", weights, "--input-size", "64,96", "--resize-mode", "letterbox",
                            "--mean", "0.5", "--std", "0.25,0.25,0.25", "--classes-file", names, "--save-model", mine)
    assert code == 0, stderr
    assert "note:" not in stderr.replace("note: architecture not stated", "")  # only the arch was recognised
    assert f"saved {mine}" in stderr
    loaded = load_model_file(mine)
    assert loaded.assumed == [] and loaded.class_names == ["猫", "dog"]
    assert loaded.preprocess.input_size == (64, 96) and loaded.preprocess.resize_mode == "letterbox"
    assert loaded.preprocess.mean == (0.5, 0.5, 0.5) and loaded.preprocess.std == (0.25, 0.25, 0.25)
    before = mine.read_bytes()
    code, _, stderr = _main(capsys, "--model", weights, "--save-model", mine)
    assert code == 2 and "already exists; GradLens never replaces a file" in stderr
    assert mine.read_bytes() == before
    write_image(tmp_path / "in" / "x.png", size=(30, 30), seed=1)
    code, _, stderr = _main(capsys, "--model", mine, "--input", tmp_path / "in", "--out", tmp_path / "out",
                            "--cam", "none")
    assert code == 0 and "note:" not in stderr


@pytest.mark.parametrize("option,value,says", [
    ("--classes", ",", "no class names in --classes ','"),
    ("--classes", "a,b,a", "'a' appears twice"),
    ("--input-size", "8", "between 16 and 4096"),
    ("--mean", "124,117,104", "looks like 0..255"),
    ("--std", "0", "above 0"),
])
def test_bad_model_settings_are_refused(tmp_path, capsys, option, value, says):
    with pytest.raises(SystemExit) as exit_info:
        predict.parse_args(["--model", "m.pt", "--input", "in", "--out", "out", option, value])
    assert exit_info.value.code == 2
    assert says in capsys.readouterr().err


def test_input_and_out_are_required_unless_only_converting(capsys):
    for given, said in ((["--input", "in"], "--out"), (["--out", "o", "--input-size", "64"], "--input"),
                        ([], "--input, --out (or only --save-model FILE to convert)")):
        with pytest.raises(SystemExit):
            predict.parse_args(["--model", "m.pt", *given])
        # only what is missing: "--input, --out" when --input was given sent the user looking for a typo
        assert capsys.readouterr().err == (f"predict.py: error: the following arguments are required: {said} "
                                           "(see predict.py --help)\n")
    assert predict.parse_args(["--model", "m.pt", "--save-model", "n.pt"]).input is None


def test_help_shows_input_and_out_as_required(capsys):
    """The usage line showed [--input INPUT] [--out OUT], as if a run could go without them."""
    with pytest.raises(SystemExit) as exit_info:
        predict.parse_args(["--help"])
    assert exit_info.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("usage: predict.py --model FILE --input DIR_OR_FILE --out DIR [options]\n"
                            "       predict.py --model FILE [settings the file lacks] --save-model FILE\n")
    assert "[--input" not in shown and "[--out" not in shown
    assert ("--out DIR folder for results.csv, results.txt and overlays/ (required, except with --save-model alone)"
            in " ".join(shown.split()))


# --- an ONNX export (export.py) classifies under onnxruntime, without heatmaps ---

@pytest.fixture(scope="module")
def tiny_onnx(tiny_model_file, tmp_path_factory):
    from core.models.export import export_model
    from core.models.modelfile import load_model_file
    out = tmp_path_factory.mktemp("onnx") / "tiny.onnx"
    export_model(load_model_file(tiny_model_file), "onnx", out)
    return out


def test_onnx_model_gives_the_pytorch_results_without_heatmaps(tiny_model_file, tiny_onnx, folder, tmp_path, capsys):
    code, stdout, stderr = _main(capsys, "--model", tiny_onnx, "--input", folder, "--out", tmp_path / "onnx",
                                 "--batch-size", "4")
    assert code == 0, stderr
    notes = [line for line in stderr.splitlines() if line.startswith("note:")]
    assert notes == ["note: no heatmaps with tiny.onnx: heatmaps need the PyTorch model's gradients; an ONNX file "
                     "has none: run predict.py with the .pt file for heatmaps"]
    assert "6 files: 4 classified, 2 unreadable" in stdout and "overlays" not in stdout
    assert not (tmp_path / "onnx" / "overlays").exists()
    code, _, _ = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", tmp_path / "torch",
                       "--cam", "none", "--batch-size", "4")
    onnx_rows, torch_rows = _rows(tmp_path / "onnx"), _rows(tmp_path / "torch")
    assert [(r["path"], r["predicted"], r["true_class"], r["error"] != "") for r in onnx_rows] == \
        [(r["path"], r["predicted"], r["true_class"], r["error"] != "") for r in torch_rows]
    assert all(abs(float(a["probability"]) - float(b["probability"])) <= 2e-6
               for a, b in zip(onnx_rows, torch_rows) if a["probability"])
    assert all(r["heatmap"] == "" for r in onnx_rows)


def test_onnx_model_refuses_heatmap_options(tiny_onnx, folder, tmp_path, capsys):
    code, _, stderr = _main(capsys, "--model", tiny_onnx, "--input", folder, "--out", tmp_path / "o",
                            "--layer", "layer3", "--panels")
    assert code == 2 and stderr.startswith("error: --layer, --panels are for heatmaps, and tiny.onnx gets none: "
                                           "heatmaps need the PyTorch model's gradients")
    assert not (tmp_path / "o").exists()


def test_onnx_file_from_elsewhere_uses_the_options(tiny_onnx, folder, tmp_path, capsys):
    import onnx
    proto = onnx.load(str(tiny_onnx))
    del proto.metadata_props[:]  # as another tool writes it: no GradLens metadata
    bare = tmp_path / "bare.onnx"
    onnx.save(proto, str(bare))
    code, _, stderr = _main(capsys, "--model", bare, "--input", folder, "--out", tmp_path / "o1", "--cam", "none")
    assert code == 0 and "bare.onnx was not exported by GradLens" in stderr
    assert "class names class_0..class_2 (--classes or --classes-file)" in stderr
    assert "(--input-size)" not in stderr  # its input shape says 64×64
    code, stdout, stderr = _main(capsys, "--model", bare, "--input", folder, "--out", tmp_path / "o2", "--cam", "none",
                                 "--input-size", "64", "--classes", "cat,dog,bird")
    assert code == 0 and "assumed" in stderr and "(--classes" not in stderr  # only mean/std are still assumed
    assert "accuracy " in stdout  # the folder's class folders are recognised by the stated names


def test_a_torchscript_export_is_named_as_such(tiny_model_file, folder, tmp_path, capsys):
    import export
    assert export.main(["--model", str(tiny_model_file), "--out", str(tmp_path / "tiny.ts.pt")]) == 0
    code, _, stderr = _main(capsys, "--model", tmp_path / "tiny.ts.pt", "--input", folder, "--out", tmp_path / "o")
    assert code == 2 and stderr.startswith("error: tiny.ts.pt is a TorchScript file (an export")


ROOT = Path(__file__).resolve().parents[1]
DEMO_MODEL, DEMO_IMAGES = ROOT / "weights" / "demo_fashion_mnist.pt", ROOT / "data" / "demo"


def test_cam_score_writes_each_heatmaps_faithfulness_and_a_summary(tmp_path, capsys):
    out = tmp_path / "scored"
    code = predict.main(["--model", str(DEMO_MODEL), "--input", str(DEMO_IMAGES / "Bag"), "--out", str(out),
                         "--cam-score", "--eigen-smooth", "--tta", "off"])  # heatmaps explain the plain image
    assert code == 0, capsys.readouterr().err
    with open(out / "results.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5
    for row in rows:
        assert row["faithfulness"] in ("faithful", "weak", "unfaithful", "inconclusive")
        before, after = float(row["prob_before"]), float(row["prob_without_top20"])
        assert abs(before - float(row["probability"])) < 1e-3  # the explained class is the predicted one
        assert 0 <= after <= 1 and 0 <= float(row["deletion_auc"]) <= 1 and 0 <= float(row["insertion_auc"]) <= 1
        assert row["heatmap_note"] == ""
    text = (out / "results.txt").read_text(encoding="utf-8")
    assert "heatmaps: gradcam at layer layer3, eigen-smoothed" in text
    assert "heatmap faithfulness on 5 images:" in text and "deletion AUC" in text


def test_heatmaps_that_show_nothing_are_named_in_results_csv(tmp_path, make_tiny_loaded, write_image):
    from core.models.modelfile import save_model_file
    loaded = make_tiny_loaded("resnet18", (64, 64))
    torch.nn.init.zeros_(loaded.model.fc.weight)  # a head that ignores the features: every map is empty
    save_model_file(tmp_path / "blind.pt", loaded)
    for i in range(2):
        write_image(tmp_path / "in" / f"{i}.png", seed=i)
    assert predict.main(["--model", str(tmp_path / "blind.pt"), "--input", str(tmp_path / "in"),
                         "--out", str(tmp_path / "out")]) == 0
    with open(tmp_path / "out" / "results.csv", encoding="utf-8-sig") as handle:
        assert [row["heatmap_note"] for row in csv.DictReader(handle)] == ["zero", "zero"]
    assert "heatmaps that show nothing: 2 zero" in (tmp_path / "out" / "results.txt").read_text(encoding="utf-8")


def test_sanity_check_prints_the_steps_and_a_verdict_and_writes_a_csv_instead_of_classifying(tmp_path, capsys):
    out = tmp_path / "sanity"
    code, stdout, stderr = _main(capsys, "--model", DEMO_MODEL, "--input", DEMO_IMAGES, "--out", out,
                                 "--sanity-check", "--cam", "eigencam", "--sample", "6", "--device", "cpu")
    assert code == 0, stderr
    assert "eigencam at layer3, 6 images" in stdout
    assert "eigencam at layer3 fails: with the head's weights randomised its maps are still 1.00 alike" in stdout
    with open(out / "sanity_check.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["randomised"] for row in rows] == ["head", "head to layer3", "head to layer2", "head to layer1",
                                                   "head to stem"]  # past the CAM layer's own block, layer3
    assert float(rows[0]["min"]) <= float(rows[0]["mean"]) <= float(rows[0]["max"])
    assert sorted(p.name for p in out.iterdir()) == ["sanity_check.csv"]  # no classification run


def test_sanity_check_of_grad_cam_passes_and_refuses_no_method(tmp_path, capsys):
    code, stdout, stderr = _main(capsys, "--model", DEMO_MODEL, "--input", DEMO_IMAGES, "--out", tmp_path / "s",
                                 "--sanity-check", "--sample", "8", "--device", "cpu")
    assert code == 0, stderr
    assert "gradcam at layer3 passes: with the head's weights randomised its maps keep only" in stdout
    # the smoothing options are judged as they are used: eigen-smoothed Grad-CAM follows the image more
    code, stdout, stderr = _main(capsys, "--model", DEMO_MODEL, "--input", DEMO_IMAGES, "--out", tmp_path / "e",
                                 "--sanity-check", "--sample", "8", "--device", "cpu", "--eigen-smooth")
    assert code == 0 and "gradcam at layer3 fails" in stdout, stderr
    with pytest.raises(SystemExit):
        predict.parse_args(["--model", "m.pt", "--input", "d", "--out", "o", "--sanity-check", "--cam", "none"])


@pytest.mark.parametrize("method", ["gradcam", "eigencam", "scorecam"])
def test_a_layer_without_a_map_is_refused_with_the_layers_that_have_one(tiny_model_file, folder, tmp_path, capsys,
                                                                        method):
    """--layer fc (the classifier's Linear) ended in a traceback from pytest-grad-cam ("Invalid grads shape")."""
    code, _, err = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", tmp_path / "out",
                         "--layer", "fc", "--cam", method, "--device", "cpu")
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert err.startswith("error: layer 'fc' gives no map of the image (its output has no height and width); "
                          "layers with a map: layer4 · ")
    code, _, err = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", tmp_path / "out",
                         "--layer", "bogus", "--device", "cpu")
    assert code == 2 and "layer 'bogus' not found in ResNet; layers with a map: " in err and "layer3 · " in err
    assert not (tmp_path / "out").exists()


# --- the heatmap layer is the one the window picks (core/explain/cam_layers.default_for) ---

def test_a_foreign_file_is_explained_at_the_windows_layer_and_saved_with_it(tmp_path, write_image, capsys):
    from core.models.registry import build_model
    torch.manual_seed(1)
    weights = tmp_path / "resnet18_sd.pth"
    torch.save(build_model("resnet18", 3).state_dict(), weights)
    write_image(tmp_path / "in" / "x.png", size=(30, 30), seed=1)
    # resnet18's layer4 is 1×1 at 32 px: the window defaults to layer1, the deepest block with 6×6 cells (8×8)
    code, _, stderr = _main(capsys, "--model", weights, "--input", tmp_path / "in", "--out", tmp_path / "o32",
                            "--input-size", "32", "--classes", "a,b,c")
    assert code == 0, stderr
    assert "heatmaps: gradcam at layer layer1, for the predicted class" in (tmp_path / "o32" / "results.txt").read_text(
        encoding="utf-8")
    code, _, stderr = _main(capsys, "--model", weights, "--input-size", "64", "--classes", "a,b,c",
                            "--save-model", tmp_path / "mine.pt")
    assert code == 0, stderr
    assert torch.load(tmp_path / "mine.pt", weights_only=True)["cam_layer"] == "layer2"  # 8×8; layer4 is 2×2
    code, _, stderr = _main(capsys, "--model", tmp_path / "mine.pt", "--input", tmp_path / "in", "--out",
                            tmp_path / "o64")
    assert code == 0, stderr
    assert "at layer layer2," in (tmp_path / "o64" / "results.txt").read_text(encoding="utf-8")
    code, _, stderr = _main(capsys, "--model", tmp_path / "mine.pt", "--input", tmp_path / "in", "--out",
                            tmp_path / "o4", "--layer", "layer4")  # one the user names wins
    assert code == 0, stderr
    assert "at layer layer4," in (tmp_path / "o4" / "results.txt").read_text(encoding="utf-8")


def test_a_gradlens_files_layer_stays(tmp_path, capsys):
    code, _, stderr = _main(capsys, "--model", DEMO_MODEL, "--input", DEMO_IMAGES / "Bag", "--out", tmp_path / "o")
    assert code == 0, stderr
    assert "heatmaps: gradcam at layer layer3, for the predicted class" in (tmp_path / "o" / "results.txt").read_text(
        encoding="utf-8")


# --- a foreign file's architecture: the messages say how to name it ---

def test_unrecognised_weights_say_how_to_name_the_architecture(tmp_path, capsys):
    weights = tmp_path / "theirs.pth"
    torch.save({"stem.0.weight": torch.zeros(8, 3, 3, 3), "head.fc.weight": torch.zeros(3, 8)}, weights)
    code, _, stderr = _main(capsys, "--model", weights, "--input", tmp_path, "--out", tmp_path / "o")
    assert code == 2
    assert stderr == ("error: theirs.pth: the weights match no supported architecture (nearest by parameter names: "
                      "alexnet, small_resnet_m, small_resnet_s): say which with --arch NAME (timm models as "
                      "timm/<name>, e.g. --arch timm/resnet18d), or check the file\n")


@pytest.mark.parametrize("arch, said", [
    ("convnextv2_atto", "unknown architecture 'convnextv2_atto': timm models are named timm/<name>, so --arch "
                        "timm/convnextv2_atto\n"),
    ("convnext_nano", "unknown architecture 'convnext_nano': --arch NAME takes resnet18, resnet34, resnet50, "
                      "resnet101 or 40 others (see train.py --help), or timm/<name> for any timm model\n")])
def test_an_unknown_arch_is_said_whole_with_the_timm_form(arch, said, tmp_path, capsys):
    from core.models.registry import build_model
    weights = tmp_path / "theirs.pth"
    torch.save(build_model("resnet18", 3).state_dict(), weights)
    code, _, stderr = _main(capsys, "--model", weights, "--arch", arch, "--input", tmp_path, "--out", tmp_path / "o")
    assert code == 2 and stderr == f"error: theirs.pth: {said}"


def test_a_file_naming_too_few_classes_is_blamed_not_the_user(tmp_path, capsys):
    from core.models.registry import build_model
    weights = tmp_path / "badnames.pth"
    torch.save({"state_dict": build_model("resnet18", 3).state_dict(), "class_names": ["a", "b"]}, weights)
    code, _, stderr = _main(capsys, "--model", weights, "--input", tmp_path, "--out", tmp_path / "o")
    assert code == 2 and stderr == ("error: the file names 2 classes for 3 outputs: give the names with --classes a,b,c "
                                    "or --classes-file\n")
    code, _, stderr = _main(capsys, "--model", weights, "--input", tmp_path, "--out", tmp_path / "o", "--classes", "x,y")
    assert code == 2 and stderr == "error: the model predicts 3 classes but 2 class names were given\n"


@pytest.mark.parametrize("arch", ["mobilenet_v3_small", "resnet34"])  # no such head; a head but other layers
def test_weights_of_another_architecture_are_named(arch, tmp_path, capsys):
    from core.models.registry import build_model
    weights = tmp_path / "resnet18_sd.pth"
    torch.save(build_model("resnet18", 3).state_dict(), weights)
    code, _, stderr = _main(capsys, "--model", weights, "--arch", arch, "--input", tmp_path, "--out", tmp_path / "o")
    assert code == 2 and stderr == "error: these weights are a resnet18's: --arch resnet18, or leave --arch out\n"


def test_save_model_naming_a_folder_asks_for_a_file_name(tmp_path, capsys):
    from core.models.registry import build_model
    weights = tmp_path / "theirs.pth"
    torch.save(build_model("resnet18", 3).state_dict(), weights)
    (tmp_path / "models").mkdir()
    code, _, stderr = _main(capsys, "--model", weights, "--save-model", tmp_path / "models")
    assert code == 2 and stderr == (f"error: --save-model {tmp_path / 'models'} is a folder: give the name of the "
                                    f"file to write in it ({tmp_path / 'models' / 'NAME.pt'})\n")


def test_ctrl_c_while_the_staging_folder_is_made_leaves_nothing(tiny_model_file, folder, tmp_path, monkeypatch,
                                                                capsys):
    """A Ctrl+C that lands while the hidden staging folder is being made, before its path is returned (as the
    window's classify thread, or a script driving FolderPrediction, can get it): the folder stayed in --out, and
    so did the --out folder made for it. Reproduced by interrupting the lock that marks the folder's owner."""
    import core.atomic

    def interrupted(fd):
        raise KeyboardInterrupt
    monkeypatch.setattr(core.atomic, "_lock", interrupted)
    out = tmp_path / "new" / "out"
    code, _, stderr = _main(capsys, "--model", tiny_model_file, "--input", folder, "--out", out, "--device", "cpu")
    assert code == 130, stderr
    assert "stopped by SIGINT after 0 of 6 images: nothing was written" in stderr and "Traceback" not in stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in"]  # neither out/ nor the new/ made for it
