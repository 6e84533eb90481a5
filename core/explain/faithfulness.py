"""How faithful a heatmap is: what happens to the prediction when the region it highlights is removed.

A heatmap claims "the model looked here". The claim is checked the way the literature checks it
(RISE's deletion and insertion curves, ROAD's removal): take away the highest-ranked pixels and
watch the class probability. Pixels are removed by blurring them, not by painting them black: a
black box is something the model never saw in training and may react to for its own sake (ROAD,
Rong et al. 2022), while a heavy blur keeps colour and brightness and only takes away detail.

The same removal at the same fraction of randomly chosen pixels is the yardstick: a map is worth
something only if removing what it points at hurts more than removing as much at random.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

FRACTIONS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0)  # of the pixels, most relevant first
HEADLINE = 0.2  # "removing the highlighted 20 % drops …"
CHUNK = 32  # images per forward pass while scoring
INCONCLUSIVE = 0.05  # a whole-image removal that changes the probability less than this tests nothing


@dataclass(frozen=True)
class Faithfulness:
    """One heatmap's scores; probabilities are those of the explained class."""
    before: float  # with nothing removed
    after: float  # with the highlighted HEADLINE fraction removed
    after_random: float  # with as many random pixels removed
    deletion_auc: float  # area under probability vs fraction removed, most relevant first: low is good
    insertion_auc: float  # area under probability vs fraction restored into the blurred image: high is good
    deletion: tuple[float, ...]  # the curves, at FRACTIONS
    insertion: tuple[float, ...]

    @property
    def removable(self) -> float:
        """What removing everything takes from the class probability: the most any region can take."""
        return self.before - self.deletion[-1]

    @property
    def share(self) -> float | None:
        """The part of `removable` that the highlighted HEADLINE fraction takes beyond as many random
        pixels (0..1), or None when blurring the whole image barely changes the prediction, so that
        removal cannot test the map (a class told by colour alone, which blurring keeps)."""
        if self.removable < INCONCLUSIVE:
            return None
        return float(np.clip((self.after_random - self.after) / self.removable, 0.0, 1.0))

    @property
    def verdict(self) -> str:
        """'faithful', 'weak', 'unfaithful' or 'inconclusive': the word shown with the number."""
        share = self.share
        if share is None:
            return "inconclusive"
        return "faithful" if share >= 0.5 else "weak" if share >= 0.15 else "unfaithful"


def blurred(batch: torch.Tensor) -> torch.Tensor:
    """The images with their detail taken away: a box blur over a quarter of the shorter side, applied
    twice (close to a Gaussian), on the normalised tensor, so colour and brightness stay."""
    side = max(3, (min(batch.shape[-2:]) // 4) | 1)
    pad = side // 2
    out = batch
    for _ in range(2):
        out = nn.functional.avg_pool2d(nn.functional.pad(out, (pad, pad, pad, pad), mode="replicate"), side, stride=1)
    return out


def score_maps(model: nn.Module, batch: torch.Tensor, maps: np.ndarray, targets, seed: int = 0) -> list[Faithfulness]:
    """Faithfulness of each map (batch, height, width, any scale) for its image and target class index."""
    model.eval()
    device = next(model.parameters()).device
    batch = batch.to(device)
    base = blurred(batch)
    count, height, width = len(batch), batch.shape[-2], batch.shape[-1]
    order = torch.as_tensor(np.asarray(maps, dtype=np.float32).reshape(count, -1), device=device)
    # Rank pixels by relevance; ties (flat regions) broken at random so a flat map ranks like noise.
    generator = torch.Generator(device="cpu").manual_seed(seed)
    jitter = torch.rand(order.shape, generator=generator).to(device) * 1e-6
    ranks = torch.empty_like(order, dtype=torch.long)
    ranks.scatter_(1, torch.argsort(order + jitter, dim=1, descending=True),
                   torch.arange(order.shape[1], device=device).expand(count, -1))
    random_ranks = torch.argsort(torch.rand(order.shape, generator=generator), dim=1).to(device)
    pixels = height * width

    def with_removed(rank_table, fraction, insertion=False):
        keep = (rank_table < round(fraction * pixels)).reshape(count, 1, height, width)
        return torch.where(keep, batch, base) if insertion else torch.where(keep, base, batch)

    # Both curves start or end at the image itself and at the whole image blurred: each is computed once.
    inner = FRACTIONS[1:-1]
    variants = ([batch, base] + [with_removed(ranks, f) for f in inner] + [with_removed(ranks, f, True) for f in inner]
                + [with_removed(random_ranks, HEADLINE)])
    stacked = torch.cat(variants)  # (variants × count, C, H, W), variant-major
    target = torch.as_tensor(list(targets), dtype=torch.long, device=device).repeat(len(variants))
    probs = []
    with torch.inference_mode():
        for start in range(0, len(stacked), CHUNK):
            logits = model(stacked[start:start + CHUNK]).float()
            probs.append(torch.softmax(logits, dim=1).gather(1, target[start:start + CHUNK, None])[:, 0])
    table = torch.cat(probs).reshape(len(variants), count).T.cpu().numpy()
    steps = len(inner)
    headline = FRACTIONS.index(HEADLINE)
    results = []
    for row in table:
        image, whole_blur = row[0], row[1]
        deletion = np.concatenate([[image], row[2:2 + steps], [whole_blur]])
        insertion = np.concatenate([[whole_blur], row[2 + steps:2 + 2 * steps], [image]])
        results.append(Faithfulness(
            before=float(deletion[0]), after=float(deletion[headline]), after_random=float(row[-1]),
            deletion_auc=float(np.trapezoid(deletion, FRACTIONS)), insertion_auc=float(np.trapezoid(insertion, FRACTIONS)),
            deletion=tuple(float(v) for v in deletion), insertion=tuple(float(v) for v in insertion)))
    return results
