"""Keep one library in sync, in the calling thread: what ``mediasift watch`` runs.

Reconcile first (whatever changed while nothing watched), then apply the watcher's
settled changes as they come, and rescan a folder whenever it goes offline (to mark it
so) or comes back (to catch up with what changed on it meanwhile). Indexing happens in
this thread only: the library's store has one writer.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mediasift.core.index.events import IndexEvent, IndexSummary
from mediasift.core.library import Library
from mediasift.core.run_control import RunControl
from mediasift.core.store.records import Root
from mediasift.core.watch.watcher import FolderWatcher


@dataclass(frozen=True)
class RootState:
    root: Root
    online: bool


class LiveSync:
    def __init__(
        self,
        library: Library,
        *,
        quiet_s: float = 1.0,
        check_roots_s: float = 5.0,
        on_event: Callable[[IndexEvent], None] | None = None,
        on_summary: Callable[[IndexSummary], None] | None = None,
        on_root: Callable[[RootState], None] | None = None,
        on_watching: Callable[[], None] | None = None,
    ) -> None:
        """``on_watching`` is called once every folder is watched (before the catch-up)."""
        self._library = library
        self._on_event = on_event
        self._on_summary = on_summary or (lambda summary: None)
        self._on_root = on_root or (lambda state: None)
        self._on_watching = on_watching or (lambda: None)
        self._inbox: queue.Queue[list[Path] | RootState] = queue.Queue()
        self.control = RunControl()
        # The watcher's thread reads this snapshot, never the store: a SQLite connection
        # (apsw) must not be used by two threads at once, and this thread is the writer.
        self._roots = library.roots()
        self.watcher = FolderWatcher(
            lambda: self._roots,
            on_changes=self._inbox.put,
            on_root_state=lambda root, online: self._inbox.put(RootState(root, online)),
            quiet_s=quiet_s,
            check_roots_s=check_roots_s,
        )

    def run(self, stop: threading.Event) -> None:
        """Sync until ``stop`` is set (or KeyboardInterrupt); the watcher always stops."""
        library = self._library
        # Watch first, then catch up: a file that arrives during the catch-up is seen by
        # the watcher (and applied right after), never lost in between.
        self.watcher.start()
        self._on_watching()
        try:
            if library.roots():
                self._on_summary(library.index(control=self.control, on_event=self._on_event))
            while not stop.is_set():
                try:
                    message = self._inbox.get(timeout=0.2)
                except queue.Empty:
                    continue
                if isinstance(message, RootState):
                    self._on_root(message)
                    summary = library.rescan(
                        [message.root], control=self.control, on_event=self._on_event
                    )
                else:
                    summary = library.update(message, control=self.control, on_event=self._on_event)
                self._roots = library.roots()
                self._on_summary(summary)
        finally:
            self.control.stop()
            self.watcher.stop()
