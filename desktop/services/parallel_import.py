"""Prepare files in worker processes, handing the results back in order.

Reading a PDF and splitting it is CPU work that Python cannot spread over
threads; worker processes can, so a large import uses every core while the
calling process writes each finished file to the workspace. At most a few
files per worker are in flight, so memory stays bounded however long the batch.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from desktop.services.preparing import PreparedFile, prepare_in_worker

IN_FLIGHT_PER_WORKER = 3
CANCEL_POLL_SECONDS = 0.1
PARENT_POLL_SECONDS = 1.0
PR_SET_PDEATHSIG = 1


def exit_with_parent(parent_pid: int) -> None:
    """In a worker: end when the app that started it ends, even by a kill (no orphans).

    On Linux the kernel sends SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG);
    everywhere a small thread also watches for the parent's pid to change.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def prepared_in_order(jobs: list[tuple[Path, str]], workers: int,
                      cancel: Callable[[], bool] | None = None,
                      ) -> Generator[tuple[Path, PreparedFile | str], None, None]:
    """Yield (path, prepared file or failure message) for each (path, sha256), in order.

    Stops early, dropping work not yet handed back, when ``cancel()`` turns true.
    """
    # "spawn": forking a process that runs Qt and SQLite threads is unsafe.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=exit_with_parent, initargs=(os.getpid(),))
    pending: deque[tuple[Path, Future]] = deque()
    queue = iter(jobs)
    try:
        while True:
            while len(pending) < workers * IN_FLIGHT_PER_WORKER:
                job = next(queue, None)
                if job is None:
                    break
                path, sha256 = job
                pending.append((path, pool.submit(prepare_in_worker, str(path), sha256)))
            if not pending:
                return
            path, future = pending[0]
            while not future.done():
                if cancel and cancel():
                    return
                wait([future], timeout=CANCEL_POLL_SECONDS, return_when=FIRST_COMPLETED)
            pending.popleft()
            yield path, future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
