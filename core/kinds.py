"""The small vocabularies shared by every layer: kinds of media, of segments, of state."""

from enum import StrEnum


class MediaKind(StrEnum):
    """What a file is, decided from its content (the suffix is only a hint)."""

    PHOTO = "photo"
    VIDEO = "video"
    AUDIO = "audio"


class SegmentKind(StrEnum):
    """A searchable unit of a file.

    Embedded by CLIP: a whole photo, a video frame, a spoken line (also in the full-text
    index). Words only, found through the full-text index: a line read in a photo or a
    video frame, the file's name with its folders, keywords written into the file.
    """

    IMAGE = "image"
    FRAME = "frame"
    SPEECH = "speech"
    TEXT = "text"
    NAME = "name"
    KEYWORDS = "keywords"


WORD_SEGMENT_KINDS = (SegmentKind.TEXT, SegmentKind.NAME, SegmentKind.KEYWORDS)
"""Segments with words and no vector."""


class MediaStatus(StrEnum):
    """Where a file stands in the index.

    ``pending`` files wait for the indexer (new, changed, or interrupted by a crash),
    ``indexed`` ones are searchable, ``failed`` ones carry a one-line reason and are retried
    when they change (or, for a reason that can go away, on the next run), ``missing``
    ones vanished from a listed folder and are kept until the end of the run so that a
    move can adopt their vectors. See :class:`PartState` for the whole state machine.
    """

    PENDING = "pending"
    INDEXED = "indexed"
    FAILED = "failed"
    MISSING = "missing"


class PartState(StrEnum):
    """Where one part of a video or recording stands: its frames (``visual_state``) or its
    transcript (``speech_state``). ``NULL`` in the store: the part does not apply (a photo
    has neither; a recording has no frames).

    The file's state is the triple (status, visual, speech); every change is one of these
    (the phase that makes it in brackets):

    ====================  =====================================  ==========================
    from                  event                                  to
    ====================  =====================================  ==========================
    (any)                 scan: new or changed file              (pending, -, -)
    (pending, -, -)       files: a photo embedded                (indexed, -, -)
    (pending, -, -)       files: a video identified              (pending, pending, pending)
    (pending, -, -)       files: a recording identified          (pending, -, pending)
    (pending, -, -)       files: unreadable, not media           (failed, -, -)
    (*, pending, *)       frames: embedded                       (indexed, done, *)
    (*, pending, *)       frames: no frame decodes               (failed, -, -)
    (*, *, pending)       speech: transcribed (note if damaged)  (indexed, *, done)
    (*, *, pending)       speech: a video without sound          (*, *, none)
    (*, *, pending)       speech: a recording cannot be read     (failed, -, failed)
    (*, *, pending)       speech: a soundtrack cannot be read    (*, *, failed) + note
    (failed, ...)         scan: failure can heal (retry = 1)     pending again, unchanged
    (*, *, *)             scan: gone from a listed folder        (missing, *, *)
    ====================  =====================================  ==========================

    A transcript part remembers how far it got (``speech_done_s``): a run that stops
    resumes there. ``speech_note`` says what is worth knowing about the transcript (no
    audio track, damaged audio, why it failed); a note is not a failure.
    """

    PENDING = "pending"
    DONE = "done"
    NONE = "none"
    FAILED = "failed"
