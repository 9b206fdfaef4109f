"""The one watch-and-index loop: ``mediasift watch`` and the app's engine process run it.

Everything that writes the index runs here, in the calling thread, one job at a time (the
library's store has one writer). Jobs come from the watcher (paths that settled, a folder
that went offline or came back) and from :meth:`LiveSync.submit` (the user adds or removes
a folder); jobs of one sort queued back to back are merged (see :mod:`.jobs`).

Watching starts before the first reconciliation, so a file that arrives meanwhile is
seen and applied right after it. Pause, resume and cancel may be called from any thread:
each job runs under its own :class:`RunControl`, which starts paused while the user has
paused, and cancel stops the job in hand only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..index.events import IndexEvent, IndexSummary
from ..library import Library
from ..paths import to_key
from ..run_control import RunControl
from ..store.records import NewFile, Root
from ..watch.watcher import FolderWatcher
from .jobs import (
    ApplyChanges,
    IndexFolders,
    Job,
    JobQueue,
    RemoveFolder,
    Rescan,
    RetryFiles,
)

TAKE_TIMEOUT_S = 0.2


class LiveSync:
    def __init__(
        self,
        library: Library,
        *,
        quiet_s: float = 1.0,
        check_roots_s: float = 5.0,
        on_event: Callable[[IndexEvent], None] | None = None,
        on_summary: Callable[[IndexSummary], None] | None = None,
        on_root: Callable[[Root, bool], None] | None = None,
        on_watching: Callable[[], None] | None = None,
        on_job_done: Callable[[Job], None] | None = None,
        on_error: Callable[[Job, Exception], None] | None = None,
    ) -> None:
        """``on_watching``: once every folder is watched (before the first reconcile);
        ``on_job_done``: after each job, whatever its outcome; ``on_error``: a job failed
        (without it, the error ends :meth:`run`)."""
        self._library = library
        self._on_event = on_event
        self._on_summary = on_summary or (lambda summary: None)
        self._on_root = on_root or (lambda root, online: None)
        self._on_watching = on_watching or (lambda: None)
        self._on_job_done = on_job_done or (lambda job: None)
        self._on_error = on_error
        self.jobs = JobQueue()
        self._control = RunControl()
        self._paused = False
        self._stopping = False
        self._state = threading.Lock()
        # The watcher's thread reads this snapshot, never the store: a SQLite connection
        # (apsw) must not be used by two threads at once, and this thread is the writer.
        self._roots = library.roots()
        self.watcher = FolderWatcher(
            lambda: self._roots,
            on_changes=lambda paths: self.jobs.put(ApplyChanges(tuple(paths))),
            on_root_state=lambda root, online: self.jobs.put(Rescan(root, online)),
            quiet_s=quiet_s,
            check_roots_s=check_roots_s,
        )

    # -- commands (any thread) ---------------------------------------------------------------

    def submit(self, job: Job) -> None:
        self.jobs.put(job)

    @property
    def paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        with self._state:
            self._paused = True
            self._control.pause()

    def resume(self) -> None:
        with self._state:
            self._paused = False
            self._control.resume()

    def cancel(self) -> None:
        """Stop the job in hand at its next checkpoint; later jobs run as usual."""
        with self._state:
            self._control.stop()

    def wait_held(self, timeout: float) -> bool:
        """Wait until a job is held at a checkpoint by a pause (True), or ``timeout``
        seconds pass (False): how a caller knows a pause took effect."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._control.holding.wait(0.05):  # the current job's control, re-read
                return True
        return False

    def stop(self) -> None:
        """End :meth:`run` soon: the job in hand stops at its next checkpoint, and a job
        about to start starts stopped (any thread)."""
        with self._state:
            self._stopping = True
            self._control.stop()

    # -- the loop ----------------------------------------------------------------------------

    def run(self, stop: threading.Event, *, reconcile: bool = True) -> None:
        """Sync until ``stop`` is set (or KeyboardInterrupt); the watcher always stops.

        ``reconcile``: first catch up with what changed while nothing watched."""
        self.watcher.start()
        self._on_watching()
        try:
            if reconcile and self._library.roots():
                self.jobs.put(IndexFolders())
            while not (stop.is_set() or self._stopping):
                job = self.jobs.take(TAKE_TIMEOUT_S)
                if job is not None:
                    self._run_job(job)
        finally:
            self.cancel()
            self.watcher.stop()

    def _run_job(self, job: Job) -> None:
        try:
            summary = self._work(job)
            if summary is not None:
                self._on_summary(summary)
        except Exception as exc:  # a MediaSiftError is one line; anything else a bug
            if self._on_error is None:
                raise
            self._on_error(job, exc)
        finally:
            self._roots = self._library.roots()
            self.watcher.refresh()  # a folder added or removed is (un)watched at once
            self._on_job_done(job)

    def _work(self, job: Job) -> IndexSummary | None:
        library, on_event = self._library, self._on_event
        if isinstance(job, RemoveFolder):
            library.remove_root(job.path)
            return None
        control = self._fresh_control()
        if isinstance(job, IndexFolders):
            if not job.paths and not library.roots():
                return None
            return library.index(list(job.paths), control=control, on_event=on_event)
        if isinstance(job, ApplyChanges):
            return library.update(list(job.paths), control=control, on_event=on_event)
        if isinstance(job, Rescan):
            self._on_root(job.root, job.online)
            return library.rescan([job.root], control=control, on_event=on_event)
        if isinstance(job, RetryFiles):
            _requeue(library, job.paths)
            return library.update(list(job.paths), control=control, on_event=on_event)
        raise TypeError(f"unknown job {job!r}")

    def _fresh_control(self) -> RunControl:
        """Each job its own control, held at its first checkpoint while the user paused."""
        with self._state:
            self._control = RunControl()
            if self._stopping:
                self._control.stop()
            elif self._paused:
                self._control.pause()
            return self._control


def _requeue(library: Library, paths: tuple[Path, ...]) -> None:
    """Put these files back in the queue as files whose content changed (their vectors
    stay until replaced): the update that follows reads each again and makes every part
    anew, a transcript that found no speech included. A path the catalog does not hold,
    or that is gone, is left to the update (which reports it)."""
    catalog = library.store.catalog
    again: list[tuple[int, NewFile]] = []
    for path in paths:
        found = catalog.media_by_path(to_key(path))
        try:
            info = path.stat()
        except OSError:
            continue
        if found is not None:
            again.append(
                (found.media_id, NewFile(to_key(path), info.st_size, info.st_mtime_ns, found.kind))
            )
    if again:
        with library.store.transaction():
            catalog.queue_changed(again)
            catalog.forget_content([media_id for media_id, _ in again])
