"""The one way work leaves the GUI thread: workers on threads of their own and one-off tasks, with
results delivered on the GUI thread, dropped once their widget is gone, and every thread stopped."""
import threading

from PyQt5 import sip
from PyQt5.QtCore import QObject, pyqtSignal, pyqtSlot
from PyQt5.QtWidgets import QWidget

from ui.widgets import background


def test_a_task_runs_off_the_gui_thread_and_answers_on_it(qtbot):
    answers = []
    background.run_in_background(threading.get_ident, lambda ident: answers.append((ident, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(answers))
    ran_on, answered_on = answers[0]
    assert ran_on != threading.get_ident() and answered_on == threading.get_ident()
    assert background.wait_for_background(1000) and not background._pending


def test_a_failure_comes_back_as_one_line(qtbot):
    def missing():
        open("/nonexistent/config.json", encoding="utf-8")
    messages = []
    background.run_in_background(missing, on_error=messages.append)
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == ["No such file or directory: /nonexistent/config.json"]


def test_the_answer_is_dropped_when_its_widget_is_gone(qtbot):
    owner, release, answers = QWidget(), threading.Event(), []
    background.run_in_background(lambda: release.wait(5), answers.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: sip.isdeleted(owner))
    release.set()
    assert background.wait_for_background(5000)
    qtbot.wait(50)   # the queued answer would be delivered now
    assert answers == [] and not background._pending


class Worker(QObject):
    ran = pyqtSignal(int)

    def __init__(self):
        super().__init__()
        self.stop_requested = False

    @pyqtSlot()
    def run(self):
        self.ran.emit(threading.get_ident())

    def request_stop(self):
        self.stop_requested = True


def test_a_worker_lives_on_its_thread_until_stopped(qtbot):
    worker = Worker()
    with qtbot.waitSignal(worker.ran) as ran:
        thread = background.start_in_thread(worker, "test worker", worker.run)
    assert ran.args[0] != threading.get_ident()
    assert thread in background.running_threads()
    assert background.stop_thread(thread, worker)
    assert worker.stop_requested and not thread.isRunning()
    assert thread not in background.running_threads()
