"""The results grid paints tens of thousands of tiles without costing None a reference.

PySide6 6.12.0 drops one reference from ``None`` on every ``QPainter.setPen``/``setBrush``
call. On Python 3.11 ``None`` has a real reference count, so after a few hundred tiles
(scrolling, selecting, resizing) the interpreter aborts with ``Fatal Python error:
none_dealloc``; pyproject keeps that release off Python < 3.12. This test paints the real
grid (the window's own view, model and delegate) with every kind of tile the delegate
draws and checks that ``sys.getrefcount(None)`` stays put. It measures in batches small
enough to fail with an assertion, not an abort, on a binding that leaks. On Python >= 3.12
``None`` is immortal: its count is a constant, the check holds trivially, and so does the
app.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from itertools import cycle
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QImage

from mediasift.core.kinds import MediaKind, SegmentKind
from mediasift.core.search.results import Moment, SearchResult
from mediasift.desktop.app_settings import AppSettings
from mediasift.desktop.ui.main_window import MainWindow
from tests.paths import PHOTOS

TILE_PAINTS = 6_000
"""Eight times the tiles after which 6.12.0's leak would have emptied None's count (~750);
every tile kind, window size and pixel ratio many times over."""
BATCH_TILES = 200
"""Small enough that a leak of ~20 references per tile (what 6.12.0 does) fails the
assertion long before None's count (about 15,000 in a test process) reaches zero."""
TOLERANCE = 16
"""The count is exact once caches are warm (0 in practice); a leak is thousands."""
WINDOW_SIZES = (QSize(1200, 760), QSize(1024, 560), QSize(1600, 1000))
"""Grown to the window's minimum where a font makes it wider."""
DEVICE_RATIOS = (1.0, 2.0)


def none_refs() -> int:
    gc.collect()
    return sys.getrefcount(None)


def _moment(i: int, start_s: float | None, text: str | None, thumb: Path | None) -> Moment:
    kind = SegmentKind.SPEECH if text else SegmentKind.FRAME
    return Moment(i, kind, 6.0 - i / 100, 0.31, start_s, None, text, thumb)


def every_tile_kind(thumbs: Path) -> list[SearchResult]:
    """One result for each way the delegate paints a tile, with real thumbnail files."""
    frame = thumbs / "frame.jpg"
    photo = thumbs / "photo.jpg"
    broken = thumbs / "broken.jpg"
    thumbs.mkdir()
    Image.open(PHOTOS / "coffee.png").convert("RGB").resize((384, 288)).save(photo)
    Image.open(PHOTOS / "astronaut.png").convert("RGB").resize((384, 216)).save(frame)
    broken.write_bytes(b"not a jpeg")  # a thumbnail that fails to decode: a null pixmap
    long_line = "and so my fellow Americans ask not what your country can do for you " * 3
    taken = 1_600_000_000.0
    # (kind, name, moment start, moment text, thumbnail, offline)
    kinds: list[tuple[MediaKind, str, float | None, str | None, Path | None, bool]] = [
        (MediaKind.PHOTO, "beach.jpg", None, None, photo, False),
        (MediaKind.PHOTO, "offline-drive.jpg", None, None, photo, True),
        (MediaKind.PHOTO, "thumbnail-failed.jpg", None, None, broken, False),
        (MediaKind.PHOTO, "no-thumbnail-yet.heic", None, None, None, False),
        (MediaKind.VIDEO, "party.mp4", 6.0, "the budget for next year", frame, False),
        (MediaKind.VIDEO, "film-on-nas.mkv", 3725.0, None, frame, True),
        (MediaKind.VIDEO, "poster-only.mov", None, None, photo, False),
        (MediaKind.VIDEO, "frame-failed.mp4", 12.0, None, broken, False),
        (MediaKind.AUDIO, "call.m4a", 42.0, "we talked about the budget", None, False),
        (MediaKind.AUDIO, "memo.ogg", 3.0, None, None, False),
        (MediaKind.AUDIO, "speech.flac", 7205.0, long_line, None, True),
        (MediaKind.PHOTO, "a-very-long-name-" * 6 + ".jpg", None, None, photo, False),
    ]
    results = []
    for i in range(48):
        kind, name, start_s, text, thumb, offline = kinds[i % len(kinds)]
        results.append(
            SearchResult(
                i,
                Path(f"/library/{i:02d}-{name}"),
                kind,
                (_moment(i, start_s, text, thumb),),
                taken + i * 86_400,
                thumb,
                duration_s=None if kind == MediaKind.PHOTO else 7300.0,
                offline=offline,
            )
        )
    return results


