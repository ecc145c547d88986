"""The status chart of "At a glance", drawn with reportlab's own graphics (vector, no images).

A horizontal bar per status, its name written beside it and its count at the
end of the bar, so the chart reads the same printed in grey.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from desktop.export import fonts
from desktop.export import styles as st
from desktop.export.model import STATUS_ORDER, status_label

ROW = 24  # height of one bar's row, in points
LABEL_WIDTH = 150


def status_chart(counts: dict[str, int], width: float = st.FRAME_WIDTH) -> Drawing:
    """Bars for ``counts`` (status -> number), worst status at the top."""
    fonts.register_fonts()
    statuses = [s for s in STATUS_ORDER if s in counts]
    height = ROW * len(statuses) + 22
    drawing = Drawing(width, height)
    drawing.initialFontName = fonts.REGULAR  # else the renderer starts in Times-Roman (not embedded)
    most = max([counts[s] for s in statuses] + [1])
    bar_room = width - LABEL_WIDTH - 40
    axis_x = LABEL_WIDTH
    drawing.add(Line(axis_x, 16, axis_x, height, strokeColor=st.MUTED, strokeWidth=0.8))
    for row, status in enumerate(statuses):
        y = height - ROW * (row + 1)
        count = counts[status]
        drawing.add(String(axis_x - 8, y + 7, status_label(status), fontName=fonts.REGULAR,
                           fontSize=st.BODY_SIZE, fillColor=st.INK, textAnchor="end"))
        length = bar_room * count / most
        if count:
            drawing.add(Rect(axis_x, y + 2, length, ROW - 8, fillColor=colors.HexColor(st.BAR_FILLS[status]),
                             strokeColor=st.INK, strokeWidth=0.4))
        drawing.add(String(axis_x + length + 6, y + 7, str(count), fontName=fonts.BOLD,
                           fontSize=st.BODY_SIZE, fillColor=st.INK))
    total = sum(counts.values())
    drawing.add(String(axis_x, 2, f"{total} recommendation{'s' if total != 1 else ''} in all",
                       fontName=fonts.REGULAR, fontSize=st.SMALL_SIZE, fillColor=st.MUTED))
    return drawing
