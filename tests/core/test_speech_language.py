"""Recordings in Chinese: the language is detected per file or fixed by a setting, lines are
stored as spoken (in their own script) and found by either script.

Only the English tiny.en Whisper model can be had on these machines, so the Mandarin
recording (spoken by espeak-ng) is transcribed by a stand-in for Whisper that answers
with a stored transcript, through the same SpeechModel, phase and store as real speech;
the real tiny.en checks the refusal of a language it cannot transcribe.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from mediasift.core.config import Settings, resolve_settings
from mediasift.core.index.events import IndexEvent, SpeechUnavailable
from mediasift.core.library import Library
from mediasift.core.models.speech import SpeechModel, WhisperSource
from mediasift.core.search.query import Query
from mediasift.core.search.results import MatchedBy
from tests import media_factory as mf

SAID = "明年的預算會議"
"""What the stand-in hears, in traditional characters as a Taiwanese speaker's transcript
would be written."""


@dataclass
class _Segment:
    start: float
    end: float
    text: str


@dataclass
class _Info:
    language: str


class _Inner:
    is_multilingual = True


class StoredTranscript:
    """Answers like faster-whisper's WhisperModel with a stored transcript, and remembers
    which language it was asked for."""

    model = _Inner()

    def __init__(self) -> None:
        self.asked: list[str | None] = []
        self.supported_languages = ["en", "zh", "ja"]

    def transcribe(
        self, samples: object, *, language: str | None, **options: object
    ) -> tuple[Iterator[_Segment], _Info]:
        self.asked.append(language)
        return iter([_Segment(0.2, 1.8, SAID)]), _Info(language or "zh")


@pytest.fixture
def mandarin_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "calls"
    folder.mkdir()
    spoken = mf.timeline((0.2, mf.speech("明年的预算会议", tmp=tmp_path, voice="cmn")), total_s=3.0)
    mf.write_wav(folder / "budget-call.wav", spoken)
    return folder


def _index_with(settings: Settings, folder: Path, whisper: StoredTranscript) -> Library:
    library = Library(settings)
    model = SpeechModel(whisper, WhisperSource("stand-in", Path("/nonexistent"), None))
    library.speech_model = lambda on_event=None: model  # type: ignore[method-assign]
    library.index([folder])
    return library


@pytest.mark.parametrize("query", ["预算", "預算"])
def test_detected_language_lines_kept_as_spoken_found_in_either_script(
    settings: Settings, mandarin_folder: Path, query: str
) -> None:
    whisper = StoredTranscript()
    with _index_with(settings, mandarin_folder, whisper) as library:
        assert whisper.asked == [None]  # detected, not imposed
        details, transcript = library.details(mandarin_folder / "budget-call.wav")
        assert details.language == "zh"
        assert [text for _, _, text, _ in transcript] == [SAID]  # its own script
        [found] = library.search(Query(text=query, limit=5))
    assert found.path.name == "budget-call.wav" and found.matched_by == MatchedBy.SPEECH
    assert found.text == SAID


def test_a_fixed_language_is_what_whisper_is_asked_for(
    settings: Settings, mandarin_folder: Path
) -> None:
    whisper = StoredTranscript()
    with _index_with(replace(settings, speech_language="zh"), mandarin_folder, whisper):
        assert whisper.asked == ["zh"]


def test_the_setting_comes_from_the_flag_or_the_environment() -> None:
    assert resolve_settings({}).speech_language is None
    assert resolve_settings({"MEDIASIFT_SPEECH_LANGUAGE": "zh"}).speech_language == "zh"
    assert resolve_settings({"MEDIASIFT_SPEECH_LANGUAGE": "auto"}).speech_language is None
    flagged = resolve_settings({"MEDIASIFT_SPEECH_LANGUAGE": "en"}, speech_language="ZH")
    assert flagged.speech_language == "zh"


def test_an_english_only_model_refuses_a_chinese_setting_in_one_line(
    settings: Settings, mandarin_folder: Path
) -> None:
    events: list[IndexEvent] = []
    with Library(replace(settings, speech_language="zh")) as library:
        summary = library.index([mandarin_folder], on_event=events.append)
        assert summary.waiting == 1
    [refusal] = [e for e in events if isinstance(e, SpeechUnavailable)]
    assert "English only" in refusal.reason and "\n" not in refusal.reason
