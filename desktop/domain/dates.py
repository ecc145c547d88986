"""ISO dates in and out: what users type, what the workspace stores, what JSON shows."""

from __future__ import annotations

from datetime import date, datetime, timezone


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def uk_date(value: date | None, empty: str = "") -> str:
    """8 June 2018 (no leading zero), as British council papers write dates."""
    return f"{value.day} {value:%B %Y}" if value else empty


def timestamp_now() -> str:
    """When a row was made or changed, as stored: UTC, ISO 8601, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def stored_date(value: str | None) -> date | None:
    """A stored ISO date; anything else (a file edited by another tool) reads as no date."""
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def typed_date(value: object, what: str = "date") -> date | None:
    """A date the user typed as YYYY-MM-DD (empty means none).

    Raises ValueError with a sentence naming ``what`` for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"The {what} “{value}” is not a date like 2023-01-12.") from None
