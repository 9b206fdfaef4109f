"""The speech phase: transcribe recordings and soundtracks, a chunk at a time.

Each chunk (about 90 s of audio) is transcribed, its lines are embedded with CLIP's text
tower (so "people arguing about money" can reach a line about the budget) and put in the
full-text index (so names and numbers are found exactly), and all of it is committed
together with the new resume point. A crash loses at most the chunk in progress; the next
run seeks to the resume point and goes on.

Chunk boundaries follow speech: the last line of a chunk may be cut by the boundary, so
it is not committed; the next chunk starts at that line's beginning and transcribes it
whole.

Pause and cancel are looked at between two lines, not only between chunks, so a run stops
within one Whisper window (a second or two), not after 90 s of audio. A cancelled chunk
commits the lines heard before the last one and resumes, as after a chunk, at the start
of the last one.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import MediaSiftError
from ..kinds import MediaKind, PartState, SegmentKind
from ..media.audio import SAMPLE_RATE, AudioReader
from ..media.probe import MediaError, Probe, probe
from ..models.encoder import Encoder
from ..models.speech import SpeechModel, SpokenLine
from ..reasons import Reason, ReasonCode
from ..store.records import SpeechItem
from ..store.vectors import VectorRow
from .context import PhaseContext
from .events import (
    FileFailed,
    FileNote,
    IndexSummary,
    Phase,
    SpeechUnavailable,
)
from .progress import PhaseProgress

CHUNK_S = 90.0
TEXT_BATCH = 64


class SpeechPhase:
    def __init__(
        self,
        context: PhaseContext,
        load_speech: Callable[[], SpeechModel],
        *,
        language: str | None = None,
    ) -> None:
        """``language``: every recording is spoken in it (None: detected per file)."""
        self._language = language
        self._store = context.store
        self._model = context.model
        self._encoder = context.encoder
        self._load_speech = load_speech
        self._emit = context.emit
        self._control = context.control

    def run(self, items: list[SpeechItem], summary: IndexSummary) -> None:
        if not items:
            return
        try:
            speech = self._load_speech()
            speech.check_language(self._language)
        except MediaSiftError as exc:
            summary.waiting += len(items)
            self._emit(SpeechUnavailable(str(exc), len(items), exc.why))
            return
        probes: dict[int, Probe | MediaError] = {}
        for item in items:
            try:
                probes[item.media_id] = probe(item.path)
            except MediaError as exc:
                probes[item.media_id] = exc
        total = sum(
            max(0.0, (p.duration_s or 0.0) - item.done_s)
            for item in items
            if isinstance(p := probes[item.media_id], Probe)
        )
        progress = PhaseProgress(Phase.SPEECH, total, self._emit)
        for item in items:
            if not self._control.proceed():
                break
            found = probes[item.media_id]
            if isinstance(found, MediaError):
                self._finish(
                    item,
                    None,
                    PartState.FAILED,
                    found.reason,
                    summary,
                    progress,
                    retry=found.transient,
                )
                continue
            self._transcribe(item, found, speech, summary, progress)
        progress.finish()

    def _transcribe(
        self,
        item: SpeechItem,
        info: Probe,
        speech: SpeechModel,
        summary: IndexSummary,
        progress: PhaseProgress,
    ) -> None:
        if info.audio is None:
            state = PartState.FAILED if item.kind == MediaKind.AUDIO else PartState.NONE
            self._finish(item, info, state, Reason.of(ReasonCode.NO_AUDIO), summary, progress)
            return
        position = item.done_s
        language = self._language or item.language
        lines_written = 0
        try:
            with AudioReader(item.path, start_s=position) as reader:
                buffer = np.zeros(0, dtype=np.float32)
                while self._control.proceed():
                    piece = reader.read(CHUNK_S - len(buffer) / SAMPLE_RATE)
                    buffer = np.concatenate([buffer, piece]) if len(buffer) else piece
                    if not len(buffer):
                        break
                    stream, found = speech.stream(buffer, language=language)
                    language = language or found
                    heard: list[SpokenLine] = []
                    for line in stream:
                        heard.append(line)
                        if not self._control.proceed():  # paused: held here; cancelled: out
                            break
                    if self._control.cancelled:
                        lines, consumed = _cut_short(heard)
                    else:
                        lines, consumed = _settled(heard, len(buffer), final=reader.eof)
                    if lines or consumed:
                        self._write_chunk(item, position, lines, position + consumed, language)
                    lines_written += len(lines)
                    summary.transcribed_s += consumed
                    progress.advance(consumed, item.path)
                    position += consumed
                    buffer = buffer[round(consumed * SAMPLE_RATE) :]
                    if reader.eof and not len(buffer):
                        break
                damaged = reader.damaged or _ends_early(reader.end_s, info.duration_s)
        except MediaError as exc:
            if lines_written == 0 and position == item.done_s:
                self._finish(
                    item, info, PartState.FAILED, exc.reason, summary, progress, retry=exc.transient
                )
                return
            damaged = True
        if self._control.cancelled:
            return
        note = None
        if damaged and info.duration_s:
            note = Reason.of(
                ReasonCode.AUDIO_ENDS_EARLY_OF,
                at=f"{position:.1f}",
                duration=f"{info.duration_s:.0f}",
            )
        elif damaged:
            note = Reason.of(ReasonCode.AUDIO_ENDS_EARLY, at=f"{position:.1f}")
        elif lines_written == 0 and item.done_s == 0:
            note = Reason.of(ReasonCode.NO_SPEECH)
        self._finish(item, info, PartState.DONE, note, summary, progress)

    def _write_chunk(
        self,
        item: SpeechItem,
        offset: float,
        lines: list[SpokenLine],
        resume_at: float,
        language: str | None,
    ) -> None:
        texts = [line.text for line in lines]
        vectors = _embed(self._encoder, texts)
        taken_at = item.mtime_ns / 1e9
        catalog = self._store.catalog
        with self._store.transaction():
            rows, fulltext = [], []
            for line, vector in zip(lines, vectors, strict=True):
                segment_id = catalog.add_segment(
                    item.media_id,
                    SegmentKind.SPEECH,
                    start_s=round(offset + line.start_s, 2),
                    end_s=round(offset + line.end_s, 2),
                    text=line.text,
                    lang=language,
                )
                rows.append(VectorRow(segment_id, SegmentKind.SPEECH, item.kind, taken_at, vector))
                fulltext.append((segment_id, line.text))
            self._store.vectors.add(self._model, rows)
            self._store.add_fulltext(fulltext)
            catalog.speech_progress(item.media_id, resume_at, language)

    def _finish(
        self,
        item: SpeechItem,
        info: Probe | None,
        state: PartState,
        note: Reason | None,
        summary: IndexSummary,
        progress: PhaseProgress,
        *,
        retry: bool = False,
    ) -> None:
        """``retry``: the failure can go away by itself; the next run tries again."""
        taken_at = (info.created_at if info else None) or item.mtime_ns / 1e9
        duration = info.duration_s if info else None
        with self._store.transaction():
            self._store.catalog.finish_speech(
                item.media_id,
                state=state,
                note=note,
                duration_s=duration,
                taken_at=taken_at,
                retry=retry,
            )
            if item.kind == MediaKind.AUDIO and state == PartState.DONE:
                self._store.catalog.record_vectors(item.media_id, self._model.id)
        if state == PartState.FAILED and item.kind == MediaKind.AUDIO:
            summary.failed += 1
            progress.failed += 1
            reason = note or Reason.of(ReasonCode.FAILED)
            self._emit(FileFailed(item.path, str(reason), reason))
            return
        if item.kind == MediaKind.AUDIO:
            summary.indexed += 1
        if note:
            summary.notes += 1
            prefix = "transcript: " if item.kind == MediaKind.VIDEO else ""
            self._emit(FileNote(item.path, prefix + str(note), note))


def _ends_early(decoded_to_s: float, declared_s: float | None) -> bool:
    """Decoding stopped well before the duration the file's header declares."""
    if not declared_s:
        return False
    return decoded_to_s < declared_s - max(1.0, 0.02 * declared_s)


