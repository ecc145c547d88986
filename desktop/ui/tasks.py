"""The one helper for background work.

Every job runs on a single worker thread (a QThreadPool limited to one thread),
so database writes happen one at a time. A job gets its own connection to the
workspace (``Workspace.reopen``) and closes it when it ends; it never touches
the GUI thread's connection. Progress, the result and any error arrive on the
GUI thread through queued signals.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.storage.workspace import Workspace


@dataclass
class TaskContext:
    """What a job may use: its own workspace connection, progress and Cancel."""

    workspace: Workspace | None
    _signals: TaskSignals
    _cancel: threading.Event = field(default_factory=threading.Event)

    def report(self, done: int, total: int, detail: object = None) -> None:
        self._signals.progress.emit(done, total, detail)

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class TaskSignals(QObject):
    """Created on the GUI thread, so emits from the worker are queued to it."""

    progress = Signal(int, int, object)  # done, total, detail
    succeeded = Signal(object)  # the job's return value
    failed = Signal(object)  # the exception
    finished = Signal()  # after succeeded or failed


Job = Callable[[TaskContext], object]


class TaskHandle:
    """A submitted job: connect to ``signals``, or cancel it.

    Connect the signals to methods of QObjects living on the GUI thread (not to
    lambdas), so that Qt queues the call to that thread.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self._done = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop; safe from any thread."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @property
    def is_done(self) -> bool:
        return self._done.is_set()


class _Runnable(QRunnable):
    def __init__(self, handle: TaskHandle, job: Job, workspace: Workspace | None) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._handle, self._job, self._workspace = handle, job, workspace

    def run(self) -> None:  # on the worker thread
        handle = self._handle
        own_ws = None
        try:
            if self._workspace is not None:
                own_ws = self._workspace.reopen()
            context = TaskContext(own_ws, handle.signals, handle._cancel)
            result = self._job(context)
        except BaseException as error:  # noqa: BLE001 - delivered to the GUI thread
            error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            handle._done.set()
            handle.signals.failed.emit(error)
        else:
            handle._done.set()
            handle.signals.succeeded.emit(result)
        finally:
            if own_ws is not None:
                own_ws.close()
            handle.signals.finished.emit()


class TaskRunner(QObject):
    """Runs jobs one at a time off the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one writer at a time
        self._running: list[TaskHandle] = []

    def submit(self, name: str, job: Job, workspace: Workspace | None = None, *,
               on_progress: Callable | None = None, on_result: Callable | None = None,
               on_error: Callable | None = None) -> TaskHandle:
        """Queue ``job``; it gets a fresh connection to ``workspace`` if one is given.

        The callbacks are connected before the job starts, so nothing is missed;
        make them methods of QObjects on the GUI thread.
        """
        handle = TaskHandle(name)
        for signal, slot in ((handle.signals.progress, on_progress),
                             (handle.signals.succeeded, on_result),
                             (handle.signals.failed, on_error)):
            if slot is not None:
                signal.connect(slot)
        self._running = [h for h in self._running if not h.is_done]
        self._running.append(handle)
        self._pool.start(_Runnable(handle, job, workspace))
        return handle

    @property
    def busy(self) -> bool:
        return any(not h.is_done for h in self._running)

    def cancel_all(self) -> None:
        for handle in list(self._running):
            handle.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job has ended (used when closing or switching workspace)."""
        return self._pool.waitForDone(msecs)
