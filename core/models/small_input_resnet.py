"""A compact ResNet for small images (16–96 px): full resolution to start, two halvings, three widths.

Every torchvision classifier opens with a stride-2 stem and a max-pool, made for 224 px: a 28-px
Fashion-MNIST image is 7×7 after it and 1×1 before the last stage. This family keeps the image's
resolution: a 3×3 stem at stride 1, no max-pool, then three stages of residual blocks (batch norm,
ReLU), the first two halving the side, so layer3 (the CAM layer) is 7×7 at 28 px and 16×16 at
64 px. Only the narrow stem works at full resolution and the channels live in the halved stages,
as in the airbench CIFAR-10 network (one convolution before its first max-pool): on a CPU, full-
resolution stages cost more than their multiply-adds say (batch norm and ReLU over large maps).
Module names follow torchvision's ResNet (layer1…, fc).

    name            stem  layer1 (½ side)  layer2 (¼)   layer3 (¼)    parameters (10 classes)
    small_resnet_s   24   32, 1 block      64, 1 block  128, 1 block  0.31 M
    small_resnet_m   24   64, 1 block     128, 1 block  192, 1 block  0.86 M
    small_resnet_l   32   64, 1 block     128, 2 blocks 256, 2 blocks 2.69 M

Training speed at 28 px on 2 CPU threads, relative to the airbench network (64/256/256, 2.0 M
parameters, 93.5 % on Fashion-MNIST in 14 min on 2 cores), in three runs on a busy machine:
s 2.1–2.4×, m 1.0–1.5×, l 0.5–0.9× (benchmarks/small_input_speed.py). With layer3 256 wide
(1.2 M parameters) m was 0.8×: 192 keeps the middle one in that network's speed class.
"""
from __future__ import annotations

from torch import nn

# name -> (stem width, then (width, residual blocks, stride of the first block) of layer1, layer2, layer3).
# A model file records only the name: a changed row no longer loads the files saved with it ("wrong shape").
SPECS = {
    "small_resnet_s": (24, ((32, 1, 2), (64, 1, 2), (128, 1, 1))),
    "small_resnet_m": (24, ((64, 1, 2), (128, 1, 2), (192, 1, 1))),
    "small_resnet_l": (32, ((64, 1, 2), (128, 2, 2), (256, 2, 1))),
}


def _conv_bn(in_channels: int, out_channels: int, stride: int = 1, kernel: int = 3) -> list[nn.Module]:
    return [nn.Conv2d(in_channels, out_channels, kernel, stride, kernel // 2, bias=False), nn.BatchNorm2d(out_channels)]


class BasicBlock(nn.Module):
    """Two 3×3 convolutions and a shortcut (a 1×1 convolution where the shape changes), as in ResNet-18."""

    def __init__(self, in_channels: int, out_channels: int, stride: int):
        super().__init__()
        self.body = nn.Sequential(*_conv_bn(in_channels, out_channels, stride), nn.ReLU(inplace=True),
                                  *_conv_bn(out_channels, out_channels))
        same = stride == 1 and in_channels == out_channels
        self.shortcut = nn.Identity() if same else nn.Sequential(*_conv_bn(in_channels, out_channels, stride, 1))
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.relu(self.body(x) + self.shortcut(x))


class SmallInputResNet(nn.Module):
    def __init__(self, stem_width: int, stages: tuple[tuple[int, int, int], ...], num_classes: int):
        """`stages`: (width, residual blocks, stride of the first block) for layer1, layer2, layer3."""
        super().__init__()
        self.stem = nn.Sequential(*_conv_bn(3, stem_width), nn.ReLU(inplace=True))
        channels = stem_width
        for index, (width, depth, stride) in enumerate(stages, start=1):
            blocks = []
            for block in range(depth):
                blocks.append(BasicBlock(channels, width, stride if block == 0 else 1))
                channels = width
            setattr(self, f"layer{index}", nn.Sequential(*blocks))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(channels, num_classes)
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
        # Every block's last batch norm starts at 1, not 0 (torchvision's zero_init_residual): these
        # stacks are 3-5 blocks deep, and a zero start left each block's branch silent for the first
        # epochs (its scale grows by the learning rate per step): on Fashion-MNIST, 80 Adam steps
        # reached 68 % with zero starts and 77 % without; 2 one-cycle epochs on 20,000 images 74 % vs 82 %.

    def forward(self, x):
        x = self.layer3(self.layer2(self.layer1(self.stem(x))))
        return self.fc(self.pool(x).flatten(1))


def build(name: str, num_classes: int) -> SmallInputResNet:
    stem_width, stages = SPECS[name]
    return SmallInputResNet(stem_width, stages, num_classes)
