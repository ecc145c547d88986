"""Errors that carry a message fit to show a user as it is."""


class UserFacingError(Exception):
    """An error whose ``str()`` is a complete sentence a councillor can act on."""


class WorkspaceError(UserFacingError):
    """The workspace file cannot be opened, created or migrated."""


class UnreadableFile(UserFacingError):
    """A file that cannot be imported; the message says why, plainly."""


class Cancelled(Exception):
    """The user pressed Cancel; whatever was in progress is rolled back."""
