"""Walk a library folder: regular files with their size and mtime, and the problems met.

Follows symbolic links (people link folders into their Pictures), but never walks a folder
twice and reports a link that points back into its own ancestry as a loop instead of
recursing forever. Hidden entries (``.git``, ``.thumbnails``, ``.Trash-1000``) are skipped.
Only ``os.scandir`` metadata is used: walking never opens a file.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from mediasift.core.scan.sniff import kind_from_suffix


@dataclass(frozen=True)
class FoundFile:
    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class WalkIssue:
    path: str
    reason: str


def _reason(exc: OSError, is_link: bool) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT and is_link:
        return "broken symlink"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


def _worth_reporting(path: str) -> bool:
    """Problems are reported for media-looking names and suffix-less ones (often folders)."""
    return kind_from_suffix(path) is not None or not os.path.splitext(path)[1]


def walk(root: str, *, skip: Sequence[str] = ()) -> Iterator[FoundFile | WalkIssue]:
    """Yield every regular file below ``root`` and every problem, depth first."""
    skip_set = {os.path.abspath(p) for p in skip}
    try:
        root_stat = os.stat(root)
    except OSError as exc:
        yield WalkIssue(root, _reason(exc, os.path.islink(root)))
        return
    visited = {(root_stat.st_dev, root_stat.st_ino)}
    # Each entry: folder path and the identities of the folders above it (loop detection).
    stack: list[tuple[str, frozenset[tuple[int, int]]]] = [(root, frozenset(visited))]
    while stack:
        folder, ancestors = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield WalkIssue(folder, f"folder skipped: {_reason(exc, False)}")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = entry.path
            try:
                st = entry.stat(follow_symlinks=True)
            except OSError as exc:
                if _worth_reporting(path):
                    yield WalkIssue(path, _reason(exc, entry.is_symlink()))
                continue
            if stat.S_ISDIR(st.st_mode):
                identity = (st.st_dev, st.st_ino)
                if identity in ancestors:
                    yield WalkIssue(path, "symlink loop (links back to a folder above it)")
                elif identity not in visited and os.path.abspath(path) not in skip_set:
                    visited.add(identity)
                    subfolders.append((path, ancestors | {identity}))
            elif stat.S_ISREG(st.st_mode):
                yield FoundFile(path, st.st_size, st.st_mtime_ns)
            elif _worth_reporting(path):
                yield WalkIssue(path, "not a regular file (device, pipe or socket)")
        stack.extend(reversed(subfolders))
