"""The files phase: every new or changed file is read once, fingerprinted and either
reused (a move, a copy), embedded (a photo), or handed on (a video or recording).

    work items ──▶ decode threads (read, fingerprint, reuse?, decode, preprocess)
                        │  bounded window, input order
                        ▼
                  this thread: batch ──▶ CLIP encode ──▶ one transaction per batch
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..reasons import Reason, ReasonCode
from ..store.records import WorkItem
from .context import PhaseContext
from .events import FileFailed, IndexSummary, Phase
from .pipeline import bounded_map
from .prepare import Failed, Outcome, PhotoReady, Preparer
from .progress import PhaseProgress
from .writer import BatchWriter, Result

FLUSH_SECONDS = 2.0


class FilesPhase:
    def __init__(self, context: PhaseContext, *, decode_workers: int) -> None:
        self._encoder = context.encoder
        self._writer = BatchWriter(context.store, context.model)
        self._batch = context.batch_size
        self._workers = decode_workers
        self._emit = context.emit
        self._control = context.control
        self._photos: list[PhotoReady] = []
        self._others: list[Outcome] = []
        self._last_flush = time.monotonic()

    def run(self, items: list[WorkItem], preparer: Preparer, summary: IndexSummary) -> None:
        control = self._control
        progress = PhaseProgress(Phase.FILES, len(items), self._emit)
        window = self._batch * 2 + self._workers
        with ThreadPoolExecutor(self._workers, thread_name_prefix="mediasift-decode") as pool:
            for item, outcome in bounded_map(
                pool, preparer, items, window=window, proceed=control.proceed
            ):
                if isinstance(outcome, PhotoReady):
                    self._photos.append(outcome)
                else:
                    self._others.append(outcome)
                progress.report(item.path)
                overdue = time.monotonic() - self._last_flush > FLUSH_SECONDS
                if len(self._photos) >= self._batch or overdue:
                    # Decoded items run ahead of the model: a pause must hold here, before
                    # the next batch is encoded, not once the look-ahead window is drained.
                    if not control.proceed():
                        break  # cancelled: the batch in hand is written below
                    self._flush(summary, progress)
                if control.cancelled:
                    break  # the batch in hand is written below; the rest stays pending
        self._flush(summary, progress)
        progress.finish()

    def _flush(self, summary: IndexSummary, progress: PhaseProgress) -> None:
        if not self._photos and not self._others:
            return
        vectors = (
            self._encoder.encode_images([p.tensor for p in self._photos])
            if self._photos
            else np.zeros((0, 0), dtype=np.float32)
        )
        for outcome, result in self._writer.write(self._photos, vectors, self._others):
            self._count(outcome, result, summary, progress)
        self._photos = []
        self._others = []
        self._last_flush = time.monotonic()

    def _count(
        self, outcome: Outcome, result: Result, summary: IndexSummary, progress: PhaseProgress
    ) -> None:
        progress.done += 1
        if result == Result.INDEXED:
            summary.indexed += 1
        elif result == Result.REUSED:
            summary.reused += 1
        elif result == Result.FAILED:
            summary.failed += 1
            progress.failed += 1
            reason = outcome.reason if isinstance(outcome, Failed) else Reason.of(ReasonCode.FAILED)
            self._emit(FileFailed(outcome.item.path, str(reason), reason))
