"""A float16 step that GradScaler skips (overflowed gradients, as on a CUDA run's first batches) still counts
in the learning-rate schedule, without PyTorch's warning about the order of the two steps."""
import warnings

import torch
from torch import nn

from core.training.engine import Step, train_one_epoch
from core.training.schedule import make_scheduler
from core.training.trainconfig import TrainConfig


def run_epoch(step: Step, model: nn.Module, loader) -> None:
    epoch = train_one_epoch(step, model, loader, 1, 1, lambda: False)
    for _ in epoch:
        pass


def test_a_step_the_scaler_skips_moves_the_schedule_on_without_a_warning():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(12, 2))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = make_scheduler(optimizer, 2, TrainConfig(data="d", epochs=1))
    # The CPU's GradScaler works as CUDA's does; a scale near float32's largest value overflows every gradient.
    scaler = torch.amp.GradScaler("cpu", init_scale=3e38)
    step = Step(model, nn.CrossEntropyLoss(), optimizer, scheduler, scaler, torch.device("cpu"),
                torch.contiguous_format, False, 0.0)
    before = [p.detach().clone() for p in model.parameters()]
    loader = [(torch.full((2, 3, 2, 2), 100.0), torch.tensor([0, 1]))]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run_epoch(step, model, loader)
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters())), "the scaler did not skip the step"
    assert scaler.get_scale() < 3e38
    assert scheduler.last_epoch == 1
    assert not [w for w in caught if "lr_scheduler.step()" in str(w.message)], [str(w.message) for w in caught]
