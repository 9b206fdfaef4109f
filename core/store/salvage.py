"""A damaged library file: tell that it is damaged, keep what can still be read of it
(the folders, the preferences), set it aside and start a new one.

The library file is a cache of what the models saw: everything in it but the list of
folders and the chosen model can be made again from the media. So the recovery from a
corrupt, truncated or overwritten file is to move it aside (never delete it: it may be
worth a look) and rebuild; ``mediasift repair`` does that.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import apsw

from ..errors import LibraryDamagedError
from ..paths import from_key
from .connection import connect
from .store import Store

SIDE_FILES = ("-wal", "-journal")
"""Files SQLite keeps beside the database that belong to its content."""


@dataclass
class Remains:
    """What could still be read from a damaged library file."""

    folders: list[Path] = field(default_factory=list)
    preferences: dict[str, str] = field(default_factory=dict)


def damage(path: Path) -> str | None:
    """Why the library file at ``path`` is damaged (SQLite's words), or None when its
    integrity check passes."""
    try:
        conn = connect(path, readonly=True)
    except LibraryDamagedError as exc:
        return str(exc.__cause__ or exc)
    try:
        problems = [
            line
            for (row,) in conn.execute("PRAGMA integrity_check(3)")
            for line in str(row).splitlines()
            if not line.startswith("*** in database")
        ]
    except apsw.Error as exc:
        return str(exc)
    finally:
        conn.close()
    return None if problems == ["ok"] else "; ".join(problems)


def read_remains(path: Path) -> Remains:
    """The folders and preferences still readable in ``path``, row by row: as many as
    can be read before the damage (never raises for a damaged file)."""
    remains = Remains()
    try:
        conn = apsw.Connection(str(path), flags=apsw.SQLITE_OPEN_READONLY)
    except apsw.Error:
        return remains
    try:
        with contextlib.suppress(apsw.Error):
            for (key,) in conn.execute("SELECT path FROM roots ORDER BY id"):
                remains.folders.append(from_key(bytes(key)))
        with contextlib.suppress(apsw.Error):
            for key, value in conn.execute("SELECT key, value FROM preferences"):
                remains.preferences[str(key)] = str(value)
    finally:
        conn.close()
    return remains


def set_aside(path: Path, now: datetime | None = None) -> Path:
    """Move the library file (and its write-ahead log) to ``<name>.broken-<timestamp>``
    beside it; returns the new name. The shared-memory index is only a cache: removed."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{number}")
    os.replace(path, target)
    for suffix in SIDE_FILES:
        side = Path(f"{path}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{target}{suffix}"))
    Path(f"{path}-shm").unlink(missing_ok=True)
    return target


def start_over(path: Path, remains: Remains) -> Path:
    """Set the damaged file aside and create a new, empty library holding the old
    preferences (the model it was indexed with, above all); returns where the old file went."""
    aside = set_aside(path)
    store = Store(path)
    try:
        with store.transaction():
            for key, value in remains.preferences.items():
                store.catalog.set_preference(key, value)
    finally:
        store.close()
    return aside
