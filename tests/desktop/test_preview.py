"""The recording preview: a waveform (from the engine, the window never waits for it)
with the matching lines marked, position and duration, and the transcript given the room;
a match by words shows them (tile and preview)."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer

from mediasift.desktop.ui import theme
from mediasift.desktop.ui.main_window import MainWindow
from mediasift.desktop.ui.theme import ColorScheme
from mediasift.desktop.ui.waveform import BUCKETS
from tests import media_factory as mf
from tests.desktop.conftest import ENGINE_TIMEOUT_MS

SAID = [
    (1.0, "The budget for next year is four hundred thousand dollars."),
    (11.0, "The last train to the airport leaves at nine in the evening."),
    (21.0, "Please water the plants on the balcony every morning."),
]
TOTAL_S = 30.0


def test_a_recording_previews_as_a_waveform_with_its_lines_marked(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "memos"
    folder.mkdir()
    pieces = [(start, mf.speech(text, tmp=tmp_path)) for start, text in SAID]
    mf.write_wav(folder / "call.wav", mf.timeline(*pieces, total_s=TOTAL_S))
    assert window.engine is not None
    with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS):
        window.engine.index([folder])
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.splitter, timeout=30_000)
    qtbot.keyClicks(window.search_bar.field, "the last train to the airport")
    qtbot.keyClick(window.search_bar.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.ranked and window.model.rowCount() > 0, timeout=60_000)
    result = window.model.result(0)
    assert result is not None and result.path.name == "call.wav"

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    window.results.setFocus()
    window.results.setCurrentIndex(window.model.index(0))
    qtbot.keyClick(window.results, Qt.Key.Key_Space)
    preview = window.preview
    wave = preview.sound
    assert preview.stage.currentWidget() is wave
    qtbot.waitUntil(lambda: len(wave.peaks) == BUCKETS, timeout=30_000)
    timer.stop()
    assert max(gaps) < 0.1, f"the window stalled {max(gaps) * 1000:.0f} ms for the waveform"

    # Sound where the sentences are, quiet between them.
    def level_at(second: float) -> float:
        return wave.peaks[min(BUCKETS - 1, int(second / TOTAL_S * BUCKETS))]

    assert max(level_at(s) for s in (12.0, 12.5, 13.0)) > 0.3
    assert max(level_at(s) for s in (8.5, 9.0, 9.5)) < 0.05
    # The matching line is marked where it is said (Whisper's line may begin in the
    # silence before it).
    assert any(start <= 12.0 <= end for start, end in wave.marks), wave.marks
    assert wave.duration_s == TOTAL_S
    qtbot.waitUntil(lambda: preview.clock.text().endswith(f"/ {'0:30'}"), timeout=10_000)
    # The transcript has the room; the waveform is a strip.
    qtbot.waitUntil(lambda: preview.transcript.isVisible())
    assert preview.transcript.height() > preview.stage.height()

    # Click at 21 s: playback is asked to go there; Right moves 5 s on.
    area = wave.rect().adjusted(4, 4, -4, -4)
    x = area.left() + round(area.width() * 21.0 / TOTAL_S)
    with qtbot.waitSignal(wave.seek_requested) as seek:
        qtbot.mouseClick(wave, Qt.MouseButton.LeftButton, pos=QPoint(x, wave.height() // 2))
    assert abs(seek.args[0] - 21_000) <= 200
    wave.set_position(seek.args[0])
    with qtbot.waitSignal(wave.seek_requested) as seek:
        qtbot.keyClick(wave, Qt.Key.Key_Right)
    assert abs(seek.args[0] - 26_000) <= 200

    # Its colours are the palette's, readable in light and dark.
    try:
        for scheme in (ColorScheme.DARK, ColorScheme.LIGHT):
            theme.follower().apply(scheme)
            qtbot.waitUntil(lambda s=scheme: theme.is_dark(wave.palette()) == (s == "dark"))
            colors = wave.colors()
            for part in ("wave", "played", "cursor"):
                assert theme.contrast(colors[part], colors["background"]) >= 2.0, (scheme, part)
            assert theme.contrast(colors["mark"], colors["background"]) >= 1.3, scheme
    finally:
        theme.follower().apply(ColorScheme.SYSTEM, Qt.ColorScheme.Light)
