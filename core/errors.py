"""Errors a user can act on.

Every :class:`MediaSiftError` carries a message that is one complete line, written for the
person at the keyboard: the CLI prints it without a traceback and the desktop app shows it
in a dialog. Anything else that escapes is a bug and keeps its traceback.
"""


class MediaSiftError(Exception):
    """A problem the user can fix; ``str(error)`` is one line that says how."""


class DataDirError(MediaSiftError):
    """The data directory cannot be created, opened or used."""


class DatabaseTooNewError(DataDirError):
    """The library file was written by a newer MediaSift than this one."""


class ModelUnavailableError(MediaSiftError):
    """A model is neither on disk nor downloadable right now."""


class ModelLoadError(MediaSiftError):
    """A model file is present but cannot be loaded (wrong architecture, damaged file)."""


class QueryError(MediaSiftError):
    """The search request itself is unusable (an unreadable example image, a bad date)."""


class LibraryError(MediaSiftError):
    """A library folder request cannot be honoured (missing folder, overlaps the data dir)."""
