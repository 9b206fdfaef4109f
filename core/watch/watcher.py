"""Watch the library's folders and report settled changes and folders going offline.

watchdog observers (inotify, FSEvents, ReadDirectoryChangesW) feed a
:class:`ChangeBuffer`; a thread of our own hands settled paths to ``on_changes`` and
checks, every few seconds, which folders are present: a folder that vanished (an
unplugged drive) is reported offline once, and reported back when it returns, so the
caller can reconcile it. What to do with changes is the caller's business: the CLI's
``watch`` updates the library in its main thread, the app queues a job for its indexer.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from ..scan.volumes import look_at
from ..store.records import Root
from .changes import ChangeBuffer

log = logging.getLogger(__name__)

TICK_S = 0.25


class _Forward(FileSystemEventHandler):
    def __init__(self, buffer: ChangeBuffer) -> None:
        self._buffer = buffer

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reading a file changes nothing
        if event.is_directory and event.event_type == "modified":
            return  # a folder's own mtime: its files report for themselves
        self._buffer.add(_text(event.src_path))
        destination = getattr(event, "dest_path", "")
        if destination:
            self._buffer.add(_text(destination))


def _text(path: str | bytes) -> str:
    return os.fsdecode(path)


class FolderWatcher:
    def __init__(
        self,
        roots: Callable[[], Sequence[Root]],
        *,
        on_changes: Callable[[list[Path]], None],
        on_root_state: Callable[[Root, bool], None],
        quiet_s: float = 1.0,
        check_roots_s: float = 5.0,
    ) -> None:
        self._roots = roots
        self._on_changes = on_changes
        self._on_root_state = on_root_state
        self._check_roots_s = check_roots_s
        self.buffer = ChangeBuffer(quiet_s)
        self._observer: BaseObserver = Observer()
        self._watches: dict[Path, ObservedWatch] = {}
        self._online: dict[Path, bool] = {}
        self._stop = threading.Event()
        self._refreshing = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="mediasift-watch", daemon=True)

    @property
    def unsettled(self) -> int:
        """Changes seen but not yet handed on (files still being copied, say)."""
        return len(self.buffer)

    def start(self) -> None:
        self._observer.start()
        self.refresh()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._observer.stop()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._observer.join(timeout=10)

    def refresh(self) -> None:
        """Follow the current list of folders (one was added or removed); report changes
        of presence since the last look. Safe to call from any thread."""
        with self._refreshing:
            self._refresh()

    def _refresh(self) -> None:
        roots = {root.path: root for root in self._roots()}
        for path in list(self._watches):
            if path not in roots:
                self._unwatch(path)
                self._online.pop(path, None)
        for path, root in roots.items():
            # Not just "is a folder": an unmounted drive leaves an empty mount point behind.
            present = look_at(path, root.volume, ()).online
            was = self._online.get(path)
            if present and path not in self._watches:
                self._watch(path)
            elif not present and path in self._watches:
                self._unwatch(path)
            self._online[path] = present
            if was is not None and was != present:
                self._on_root_state(root, present)

    def _watch(self, path: Path) -> None:
        try:
            self._watches[path] = self._observer.schedule(
                _Forward(self.buffer), str(path), recursive=True
            )
        except OSError as exc:  # e.g. the inotify watch limit; reconciliation still works
            log.warning("cannot watch %s: %s", path, exc)

    def _unwatch(self, path: Path) -> None:
        watch = self._watches.pop(path, None)
        if watch is not None:
            with contextlib.suppress(KeyError, OSError):
                self._observer.unschedule(watch)

    def _loop(self) -> None:
        elapsed = 0.0
        while not self._stop.wait(TICK_S):
            elapsed += TICK_S
            if elapsed >= self._check_roots_s:
                elapsed = 0.0
                self.refresh()
            settled = self.buffer.take_settled()
            if settled:
                self._on_changes(settled)
