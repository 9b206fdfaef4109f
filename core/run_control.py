"""Pause, resume and cancel for a running index, safe to call from any thread.

Every loop of the indexer calls :meth:`RunControl.proceed` between units of work (a file,
a batch, a chunk of audio): it returns at once when running, blocks while paused, and
answers False once cancelled, so the loop stops at a clean boundary. Any thread may set
these flags (the CLI's signal handler, the engine process's command thread); no message
has to reach a busy worker.
"""

from __future__ import annotations

import threading


class RunControl:
    def __init__(self, cancel: threading.Event | None = None) -> None:
        self.cancel = cancel or threading.Event()
        self._running = threading.Event()
        self._running.set()
        self.holding = threading.Event()
        """Set while the run waits at a checkpoint: paused for real, nothing in hand."""

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self) -> None:
        """Cancel, and release a paused run so that it can see the cancellation."""
        self.cancel.set()
        self._running.set()

    def proceed(self) -> bool:
        """Wait while paused; True to go on, False once cancelled."""
        if not self._running.is_set():
            self.holding.set()
            try:
                while not self._running.wait(0.25):
                    if self.cancel.is_set():
                        return False
            finally:
                self.holding.clear()
        return not self.cancel.is_set()
