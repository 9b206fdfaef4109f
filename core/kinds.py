"""The small vocabularies shared by every layer: kinds of media, of segments, of state."""

from enum import StrEnum


class MediaKind(StrEnum):
    """What a file is, decided from its content (the suffix is only a hint)."""

    PHOTO = "photo"
    VIDEO = "video"
    AUDIO = "audio"


class SegmentKind(StrEnum):
    """The unit that gets an embedding: a whole photo, a video frame, or a spoken line."""

    IMAGE = "image"
    FRAME = "frame"
    SPEECH = "speech"


class MediaStatus(StrEnum):
    """Where a file stands in the index.

    ``pending`` files wait for the indexer (new, changed, or interrupted by a crash),
    ``indexed`` ones are searchable, ``failed`` ones carry a one-line reason and are retried
    only when they change, ``missing`` ones vanished from a scanned folder and are kept
    until the end of the run so that a move can adopt their vectors.
    """

    PENDING = "pending"
    INDEXED = "indexed"
    FAILED = "failed"
    MISSING = "missing"
