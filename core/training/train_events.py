"""What a training job reports while it runs. The CLI prints these; the GUI turns them into signals."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Message:
    text: str
    level: str = "info"  # info, warning, error


@dataclass
class DatasetReady:
    summary: object  # core.data.audit.DatasetSummary
    run_dir: str


@dataclass
class Planned:
    """The time budget's plan (core/training/budget_run.py), made before the data is read."""
    values: dict  # the settings the run trains with: TrainConfig.to_dict()
    planned: list  # the keys the budget set to something other than what it was given
    budget: str  # as the user wrote it, e.g. "15min"


@dataclass
class LrProgress:
    """The LR range test has made `step` of `steps` steps (0: its data is ready, the steps begin)."""
    step: int
    steps: int


@dataclass
class BatchEnd:
    epoch: int  # from 1
    epochs: int
    batch: int  # from 1
    batches: int
    loss: float
    lr: float
    images_per_s: float
    eta_s: float  # for the whole run
    train_scale: float = 1.0  # the epoch's training side as a share of the input size's (progressive resizing)


@dataclass
class EpochEnd:
    epoch: int
    epochs: int
    metrics: dict  # the row written to metrics.csv
    improved: bool  # best.pt was just written
    eta_s: float


@dataclass
class Finished:
    run_dir: str
    best_path: str | None
    test_metrics: dict = field(default_factory=dict)
    stopped: bool = False  # by the user or by early stopping
    reason: str = ""  # why it ended, in words
    failed: bool = False


@dataclass
class StoppedBeforeTraining:
    """Stopped while the data was prepared (core/stopped_early.py): no run folder was made, nothing written."""


# Only from a job run in a child process (core/training/child_job.py), where a result or an exception has
# to travel back as an event.

@dataclass
class LrFound:
    result: dict  # what core.training.lr_finder.find_lr returned


@dataclass
class JobFailed:
    error: BaseException  # the exception, or a RuntimeError standing in for one that cannot be pickled
    details: str  # its traceback, formatted in the child
