"""Splitter sizes that keep lists readable, whatever was saved last time.

Sizes set before a splitter is first shown are squeezed against its panes'
minimum widths at Qt's default 640 px, so the default shares are applied
again at the first show, when the real width is known.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject
from PySide6.QtWidgets import QSplitter, QWidget

PROPORTION_SCALE = 1000


def set_proportions(splitter: QSplitter, fractions: tuple[float, ...]) -> None:
    """Share the splitter's width by ``fractions``; Qt scales sizes to the real width."""
    width = splitter.width() - splitter.handleWidth() if splitter.isVisible() else PROPORTION_SCALE
    splitter.setSizes([round(f * width) for f in fractions])


def first_pane_fraction(splitter: QSplitter) -> float:
    sizes = splitter.sizes()
    total = sum(sizes)
    return sizes[0] / total if total > 0 else 0.0


class _FirstShowSizes(QObject):
    """Keeps the default shares until a saved state is accepted or the user drags the
    handle; repairs a restored state that is squeezed at its real width."""

    def __init__(self, splitter: QSplitter, defaults: tuple[float, ...],
                 min_first_fraction: float) -> None:
        super().__init__(splitter)
        self.defaults, self.min_first_fraction = defaults, min_first_fraction
        self.use_defaults = True  # until a saved state is accepted or the handle moves
        splitter.splitterMoved.connect(self._moved)
        splitter.installEventFilter(self)

    def _moved(self, *_args) -> None:
        self.use_defaults = False

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        shown = kind in (QEvent.Type.Show, QEvent.Type.Resize) and watched.isVisible()
        if shown and isinstance(watched, QSplitter) and (
                self.use_defaults or first_pane_fraction(watched) < self.min_first_fraction):
            watched.blockSignals(True)  # not a user's move
            set_proportions(watched, self.defaults)
            watched.blockSignals(False)
        return False


def readable_splitter(splitter: QSplitter, defaults: tuple[float, ...],
                      min_first_fraction: float) -> None:
    """Give ``splitter`` its default shares now and again at its first show."""
    set_proportions(splitter, defaults)
    splitter._first_show_sizes = _FirstShowSizes(splitter, defaults, min_first_fraction)


def saved_fractions(state: QByteArray, panes: int) -> list[float] | None:
    """The shares a saved state gives its panes, before any pane's minimum width
    bends them (read on a bare splitter of the same shape)."""
    probe = QSplitter()
    for _ in range(panes):
        probe.addWidget(QWidget())
    probe.resize(PROPORTION_SCALE, 100)
    if not probe.restoreState(state):
        return None
    sizes = probe.sizes()
    total = sum(sizes)
    return [size / total for size in sizes] if total > 0 and len(sizes) == panes else None


def restore_splitter(splitter: QSplitter, state: QByteArray | None) -> bool:
    """Restore ``state`` unless it leaves the first pane too narrow (or shut).

    A state saved in a small window, or after dragging the handle far over,
    would otherwise hide the list's columns on every start. Returns whether
    the saved state was kept. ``splitter`` must have been set up with
    :func:`readable_splitter`.
    """
    helper: _FirstShowSizes = splitter._first_show_sizes
    if state is None:
        return False
    fractions = saved_fractions(state, splitter.count())
    if fractions is None or min(fractions) <= 0 or fractions[0] < helper.min_first_fraction:
        return False
    if not splitter.restoreState(state):
        set_proportions(splitter, helper.defaults)
        return False
    splitter.setChildrenCollapsible(False)  # a state also carries this; keep panes open
    helper.use_defaults = False
    return True
