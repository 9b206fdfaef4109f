"""The work the sync loop does, as typed values, and the queue that merges it.

Jobs come from the user (add a folder, remove one, bring everything up to date) and from
the watcher (paths that changed, a folder that went offline or came back). Jobs of the
same sort queued back to back are merged into one run: a copy storm becomes one update,
three folders added in a row one index.
"""

from __future__ import annotations

import queue
from dataclasses import dataclass
from pathlib import Path

from ..store.records import Root


@dataclass(frozen=True)
class IndexFolders:
    """Add these folders (none: every folder of the library) and bring them up to date."""

    paths: tuple[Path, ...] = ()


@dataclass(frozen=True)
class ApplyChanges:
    """Reconcile only these paths (files or folders, present or gone): what the watcher saw."""

    paths: tuple[Path, ...]


@dataclass(frozen=True)
class Rescan:
    """Reconcile a whole folder as it is now: it went offline, or came back."""

    root: Root
    online: bool


@dataclass(frozen=True)
class RemoveFolder:
    """Forget a folder and everything indexed from it (the files are not touched)."""

    path: Path


@dataclass(frozen=True)
class RetryFiles:
    """Index these files again as if they had changed: the user's Retry on a file that
    failed or has a note (an unchanged file is otherwise tried again only when its
    failure could go away by itself)."""

    paths: tuple[Path, ...]


Job = IndexFolders | ApplyChanges | Rescan | RemoveFolder | RetryFiles


def merge(job: Job, more: Job) -> Job | None:
    """One job doing the work of both, or None when they must run one after the other."""
    if isinstance(job, IndexFolders) and isinstance(more, IndexFolders):
        if not job.paths or not more.paths:
            # "Everything" covers any folder already in the library, not a new one: keep
            # the new folders, and still reconcile the rest.
            return None if job.paths or more.paths else job
        return IndexFolders(job.paths + more.paths)
    if isinstance(job, ApplyChanges) and isinstance(more, ApplyChanges):
        return ApplyChanges(job.paths + more.paths)
    return None


class JobQueue:
    """FIFO of jobs, any thread may put; the loop takes the next job merged with the jobs
    of the same sort right behind it."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Job] = queue.Queue()
        self._held: Job | None = None

    def put(self, job: Job) -> None:
        self._queue.put(job)

    def take(self, timeout: float) -> Job | None:
        """The next job (merged), or None when nothing came within ``timeout`` seconds."""
        if self._held is not None:
            job, self._held = self._held, None
        else:
            try:
                job = self._queue.get(timeout=timeout)
            except queue.Empty:
                return None
        while True:
            try:
                more = self._queue.get_nowait()
            except queue.Empty:
                return job
            merged = merge(job, more)
            if merged is None:
                self._held = more  # another sort of job: it runs next, in order
                return job
            job = merged

    def waiting_paths(self) -> int:
        """Changed paths queued and not taken yet (a sample for benchmarks)."""
        with self._queue.mutex:
            items = list(self._queue.queue)
        held = [self._held] if self._held is not None else []
        return sum(len(j.paths) for j in held + items if isinstance(j, ApplyChanges))
