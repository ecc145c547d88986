"""The search use case: one entry point for the window and the command line."""

from __future__ import annotations

from desktop.search.fts import SearchFilters, SearchResult, search_passages
from desktop.storage.workspace import Workspace


def search(ws: Workspace, text: str, filters: SearchFilters | None = None,
           limit: int = 200) -> SearchResult:
    """Ranked passages matching ``text``; raises QueryError with a message on empty input."""
    return search_passages(ws, text, filters, limit)
