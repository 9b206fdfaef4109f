"""Progress of one phase, sent at most ten times a second (a GUI needs no more)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .events import IndexEvent, IndexProgress, Phase

INTERVAL_S = 0.1


class PhaseProgress:
    def __init__(self, phase: Phase, total: float, emit: Callable[[IndexEvent], None]) -> None:
        self.phase = phase
        self.total = total
        self.done = 0.0
        self.failed = 0
        self._emit = emit
        self._started = time.monotonic()
        self._last = 0.0

    def advance(self, amount: float = 1.0, current: Path | None = None) -> None:
        self.done += amount
        self.report(current)

    def report(self, current: Path | None, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < INTERVAL_S:
            return
        self._last = now
        elapsed = max(now - self._started, 1e-6)
        self._emit(
            IndexProgress(
                done=self.done,
                total=self.total,
                failed=self.failed,
                rate=self.done / elapsed,
                current=current,
                phase=self.phase,
            )
        )

    def finish(self) -> None:
        self.report(None, force=True)