def _settled(
    lines: list[SpokenLine], samples: int, *, final: bool
) -> tuple[list[SpokenLine], float]:
    """The lines safe to commit and how many seconds of the buffer they consume."""
    length = samples / SAMPLE_RATE
    if final or len(lines) < 2 or lines[-1].start_s <= 0:
        return lines, length
    return lines[:-1], lines[-1].start_s


def _cut_short(heard: list[SpokenLine]) -> tuple[list[SpokenLine], float]:
    """The lines safe to commit when a run stops between two lines of a chunk, and the
    seconds they consume: every line heard but the last (it may be the one the chunk's
    end cuts); the next run starts at its beginning, as after a chunk."""
    if len(heard) < 2 or heard[-1].start_s <= 0:
        return [], 0.0
    return heard[:-1], heard[-1].start_s


def _embed(encoder: Encoder, texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    parts = [
        encoder.encode_texts(texts[i : i + TEXT_BATCH]) for i in range(0, len(texts), TEXT_BATCH)
    ]
    return np.concatenate(parts)


def backfill_text_vectors(
    context: PhaseContext, missing: list[tuple[int, str, MediaKind, float]]
) -> None:
    """Embed, with the run's model, transcript lines it has no vector for (after a
    switch); ``missing`` comes from :meth:`VectorIndex.unembedded_lines`."""
    store, model, encoder = context.store, context.model, context.encoder
    for start in range(0, len(missing), TEXT_BATCH):
        part = missing[start : start + TEXT_BATCH]
        vectors = encoder.encode_texts([text for _, text, _, _ in part])
        with store.transaction():
            store.vectors.add(
                model,
                [
                    VectorRow(segment_id, SegmentKind.SPEECH, kind, taken_at, vector)
                    for (segment_id, _, kind, taken_at), vector in zip(part, vectors, strict=True)
                ],
            )
    with store.transaction():
        store.catalog.record_recordings_embedded(model.id)
