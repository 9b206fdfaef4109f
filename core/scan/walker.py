"""Walk a library folder: regular files with their size and mtime, and the problems met.

Follows symbolic links (people link folders into their Pictures), but never walks a folder
twice and reports a link that points back into its own ancestry as a loop instead of
recursing forever. Hidden entries (``.git``, ``.thumbnails``, ``.Trash-1000``) are skipped.
Only ``os.scandir`` metadata is used: walking never opens a file.

What a walk cannot see is not what is gone. Only a name missing from a folder that was
listed successfully means "deleted"; anything the walk could not look into (a folder it
may not list, an I/O error, a link whose target is unplugged) comes out as a
:class:`WalkIssue` with ``keeps`` set, and the scanner keeps everything at or below it.
Every volume met (the root, each mount point, each folder reached through a link) comes
out as a :class:`FoundVolume`, so that a drive that is later unmounted can be told from
a folder that was emptied.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..reasons import Reason, ReasonCode
from .sniff import kind_from_suffix

# Errors that prove a name is gone; every other error only says "cannot look now".
GONE_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR})


@dataclass(frozen=True)
class FoundFile:
    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class WalkIssue:
    path: str
    why: Reason
    keeps: bool = False
    """Nothing could be seen at or below ``path``: what the catalog holds there is kept."""
    noteworthy: bool = True
    """Worth a line in the report (media-looking names, folders); the rest only keeps."""

    @property
    def reason(self) -> str:
        return str(self.why)


@dataclass(frozen=True)
class FoundVolume:
    """The root, a mount point, or a folder reached through a symbolic link."""

    path: str
    dev: int
    mounted: bool
    linked: bool


WalkItem = FoundFile | WalkIssue | FoundVolume


def reason_for(exc: OSError, is_link: bool) -> Reason:
    """The reason a path could not be looked at (``str()``: one line)."""
    if exc.errno == errno.ELOOP:
        return Reason.of(ReasonCode.SYMLINK_LOOP)
    if exc.errno == errno.ENOENT and is_link:
        return Reason.of(ReasonCode.BROKEN_LINK)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Reason.of(ReasonCode.PERMISSION)
    return Reason.of(ReasonCode.CANNOT_READ, detail=exc.strerror or exc)


def _worth_reporting(path: str) -> bool:
    """Problems are reported for media-looking names and suffix-less ones (often folders)."""
    return kind_from_suffix(path) is not None or not os.path.splitext(path)[1]


def is_mounted(path: str) -> bool:
    """Whether ``path`` (after links) is the top of a mounted file system."""
    try:
        return os.path.ismount(os.path.realpath(path))
    except OSError:
        return False


def folder_identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of a folder, following links; ``None`` if it cannot be looked at."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def walk(
    root: str, *, skip: Sequence[str] = (), elsewhere: Sequence[str] = ()
) -> Iterator[WalkItem]:
    """Yield every regular file below ``root``, every volume and every problem, depth first.

    ``skip``: folders never entered however they are reached (the data dir), compared by
    identity. ``elsewhere``: real paths of the library's other folders; a link into one
    of them is not followed, so that no file is indexed under two names.
    """
    skip_ids = {ident for p in skip if (ident := folder_identity(p)) is not None}
    elsewhere_real = [os.path.realpath(p) for p in elsewhere]
    try:
        root_stat = os.stat(root)
    except OSError as exc:
        yield WalkIssue(root, reason_for(exc, os.path.islink(root)), keeps=True)
        return
    yield FoundVolume(root, root_stat.st_dev, is_mounted(root), os.path.islink(root))
    visited = {(root_stat.st_dev, root_stat.st_ino)}
    # Each entry: folder path, its device, and the identities of the folders above it.
    stack: list[tuple[str, int, frozenset[tuple[int, int]]]] = [
        (root, root_stat.st_dev, frozenset(visited))
    ]
    while stack:
        folder, folder_dev, ancestors = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            if exc.errno in GONE_ERRNOS and folder != root:
                continue  # deleted after its parent listed it: its files are gone
            skipped = Reason.of(ReasonCode.FOLDER_SKIPPED, cause=reason_for(exc, False))
            yield WalkIssue(folder, skipped, keeps=True)
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = entry.path
            linked = entry.is_symlink()
            try:
                st = entry.stat(follow_symlinks=True)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    if _worth_reporting(path):
                        yield WalkIssue(path, Reason.of(ReasonCode.SYMLINK_LOOP))
                elif exc.errno not in GONE_ERRNOS or linked:
                    # Unreadable, or a link whose target is unplugged: keep what it held.
                    yield WalkIssue(
                        path, reason_for(exc, linked), keeps=True, noteworthy=_worth_reporting(path)
                    )
                continue  # else deleted while we looked: gone
            if stat.S_ISDIR(st.st_mode):
                identity = (st.st_dev, st.st_ino)
                if identity in ancestors:
                    yield WalkIssue(path, Reason.of(ReasonCode.SYMLINK_LOOP_UP))
                elif identity in visited or identity in skip_ids:
                    continue
                elif linked and _inside_any(os.path.realpath(path), elsewhere_real):
                    continue  # another folder of the library: indexed there, once
                else:
                    visited.add(identity)
                    if linked or st.st_dev != folder_dev:
                        yield FoundVolume(path, st.st_dev, is_mounted(path), linked)
                    subfolders.append((path, st.st_dev, ancestors | {identity}))
            elif stat.S_ISREG(st.st_mode):
                yield FoundFile(path, st.st_size, st.st_mtime_ns)
            elif _worth_reporting(path):
                yield WalkIssue(path, Reason.of(ReasonCode.NOT_REGULAR))
        stack.extend(reversed(subfolders))


def _inside_any(real: str, folders: Sequence[str]) -> bool:
    return any(real == f or real.startswith(f.rstrip(os.sep) + os.sep) for f in folders)
