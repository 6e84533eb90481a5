"""Run checkpoints: best.pt and last.pt are GradLens model files; last.pt also holds resume state.

Resume state is everything needed to continue as if never stopped: optimizer, scheduler, the
epoch just finished, the best metric so far, the metrics history and every RNG's state, and the
weight average (EMA, core/training/ema.py) when the run keeps one: last.pt's model is always the
trained weights, which training continues from; best.pt is the average when there is one.
"""
from __future__ import annotations

import random

import numpy as np
import torch

from core.models.modelfile import LoadedModel, ModelFileError, read_model_file, save_model_file


def rng_state() -> dict:
    # numpy's state holds an array: store it as a tensor so the file still loads with weights_only.
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    return {
        "torch": torch.get_rng_state(),
        "numpy": {"kind": kind, "keys": torch.from_numpy(keys.astype(np.int64)), "pos": int(pos),
                  "has_gauss": int(has_gauss), "cached": float(cached)},
        "python": _python_rng_state(),
    }


def restore_rng_state(state: dict) -> None:
    torch.set_rng_state(state["torch"])
    n = state["numpy"]
    np.random.set_state((n["kind"], n["keys"].numpy().astype(np.uint32), n["pos"], n["has_gauss"], n["cached"]))
    p = state["python"]
    random.setstate((p["version"], tuple(p["internal"].tolist()), p["gauss"]))


def _python_rng_state() -> dict:
    version, internal, gauss = random.getstate()
    return {"version": version, "internal": torch.tensor(internal, dtype=torch.int64), "gauss": gauss}


def save_last(path, loaded: LoadedModel, optimizer, scheduler, epoch: int, best: float | None,
              history: list[dict], scaler=None, ema=None) -> None:
    save_model_file(path, loaded, extra={"resume": {
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "scaler": scaler.state_dict() if scaler is not None else None,
        "epoch": epoch,
        "best": best,
        "history": history,
        "rng": rng_state(),
        "ema": {k: v.detach().cpu() for k, v in ema.state_dict().items()} if ema is not None else None,
    }})


def restore_ema(ema, state: dict) -> None:
    """Put last.pt's weight average back; a run without one (EMA off) has nothing to restore."""
    if ema is not None:
        if not state.get("ema"):
            raise ValueError("last.pt holds no weight average (EMA) to continue")
        ema.load_state_dict(state["ema"])


def read_resume_state(path) -> dict:
    raw = read_model_file(path)
    if not isinstance(raw, dict) or "resume" not in raw:
        raise ModelFileError(f"{path} has no resume state (only last.pt of a GradLens run can be resumed)")
    return raw
