"""Full-text search over passages (SQLite FTS5) and, later, evidence suggestions."""
