"""Which networks train slower in bfloat16 than in float32 on a CPU that computes bfloat16 in hardware.

Such a CPU (AMX, AVX-512 BF16) speeds most networks up in bfloat16: bare training steps on 2 Xeon
cores with AMX ran small_resnet_l at 28 px 2.1-2.6× as fast, resnet18_small_input at 32 px 2.2-2.3×,
resnet18 at 224 px 2.6-3.0×, regnet_y_400mf 1.7×; mobilenet_v2, efficientnet_b0 and shufflenet_v2
about 1× (benchmarks/cpu_precision.py). The MobileNets from v3 on are the exception: their depthwise
convolutions and hard-swish have no fast bfloat16 kernels there; mobilenet_v3_small trained at
0.51-0.61× float32's speed (a time budget's network for large images on a small budget),
mobilenet_v3_large at 0.79-0.82×, timm's mobilenetv4_conv_small at 0.83-0.86×. Timing each run's
network at its start instead was tried: on a machine busy with other work a few steps gave resnet18
anything from 0.3× to 3.4×, enough to train it 3× slower, so the choice rests on these measurements.
"""
from __future__ import annotations

# bfloat16's training speed as a share of float32's, where it is below 1 (quiet machine, 224 px).
SLOWER_IN_BFLOAT16 = {"mobilenet_v3_small": 0.6, "mobilenet_v3_large": 0.82, "timm/mobilenetv4_conv_small": 0.86}


def bfloat16_pays(model_name: str) -> bool:
    """Whether `model_name` trains faster in bfloat16 than in float32 on a CPU with bfloat16 in hardware."""
    return model_name not in SLOWER_IN_BFLOAT16


def precision_sentence(model_name: str) -> str:
    """The log's line on the precision a run on a CPU with bfloat16 in hardware trains `model_name` in."""
    if bfloat16_pays(model_name):
        return ("mixed precision: this CPU computes bfloat16 in hardware, so training runs its convolutions in "
                "bfloat16; the weights stay float32 (untick Mixed precision, or --no-amp, to train in float32)")
    return (f"float32: this CPU computes bfloat16 in hardware, but {model_name} trains at about "
            f"{SLOWER_IN_BFLOAT16[model_name]:.2f}× float32's speed in it, so training runs in float32")
