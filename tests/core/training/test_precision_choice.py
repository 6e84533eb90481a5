"""bfloat16 or float32 on a CPU that computes bfloat16 in hardware: bfloat16 trains most networks faster
(small_resnet_l at 28 px: 2.1-2.6×, resnet18 at 224 px: 2.9×), the MobileNetV3 family slower (mobilenet_v3_small:
0.51-0.61×), so those train in float32, and a time budget times each candidate in the precision it trains in."""
from pathlib import Path

import pytest
import torch

from core.training import budget, budget_run, precision_choice
from core.training import train as train_module
from core.training.precision_choice import bfloat16_pays, precision_sentence
from core.training.train_events import Message
from core.training.trainconfig import TrainConfig

DEMO = Path(__file__).resolve().parents[3] / "data" / "demo"


def test_only_the_networks_measured_slower_in_bfloat16_train_in_float32_and_the_log_says_why():
    assert bfloat16_pays("resnet18") and bfloat16_pays("small_resnet_l") and bfloat16_pays("mobilenet_v2")
    assert not bfloat16_pays("mobilenet_v3_small") and not bfloat16_pays("mobilenet_v3_large")
    assert precision_sentence("resnet18").startswith("mixed precision: this CPU computes bfloat16 in hardware, so "
                                                     "training runs its convolutions in bfloat16")
    assert precision_sentence("mobilenet_v3_small") == (
        "float32: this CPU computes bfloat16 in hardware, but mobilenet_v3_small trains at about 0.60× float32's "
        "speed in it, so training runs in float32")


@pytest.mark.parametrize("slower", [False, True])
def test_a_time_budget_times_each_candidate_in_the_precision_it_trains_in(tmp_path, monkeypatch, slower):
    monkeypatch.setattr(budget_run, "mixed_precision_pays", lambda device: True)
    monkeypatch.setattr(train_module, "mixed_precision_pays", lambda device: True)
    if slower:  # as if small_resnet_s were mobilenet_v3_small
        monkeypatch.setitem(precision_choice.SLOWER_IN_BFLOAT16, "small_resnet_s", 0.55)
    timed = []
    monkeypatch.setattr(budget_run, "measure_rate", lambda name, *args, amp: timed.append((name, amp)) or 1.0)
    monkeypatch.setattr(budget, "MAX_EPOCHS", 2)
    dtypes = set()
    original = torch.nn.Conv2d.forward
    monkeypatch.setattr(torch.nn.Conv2d, "forward",
                        lambda self, x: (lambda y: (self.training and dtypes.add(y.dtype), y)[1])(original(self, x)))
    events = list(train_module.train(TrainConfig(data=str(DEMO), out=str(tmp_path / "runs"), input_size=(28, 28),
                                                 budget="1min", workers=0, seed=0)))
    said = [e.text for e in events if isinstance(e, Message)]
    assert timed == [("small_resnet_s", not slower)] * 2  # the candidate, then its progressive resizing start size
    assert any(t.startswith("float32: this CPU computes bfloat16 in hardware, but small_resnet_s") for t in said) is slower
    assert dtypes == ({torch.float32} if slower else {torch.bfloat16})
