"""An exponential moving average (EMA) of the weights: what a run validates, keeps and tests.

torch.optim.swa_utils.AveragedModel with torchvision's recipe settings: updated after every
optimizer step, batch-norm buffers (running mean and variance) averaged too (`use_buffers`), so
the averaged copy needs no extra pass over the data before it can be evaluated. The decay warms up
as timm's ModelEmaV3 does, min(decay, (1 + n) / (10 + n)) after n updates: a fixed 0.999 would
keep the random (or ImageNet) start for the first thousand steps, longer than many short runs.

With EMA on, the run's validation metrics are the average's, best.pt holds the average from the
epoch whose average validated best, and the final test uses it. last.pt keeps the trained weights
as its model (what training continues from) and the average beside them in its resume state.
"""
from __future__ import annotations

import dataclasses

from torch import nn
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn


class WeightAverage:
    def __init__(self, model: nn.Module, decay: float):
        if not 0 < decay < 1:
            raise ValueError(f"EMA decay must be in (0, 1), got {decay}")
        self.decay, self.updates = decay, 0
        self.averaged = AveragedModel(model, multi_avg_fn=self._average, use_buffers=True)
        self.averaged.eval()

    @property
    def module(self) -> nn.Module:
        """The averaged network, shaped like the model (its state_dict has the model's keys)."""
        return self.averaged.module

    def current_decay(self) -> float:
        return min(self.decay, (1 + self.updates) / (10 + self.updates))

    def _average(self, averaged, current, n_averaged) -> None:
        get_ema_multi_avg_fn(self.current_decay())(averaged, current, n_averaged)

    def update(self, model: nn.Module) -> None:
        """Fold the model's weights in, after an optimizer step."""
        self.averaged.update_parameters(model)
        self.updates += 1

    def record(self, record):
        """The run's LoadedModel with the averaged network in place of the trained one (for best.pt)."""
        return dataclasses.replace(record, model=self.module)

    def state_dict(self) -> dict:
        return self.averaged.state_dict()

    def load_state_dict(self, state: dict) -> None:
        self.averaged.load_state_dict(state)
        self.updates = int(self.averaged.n_averaged)


def weight_average(model: nn.Module, config) -> WeightAverage | None:
    """The run's weight average, or None when EMA is off (decay 0)."""
    return WeightAverage(model, config.ema) if config.ema else None
