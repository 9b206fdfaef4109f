"""Errors a user can act on.

Every :class:`MediaSiftError` carries a message that is one complete line, written for the
person at the keyboard: the CLI prints it without a traceback and the desktop app shows it
in a dialog. Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

import errno
from typing import TypeVar

from .reasons import Reason, ReasonCode


class MediaSiftError(Exception):
    """A problem the user can fix; ``str(error)`` is one line that says how.

    ``why``: the same as a code and its values (``core/reasons.py``), where one is made, for
    a window that says it in another language."""

    def __init__(self, *args: object, why: Reason | None = None) -> None:
        super().__init__(*args)
        self.why = why


E = TypeVar("E", bound=MediaSiftError)


def reasoned(kind: type[E], code: ReasonCode, cause: Reason | None = None, **values: object) -> E:
    """A ``kind`` error whose line is the English of ``code`` with ``values``, and which
    carries that reason for a window in another language."""
    why = Reason.of(code, cause, **values)
    return kind(str(why), why=why)


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


class LibraryDamagedError(DataDirError):
    """The library database is corrupt, truncated or not a database at all."""


class DiskFullError(DataDirError):
    """The disk holding the data dir has no space left (or the user's quota is spent)."""


class DataDirReadOnlyError(DataDirError):
    """The data dir cannot be written: a read-only mount, or no write permission."""


class LibraryOutdatedError(DataDirError):
    """The library file has an older schema, which only a writer (``index``) may upgrade."""


DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def stops_writing(exc: BaseException) -> bool:
    """True for an OS error that every further write to the data dir would meet too (a full
    disk, a read-only file system): the run must stop rather than fail file after file."""
    return isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS | {errno.EROFS}


def disk_full(where: str) -> DiskFullError:
    why = Reason.of(ReasonCode.DISK_FULL, where=where)
    return DiskFullError(str(why), why=why)


def not_writable(where: str, reason: str) -> DataDirReadOnlyError:
    why = Reason.of(ReasonCode.NOT_WRITABLE, where=where, detail=reason)
    return DataDirReadOnlyError(str(why), why=why)


def os_failure(exc: OSError, where: str) -> MediaSiftError | None:
    """The one-line error for an OS failure of the data dir ``where``, when it is one the
    user must fix outside MediaSift (a full disk, a read-only mount); else None."""
    if exc.errno in DISK_FULL_ERRNOS:
        return disk_full(where)
    if exc.errno in READ_ONLY_ERRNOS:
        return not_writable(where, exc.strerror or str(exc))
    return None


def interrupt_behind(exc: BaseException) -> KeyboardInterrupt | None:
    """The Ctrl+C (or SIGTERM) that ``exc`` replaced, if any.

    A library whose clean-up fails while a KeyboardInterrupt unwinds through it raises a new
    exception from its ``finally`` block, and the interrupt survives only as that
    exception's ``__context__``: OmegaConf, interrupted while rapidocr imports, raises
    AttributeError ('NoneType' object has no attribute '_invalidate_flags_cache'). Caught
    as an ordinary failure, the user's Ctrl+C would be lost (``watch`` kept running)."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, KeyboardInterrupt):
            return current
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
    return None
