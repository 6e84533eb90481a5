"""Every reason core gives for a model file the window cannot use, and the notes it writes while loading
one, have a template, so the window can say them in its language (predict.py keeps core's English)."""
import pickle
import re

import pytest
import torch

from core.models.model_settings import ModelSettings
from core.models.modelfile import ModelFileError, load_model_file
from core.models.registry import build_model
from ui.model_problem_text import said


def marked(template: str) -> str:
    """A stand-in language: every translated template shows in «»."""
    return f"«{template}»"


class _RunsACommand:
    def __reduce__(self):
        import os
        return os.system, ("true",)


def reason(path, **settings) -> str:
    with pytest.raises(ModelFileError) as raised:
        load_model_file(path, settings=ModelSettings(**settings))
    return str(raised.value)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("models")
    torch.manual_seed(0)
    resnet = build_model("resnet18", 3)
    (folder / "folder.pt").mkdir()
    (folder / "empty.pt").write_bytes(b"")
    (folder / "notmodel.pt").write_text("this is not a model\n")
    (folder / "photo.pt").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    (folder / "export.onnx").write_bytes(b"onnx")
    torch.save(resnet, folder / "whole.pt")
    torch.save(resnet.state_dict(), folder / "weights.pt")
    (folder / "cut.pt").write_bytes((folder / "weights.pt").read_bytes()[:5000])
    torch.save({"epoch": 3, "lr": 0.1}, folder / "noweights.pt")
    with open(folder / "evil.pt", "wb") as handle:
        pickle.dump({"weights": _RunsACommand()}, handle, protocol=4)
    return folder


def test_each_reason_a_user_meets_has_a_template(files):
    names = ["folder.pt", "missing.pt", "empty.pt", "notmodel.pt", "photo.pt", "export.onnx", "whole.pt", "evil.pt",
             "cut.pt", "noweights.pt"]
    reasons = [(name, reason(files / name)) for name in names] + [
        ("weights.pt", reason(files / "weights.pt", arch="mobilenet_v3_small")),
        ("weights.pt", reason(files / "weights.pt", class_names=("a", "b")))]
    assert len({text for _, text in reasons}) == len(reasons)
    for name, text in reasons:
        shown = said(text, name, marked)
        assert "«" in shown, text
        assert name in shown or name not in text, (text, shown)


def test_a_gradlens_file_that_contradicts_itself_is_said_damaged_with_its_counts(tiny_model_file, tmp_path):
    saved = torch.load(tiny_model_file, weights_only=True)
    torch.save({**saved, "arch": "resnet34"}, tmp_path / "arch.pt")
    torch.save({**saved, "class_names": ["cat"]}, tmp_path / "one.pt")
    assert said(reason(tmp_path / "arch.pt"), "arch.pt", marked) == (
        "«arch.pt is damaged: it says resnet34, but holds a resnet18's weights; no option opens it, use an undamaged "
        "copy»")
    assert said(reason(tmp_path / "one.pt"), "one.pt", marked) == (
        "«one.pt is damaged: it names «1 class» for its «3 outputs»; no option opens it, use an undamaged copy»")


def test_layers_of_the_wrong_shape_are_counted_in_english_and_said_in_the_windows_language(files, tmp_path):
    """Core said "1 layer(s) have the wrong shape"."""
    weights = torch.load(files / "weights.pt", weights_only=True)
    weights["conv1.weight"] = torch.zeros(64, 1, 7, 7)
    torch.save(weights, tmp_path / "one.pt")
    weights["layer1.0.conv1.weight"] = torch.zeros(64, 64, 1, 1)
    torch.save(weights, tmp_path / "two.pt")
    one, two = reason(tmp_path / "one.pt", arch="resnet18"), reason(tmp_path / "two.pt", arch="resnet18")
    assert one.startswith("1 layer has the wrong shape for resnet18 (conv1.weight: file (64, 1, 7, 7)")
    assert two.startswith("2 layers have the wrong shape for resnet18 (conv1.weight: ")
    assert said(one, "one.pt", marked).startswith("«1 layer has the wrong shape for resnet18 (")
    assert said(two, "two.pt", marked).startswith("«2 layers have the wrong shape for resnet18 (")


def test_what_a_file_really_is_is_said_too(files):
    shown = said(reason(files / "notmodel.pt"), "notmodel.pt", marked)
    assert shown == "«notmodel.pt is not a model file: it is «text starting 'this is not a model'»»"
    assert said(reason(files / "photo.pt"), "photo.pt", marked) == "«photo.pt is not a model file: it is «a JPEG image»»"


def test_the_pickle_refusal_in_the_window_names_no_command_line_option(files):
    text = reason(files / "whole.pt")
    assert "--trust-pickle" in text  # predict.py's words
    shown = said(text, "whole.pt")
    assert "--trust-pickle" not in shown and "in the window" not in shown
    assert shown.startswith("whole.pt contains code: it is a whole pickled model (")
    assert "you may open it anyway, or convert it once to plain weights with: python -c \"import torch;" in shown


def test_notes_of_a_load_have_templates(files, tiny_model_file):
    notes = load_model_file(files / "weights.pt").notes + load_model_file(
        tiny_model_file, settings=ModelSettings(input_size=(32, 32), resize_mode="letterbox")).notes
    assert len(notes) >= 3
    for note in notes:
        if note.startswith("not in the file, so assumed"):  # never shown: the window asks instead (Model Settings)
            continue
        assert said(note, "weights.pt", marked).startswith("«"), note
    assert said("input size 32×32 as given, not the file's 64×64", "tiny.pt", marked) == (
        "«input size 32×32 as given, not the file's 64×64»")


def test_the_file_name_core_puts_in_front_stays_and_the_rest_is_said():
    text = "x.pt: the weights have no classifier head (fc.bias, fc.weight)"
    assert said(text, "x.pt", marked) == "«{0}: {1}»".format(
        "x.pt", "«the weights have no classifier head (fc.bias, fc.weight)»")
    assert said(text, "x.pt") == text  # the English window: as core says it
    parts = ("the weights are not a resnet18: missing 2 (e.g. fc.weight, fc.bias); unexpected 1 (e.g. head.w) "
             "parameter names")
    assert said(parts, "x.pt", marked) == ("«the weights are not a resnet18: «missing 2 (e.g. fc.weight, fc.bias)»; "
                                           "«unexpected 1 (e.g. head.w)» parameter names»")


def test_the_reasons_the_window_answers_with_a_question_stay_as_core_says_them():
    """app/controller.py asks "Which architecture?" when a reason says "say which with --arch NAME"."""
    text = "x.pt: the weights fit several architectures (resnet18, resnet18_small_input); say which with --arch NAME"
    assert said(text, "x.pt", marked) == text
    assert said("something new", "x.pt", marked) == "something new" and said(None, "x.pt") is None
    assert re.search("[\u4e00-\u9fff]", said("model file not found: /a/b.pt", "b.pt")) is None  # English window
