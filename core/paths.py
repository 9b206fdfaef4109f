"""File-system paths as the store keeps them.

Paths are stored as raw bytes (``os.fsencode``) so that names that are not valid UTF-8,
common on old Linux and Samba shares, round-trip exactly; the display form keeps
undecodable bytes as U+FFFD only for printing.
"""

from __future__ import annotations

import os
from pathlib import Path


def to_key(path: str | os.PathLike[str]) -> bytes:
    """The stored form of an absolute path."""
    return os.fsencode(os.path.abspath(os.fspath(path)))


def from_key(key: bytes) -> Path:
    """The path a stored key stands for (lossless, surrogate-escaped on POSIX)."""
    return Path(os.fsdecode(key))


def display(path: str | os.PathLike[str] | bytes) -> str:
    """A printable form: undecodable bytes become U+FFFD instead of lone surrogates."""
    raw = path if isinstance(path, bytes) else os.fsencode(os.fspath(path))
    return raw.decode("utf-8", errors="replace")


def prefix_range(directory: str | os.PathLike[str]) -> tuple[bytes, bytes]:
    """Byte range ``[low, high)`` of every key below ``directory`` (for ``--under``).

    Comparing byte strings avoids LIKE and its escaping of ``%`` and ``_`` in real folder
    names.
    """
    low = to_key(directory).rstrip(os.sep.encode()) + os.sep.encode()
    high = low[:-1] + bytes([low[-1] + 1])
    return low, high


def exact_range(path: str | os.PathLike[str]) -> tuple[bytes, bytes]:
    """Byte range ``[low, high)`` holding exactly the key of ``path``."""
    key = to_key(path)
    return key, key + b"\x00"


def is_within(path: Path, folder: Path) -> bool:
    """True when ``path`` is ``folder`` itself or lies below it (no symlink resolution)."""
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(folder))
    except ValueError:
        return False
    return True
