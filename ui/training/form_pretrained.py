"""The training form's starting weights when the user has not chosen them, and what follows from them.

ImageNet weights are the default where they are no wait (already in the torch cache) or a short
one (the weights host answered, so the file can be downloaded when training starts); otherwise
random weights, as before. With ImageNet weights comes fine-tuning: the backbone frozen for the
first epochs (trainconfig.fine_tuning_freeze_epochs, the rule train.py follows too), then trained
at the learning rate × the backbone LR scale (the schema's 0.1, which the freeze brings into
effect). A value the user set (by hand, a preset, a resumed run, the remembered form) is never
replaced: the form keeps `chosen`, the keys set by the user.
"""
from __future__ import annotations

from core.training.trainconfig import DEFAULTS, fine_tuning_freeze_epochs


class PretrainedDefaults:
    """Mixed into TrainForm, which provides _controls, _known, _chosen, _quiet, values() and
    _running."""

    def set_pretrained_weights(self, weights: dict) -> None:
        """Architecture name -> {"size": bytes or None, "cached": bool}, or None where it has no
        ImageNet weights (app/weights_flow.py lists them off the GUI thread)."""
        self._known.weights = dict(weights)
        self._defaults_changed()

    def set_weights_online(self, online: bool) -> None:
        """Whether the weights host (or the mirror) answered: ImageNet weights are the default then."""
        self._known.online = bool(online)
        self._defaults_changed()

    def set_weights_host(self, host: str) -> None:
        """Where downloads come from, as the user knows it: the mirror's host, or PyTorch's."""
        self._known.host = host
        self._update_enabled()

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
        """Set the weights and the freeze epochs where the user has not chosen them; no signals."""
        if self._running:
            return  # the form shows the running job's settings
        self._quiet += 1  # not _quietly(): its end would come back here
        try:
            if "pretrained" not in self._chosen:
                self._controls["pretrained"].set_value("torchvision" if self._imagenet_by_default() else None)
            values = self.values()
            if "freeze_epochs" not in self._chosen:
                self._controls["freeze_epochs"].set_value(fine_tuning_freeze_epochs(values["epochs"])
                                                          if values["pretrained"] == "torchvision"
                                                          else DEFAULTS["freeze_epochs"])
        finally:
            self._quiet -= 1

    def _imagenet_by_default(self) -> bool:
        weights = self._known.weights.get(self.values()["model"])
        return bool(weights) and (weights.get("cached") or self._known.online)
