"""The indexing run: scan every folder, then decode, embed and write what changed.

    work items ──▶ decode threads (read, fingerprint, reuse?, decode, preprocess)
                        │  bounded window, input order
                        ▼
                  this thread: batch ──▶ CLIP encode ──▶ one transaction per batch

Decoding overlaps encoding: while the model embeds one batch, the decode threads prepare
the next. State lives in the store (``pending`` rows), so a run that is cancelled or
killed resumes where it stopped; only a run that completed purges files that vanished.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from mediasift.core.config import Settings
from mediasift.core.index.events import (
    FileFailed,
    IndexEvent,
    IndexFinished,
    IndexProgress,
    IndexSummary,
    RootOffline,
    ScanProblem,
    ScanProgress,
)
from mediasift.core.index.pipeline import bounded_map
from mediasift.core.index.prepare import Failed, Outcome, PhotoReady, Preparer, ReuseOracle
from mediasift.core.index.thumbnails import ThumbnailCache
from mediasift.core.index.writer import BatchWriter, Result
from mediasift.core.kinds import MediaKind
from mediasift.core.scan.scanner import Scanner
from mediasift.core.store import Store
from mediasift.core.store.records import Root, WorkItem

HANDLED_KINDS = frozenset({MediaKind.PHOTO})
FLUSH_SECONDS = 2.0
PROGRESS_SECONDS = 0.1


class ImageEncoder(Protocol):
    """What indexing needs of a model (``ClipEncoder`` in production)."""

    model_id: str
    dim: int
    image_size: int

    def preprocess(self, image: Any) -> Any: ...

    def encode_images(self, batch: Sequence[Any]) -> np.ndarray: ...


EventSink = Callable[[IndexEvent], None]


class Indexer:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        model_id: str,
        load_encoder: Callable[[], ImageEncoder],
    ) -> None:
        self._store = store
        self._settings = settings
        self._model_id = model_id
        self._load_encoder = load_encoder
        self._thumbnails = ThumbnailCache(settings.thumbnails_dir)

    def run(
        self,
        roots: Sequence[Root],
        *,
        cancel: threading.Event | None = None,
        on_event: EventSink | None = None,
    ) -> IndexSummary:
        cancel = cancel or threading.Event()
        emit = on_event or (lambda event: None)
        started = time.monotonic()
        summary = IndexSummary(roots=len(roots))
        self._scan(roots, summary, cancel, emit)
        if not cancel.is_set():
            self._index(summary, cancel, emit)
        if cancel.is_set():
            summary.cancelled = True
        else:
            summary.removed = self._store.purge_missing()
        summary.elapsed_s = time.monotonic() - started
        emit(IndexFinished(summary))
        return summary

    def _scan(
        self, roots: Sequence[Root], summary: IndexSummary, cancel: threading.Event, emit: EventSink
    ) -> None:
        scanner = Scanner(self._store, skip=[self._settings.data_dir])
        for root in roots:
            if cancel.is_set():
                return
            report = scanner.scan(
                root, cancel=cancel, on_progress=lambda n, r=root: emit(ScanProgress(r.path, n))
            )
            if report.offline:
                summary.offline_roots.append(root.path)
                emit(RootOffline(root.path))
                continue
            summary.files_seen += report.files_seen
            summary.new += report.new
            summary.changed += report.changed
            summary.unchanged += report.unchanged
            summary.resumed += report.resumed
            summary.problems += len(report.issues)
            for path, reason in report.issues:
                emit(ScanProblem(path=Path(path), reason=reason))

    def _index(self, summary: IndexSummary, cancel: threading.Event, emit: EventSink) -> None:
        known = self._store.vectors.model_named(self._model_id)
        items = self._store.catalog.work_items(known.id if known else -1, HANDLED_KINDS)
        if not items:
            return
        encoder = self._load_encoder()
        model = self._store.vectors.ensure_model(encoder.model_id, encoder.dim)
        oracle = ReuseOracle(self._store.path, model.id)
        try:
            preparer = Preparer(
                oracle=oracle,
                preprocess=encoder.preprocess,
                image_size=encoder.image_size,
                thumbnails=self._thumbnails,
                handled_kinds=HANDLED_KINDS,
            )
            run = _BatchRun(
                items, encoder, BatchWriter(self._store, model), summary, emit, self._settings
            )
            started = time.monotonic()
            run.execute(preparer, cancel)
            summary.indexing_s = time.monotonic() - started
        finally:
            oracle.close()


class _BatchRun:
    """One pass over the work items: gathers outcomes into batches and flushes them."""

    def __init__(
        self,
        items: list[WorkItem],
        encoder: ImageEncoder,
        writer: BatchWriter,
        summary: IndexSummary,
        emit: EventSink,
        settings: Settings,
    ) -> None:
        self._items = items
        self._encoder = encoder
        self._writer = writer
        self._summary = summary
        self._emit = emit
        self._settings = settings
        self._photos: list[PhotoReady] = []
        self._others: list[Outcome] = []
        self._done = 0
        self._started = time.monotonic()
        self._last_flush = self._started
        self._last_progress = 0.0

    def execute(self, preparer: Preparer, cancel: threading.Event) -> None:
        workers = self._settings.decode_workers
        window = self._settings.batch_size * 2 + workers
        with ThreadPoolExecutor(workers, thread_name_prefix="mediasift-decode") as pool:
            for item, outcome in bounded_map(
                pool, preparer, self._items, window=window, cancel=cancel
            ):
                if isinstance(outcome, PhotoReady):
                    self._photos.append(outcome)
                else:
                    self._others.append(outcome)
                self._progress(item.path)
                overdue = time.monotonic() - self._last_flush > FLUSH_SECONDS
                if len(self._photos) >= self._settings.batch_size or overdue:
                    self._flush()
        self._flush()
        self._progress(None, force=True)

    def _flush(self) -> None:
        if not self._photos and not self._others:
            return
        vectors = (
            self._encoder.encode_images([p.tensor for p in self._photos])
            if self._photos
            else np.zeros((0, 0), dtype=np.float32)
        )
        for outcome, result in self._writer.write(self._photos, vectors, self._others):
            self._count(outcome, result)
        self._photos = []
        self._others = []
        self._last_flush = time.monotonic()

    def _count(self, outcome: Outcome, result: Result) -> None:
        self._done += 1
        if result == Result.INDEXED:
            self._summary.indexed += 1
        elif result == Result.REUSED:
            self._summary.reused += 1
        elif result == Result.WAITING:
            self._summary.waiting += 1
        else:
            self._summary.failed += 1
            reason = outcome.reason if isinstance(outcome, Failed) else "failed"
            self._emit(FileFailed(outcome.item.path, reason))

    def _progress(self, current: Path | None, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_progress < PROGRESS_SECONDS:
            return
        self._last_progress = now
        elapsed = max(now - self._started, 1e-6)
        self._emit(
            IndexProgress(
                done=self._done,
                total=len(self._items),
                failed=self._summary.failed,
                rate=self._done / elapsed,
                current=current,
            )
        )
