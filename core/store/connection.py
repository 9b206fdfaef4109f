"""Opening the library file: apsw, sqlite-vec loaded, WAL, foreign keys, a busy timeout.

apsw rather than the standard ``sqlite3`` module because many Python builds (this
project's CI machine among them, and some macOS builds) compile ``sqlite3`` without
extension loading, so sqlite-vec cannot be loaded there; apsw ships a current SQLite that
can load it on every platform.

SQLite's own failures (a damaged file, a full disk, a read-only folder) are translated
here, in one place, into the one-line errors of :mod:`mediasift.core.errors`: see
:func:`database_failure`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import apsw
import sqlite_vec

from ..errors import (
    DataDirError,
    LibraryDamagedError,
    MediaSiftError,
    disk_full,
    not_writable,
    reasoned,
)
from ..paths import display
from ..reasons import ReasonCode

BUSY_TIMEOUT_MS = 15_000
MEMORY = ":memory:"


def connect(path: Path | str, *, readonly: bool = False) -> apsw.Connection:
    """Open (creating when allowed) the library database at ``path``.

    A reader never writes: it opens the file read-only and keeps SQLite's temporary tables
    in memory (the disk may be full). Where a WAL database's shared-memory file cannot be
    made (a folder it may not write, a full disk) it reads the file as an immutable
    snapshot: what the last checkpoint holds.
    """
    with translated(Path(path)):
        if not readonly:
            return _open(str(path), apsw.SQLITE_OPEN_READWRITE | apsw.SQLITE_OPEN_CREATE)
        try:
            return _open(str(path), apsw.SQLITE_OPEN_READONLY)
        except (apsw.ReadOnlyError, apsw.CantOpenError, apsw.IOError, apsw.FullError):
            if str(path) == MEMORY:
                raise
            # A WAL database needs its shared-memory file, which a reader cannot create in
            # a folder it may not write or on a full disk: read the file as it stands.
            uri = f"file:{quote(os.fsencode(path))}?immutable=1"
            return _open(uri, apsw.SQLITE_OPEN_READONLY | apsw.SQLITE_OPEN_URI)


def _open(name: str, flags: int) -> apsw.Connection:
    conn = apsw.Connection(name, flags=flags)
    try:
        conn.setbusytimeout(BUSY_TIMEOUT_MS)
        conn.enable_load_extension(True)
        conn.load_extension(sqlite_vec.loadable_path())
        conn.enable_load_extension(False)
        conn.execute("PRAGMA foreign_keys = ON")
        if flags & apsw.SQLITE_OPEN_READONLY:
            conn.execute("PRAGMA temp_store = MEMORY")
        else:
            conn.execute("PRAGMA journal_mode = WAL").fetchall()
            # NORMAL is durable across application crashes in WAL mode; only a power cut
            # may lose the last transactions, never corrupt the file.
            conn.execute("PRAGMA synchronous = NORMAL")
        # Reads the schema: a file that is not a database, or whose first pages are
        # damaged, fails here rather than halfway through a command.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def translated(path: Path, conn: apsw.Connection | None = None) -> Iterator[None]:
    """Raise SQLite's failures of the library file ``path`` as one-line user errors
    (closing ``conn`` first, if given); other errors pass unchanged."""
    try:
        yield
    except BaseException as exc:
        if conn is not None:
            conn.close()
        failure = database_failure(exc, path) if isinstance(exc, apsw.Error) else None
        if failure is None:
            raise
        raise failure from exc


def database_failure(exc: apsw.Error, path: Path) -> MediaSiftError | None:
    """The one-line error for SQLite's ``exc`` on the library file ``path``, or None
    when it is not a failure of the environment (then it is a bug, with its traceback)."""
    where = display(path)
    folder = display(path.parent)
    if isinstance(exc, apsw.CorruptError | apsw.NotADBError):
        return reasoned(LibraryDamagedError, ReasonCode.LIBRARY_DAMAGED, path=where, detail=exc)
    if isinstance(exc, apsw.FullError):
        return disk_full(folder)
    if isinstance(exc, apsw.ReadOnlyError):
        return not_writable(folder, "read-only")
    if isinstance(exc, apsw.BusyError):
        return DataDirError(
            f"the library database {where} stayed locked by another program for "
            f"{BUSY_TIMEOUT_MS // 1000} s; try again in a moment"
        )
    if isinstance(exc, apsw.CantOpenError):
        return DataDirError(f"cannot open the library database {where}: {exc}")
    if isinstance(exc, apsw.IOError):
        if _no_space_left(path.parent):
            return disk_full(folder)
        return DataDirError(
            f"reading or writing the library database {where} failed ({exc}); check the disk "
            "that holds it"
        )
    return None


def _no_space_left(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False
