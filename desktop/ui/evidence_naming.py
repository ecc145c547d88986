"""How evidence names what it is linked to, shared by the evidence controllers.

One-line titles of recommendations and actions (the Reader's link dialog, the
evidence list, the suggestions heading), plural words, and the errors a change
to evidence may meet that are said plainly rather than raised.
"""

from __future__ import annotations

import sqlite3

from desktop.domain.errors import UserFacingError
from desktop.domain.recommendations import Recommendation
from desktop.ui.models.recommendations_model import short_text

EDIT_ERRORS = (UserFacingError, sqlite3.Error)  # a change that cannot be stored, said plainly


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def recommendation_title(rec: Recommendation) -> str:
    where = ", ".join(p for p in (rec.authority or "", rec.issued.isoformat()[:4] if rec.issued else "") if p)
    heading = f"{rec.kind.label} {rec.label}".strip()
    return f"{heading} ({where}): {short_text(rec.text, 110)}" if where else \
        f"{heading}: {short_text(rec.text, 110)}"


def action_title(action) -> str:
    reference = f" {action.reference}" if action.reference else ""
    owner = f" ({action.owner})" if action.owner else ""
    return f"Action{reference}{owner}: {short_text(action.title, 110)}"
