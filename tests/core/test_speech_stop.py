"""Stopping transcription between two lines, not after a 90 s chunk, with an exact resume
point: the real tiny.en Whisper on sentences spoken by espeak-ng."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from mediasift.core.config import Settings
from mediasift.core.library import Library
from mediasift.core.models.speech import SpeechModel, SpokenLine
from tests import media_factory as mf

SENTENCES = [
    "The budget for next year is four hundred thousand dollars.",
    "The last train to the airport leaves at nine in the evening.",
    "Please water the plants on the balcony every morning.",
    "Our meeting with the architects moved to Thursday afternoon.",
    "The red bicycle in the garage needs a new front tyre.",
    "Remember to call the dentist before the end of the month.",
    "The library closes early on the first Monday of August.",
    "We should paint the kitchen a lighter shade of yellow.",
]
KEYWORDS = ["budget", "train", "water", "architect", "bicycle", "dentist", "library", "kitchen"]
STOP_AFTER_LINES = 4
STOP_WITHIN_S = 2.0


def test_a_stop_mid_chunk_commits_whole_lines_and_resumes_exactly(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One recording of eight sentences, well inside one 90 s chunk: before, a stop was
    # seen only after the whole chunk was transcribed and written.
    pieces = [(1.0 + 7.0 * i, mf.speech(text, tmp=tmp_path)) for i, text in enumerate(SENTENCES)]
    folder = tmp_path / "memos"
    folder.mkdir()
    total_s = 1.0 + 7.0 * len(SENTENCES)
    mf.write_wav(folder / "memo.wav", mf.timeline(*pieces, total_s=total_s))

    cancel = threading.Event()
    heard: list[SpokenLine] = []
    stopped_at: list[float] = []
    real_stream = SpeechModel.stream

    def stream_and_stop(self: SpeechModel, samples, *, language):  # type: ignore[no-untyped-def]
        """Whisper as it is; the user presses Cancel once four lines have been heard."""
        lines, found = real_stream(self, samples, language=language)

        def watched():  # type: ignore[no-untyped-def]
            for line in lines:
                heard.append(line)
                if len(heard) == STOP_AFTER_LINES and not cancel.is_set():
                    stopped_at.append(time.monotonic())
                    cancel.set()
                yield line

        return watched(), found

    monkeypatch.setattr(SpeechModel, "stream", stream_and_stop)
    with Library(settings) as library:
        first = library.index([folder], cancel=cancel)
        returned_at = time.monotonic()
        assert first.cancelled
        assert returned_at - stopped_at[0] < STOP_WITHIN_S
        _, partial = library.details(folder / "memo.wav")
        (waiting,) = library.store.catalog.speech_queue()
    # Whole lines only: every line heard before the last, with their own times; the
    # resume point is the start of the line not committed.
    assert len(heard) == STOP_AFTER_LINES
    assert [(round(s, 2), text) for s, _e, text, _l in partial] == [
        (round(line.start_s, 2), line.text) for line in heard[:-1]
    ]
    resume_at = heard[-1].start_s
    assert waiting.done_s == pytest.approx(resume_at, abs=0.01)
    assert first.transcribed_s == pytest.approx(resume_at, abs=0.01)

    monkeypatch.undo()
    with Library(settings) as library:
        second = library.index()
        _, transcript = library.details(folder / "memo.wav")
    assert not second.cancelled
    # Each second transcribed once over the two runs, each sentence found once, in order.
    assert first.transcribed_s + second.transcribed_s == pytest.approx(total_s, abs=0.1)
    text = " ".join(line[2].lower() for line in transcript)
    for word in KEYWORDS:
        assert text.count(word) == 1, (word, text)
    starts = [line[0] for line in transcript]
    assert starts == sorted(starts)
    ends = [line[1] for line in transcript]
    assert all(end <= start + 0.01 for end, start in zip(ends, starts[1:], strict=False))
