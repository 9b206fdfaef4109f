"""Debounce and coalesce file-system events into paths worth reconciling.

A photo copied from a phone produces a creation and a burst of modifications; a folder
renamed produces events for every file in it. Indexing at the first event would read
half-written files and repeat work, so a path is released only once it has *settled*: no
event for ``quiet_s`` and the same size and modification time on two looks ``quiet_s``
apart. A path that disappeared settles the same way (as "gone").

During a storm (thousands of files copied at once) the buffer stays small: past
``collapse_over`` entries, paths are merged into their parent folders, and a folder is
reconciled as a whole.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Fingerprint = tuple[int, int] | None


def _fingerprint(path: str) -> Fingerprint:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


@dataclass
class _Pending:
    last_event: float
    looked: bool = False
    fingerprint: Fingerprint = None


class ChangeBuffer:
    def __init__(
        self,
        quiet_s: float = 1.0,
        *,
        collapse_over: int = 5000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._quiet = quiet_s
        self._collapse_over = collapse_over
        self._clock = clock
        self._lock = threading.Lock()
        self._pending: dict[str, _Pending] = {}

    def add(self, path: str) -> None:
        """Note an event on ``path`` (any thread)."""
        with self._lock:
            path = self._covering(path)
            entry = self._pending.get(path)
            now = self._clock()
            if entry is None:
                self._pending[path] = _Pending(now)
            else:
                entry.last_event = now
                entry.looked = False
            if len(self._pending) > self._collapse_over:
                self._collapse()

    def _covering(self, path: str) -> str:
        """``path``, or the pending folder above it that will be reconciled whole anyway."""
        parent = os.path.dirname(path)
        while parent and parent != os.path.dirname(parent):
            if parent in self._pending:
                return parent
            parent = os.path.dirname(parent)
        return path

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)

    def take_settled(self) -> list[Path]:
        """Remove and return the paths that have stopped changing."""
        now = self._clock()
        with self._lock:
            due = [
                (path, entry)
                for path, entry in self._pending.items()
                if now - entry.last_event >= self._quiet
            ]
        settled: list[Path] = []
        for path, entry in due:
            fingerprint = _fingerprint(path)  # outside the lock: stat may be slow
            with self._lock:
                if self._pending.get(path) is not entry or entry.last_event > now:
                    continue  # a new event arrived meanwhile
                if entry.looked and fingerprint == entry.fingerprint:
                    del self._pending[path]
                    settled.append(Path(path))
                else:
                    entry.looked = True
                    entry.fingerprint = fingerprint
                    entry.last_event = now  # look again after another quiet period
        return settled

    def _collapse(self) -> None:
        """Merge siblings into their folder (called with the lock held).

        Only paths that share a parent merge, so a folder already standing for its files
        absorbs the new ones and the buffer never climbs up the tree.
        """
        by_parent: dict[str, list[str]] = {}
        for path in self._pending:
            by_parent.setdefault(os.path.dirname(path) or path, []).append(path)
        for parent, children in by_parent.items():
            if len(children) < 2:
                continue
            latest = max(self._pending.pop(child).last_event for child in children)
            known = self._pending.get(parent)
            self._pending[parent] = _Pending(max(latest, known.last_event if known else latest))
