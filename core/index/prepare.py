"""The decode-thread half of indexing: read, sniff, fingerprint, reuse or decode one file.

Runs in a thread pool, so it touches the database only through :class:`ReuseOracle`
(a read-only connection of its own) and never raises for a file's own problem: each becomes a
:class:`Failed` value carrying the one-line reason the user will see.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import apsw

from ..errors import stops_writing
from ..kinds import MediaKind
from ..media.photos import PhotoError, decode_photo
from ..reasons import Reason, ReasonCode
from ..scan.fingerprint import fingerprint_bytes, fingerprint_file
from ..scan.sniff import HEAD_BYTES, sniff
from ..store.records import Reusable, WorkItem
from ..store.store import Store
from .thumbnails import THUMBNAIL_SIDE, ThumbnailCache

log = logging.getLogger(__name__)

# Photos up to this size are read into memory once, then hashed and decoded from there.
READ_WHOLE_LIMIT = 256 * 1024 * 1024


@dataclass(frozen=True)
class PhotoReady:
    item: WorkItem
    content_hash: str
    tensor: Any
    """The model input (a torch tensor), made in the decode thread."""
    width: int
    height: int
    taken_at: float


@dataclass(frozen=True)
class Reuse:
    """Same content as a file whose vectors exist: a move, a copy, or an untouched file."""

    item: WorkItem
    content_hash: str
    kind: MediaKind
    source: Reusable | None
    """``None`` when the file's own vectors are still valid (only its mtime changed);
    otherwise a hint only: the writer looks the source up again inside its transaction."""


@dataclass(frozen=True)
class Failed:
    item: WorkItem
    reason: Reason
    kind: MediaKind | None = None
    content_hash: str | None = None
    retry: bool = False
    """The reason can go away by itself (permission, I/O, full disk): retried unasked."""


@dataclass(frozen=True)
class MediaQueued:
    """A video or recording, identified: frames and transcript are made in later phases."""

    item: WorkItem
    kind: MediaKind
    content_hash: str


Outcome = PhotoReady | Reuse | Failed | MediaQueued


class ReuseOracle:
    """Thread-safe lookups of reusable vectors through a private read-only connection."""

    def __init__(self, database: Path, model_id: int) -> None:
        self._store = Store(database, readonly=True)
        self._model_id = model_id
        self._lock = threading.Lock()

    def find(self, content_hash: str, size: int, exclude_id: int) -> Reusable | None:
        with self._lock:
            return self._store.catalog.find_reusable(content_hash, size, self._model_id, exclude_id)

    def close(self) -> None:
        with self._lock:
            self._store.close()


class Preparer:
    """Callable run by the decode threads for each work item."""

    def __init__(
        self,
        *,
        oracle: ReuseOracle,
        preprocess: Callable[[Any], Any],
        image_size: int,
        thumbnails: ThumbnailCache,
    ) -> None:
        self._oracle = oracle
        self._preprocess = preprocess
        self._min_side = image_size
        self._thumbnails = thumbnails

    def __call__(self, item: WorkItem) -> Outcome:
        try:
            return self._prepare(item)
        except Exception as exc:  # one bad file must never stop the library
            if isinstance(exc, apsw.Error) or stops_writing(exc):
                raise  # a full disk or a damaged database: every file would fail, so stop
            log.exception("unexpected failure on %s", item.path)
            detail = f"{type(exc).__name__}: {exc}"
            return Failed(item, Reason.of(ReasonCode.INTERNAL, detail=detail), retry=True)

    def _prepare(self, item: WorkItem) -> Outcome:
        try:
            with open(item.path, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                head = f.read(HEAD_BYTES)
                sniffed = sniff(head)
                data: bytes | None = None
                if sniffed.kind == MediaKind.PHOTO and size <= READ_WHOLE_LIMIT:
                    data = head + f.read()  # photos: one read for hashing and decoding
        except FileNotFoundError:
            return Failed(item, Reason.of(ReasonCode.DISAPPEARED), retry=True)
        except PermissionError:
            return Failed(item, Reason.of(ReasonCode.PERMISSION), retry=True)
        except OSError as exc:
            detail = exc.strerror or exc
            return Failed(item, Reason.of(ReasonCode.CANNOT_READ, detail=detail), retry=True)
        if size == 0:
            return Failed(item, Reason.of(ReasonCode.EMPTY))
        if sniffed.kind is None:
            return Failed(item, Reason.of(ReasonCode.NOT_MEDIA, format=sniffed.format))
        content_hash = fingerprint_bytes(data) if data is not None else fingerprint_file(item.path)
        if content_hash == item.content_hash and item.embedded:
            return Reuse(item, content_hash, sniffed.kind, None)
        source = self._oracle.find(content_hash, size, item.media_id)
        if source is not None:
            return Reuse(item, content_hash, sniffed.kind, source)
        if sniffed.kind != MediaKind.PHOTO:
            return MediaQueued(item, sniffed.kind, content_hash)
        return self._prepare_photo(item, data if data is not None else item.path, content_hash)

    def _prepare_photo(self, item: WorkItem, source: bytes | Path, content_hash: str) -> Outcome:
        try:
            photo = decode_photo(source, min_side=self._min_side, min_long_side=THUMBNAIL_SIDE)
        except PhotoError as exc:
            return Failed(item, exc.reason, MediaKind.PHOTO, content_hash, retry=exc.transient)
        self._thumbnails.save(content_hash, photo.image)
        taken_at = photo.taken_at if photo.taken_at is not None else item.mtime_ns / 1e9
        return PhotoReady(
            item=item,
            content_hash=content_hash,
            tensor=self._preprocess(photo.image),
            width=photo.width,
            height=photo.height,
            taken_at=taken_at,
        )
