"""Tell an unplugged drive from an emptied folder, by a live look at a folder.

An unmounted drive leaves its mount point behind as an empty folder, and a link to it as a
link to nothing: to a walk both look like "every file was deleted". Deleting hours of
vectors and transcripts on that evidence is the one mistake MediaSift must never make,
so each full scan records the root's volumes (the root itself, every mount point and
every folder reached through a link, see :class:`~mediasift.core.scan.walker.FoundVolume`)
and the next look compares. A volume that held files is *offline*, and everything below
it is kept, when it:

- is gone or no longer mounted where a drive was mounted;
- holds a different file system (another device) and none of its known files is there;
- lists as empty.

A folder that cannot be listed (permission denied, I/O error, a stale network share) is
*unreadable*: also kept, reported as such. Nothing here writes anything.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..reasons import Reason, ReasonCode
from ..store.records import Volume
from .walker import GONE_ERRNOS, is_mounted, reason_for


class Presence(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Look:
    """What a live look at a folder found, with the one-line reason when not online."""

    presence: Presence
    why: Reason | None = None

    @property
    def online(self) -> bool:
        return self.presence == Presence.ONLINE

    @property
    def reason(self) -> str:
        return str(self.why) if self.why is not None else ""


ONLINE = Look(Presence.ONLINE)


def _lists_empty(path: str) -> bool | OSError:
    """Whether a folder holds no visible entry; the error when it cannot be listed."""
    try:
        with os.scandir(path) as entries:
            return not any(not entry.name.startswith(".") for entry in entries)
    except OSError as exc:
        return exc


def look_at(
    path: Path, recorded: Volume | None, known: Sequence[Path], *, watched: bool = False
) -> Look:
    """A live look at a root or a recorded volume.

    ``recorded``: what the last full scan saw there (``None`` before any); ``known``: a
    few files the catalog holds below it (none: an empty folder that never held anything
    is simply online and empty). ``watched``: the look follows a change the watcher saw
    (a file deleted there), which is evidence enough that an emptied folder was emptied;
    the last file deleted under the user's eyes must leave the index.
    """
    where = os.fspath(path)
    try:
        st = os.stat(where)
    except OSError as exc:
        if exc.errno in GONE_ERRNOS:
            if os.path.islink(where):
                return Look(Presence.OFFLINE, Reason.of(ReasonCode.LINK_TARGET_GONE))
            return Look(Presence.OFFLINE, Reason.of(ReasonCode.FOLDER_NOT_FOUND))
        return Look(Presence.UNREADABLE, reason_for(exc, os.path.islink(where)))
    if not stat.S_ISDIR(st.st_mode):
        return Look(Presence.OFFLINE, Reason.of(ReasonCode.NOT_A_FOLDER))
    if recorded is not None and recorded.mounted and not is_mounted(where):
        return Look(Presence.OFFLINE, Reason.of(ReasonCode.DRIVE_NOT_MOUNTED))
    empty = _lists_empty(where)
    if isinstance(empty, OSError):
        return Look(Presence.UNREADABLE, reason_for(empty, False))
    if known and empty and not watched:
        return Look(Presence.OFFLINE, Reason.of(ReasonCode.LOOKS_EMPTY))
    if (
        known
        and not watched
        and recorded is not None
        and recorded.dev != st.st_dev
        and not any(os.path.lexists(p) for p in known)
    ):
        return Look(Presence.OFFLINE, Reason.of(ReasonCode.OTHER_DRIVE))
    return ONLINE
