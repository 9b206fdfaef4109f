"""Recordings and videos: found by what is said and what is seen, at the right second.

Speech is real: the tiny.en Whisper model transcribes the faster-whisper project's JFK
recording and sentences spoken by espeak-ng. Pictures go through the tiny random CLIP
model, which is enough to find a frame by the very image it shows.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from mediasift.core.config import Settings
from mediasift.core.index import speech_phase
from mediasift.core.index.events import IndexProgress, Phase
from mediasift.core.kinds import MediaKind
from mediasift.core.library import Library
from mediasift.core.media.video import sample_frames, sampling_step
from mediasift.core.search.query import Query
from tests import media_factory as mf
from tests.conftest import PHOTOS, SPEECH, TinyClip

BUDGET = "The budget for next year is four hundred thousand dollars."
TRAIN = "The last train to the airport leaves at nine in the evening."


def photo(name: str) -> Image.Image:
    return Image.open(PHOTOS / name)


def test_jfk_phrase_is_found_at_its_second(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    shutil.copy(SPEECH / "jfk.flac", folder)
    with Library(settings) as library:
        summary = library.index([folder])
        assert summary.indexed == 1 and summary.transcribed_s == pytest.approx(11.0, abs=0.5)
        results = library.search(Query(text="ask not what your country can do for you"))
        details, transcript = library.details(folder / "jfk.flac")
    best = results[0]
    assert best.path.name == "jfk.flac" and best.kind == MediaKind.AUDIO
    assert best.start_s is not None and abs(best.start_s - 0.0) <= 2.0
    assert "ask not what your country" in (best.text or "").lower()
    assert details.language == "en" and details.duration_s == pytest.approx(11.0, abs=0.2)
    assert any("fellow Americans" in line[2] for line in transcript)


def test_generated_speech_in_several_formats(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "memos"
    folder.mkdir()
    budget = mf.timeline((5.0, mf.speech(BUDGET, tmp=tmp_path)), total_s=11.0)
    train = mf.timeline((2.0, mf.speech(TRAIN, tmp=tmp_path)), total_s=8.0)
    mf.write_wav(folder / "budget-meeting.wav", budget)
    mf.encode_audio(folder / "train.mp3", train, "libmp3lame")
    mf.encode_audio(folder / "train-copy.ogg", train, "libopus")
    mf.encode_audio(folder / "budget.m4a", budget, "aac")
    with Library(settings) as library:
        summary = library.index([folder])
        assert (summary.indexed, summary.failed) == (4, 0)
        budget_hits = library.search(Query(text="the budget for next year", limit=2))
        train_hits = library.search(Query(text="last train to the airport", limit=2))
    assert {r.path.name for r in budget_hits} == {"budget-meeting.wav", "budget.m4a"}
    assert {r.path.name for r in train_hits} == {"train.mp3", "train-copy.ogg"}
    for result in budget_hits:
        assert abs((result.start_s or 0) - 5.0) <= 2.0, result
    for result in train_hits:
        assert abs((result.start_s or 0) - 2.0) <= 2.0, result


def test_video_moment_found_by_example_image_and_by_speech(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "videos"
    folder.mkdir()
    soundtrack = mf.timeline((6.0, mf.speech(BUDGET, tmp=tmp_path)), total_s=12.0)
    scenes = [(photo("astronaut.png"), 4), (photo("coffee.png"), 4), (photo("horse.png"), 4)]
    mf.make_video(folder / "holiday.mp4", scenes, audio=soundtrack)
    step = sampling_step(12.0)
    with Library(settings) as library:
        summary = library.index([folder])
        assert (summary.indexed, summary.failed) == (1, 0)
        for name, shown_at in (("astronaut.png", 0.0), ("coffee.png", 4.0), ("horse.png", 8.0)):
            hit = library.similar(PHOTOS / name, limit=1)[0]
            assert hit.path.name == "holiday.mp4" and hit.kind == MediaKind.VIDEO
            assert shown_at - 1e-6 <= (hit.start_s or 0) < shown_at + step, (name, hit.start_s)
            assert hit.thumbnail is not None and hit.thumbnail.is_file()
        spoken = library.search(Query(text="the budget for next year", limit=1))[0]
        assert spoken.path.name == "holiday.mp4"
        assert abs((spoken.start_s or 0) - 6.0) <= 2.0 and "budget" in (spoken.text or "").lower()
        audio_only = library.search(Query(text="the budget", kinds=frozenset({MediaKind.AUDIO})))
        assert audio_only == []
        details, transcript = library.details(folder / "holiday.mp4")
    assert details.frames >= 3 and details.duration_s == pytest.approx(12.0, abs=0.2)
    assert transcript and transcript[0][0] >= 4.0


def test_bad_recordings_and_videos_are_reported_and_the_rest_indexed(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    spoken = mf.timeline((1.0, mf.speech(TRAIN, tmp=tmp_path)), total_s=6.0)
    mf.write_wav(folder / "good.wav", spoken)
    shutil.copy(PHOTOS / "rocket.jpg", folder)
    mf.write_wav(folder / "silent.wav", mf.silence(5.0))
    (folder / "zero.mp3").write_bytes(b"")
    (folder / "corrupt.mp3").write_bytes(
        b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 40
    )
    full = (SPEECH / "hotwords.mp3").read_bytes()
    (folder / "truncated.mp3").write_bytes(full[: len(full) // 3])
    mf.make_video(folder / "no-sound.mp4", [(photo("coffee.png"), 3)])
    mf.encode_audio(folder / "voice-only.mp4", spoken, "aac")
    mf.unknown_codec_wav(folder / "strange-codec.wav")
    mf.unknown_codec_avi(folder / "strange-codec.avi", photo("horse.png"))
    events: list[object] = []
    with Library(settings) as library:
        summary = library.index([folder], on_event=events.append)
        status = library.status()
        failures = {f.path.name: f.reason for f in status.failures}
        notes = {n.path.name: n.note for n in status.notes}
        assert failures == {
            "zero.mp3": "empty file",
            "corrupt.mp3": failures["corrupt.mp3"],
            "strange-codec.wav": "unsupported audio codec (FFmpeg has no decoder for it)",
            "strange-codec.avi": "unsupported video codec (FFmpeg has no decoder for it)",
        }
        assert "corrupt" in failures["corrupt.mp3"] or "no audio" in failures["corrupt.mp3"]
        assert notes["silent.wav"] == "no speech found"
        assert notes["no-sound.mp4"] == "no audio track"
        assert notes["truncated.mp3"].startswith("audio ends early")
        counts = {(c.kind, c.status): c.count for c in status.counts}
        assert counts[(MediaKind.AUDIO, "indexed")] == 4  # good, silent, truncated, voice-only
        assert counts[(MediaKind.VIDEO, "indexed")] == 1
        assert counts[(MediaKind.PHOTO, "indexed")] == 1
        assert summary.failed == 4
        voice = library.search(Query(text="last train to the airport", limit=2))
        assert {r.path.name for r in voice} == {"good.wav", "voice-only.mp4"}
        assert all(r.kind == MediaKind.AUDIO for r in voice)
        assert library.similar(PHOTOS / "coffee.png", limit=1)[0].path.name == "no-sound.mp4"


def test_interrupted_transcription_resumes_without_duplicates(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(speech_phase, "CHUNK_S", 12.0)
    sentences = [BUDGET, TRAIN, "Please water the plants on the balcony every morning."]
    pieces = [(1.0 + 10.0 * i, mf.speech(text, tmp=tmp_path)) for i, text in enumerate(sentences)]
    folder = tmp_path / "long"
    folder.mkdir()
    mf.write_wav(folder / "long-memo.wav", mf.timeline(*pieces, total_s=32.0))
    cancel = threading.Event()

    def stop_after_first_chunk(event: object) -> None:
        if isinstance(event, IndexProgress) and event.phase == Phase.SPEECH and event.done > 0:
            cancel.set()

    with Library(settings) as library:
        first = library.index([folder], cancel=cancel, on_event=stop_after_first_chunk)
        assert first.cancelled
        details, partial = library.details(folder / "long-memo.wav")
        assert details.speech_state == "pending" and 0 < len(partial) < 3
    with Library(settings) as library:
        second = library.index()
        # Each second of audio was transcribed once: the second run only did the rest.
        assert first.transcribed_s > 0
        assert first.transcribed_s + second.transcribed_s == pytest.approx(32.0, abs=0.1)
        _, transcript = library.details(folder / "long-memo.wav")
    texts = [line[2].lower() for line in transcript]
    assert len(texts) == 3, texts
    assert sum("budget" in t for t in texts) == 1 and sum("train" in t for t in texts) == 1
    starts = [line[0] for line in transcript]
    assert starts == sorted(starts)
    for start, expected in zip(starts, (1.0, 11.0, 21.0), strict=True):
        assert abs(start - expected) <= 2.0


def test_switching_clip_model_reembeds_lines_without_transcribing_again(
    settings: Settings, tmp_path: Path, other_tiny_clip: TinyClip
) -> None:
    folder = tmp_path / "rec"
    folder.mkdir()
    shutil.copy(SPEECH / "jfk.flac", folder)
    with Library(settings) as library:
        library.index([folder])
        first_model = library.clip_source.model_id
    with Library(replace(settings, clip=other_tiny_clip.choice)) as library:
        second_model = library.clip_source.model_id
        assert second_model != first_model
        # Until the new model has embedded the library, search keeps answering with the old
        # model's query encoder against the old model's vectors (never across models).
        assert library.search_source().model_id == first_model
        found = library.search(Query(text="fellow Americans"))
        assert found and found[0].path.name == "jfk.flac"
        summary = library.index()
        assert summary.transcribed_s == 0
        assert library.search_source().model_id == second_model
        found = library.search(Query(text="fellow Americans"))
        assert found and found[0].path.name == "jfk.flac"
        assert library.status().model.indexed_files == 1


def test_missing_whisper_model_leaves_recordings_waiting(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(SPEECH / "jfk.flac", folder)
    shutil.copy(PHOTOS / "chelsea.png", folder)
    offline = replace(settings, whisper_model="base")
    events: list[object] = []
    with Library(offline) as library:
        summary = library.index([folder], on_event=events.append)
        assert (summary.indexed, summary.waiting) == (1, 1)
        assert library.similar(PHOTOS / "chelsea.png", limit=1)[0].path.name == "chelsea.png"
        assert library.status().speech.waiting == 1
    reasons = [e.reason for e in events if type(e).__name__ == "SpeechUnavailable"]
    assert len(reasons) == 1 and "Whisper base is not on this machine" in reasons[0]
    with Library(settings) as library:
        assert library.index().indexed == 1  # the real model is back: the recording is done


def test_sampling_policy_bounds_the_frame_count(tmp_path: Path) -> None:
    assert sampling_step(10.0) == 2.0
    assert sampling_step(7200.0) == pytest.approx(12.0)
    assert 7200.0 / sampling_step(7200.0) <= 600
    clip = mf.make_video(
        tmp_path / "clip.mp4",
        [
            (photo(n), 2)
            for n in ("astronaut.png", "coffee.png", "rocket.jpg", "horse.png", "chelsea.png")
        ],
    )
    frames = list(sample_frames(clip, duration_s=10.0, min_side=64))
    assert len(frames) == 5 and [round(f.time_s) for f in frames] == [0, 2, 4, 6, 8]
    static = mf.make_video(tmp_path / "static.mp4", [(photo("coffee.png"), 10)])
    assert len(list(sample_frames(static, duration_s=10.0, min_side=64))) == 1
