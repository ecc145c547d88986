"""Errors that carry a message fit to show a user as it is."""


class UserFacingError(Exception):
    """An error whose ``str()`` is a complete sentence a councillor can act on."""


def plain_reason(error: BaseException) -> str:
    """What to tell a user about ``error``: its sentence, never a class name or a traceback."""
    if isinstance(error, UserFacingError) and str(error):
        return str(error)
    text = str(error).strip()
    if "locked" in text or "busy" in text:
        return "The workspace is busy with another task; try again in a moment."
    if isinstance(error, (OSError, PermissionError)):
        return f"The file could not be used: {getattr(error, 'strerror', None) or 'it is not available'}."
    return "Something unexpected went wrong; nothing you made was lost. Try again, or restart the app."


class WorkspaceError(UserFacingError):
    """The workspace file cannot be opened, created or migrated."""


class UnreadableFile(UserFacingError):
    """A file that cannot be imported; the message says why, plainly."""


class Cancelled(Exception):
    """The user pressed Cancel; whatever was in progress is rolled back."""
