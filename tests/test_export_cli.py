"""export.py: the command line contract (what it prints, exit codes, never a traceback)."""
import subprocess
import sys
from pathlib import Path

import onnxruntime
import pytest

import export
from core.models import export as export_module

REPO = Path(__file__).resolve().parents[1]


def _main(capsys, *argv):
    code = export.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_onnx_export_is_written_and_checked(tiny_model_file, tmp_path, write_image, capsys):
    for i in range(3):
        write_image(tmp_path / "check" / f"{i}.png", size=(50, 70), seed=i)
    out = tmp_path / "tiny.onnx"
    code, stdout, stderr = _main(capsys, "--model", tiny_model_file, "--out", out, "--check-images", tmp_path / "check")
    assert code == 0, stderr
    written, checked = stdout.strip().splitlines()
    assert written.startswith(f"wrote {out} (") and "ONNX opset 18, dynamic batch" in written
    assert checked.startswith("checked on 3 images from ") and "(≤ 1e-4), same top-1 on 3/3" in checked
    session = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    assert session.get_modelmeta().custom_metadata_map["class_names"] == '["cat", "dog", "bird"]'
    # Asked again: the file is there, and it stays as it is.
    before = out.read_bytes()
    code, stdout, stderr = _main(capsys, "--model", tiny_model_file, "--out", out, "--format", "onnx")
    assert code == 2 and stderr.startswith(f"error: {out} already exists") and "--overwrite" in stderr
    assert out.read_bytes() == before and stdout == ""


def test_a_model_that_cannot_be_exported_exits_1_in_one_line(tiny_model_file, tmp_path, capsys, monkeypatch):
    def refuse(model, example, values):
        raise RuntimeError("Exporting the operator 'aten::frobnicate' to ONNX opset version 18 is not supported. "
                           "Please feel free to request support\nTorch IR graph at exception: graph(...)")
    monkeypatch.setattr(export_module, "_to_onnx", refuse)
    out = tmp_path / "tiny.onnx"
    code, stdout, stderr = _main(capsys, "--model", tiny_model_file, "--out", out)
    assert code == 1 and stdout == "" and not out.exists()
    assert stderr == ("error: cannot export resnet18 to ONNX: RuntimeError: Exporting the operator 'aten::frobnicate' "
                      "to ONNX opset version 18 is not supported.\n")


def test_bad_arguments_and_inputs(tiny_model_file, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        export.main(["--model", str(tiny_model_file), "--out", str(tmp_path / "model.bin")])
    assert stopped.value.code == 2 and "--format onnx or --format torchscript" in capsys.readouterr().err
    code, _, stderr = _main(capsys, "--model", tmp_path / "nope.pt", "--out", tmp_path / "m.onnx")
    assert code == 2 and stderr.startswith("error: model file not found")
    code, _, stderr = _main(capsys, "--model", tiny_model_file, "--out", tmp_path / "m.pt",
                            "--check-images", tmp_path / "no_such_dir")
    assert code == 2 and stderr == f"error: --check-images {tmp_path / 'no_such_dir'} does not exist\n"
    assert not (tmp_path / "m.pt").exists()


def test_arguments_are_parsed_before_torch_is_imported():
    probe = "import sys, export; export.parse_args(['--model', 'm.pt', '--out', 'm.onnx']); print('torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
