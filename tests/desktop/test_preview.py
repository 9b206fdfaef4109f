"""The recording preview: a waveform (from the engine, the window never waits for it)
with the matching lines marked, position and duration, and the transcript given the room;
a match by words shows them (tile and preview)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QPalette

from mediasift.core.kinds import MediaKind, SegmentKind
from mediasift.core.search.results import MatchedBy, Moment, SearchResult
from mediasift.desktop.app_settings import AppSettings
from mediasift.desktop.ui import theme
from mediasift.desktop.ui.main_window import MainWindow
from mediasift.desktop.ui.results_model import Role
from mediasift.desktop.ui.theme import ColorScheme
from mediasift.desktop.ui.waveform import BUCKETS
from tests import media_factory as mf
from tests.conftest import PHOTOS
from tests.desktop.conftest import ENGINE_TIMEOUT_MS

SAID = [
    (1.0, "The budget for next year is four hundred thousand dollars."),
    (11.0, "The last train to the airport leaves at nine in the evening."),
    (21.0, "Please water the plants on the balcony every morning."),
]
TOTAL_S = 30.0


@pytest.mark.alone
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


def _moment(by: MatchedBy, text: str, *, at: float | None = None, box=None, thumb=None) -> Moment:
    kind = {MatchedBy.SPEECH: SegmentKind.SPEECH, MatchedBy.NAME: SegmentKind.NAME}.get(
        by, SegmentKind.TEXT if by == MatchedBy.TEXT_IN_IMAGE else SegmentKind.KEYWORDS
    )
    end = at + 2.0 if at is not None else None
    return Moment(7, kind, 5.0, 0.5, at, end, text, thumb, matched_by=by, box=box)


def test_a_match_by_words_shows_them_and_where_they_were_read(qtbot, tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppSettings(store), env={})
    qtbot.addWidget(window)
    window.pages.setCurrentWidget(window.splitter)
    window.resize(1366, 768)
    window.show()
    photo = tmp_path / "station.png"
    shutil.copy(PHOTOS / "rocket.jpg", photo)
    box = (0.25, 0.3, 0.5, 0.2)
    sign = SearchResult(
        1,
        photo,
        MediaKind.PHOTO,
        (_moment(MatchedBy.TEXT_IN_IMAGE, "EXIT 12", box=box),),
        None,
        photo,
    )
    named = SearchResult(
        2,
        tmp_path / "beach-2019.jpg",
        MediaKind.PHOTO,
        (_moment(MatchedBy.NAME, "beach"),),
        None,
        None,
    )
    tagged = SearchResult(
        3,
        tmp_path / "img_0001.jpg",
        MediaKind.PHOTO,
        (_moment(MatchedBy.KEYWORDS, "sunset"),),
        None,
        None,
    )
    said = SearchResult(
        4,
        tmp_path / "call.wav",
        MediaKind.AUDIO,
        (_moment(MatchedBy.SPEECH, "the budget", at=4.0),),
        None,
        None,
    )
    frame = SearchResult(
        5,
        tmp_path / "trip.mp4",
        MediaKind.VIDEO,
        (
            _moment(
                MatchedBy.TEXT_IN_IMAGE,
                "PLATFORM 9",
                at=12.0,
                box=box,
                thumb=PHOTOS / "astronaut.png",
            ),
        ),
        None,
        PHOTOS / "astronaut.png",
    )
    window.model.set_results([sign, named, tagged, said, frame])
    window.results_stack.setCurrentWidget(window.results)
    captions = [window.model.data(window.model.index(r), Role.CAPTION) for r in range(5)]
    assert captions == [
        "Reads “EXIT 12”",
        "Named “beach”",
        "Tagged “sunset”",
        "0:04  “the budget”",  # a spoken line shows as before
        "0:12  Reads “PLATFORM 9”",
    ]

    # The photo's preview outlines where the words were read.
    window.results.setFocus()
    window.results.setCurrentIndex(window.model.index(0))
    qtbot.keyClick(window.results, Qt.Key.Key_Space)
    preview = window.preview
    qtbot.waitUntil(lambda: not preview.image._pixmap.isNull(), timeout=10_000)
    assert preview.image.boxes == [box]
    assert preview.facts.text().startswith("Reads “EXIT 12”")
    shown = preview.image.pixmap().toImage()
    plain = preview.image._pixmap.scaled(
        shown.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    ).toImage()
    ratio = shown.devicePixelRatio()
    left = int((box[0] * shown.width() / ratio - 3) * ratio)
    middle = int((box[1] + box[3] / 2) * shown.height())
    outline = shown.pixelColor(left, middle)
    ring = preview.palette().color(QPalette.ColorRole.Highlight).lighter(125)
    assert abs(outline.hue() - ring.hue()) <= 12 and outline != plain.pixelColor(left, middle)

    # A video moment whose frame holds the words: the still frame first, outlined;
    # Play plays the video from there.
    window.results.setCurrentIndex(window.model.index(4))
    assert preview.stage.currentWidget() is preview.image
    qtbot.waitUntil(lambda: preview.image.boxes == [box], timeout=10_000)
    assert preview.play.text() == "Play"
    qtbot.mouseClick(preview.play, Qt.MouseButton.LeftButton)
    assert preview.stage.currentWidget() is preview.video
    preview.stop()


def _wrapped_lines(label, width: int) -> list[str]:
    """The lines ``label``'s text wraps into at ``width`` (as a QLabel breaks words)."""
    from PySide6.QtGui import QTextLayout

    text = label.text()
    layout = QTextLayout(text, label.font())
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def test_the_facts_wrap_without_a_line_starting_with_a_dot(qtbot, tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppSettings(store), env={})
    qtbot.addWidget(window)
    preview = window.preview
    preview.show()
    folder = Path("/media/me/Backup drive/Recordings/2024/Meetings")
    said = Moment(1, SegmentKind.SPEECH, 6.0, 0.9, 4.0, 7.0, "the budget for next year")
    result = SearchResult(1, folder / "call.wav", MediaKind.AUDIO, (said,), 1.7e9, None)
    preview.show_result(result)
    wrapped = 0
    for width in range(240, 540, 4):  # wherever the line breaks
        lines = _wrapped_lines(preview.facts, width)
        wrapped += len(lines) > 1
        assert not any(line.lstrip().startswith("·") for line in lines), (width, lines)
    assert wrapped > 10  # the case at hand: the facts take two lines or more
