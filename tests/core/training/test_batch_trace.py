"""What batches.csv keeps of an epoch's batches: every one up to POINTS_PER_EPOCH, else equal runs averaged."""
import math

import pytest

from core.training.batch_trace import POINTS_PER_EPOCH, BatchTrace, resumed_rows
from core.training.run_folder import read_batches, write_batches_csv
from core.training.train_events import BatchEnd, Message


def epoch_events(epoch: int, batches: int):
    for batch in range(1, batches + 1):
        yield BatchEnd(epoch, 3, batch, batches, loss=float(batch), lr=0.1 / batch, images_per_s=1.0, eta_s=1.0)
        if batch == 1:
            yield Message("a message passes through too")
    return "stats"


def test_events_pass_through_and_short_epochs_keep_every_batch(tmp_path):
    trace = BatchTrace()
    passed = []

    def consume():
        result = yield from trace.record(epoch_events(1, 7))
        passed.append(result)
    events = list(consume())
    assert len(events) == 8 and isinstance(events[1], Message) and passed == ["stats"]
    trace.end_epoch()
    assert [(r["batch"], r["loss"]) for r in trace.rows] == [(b, float(b)) for b in range(1, 8)]
    write_batches_csv(tmp_path / "batches.csv", trace.rows)
    assert read_batches(tmp_path) == [pytest.approx({k: float(v) for k, v in row.items()}, rel=1e-5)
                                      for row in trace.rows]


def test_a_long_epoch_is_averaged_in_equal_runs_and_a_stopped_one_is_dropped():
    trace = BatchTrace()
    list(trace.record(epoch_events(1, 250)))
    trace.end_epoch()
    assert len(trace.rows) == math.ceil(250 / 3) <= POINTS_PER_EPOCH  # runs of 3 batches
    assert trace.rows[0] == {"epoch": 1, "batch": 3, "batches": 250, "loss": 2.0, "lr": 0.1 / 3}
    assert trace.rows[-1]["batch"] == 250 and trace.rows[-1]["loss"] == 250.0  # the last run is shorter: 250 alone
    list(trace.record(epoch_events(2, 250)))
    trace.drop_epoch()
    trace.end_epoch()
    assert {r["epoch"] for r in trace.rows} == {1}


def test_a_resumed_run_keeps_only_the_epochs_last_pt_holds_and_reads_a_cut_file_up_to_the_cut(tmp_path):
    rows = [{"epoch": e, "batch": 1, "batches": 1, "loss": 1.0, "lr": 0.1} for e in (1, 2, 3)]
    assert [r["epoch"] for r in resumed_rows(rows, 2)] == [1, 2]
    write_batches_csv(tmp_path / "batches.csv", rows)
    text = (tmp_path / "batches.csv").read_text(encoding="utf-8-sig")
    (tmp_path / "batches.csv").write_text(text[:-8], encoding="utf-8-sig")  # the last row cut mid-number
    assert [r["epoch"] for r in read_batches(tmp_path)] in ([1.0, 2.0], [1.0, 2.0, 3.0])
    assert read_batches(tmp_path / "nowhere") == []
