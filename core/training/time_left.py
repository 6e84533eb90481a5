"""The time left in a training run, epoch by epoch, for the progress line and the epoch log.

Under progressive resizing (core/training/progressive.py) the first half of a run trains smaller
images and its epochs take a fraction of a full-size epoch's time. The usual estimate, the last
epoch's duration times the epochs left, said 9 minutes where 13 were left in a 15-minute
Fashion-MNIST budget run and crept up all run (issue 16's five runs: 0.48-0.80 of the truth).
Here each epoch's training costs its size's share of a full-size epoch (progressive.training_cost),
scaled to the speed the latest epochs ran at; each validation costs what the last ones took, and
the final test pass what validating its images takes, times its test-time augmentation's copies.
Replayed at every epoch end of those runs (the test pass left out), the usual estimate said 0.48-0.80
of the time that was left (mean 0.59), this one 0.88-1.55 (mean 1.13) with costs from the area
alone and 0.77-1.19 (mean 0.97) with a 16-px epoch at 0.45 of a 28-px one, about what the budget
measured there.
"""
from __future__ import annotations

from core.training.progressive import sizes, training_cost

RECENT = 3  # completed epochs the speed is taken from: the latest (a shared machine's speed drifts), not one alone


class TimeLeft:
    def __init__(self, input_size: tuple[int, int], start: float, test_share: float = 0.0,
                 low_cost: float | None = None):
        """`start`: progressive resizing's start (1: off); `test_share`: the final test's images per
        validated image, times its test-time augmentation's copies (0: no test pass); `low_cost`: what
        training an image at the start size costs as a share of the full size's, where a time budget
        measured it (None: the area's share)."""
        self.input_size, self.start, self.test_share, self.low_cost = tuple(input_size), start, test_share, low_cost
        self.done: list[tuple[tuple[int, int], float, float]] = []  # per epoch: (trained size, training s, validation s)
        self.paced_from = 0  # the first of `done` whose training pace still holds (forget_pace)

    def epoch_done(self, size: tuple[int, int], train_s: float, val_s: float) -> None:
        """Record an epoch as it ran: trained at `size`, then validated."""
        self.done.append((tuple(size), train_s, val_s))

    def replay(self, history: list[dict], epochs: int, train_images: int) -> None:
        """A resumed run's earlier epochs (metrics.csv's rows, epoch_time_s and images_per_s), so that its first
        estimates go by their pace rather than by its own first batches, start-up included: a run stopped with
        2:05 left said 5:51 once resumed, and its progress bar went back from 57 % to 30 %."""
        trained_at = self._sizes(epochs)
        for row in history:
            epoch, total, rate = int(row.get("epoch", 0)), row.get("epoch_time_s"), row.get("images_per_s")
            if 1 <= epoch <= len(trained_at) and total and rate:
                train_s = min(float(total), train_images / float(rate))
                self.epoch_done(trained_at[epoch - 1], train_s, float(total) - train_s)

    def forget_pace(self) -> None:
        """The backbone was just unfrozen: the head-only epochs' pace says nothing about the next ones'
        (their validation, the same work, still counts)."""
        self.paced_from = len(self.done)

    def after_epoch(self, epoch: int, epochs: int) -> float:
        """Seconds left once epoch `epoch` of `epochs` has ended (0 before any epoch ended)."""
        if len(self.done) <= self.paced_from:
            return 0.0
        return self._later(epoch, epochs, self._full_epoch_s(), self._validation_s())

    def during_epoch(self, epoch: int, epochs: int, batch: int, batches: int, elapsed_s: float) -> float:
        """Seconds left after batch `batch` of `batches` of epoch `epoch`, `elapsed_s` into its training.
        The first epoch (and the first after unfreezing) has only its own batches to go by."""
        this_s = elapsed_s / batch * batches  # this epoch's training, as it goes
        if len(self.done) > self.paced_from:
            full_s = self._full_epoch_s()
        else:
            full_s = this_s / self._cost(self._sizes(epochs)[epoch - 1])
        val_s = self._validation_s()
        return this_s - elapsed_s + val_s + self._later(epoch, epochs, full_s, val_s)

    def _later(self, epoch: int, epochs: int, full_s: float, val_s: float) -> float:
        """The epochs after `epoch`, then the test pass."""
        later = self._sizes(epochs)[epoch:]
        return sum(full_s * self._cost(size) + val_s for size in later) + val_s * self.test_share

    def _full_epoch_s(self) -> float:
        """Seconds to train a full-size epoch, as the latest epochs ran."""
        recent = self.done[self.paced_from:][-RECENT:]
        return sum(train for _, train, _ in recent) / sum(self._cost(size) for size, _, _ in recent)

    def _validation_s(self) -> float:
        """Seconds to validate, as the latest epochs did (0 before the first validation)."""
        recent = self.done[-RECENT:]
        return sum(val for _, _, val in recent) / len(recent) if recent else 0.0

    def _sizes(self, epochs: int) -> list[tuple[int, int]]:
        return sizes(epochs, self.input_size, self.start)

    def _cost(self, size: tuple[int, int]) -> float:
        return training_cost(size, self.input_size, self.start, self.low_cost)
