"""The training form's starting weights when the user has not chosen them, and what follows from them.

ImageNet weights are the default where they are no wait (already in the torch cache) or a short
one (the weights host answered, so the file can be downloaded when training starts); otherwise
random weights, as before. With ImageNet weights come the fine-tuning defaults: the backbone
frozen for the first epochs (core/training/fine_tuning.py's rule), then trained at a lower
learning rate. A value the user set (by hand, a preset, a resumed run, the remembered form) is
never replaced: the form keeps `chosen`, the keys set by the user.
"""
from __future__ import annotations

from core.training.trainconfig import DEFAULTS

FOLLOWERS = ("freeze_epochs", "backbone_lr_scale")  # what ImageNet weights change unless chosen
FINE_TUNING_LR_SCALE = 0.1  # torchvision's and fastai's usual backbone rate after the freeze


def fine_tuning_freeze_epochs(epochs: int) -> int:
    """Epochs with the backbone frozen when fine-tuning: the head first, for a fifth of the run
    (one epoch at least, none for a one-epoch run: freeze epochs must be fewer than epochs)."""
    return 0 if epochs < 2 else max(1, min(epochs - 1, round(epochs / 5)))


class PretrainedDefaults:
    """Mixed into TrainForm, which provides _controls, _known, _chosen, _quiet, values() and
    _running."""

    def set_pretrained_weights(self, weights: dict) -> None:
        """Architecture name -> {"size": bytes or None, "cached": bool}, or None where it has no
        ImageNet weights (app/architecture_choices.py computes it off the GUI thread)."""
        self._known.weights = dict(weights)
        self._defaults_changed()

    def set_weights_online(self, online: bool) -> None:
        """Whether the weights host (or the mirror) answered: ImageNet weights are the default then."""
        self._known.online = bool(online)
        self._defaults_changed()

    def set_weights_cached(self, model: str) -> None:
        """The weights of `model` are in the cache now (downloaded): say "cached" from now on."""
        weights = self._known.weights.get(model)
        if weights:
            self._known.weights[model] = {**weights, "cached": True}
            self._defaults_changed()

    def chosen(self) -> list[str]:
        """The keys whose values the user set, which defaults never change."""
        return sorted(self._chosen)

    def _defaults_changed(self) -> None:
        self._apply_defaults()
        self._update_enabled()
        self._revalidate()

    def _apply_defaults(self) -> None:
        """Set the weights and their followers the user has not chosen; no signals."""
        if self._running:
            return  # the form shows the running job's settings
        self._quiet += 1  # not _quietly(): its end would come back here
        try:
            if "pretrained" not in self._chosen:
                self._controls["pretrained"].set_value("torchvision" if self._imagenet_by_default() else None)
            values = self.values()
            imagenet = values["pretrained"] == "torchvision"
            if "freeze_epochs" not in self._chosen:
                freeze = fine_tuning_freeze_epochs(values["epochs"]) if imagenet else DEFAULTS["freeze_epochs"]
                self._controls["freeze_epochs"].set_value(freeze)
            if "backbone_lr_scale" not in self._chosen:
                self._controls["backbone_lr_scale"].set_value(
                    FINE_TUNING_LR_SCALE if imagenet else DEFAULTS["backbone_lr_scale"])
        finally:
            self._quiet -= 1

    def _imagenet_by_default(self) -> bool:
        weights = self._known.weights.get(self.values()["model"])
        return bool(weights) and (weights.get("cached") or self._known.online)
