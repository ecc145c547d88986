"""The SQLite workspace: opening and migrating it, and queries that return domain objects."""
