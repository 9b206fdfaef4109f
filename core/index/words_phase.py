"""The words phase: what a file says about itself, and the text read in its pictures.

It runs after the pictures are embedded (a photo is searchable by what it shows first,
then by its words) and before speech. For each searchable file it stores, through the
full-text index:

* the file name, its folders below the library root and the keywords, titles and
  captions written into the file (cheap: headers only);
* the lines read in a photo, or in a video's kept frames (the frames the frames phase
  embedded, decoded again at a resolution fit for reading), each with its box and
  confidence; a line shown on several frames in a row becomes one line with its span.

One transaction per file, the part states committed with the words: killed at any
moment, the next run goes on with the file it was reading. A pause holds between files,
a cancel stops between frames.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image

from ..errors import MediaSiftError
from ..kinds import MediaKind, SegmentKind
from ..media.file_words import FileWords, WordSource, words_about
from ..media.photos import PhotoError, decode_photo
from ..media.probe import MediaError
from ..media.video import frames_at
from ..models.text_reader import DECODE_MIN_SIDE
from ..run_control import RunControl
from ..store.store import Store
from ..store.words import WordsItem, WordsSegment
from .events import IndexEvent, IndexSummary, ModelNote, Phase
from .pipeline import bounded_map
from .progress import PhaseProgress

if TYPE_CHECKING:
    from ..models.text_reader import ReadLine, TextReader

READ_MIN_SIDE = DECODE_MIN_SIDE
"""Photos are decoded for reading with at least this many pixels on the shorter side
(JPEG draft decoding halves a 12 MP original to 2000 x 1500, the most the reader uses of a
photo; asking 2048 on the longer side decoded it in full, then shrank it again)."""
READ_FRAME_SIDE = 1080
"""Video frames are decoded again with this many pixels on the shorter side (1080p)."""
LOOK_AHEAD = 2
"""Photos decoded ahead of the reader, on a second thread."""

_SOURCE_KIND = {WordSource.NAME: SegmentKind.NAME, WordSource.KEYWORDS: SegmentKind.KEYWORDS}


@dataclass(frozen=True)
class _Prepared:
    """What a worker gathered for one file before the reader sees it."""

    names: list[WordsSegment] | None
    """None: not asked for, or the file could not be opened (gathered on a later run)."""
    photo: Image.Image | None = None
    skip_text: bool = False
    """The picture cannot be read now (a transient failure): try again on a later run."""


class WordsPhase:
    def __init__(
        self,
        store: Store,
        *,
        load_reader: Callable[[], TextReader] | None,
        emit: Callable[[IndexEvent], None],
        control: RunControl,
    ) -> None:
        """``load_reader`` None: text in pictures is not read (turned off)."""
        self._store = store
        self._load_reader = load_reader
        self._reader: TextReader | None = None
        self._emit = emit
        self._control = control

    def run(self, items: list[WordsItem], summary: IndexSummary) -> None:
        if not items:
            return
        reading = self._load_reader is not None and any(i.needs_text for i in items)
        if reading and not self._start_reader():
            items = [i for i in items if i.needs_names]
        progress = PhaseProgress(Phase.TEXT, len(items), self._emit)
        with ThreadPoolExecutor(1, thread_name_prefix="mediasift-words") as pool:
            for item, prepared in bounded_map(
                pool, self._prepare, items, window=LOOK_AHEAD, proceed=self._control.proceed
            ):
                lines = self._read(item, prepared)
                if lines is None and prepared.names is None:
                    progress.advance(1, item.path)
                    continue
                with self._store.transaction():
                    if prepared.names is not None:
                        self._store.replace_words(
                            item.media_id, (SegmentKind.NAME, SegmentKind.KEYWORDS), prepared.names
                        )
                    if lines is not None:
                        self._store.replace_words(item.media_id, (SegmentKind.TEXT,), lines)
                    self._store.words.mark_done(
                        item.media_id, names=prepared.names is not None, text=lines is not None
                    )
                progress.advance(1, item.path)
                if self._control.cancelled:
                    break
        progress.finish()

    def _start_reader(self) -> bool:
        assert self._load_reader is not None
        try:
            reader = self._load_reader()
            # its models now (they load lazily): a reader that cannot start is this one
            # note and the names still count, rather than the first picture's read failing
            # the whole run (watch died of a rapidocr import that failed)
            reader.load()
            self._reader = reader
        except MediaSiftError as exc:
            self._emit(ModelNote(f"text in pictures is not read: {exc}"))
            self._load_reader = None
            return False
        return True

    def _prepare(self, item: WordsItem) -> _Prepared:
        """On the worker thread: the words about the file, and a photo to read."""
        names: list[WordsSegment] | None = None
        if item.needs_names:
            try:
                found = words_about(item.path, item.root, item.kind)
                names = [_about_segment(w) for w in found]
            except OSError:
                names = None
        if not (item.needs_text and self._reader is not None and item.kind == MediaKind.PHOTO):
            return _Prepared(names)
        try:
            photo = decode_photo(item.path, min_side=READ_MIN_SIDE)
        except PhotoError as exc:
            return _Prepared(names, skip_text=exc.transient)
        return _Prepared(names, photo.image)

    def _read(self, item: WordsItem, prepared: _Prepared) -> list[WordsSegment] | None:
        """The lines read in the file; None when its text is not to be read (now)."""
        reader = self._reader
        if not item.needs_text or reader is None or prepared.skip_text:
            return None
        if item.kind == MediaKind.PHOTO:
            if prepared.photo is None:
                return []  # not a picture any more: nothing to read
            return [_text_segment(line) for line in reader.read(prepared.photo)]
        return self._read_video(item, reader)

    def _read_video(self, item: WordsItem, reader: TextReader) -> list[WordsSegment] | None:
        frames = self._store.catalog.frame_segments(item.media_id)
        spans = _FrameSpans(sorted(frames))
        try:
            for frame in frames_at(
                item.path,
                sorted(frames),
                min_side=READ_FRAME_SIDE,
                cancel=self._control.cancel,
            ):
                spans.add(frame.time_s, reader.read(frame.image))
        except MediaError as exc:
            return None if exc.transient else spans.lines()
        if self._control.cancelled:
            return None  # part-way: the whole video is read again next run
        return spans.lines()


class _FrameSpans:
    """Lines read in consecutive frames: one line per run of frames showing it."""

    def __init__(self, times: list[float]) -> None:
        self._times = times
        self._open: dict[str, WordsSegment] = {}
        self._done: list[WordsSegment] = []

    def add(self, time_s: float, lines: list[ReadLine]) -> None:
        end = self._end_of(time_s)
        seen: dict[str, WordsSegment] = {}
        for line in lines:
            earlier = self._open.get(line.text)
            if earlier is not None:
                seen[line.text] = _extended(earlier, end)
            else:
                seen[line.text] = _text_segment(line, start_s=time_s, end_s=end)
        self._done.extend(s for text, s in self._open.items() if text not in seen)
        self._open = seen

    def lines(self) -> list[WordsSegment]:
        return [*self._done, *self._open.values()]

    def _end_of(self, time_s: float) -> float:
        later = [t for t in self._times if t > time_s]
        return later[0] if later else time_s


def _extended(segment: WordsSegment, end_s: float) -> WordsSegment:
    return WordsSegment(
        segment.kind,
        segment.text,
        segment.box,
        segment.confidence,
        segment.start_s,
        end_s,
    )


def _text_segment(
    line: ReadLine, *, start_s: float | None = None, end_s: float | None = None
) -> WordsSegment:
    return WordsSegment(
        SegmentKind.TEXT, line.text, line.box, line.confidence, start_s=start_s, end_s=end_s
    )


def _about_segment(words: FileWords) -> WordsSegment:
    return WordsSegment(_SOURCE_KIND[words.source], words.text)
