"""File-system paths as the store keeps them.

Paths are stored as raw bytes (``os.fsencode``) so that names that are not valid UTF-8,
common on old Linux and Samba shares, round-trip exactly; the display form keeps
undecodable bytes as U+FFFD only for printing.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path


def to_key(path: str | os.PathLike[str]) -> bytes:
    """The stored form of an absolute path."""
    return os.fsencode(os.path.abspath(os.fspath(path)))


def from_key(key: bytes) -> Path:
    """The path a stored key stands for (lossless, surrogate-escaped on POSIX)."""
    return Path(os.fsdecode(key))


def display(path: str | os.PathLike[str] | bytes) -> str:
    """A printable form: undecodable bytes become U+FFFD instead of lone surrogates, and
    control characters are escaped (see :func:`one_line`)."""
    raw = path if isinstance(path, bytes) else os.fsencode(os.fspath(path))
    return one_line(raw.decode("utf-8", errors="replace"))


_CONTROLS = {code: f"\\x{code:02x}" for code in [*range(0x20), *range(0x7F, 0xA0)]} | {
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}


def one_line(text: str) -> str:
    """``text`` with control characters escaped (a newline in a file name reads ``\\n``):
    a message stays one line, and a name cannot send escape codes to the terminal."""
    return text.translate(_CONTROLS)


def json_name(path: str | os.PathLike[str] | bytes) -> str:
    """A path as ``--json`` writes it: exact, non-UTF-8 bytes as lone surrogates (see
    :func:`json_path`); never :func:`display`'s lossy, escaped form."""
    return os.fsdecode(path if isinstance(path, bytes) else os.fspath(path))


def json_path(path: str | os.PathLike[str]) -> dict[str, str]:
    """How ``--json`` names a file: ``path`` as Python spells it, where bytes that are not
    UTF-8 are lone surrogates (``\\udcXX``, which Python's ``json`` reads back, so that
    ``os.fsencode(item["path"])`` is the name), plus, for such names only,
    ``path_bytes_b64``: the exact bytes in base64, for any other language."""
    raw = os.fsencode(os.fspath(path))
    fields = {"path": json_name(raw)}
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        fields["path_bytes_b64"] = base64.b64encode(raw).decode("ascii")
    return fields


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


def real_path(path: str | os.PathLike[str]) -> Path:
    """The path with every link resolved (as far as it exists): how to tell that two
    spellings name the same folder."""
    return Path(os.path.realpath(os.path.expanduser(os.fspath(path))))


def is_within(path: Path, folder: Path) -> bool:
    """True when ``path`` is ``folder`` itself or lies below it (no symlink resolution)."""
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(folder))
    except ValueError:
        return False
    return True
