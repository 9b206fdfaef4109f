"""Opening the library file: apsw, sqlite-vec loaded, WAL, foreign keys, a busy timeout.

apsw rather than the standard ``sqlite3`` module because many Python builds (this
project's CI machine among them, and some macOS builds) compile ``sqlite3`` without
extension loading, so sqlite-vec cannot be loaded there; apsw ships a current SQLite that
can load it on every platform.
"""

from __future__ import annotations

from pathlib import Path

import apsw
import sqlite_vec

from mediasift.core.errors import DataDirError

BUSY_TIMEOUT_MS = 15_000


def connect(path: Path, *, readonly: bool = False) -> apsw.Connection:
    """Open (creating when allowed) the library database at ``path``."""
    flags = (
        apsw.SQLITE_OPEN_READONLY
        if readonly
        else (apsw.SQLITE_OPEN_READWRITE | apsw.SQLITE_OPEN_CREATE)
    )
    try:
        conn = apsw.Connection(str(path), flags=flags)
        conn.setbusytimeout(BUSY_TIMEOUT_MS)
        conn.enable_load_extension(True)
        conn.load_extension(sqlite_vec.loadable_path())
        conn.enable_load_extension(False)
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable across application crashes in WAL mode; only a power cut
            # may lose the last transactions, never corrupt the file.
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except apsw.NotADBError as exc:
        raise DataDirError(f"{path} is not a MediaSift library database ({exc})") from exc
    except apsw.CantOpenError as exc:
        raise DataDirError(f"cannot open the library database {path}: {exc}") from exc
    return conn
