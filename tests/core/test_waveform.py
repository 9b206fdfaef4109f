"""A recording's waveform peaks, as the app's preview draws them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mediasift.core.media.audio import SAMPLE_RATE
from mediasift.core.media.probe import MediaError
from mediasift.core.media.waveform import peaks
from tests import media_factory as mf


def test_peaks_follow_the_sound_over_the_whole_file(tmp_path: Path) -> None:
    tone = 0.5 * np.sin(np.linspace(0, 2 * np.pi * 440 * 2.0, int(2.0 * SAMPLE_RATE)))
    samples = mf.timeline((4.0, tone.astype(np.float32)), total_s=10.0)  # sound at 4-6 s
    path = mf.encode_audio(tmp_path / "tone.m4a", samples, "aac")
    levels, duration = peaks(path, 100)
    assert len(levels) == 100 and duration == pytest.approx(10.0, abs=0.2)  # AAC pads a frame
    assert max(levels) == pytest.approx(1.0)  # scaled to the loudest
    assert min(levels[42:58]) > 0.5  # the tone, 4.2 to 5.8 s
    assert max(levels[:38] + levels[62:]) < 0.05  # silence around it


def test_a_file_without_sound_cannot_be_drawn(tmp_path: Path) -> None:
    text = tmp_path / "notes.wav"
    text.write_text("not audio")
    with pytest.raises(MediaError):
        peaks(text, 10)
