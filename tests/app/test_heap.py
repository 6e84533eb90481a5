"""app/heap.py: big imports run with the collector paused, then what they left is frozen."""
import gc
import threading

from app.heap import importing


def test_importing_pauses_the_collector_then_freezes_and_resumes_it():
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with importing("a test"):
        assert not gc.isenabled()
        kept = [[i] for i in range(1000)]           # what an import leaves: long-lived, tracked
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(kept)
    gc.unfreeze()                                   # leave the test process as it was


def test_overlapping_imports_on_two_threads_resume_the_collector_only_when_both_are_done():
    inside, leave = threading.Event(), threading.Event()

    def other_thread():
        with importing("the other thread's"):
            inside.set()
            leave.wait(10)

    thread = threading.Thread(target=other_thread)
    thread.start()
    inside.wait(10)
    with importing("this thread's"):
        pass
    assert not gc.isenabled()                       # the other thread is still importing
    leave.set()
    thread.join(10)
    assert gc.isenabled()
    gc.unfreeze()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    try:
        with importing("a test"):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