@pytest.fixture
def grid_window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    """The real window (no engine needed to paint), its grid showing every tile kind with
    every thumbnail already loaded or failed."""
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppSettings(store), env={})
    qtbot.addWidget(window)
    window.pages.setCurrentWidget(window.splitter)
    window.show()
    qtbot.waitExposed(window)
    results = every_tile_kind(tmp_path / "thumbnails")
    window.model.set_results(results)
    window.results_stack.setCurrentWidget(window.results)
    thumbnails = {str(r.thumbnail) for r in results if r.thumbnail is not None}
    for path in thumbnails:
        window.thumbnails.get(path)
    qtbot.waitUntil(
        lambda: all(window.thumbnails.get(path) is not None for path in thumbnails),
        timeout=10_000,
    )
    yield window
    window.close()


class GridPainter:
    """Paints what the grid shows, as its paint event does, onto an offscreen image, in
    turn at each window size, scroll position, selected tile and device pixel ratio."""

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot, self.window, self.view = qtbot, window, window.results
        self.model = window.model
        self._states = cycle(
            (size, scroll, ratio)
            for size in WINDOW_SIZES
            for scroll in (0.0, 0.5, 1.0)
            for ratio in DEVICE_RATIOS
        )
        self.tiles = 0
        self._selected = 0
        self._images: dict[tuple[int, int, float], QImage] = {}

    def _image(self, size: QSize, ratio: float) -> QImage:
        """One image per size and ratio, reused: PySide6 (6.11.3 too) adds a few references
        to None each time a QPainter opens on a new device, which the app never does but a
        fresh image per paint would (rendering onto it opens one)."""
        key = (size.width(), size.height(), ratio)
        if key not in self._images:
            image = QImage(size * ratio, QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(ratio)
            self._images[key] = image
        return self._images[key]

    def _apply(self, size: QSize, scroll: float) -> None:
        size = size.expandedTo(self.window.minimumSizeHint())
        if self.window.size() != size:
            self.window.resize(size)
            self.qtbot.waitUntil(lambda: self.window.size() == size, timeout=5_000)
            self.view.doItemsLayout()
        bar = self.view.verticalScrollBar()
        bar.setValue(round(bar.maximum() * scroll))

    def visible_rows(self) -> list[int]:
        area = self.view.viewport().rect()
        rows = range(self.model.rowCount())
        return [r for r in rows if self.view.visualRect(self.model.index(r)).intersects(area)]

    def paint_once(self) -> int:
        """One state, one paint of the viewport; the number of tiles painted."""
        size, scroll, ratio = next(self._states)
        self._apply(size, scroll)
        rows = self.visible_rows()
        assert rows, "the grid shows no tile"
        self._selected = (self._selected + 1) % len(rows)
        self.view.setCurrentIndex(self.model.index(rows[self._selected]))
        viewport = self.view.viewport()
        viewport.render(self._image(viewport.size(), ratio))
        self.tiles += len(rows)
        return len(rows)

    def paint_tiles(self, count: int) -> None:
        painted = 0
        while painted < count:
            painted += self.paint_once()


def test_painting_the_grid_never_drops_a_reference_from_none(
    qtbot, grid_window: MainWindow
) -> None:
    painter = GridPainter(qtbot, grid_window)
    kinds_seen: set[tuple[MediaKind, bool, bool]] = set()
    for _ in range(len(WINDOW_SIZES) * 3 * len(DEVICE_RATIOS)):  # warm every cache once
        painter.paint_once()
        for row in painter.visible_rows():
            result = grid_window.model.result(row)
            assert result is not None
            kinds_seen.add((result.kind, result.offline, result.start_s is not None))
    # Every badge: photo, photo offline, video at its second (also offline), video without
    # a moment, recording line (also offline).
    assert kinds_seen >= {
        (MediaKind.PHOTO, False, False),
        (MediaKind.PHOTO, True, False),
        (MediaKind.VIDEO, False, True),
        (MediaKind.VIDEO, True, True),
        (MediaKind.VIDEO, False, False),
        (MediaKind.AUDIO, False, True),
        (MediaKind.AUDIO, True, True),
    }
    baseline = none_refs()
    painter.tiles = 0
    while painter.tiles < TILE_PAINTS:
        painter.paint_tiles(BATCH_TILES)
        drift = none_refs() - baseline
        assert abs(drift) <= TOLERANCE, (
            f"None's reference count moved by {drift} over {painter.tiles} tile paints: "
            "the Qt binding leaks or drops references while painting (PySide6 6.12.0 on "
            "Python < 3.12 does; see the README)"
        )
    assert painter.tiles >= TILE_PAINTS
