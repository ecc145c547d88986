"""One lock for every pdfium call in the process.

pdfium is not thread-safe, not even for two different documents: two threads
in it at once can corrupt memory and crash the app (pypdfium2's documentation
says the same). The window has several threads that read PDFs: an import of a
few files on the write lane, OCR rendering, the Reader's page view and the
briefing preview. Each pdfium call, or a short run of them on one page, holds
this lock. Imports of many files read in worker processes, each with its own
pdfium, so they do not wait on it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

PDFIUM = threading.RLock()  # re-entrant: a locked helper may call another

P = ParamSpec("P")
R = TypeVar("R")


def serialised(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` (which calls pdfium) holding :data:`PDFIUM`."""

    @functools.wraps(function)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        with PDFIUM:
            return function(*args, **kwargs)

    return locked
