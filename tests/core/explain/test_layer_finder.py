"""The layer finder ranks layers by how faithful their heatmaps are, and leaves the model alone."""
import numpy as np
import pytest
import torch

from core.explain.cam_layers import LayerMap
from core.explain.layer_finder import LayerScore, find_best_layer, rank, sample_paths
from tests.core.explain.test_cam import trained  # noqa: F401  (the fixture: a tiny CNN on coloured squares)


@pytest.fixture(scope="module")
def sample(trained):  # noqa: F811
    model, preprocess, held_out = trained
    return model, torch.stack([preprocess(image) for image, _, _ in held_out[:16]])


def test_the_informative_layer_ranks_above_the_flat_one_and_the_model_is_untouched(sample):
    model, batch = sample
    before = {name: value.clone() for name, value in model.state_dict().items()}
    hooks_before = sum(len(m._forward_hooks) for m in model.modules())
    # "8": the last conv block, 14×18 maps that find the coloured square; "4": the block before, 28×36,
    # as faithful on this easy task; "11": the global pooling, a 1×1 map, the same flat colour whatever
    # the image. The flat one is listed first on purpose.
    layers = [LayerMap("11", (1, 1)), LayerMap("8", (14, 18)), LayerMap("4", (28, 36))]
    finding = find_best_layer(model, None, batch, "8", "gradcam", layers=layers)
    assert [row.name for row in finding.rows] == ["4", "8", "11"]  # as good, then finer first; flat last
    assert finding.proposal == "4" and finding.images == 16
    by_name = {row.name: row for row in finding.rows}
    assert min(by_name["4"].share, by_name["8"].share) > 0.5 > 0.15 > by_name["11"].share
    assert by_name["8"].verdicts["faithful"] >= 10 and sum(by_name["8"].verdicts.values()) == 16
    assert by_name["8"].insertion_auc - by_name["8"].deletion_auc > by_name["11"].insertion_auc - by_name["11"].deletion_auc
    from ui.viewer.layer_finder_dialog import finding_reason  # the sentence is the window's, in its language
    said = finding_reason(str, finding)
    assert said.startswith("4 · 28×36: removing the 20% it highlights takes ")
    assert "11 · 1×1: " in said
    assert all(torch.equal(value, model.state_dict()[name]) for name, value in before.items())
    assert sum(len(m._forward_hooks) for m in model.modules()) == hooks_before
    assert not model.training and all(p.grad is None for p in model.parameters())


def test_a_finer_map_wins_within_the_noise_and_a_clearly_better_one_wins_outright():
    def row(name, size, share, margin=0.1):
        return LayerScore(name, size, share, 10.0, 0.5 - margin / 2, 0.5 + margin / 2, {}, 1.0)
    coarse, fine, finest, failed = (row("layer4", (3, 3), 0.42), row("layer3", (6, 6), 0.40),
                                    row("layer2", (12, 12), 0.20), LayerScore("x", (6, 6), None, None, None, None))
    assert [r.name for r in rank([coarse, fine, finest, failed])] == ["layer3", "layer4", "layer2", "x"]
    clearly = row("layer4", (3, 3), 0.60)
    assert [r.name for r in rank([fine, clearly])] == ["layer4", "layer3"]


def test_the_sample_is_spread_over_the_whole_folder():
    paths = [f"{i}.png" for i in range(100)]
    chosen = sample_paths(paths, 16)
    assert len(chosen) == 16 and chosen[0] == "0.png" and chosen[-1] == "99.png"
    assert len(set(chosen)) == 16 and np.all(np.diff([int(p[:-4]) for p in chosen]) >= 6)
    assert sample_paths(paths[:5], 16) == paths[:5]


def test_the_stem_is_never_a_candidate():
    from core.explain.layer_finder import candidates
    from core.models.registry import build_model
    model = build_model("resnet18", 3).eval()
    names = {m.name: m.size for m in candidates(model, "resnet18", (96, 96), "layer4")}
    assert "layer3" in names and "layer2" in names  # 6×6 and 12×12: 16 and 8 pixels per cell
    assert all(96 / size[0] >= 4 for size in names.values())
    assert not {"conv1", "bn1", "relu"} & set(names)  # 48×48: two pixels per cell, an edge map
