"""Where an architecture's pretrained weights come from and where they are kept once downloaded.

Shared by torchvision's weights (core/models/pretrained.py) and timm's (core/models/timm_backbones.py),
so one downloader (core/models/weights_download.py) serves both, with one progress bar, one mirror
setting and one set of messages. Torch-free: the window asks it for sizes without importing torch.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WeightsSource:
    url: str  # where the file comes from before any mirror is applied
    path: Path  # where the file is kept once downloaded (inside the torch hub cache)
    size: int | None = None  # bytes, when known before downloading ("downloads 44.7 MB")
    sha256_prefix: str | None = None  # torch.hub's hash prefix from the file name ("-f37072fd.pth"), checked
    kind: str = "torchvision"  # how the file becomes a model's weights: "torchvision" or "timm"

    @property
    def cached(self) -> bool:
        return self.path.is_file()
