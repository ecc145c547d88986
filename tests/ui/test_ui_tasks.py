"""The background helper: results, errors, progress and Cancel, on the GUI thread."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtCore import QObject, QThread, Slot

from desktop.ui.tasks import TaskRunner


class Recorder(QObject):
    """A receiver on the GUI thread, as the window's slots are."""

    def __init__(self) -> None:
        super().__init__()
        self.progress, self.results, self.errors, self.threads = [], [], [], []

    @Slot(int, int, object)
    def on_progress(self, done, total, detail):
        self.progress.append((done, total))
        self.threads.append(QThread.currentThread())

    @Slot(object)
    def on_result(self, value):
        self.results.append(value)
        self.threads.append(QThread.currentThread())

    @Slot(object)
    def on_error(self, error):
        self.errors.append(error)


def _submit(runner, recorder, name, job, workspace=None):
    return runner.submit(name, job, workspace, on_progress=recorder.on_progress,
                         on_result=recorder.on_result, on_error=recorder.on_error)


def test_result_and_progress_arrive_on_the_gui_thread(qtbot):
    runner, recorder = TaskRunner(), Recorder()
    worker_thread = []

    def job(context):
        worker_thread.append(threading.current_thread())
        for step in range(1, 4):
            context.report(step, 3)
        return "done"

    _submit(runner, recorder, "count", job)
    qtbot.waitUntil(lambda: recorder.results == ["done"])
    assert recorder.progress == [(1, 3), (2, 3), (3, 3)]
    assert worker_thread[0] is not threading.main_thread()
    assert all(t is QThread.currentThread() for t in recorder.threads)


def test_an_error_is_delivered_not_raised(qtbot):
    runner, recorder = TaskRunner(), Recorder()

    def job(context):
        raise ValueError("the file vanished")

    _submit(runner, recorder, "fail", job)
    qtbot.waitUntil(lambda: bool(recorder.errors), timeout=5000)
    assert isinstance(recorder.errors[0], ValueError)
    assert recorder.results == []


def test_cancel_is_seen_by_the_job(qtbot):
    runner, recorder = TaskRunner(), Recorder()
    started = threading.Event()

    def job(context):
        started.set()
        steps = 0
        while not context.cancelled():
            steps += 1
            threading.Event().wait(0.005)
            if steps > 2000:
                return "never cancelled"
        return "stopped"

    handle = _submit(runner, recorder, "loop", job)
    assert started.wait(5)
    handle.cancel()
    qtbot.waitUntil(lambda: bool(recorder.results), timeout=5000)
    assert recorder.results == ["stopped"]


def test_job_gets_its_own_connection_and_closes_it(qtbot, workspace_path):
    from desktop.storage.workspace import open_workspace

    ws = open_workspace(workspace_path)
    runner, recorder = TaskRunner(), Recorder()
    seen = {}

    def job(context):
        seen["ws"] = context.workspace
        return context.workspace.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    _submit(runner, recorder, "count", job, ws)
    qtbot.waitUntil(lambda: bool(recorder.results), timeout=5000)
    assert recorder.results == [0]
    assert seen["ws"].conn is not ws.conn
    with pytest.raises(sqlite3.ProgrammingError):  # closed when the job ended
        seen["ws"].conn.execute("SELECT 1")
    ws.conn.execute("SELECT 1")  # the GUI thread's connection is untouched
    ws.close()


def test_jobs_run_one_at_a_time(qtbot):
    runner, recorder = TaskRunner(), Recorder()
    active, overlap = [0], []
    lock = threading.Lock()

    def job(context):
        with lock:
            active[0] += 1
            overlap.append(active[0])
        threading.Event().wait(0.02)
        with lock:
            active[0] -= 1
        return True

    for n in range(4):
        _submit(runner, recorder, f"job {n}", job)
    qtbot.waitUntil(lambda: len(recorder.results) == 4, timeout=5000)
    assert max(overlap) == 1
