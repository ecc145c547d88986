"""Tooltips that always show text as typed.

Qt shows a tooltip as rich text when it *looks* like markup (Qt::mightBeRichText),
so a title such as "<img src=x>" from a paper would be rendered, not shown.
Escaping the text and wrapping it in a paragraph makes Qt render it as markup
that displays exactly the original characters.
"""

from __future__ import annotations

import html

TOOLTIP_CHARS = 600  # long passages: enough to recognise, not a screenful


def plain_tooltip(text: str | None, limit: int | None = TOOLTIP_CHARS) -> str:
    """``text`` as a tooltip that Qt displays literally (line breaks kept)."""
    if not text:
        return ""
    if limit is not None and len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"
