"""An indexing run: scan the folders, then bring every file up to date, phase by phase.

1. scan: walk the folders, queue what is new or changed, mark what vanished;
2. files: read and fingerprint each queued file; reuse moves and copies, embed photos;
3. frames: sample and embed the frames of videos;
3b. words: names, folders and keywords of every file; text read in photos and frames;
4. speech: transcribe recordings and soundtracks (needs the Whisper model; without it
   they wait and everything else goes on);
5. text vectors: embed transcript lines the current CLIP model has not seen yet;
6. purge: forget files that vanished, unless the run was cancelled.

State lives in the store (``pending`` rows, part states, resume points), so a run that is
cancelled or killed resumes where it stopped. Models load lazily, only when a phase has
work: re-indexing an unchanged library loads nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from ..kinds import MediaKind
from ..models.clip_source import ClipSource
from ..models.encoder import Encoder
from ..models.speech import SpeechModel
from ..paths import is_within
from ..reasons import Reason, ReasonCode
from ..run_control import RunControl
from ..scan.scanner import Scanner
from ..store.records import Root
from ..store.store import Store
from .context import PhaseContext
from .events import (
    IndexEvent,
    IndexFinished,
    IndexSummary,
    RootOffline,
    ScanProblem,
    ScanProgress,
)
from .files_phase import FilesPhase
from .frames_phase import FramesPhase
from .prepare import Preparer, ReuseOracle
from .speech_phase import SpeechPhase, backfill_text_vectors
from .thumbnails import ThumbnailCache
from .words_phase import WordsPhase

if TYPE_CHECKING:
    from ..models.text_reader import TextReader

EventSink = Callable[[IndexEvent], None]
MOVE_GRACE_S = 60.0


class Indexer:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        source: ClipSource,
        load_encoder: Callable[[], Encoder],
        load_speech: Callable[[], SpeechModel],
        load_reader: Callable[[], TextReader] | None = None,
    ) -> None:
        """``load_reader`` None: text in pictures is not read (names still are)."""
        self._store = store
        self._settings = settings
        self._source = source
        self._model_id = source.model_id
        self._load_encoder = load_encoder
        self._load_speech = load_speech
        self._load_reader = load_reader
        self._thumbnails = ThumbnailCache(settings.thumbnails_dir)
        self._context: PhaseContext | None = None

    def run(
        self,
        roots: Sequence[Root],
        *,
        changed: Sequence[Path] | None = None,
        control: RunControl | None = None,
        on_event: EventSink | None = None,
    ) -> IndexSummary:
        """Reconcile ``roots`` (whole), or only the ``changed`` paths inside them (what a
        watcher saw), then index everything pending."""
        control = control or RunControl()
        emit = on_event or (lambda event: None)
        started = time.monotonic()
        summary = IndexSummary(roots=len(roots))
        targets: list[tuple[Root, Path | None]] = (
            [(root, None) for root in roots]
            if changed is None
            else [(root, path) for path in changed if (root := _root_of(path, roots))]
        )
        self._scan(targets, summary, control, emit)
        work_started = time.monotonic()
        for phase in (self._files, self._frames, self._words, self._speech, self._text_vectors):
            if not control.proceed():
                break
            phase(summary, control, emit)
        summary.indexing_s = time.monotonic() - work_started
        if control.cancelled:
            summary.cancelled = True
        elif changed is None:
            summary.removed = self._store.purge_missing()
        else:
            # A watcher may report a move's new name a moment after its old one: keep the
            # old row a while so that the new name adopts its vectors instead of encoding.
            summary.removed = self._store.purge_missing(time.time() - MOVE_GRACE_S)
        summary.elapsed_s = time.monotonic() - started
        emit(IndexFinished(summary))
        return summary

    def _phase_context(self, control: RunControl, emit: EventSink) -> PhaseContext:
        """The phases' shared context; the model is loaded on first need only."""
        if self._context is None:
            encoder = self._load_encoder()
            model = self._store.vectors.ensure_model(
                encoder.model_id, encoder.dim, choice=self._source.as_choice().to_json()
            )
            self._context = PhaseContext(
                store=self._store,
                model=model,
                encoder=encoder,
                thumbnails=self._thumbnails,
                emit=emit,
                control=control,
                batch_size=self._settings.batch_size,
            )
        return self._context

    def _scan(
        self,
        targets: Sequence[tuple[Root, Path | None]],
        summary: IndexSummary,
        control: RunControl,
        emit: EventSink,
    ) -> None:
        scanner = Scanner(
            self._store, skip=[self._settings.data_dir], roots=self._store.catalog.roots()
        )
        for root, under in targets:
            if not control.proceed():
                return
            report = scanner.scan(
                root,
                under=under,
                control=control,
                on_progress=lambda n, r=root: emit(ScanProgress(r.path, n)),
            )
            if report.offline:
                if root.path not in summary.offline_roots:
                    summary.offline_roots.append(root.path)
                    why = report.offline_reason or Reason.of(ReasonCode.FOLDER_NOT_FOUND)
                    emit(RootOffline(root.path, str(why), why))
                continue
            summary.files_seen += report.files_seen
            summary.new += report.new
            summary.changed += report.changed
            summary.unchanged += report.unchanged
            summary.resumed += report.resumed
            summary.problems += len(report.issues)
            for path, why in report.issues:
                emit(ScanProblem(path=Path(path), reason=str(why), why=why))

    def _files(self, summary: IndexSummary, control: RunControl, emit: EventSink) -> None:
        known = self._store.vectors.model_named(self._model_id)
        items = self._store.catalog.work_items(known.id if known else -1, tuple(MediaKind))
        if not items:
            return
        context = self._phase_context(control, emit)
        oracle = ReuseOracle(self._store.path, context.model.id)
        try:
            preparer = Preparer(
                oracle=oracle,
                preprocess=context.encoder.preprocess,
                image_size=context.encoder.image_size,
                thumbnails=self._thumbnails,
            )
            phase = FilesPhase(context, decode_workers=self._settings.decode_workers)
            phase.run(items, preparer, summary)
        finally:
            oracle.close()

    def _frames(self, summary: IndexSummary, control: RunControl, emit: EventSink) -> None:
        videos = self._store.catalog.videos_to_sample()
        if videos:
            FramesPhase(self._phase_context(control, emit)).run(videos, summary)

    def _words(self, summary: IndexSummary, control: RunControl, emit: EventSink) -> None:
        items = self._store.words.queue(read_text=self._load_reader is not None)
        if items:
            phase = WordsPhase(
                self._store, load_reader=self._load_reader, emit=emit, control=control
            )
            phase.run(items, summary)

    def _speech(self, summary: IndexSummary, control: RunControl, emit: EventSink) -> None:
        items = self._store.catalog.speech_queue()
        if items:
            phase = SpeechPhase(
                self._phase_context(control, emit),
                self._load_speech,
                language=self._settings.speech_language,
            )
            phase.run(items, summary)

    def _text_vectors(self, summary: IndexSummary, control: RunControl, emit: EventSink) -> None:
        known = self._store.vectors.model_named(self._model_id)
        if known is None and not self._store.catalog.has_speech():
            return
        if known is None:
            known = self._phase_context(control, emit).model  # a new model: every line
        missing = self._store.vectors.unembedded_lines(known)
        if missing:
            backfill_text_vectors(self._phase_context(control, emit), missing)


def _root_of(path: Path, roots: Sequence[Root]) -> Root | None:
    """The library folder a changed path belongs to (the deepest, if nested)."""
    holders = [root for root in roots if is_within(path, root.path)]
    return max(holders, key=lambda r: len(r.path.parts)) if holders else None
