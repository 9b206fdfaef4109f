"""Browsing the library in the real window: the newest items before anything is typed,
fresh queries from the top, relevance as a cue, "More like this", the menus and keys."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QStyle

from mediasift.core.kinds import MediaKind
from mediasift.desktop.ui.main_window import MainWindow
from mediasift.desktop.ui.results_model import Role
from tests import media_factory as mf
from tests.conftest import PHOTOS
from tests.desktop.conftest import ENGINE_TIMEOUT_MS
from tests.desktop.test_app import drop
from tests.desktop.test_filters import _pick

DAY = 86_400.0
BUDGET = "The budget for next year is four hundred thousand dollars."
PHOTO_NAMES = ("chelsea.png", "coffee.png", "rocket.jpg", "horse.png", "astronaut.png")


def _dated_library(folder: Path) -> list[str]:
    """Photos taken a day apart (oldest first in PHOTO_NAMES) and a video; the names
    newest first."""
    folder.mkdir(parents=True)
    start = 1_600_000_000.0
    for i, name in enumerate(PHOTO_NAMES):
        shutil.copy(PHOTOS / name, folder)
        os.utime(folder / name, (start + i * DAY, start + i * DAY))
    scenes = [(Image.open(PHOTOS / "astronaut.png"), 3), (Image.open(PHOTOS / "horse.png"), 3)]
    mf.make_video(folder / "trip.mp4", scenes)
    os.utime(folder / "trip.mp4", (start - DAY, start - DAY))
    return [*reversed(PHOTO_NAMES), "trip.mp4"]


def _index(qtbot, window: MainWindow, folder: Path) -> None:
    assert window.engine is not None
    with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS):
        window.engine.index([folder])


def _names(window: MainWindow) -> list[str]:
    return [window.model.result(row).path.name for row in range(window.model.rowCount())]  # type: ignore[union-attr]


def _columns(window: MainWindow) -> int:
    rects = [
        window.results.visualRect(window.model.index(r)) for r in range(window.model.rowCount())
    ]
    return sum(1 for r in rects if r.top() == rects[0].top())


def _fills_the_width(window: MainWindow) -> None:
    view = window.results
    rects = [view.visualRect(window.model.index(row)) for row in range(window.model.rowCount())]
    first_row = [r for r in rects if r.top() == rects[0].top()]
    assert len(first_row) < len(rects), "the test needs more than one row of results"
    scroll_bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
    left = view.viewport().width() - max(r.right() for r in first_row)
    assert left <= scroll_bar + len(first_row) + 2  # and the rest of a division


def _search(qtbot, window: MainWindow, words: str) -> None:
    window.search_bar.field.clear()
    qtbot.keyClicks(window.search_bar.field, words)
    qtbot.keyClick(window.search_bar.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.ranked and window.model.rowCount() > 0, timeout=60_000)


def test_newest_items_show_before_typing_and_after_indexing(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    newest_first = _dated_library(tmp_path / "library")
    assert window.model.rowCount() == 0
    _index(qtbot, window, tmp_path / "library")
    # Nothing typed: indexing's end lists the library, newest capture first.
    qtbot.waitUntil(lambda: _names(window) == newest_first, timeout=30_000)
    assert window.results_stack.currentWidget() is window.results
    assert not window.model.ranked
    assert window.model.data(window.model.index(0), Role.RELEVANCE) is None  # no score cue
    assert window.count.text() == f"{len(newest_first)} newest items"
    assert window.windowTitle() == "MediaSift — newest items"

    # A search, then Escape in the field: back to the newest items.
    _search(qtbot, window, "a horse")
    assert window.windowTitle() == "MediaSift — a horse"
    qtbot.keyClick(window.search_bar.field, Qt.Key.Key_Escape)
    assert window.search_bar.text() == ""
    qtbot.waitUntil(lambda: not window.model.ranked and _names(window) == newest_first)
    assert window.windowTitle() == "MediaSift — newest items"

    # A window opened later on the same library shows it at once, without any indexing.
    window.close()
    from tests.desktop.conftest import open_window

    again = open_window(qtbot, tmp_path, window._env)
    try:
        qtbot.waitUntil(lambda: _names(again) == newest_first, timeout=30_000)
    finally:
        again.close()


def test_a_new_query_starts_at_the_top_and_the_preview_follows(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    window.resize(800, 600)
    _dated_library(tmp_path / "library")
    _index(qtbot, window, tmp_path / "library")
    _search(qtbot, window, "a cat")
    # 800x600 really is 800 wide: the filter row wraps instead of widening the window.
    assert window.minimumSizeHint().width() <= 1366 // 2  # tiles to half a laptop screen
    qtbot.waitUntil(lambda: window.width() == 800)
    chip = window.filters.kinds[MediaKind.PHOTO]
    assert window.filters.sort.mapTo(window, QPoint()).y() > chip.mapTo(window, QPoint()).y()
    assert window.filters.sort.mapTo(window, QPoint()).x() + window.filters.sort.width() <= 800
    # Relevance is a cue from 0 to 1 and words, never a (possibly negative) score.
    for row in range(window.model.rowCount()):
        strength = window.model.data(window.model.index(row), Role.RELEVANCE)
        assert 0.0 <= strength <= 1.0
        tip = window.model.data(window.model.index(row), Qt.ItemDataRole.ToolTipRole)
        assert "score" not in tip and "match" in tip
    # The tiles share the whole width: the first row ends within a scroll bar's width of
    # the right edge (fixed tiles left up to a tile's width empty).
    _fills_the_width(window)

    window.results.setFocus()
    window.results.setCurrentIndex(window.model.index(window.model.rowCount() - 1))
    qtbot.keyClick(window.results, Qt.Key.Key_Space)
    assert window.preview.isVisible() and window.preview.result is not None
    # Beside the preview at 800 wide, the tiles narrow a little to show two columns (one
    # column of tiles stretched to the whole width showed little more than one tile).
    qtbot.waitUntil(lambda: _columns(window) == 2)
    _fills_the_width(window)
    window.resize(683, 600)  # half a 1366 screen: still two columns
    qtbot.waitUntil(lambda: window.width() == 683 and _columns(window) == 2)
    _fills_the_width(window)
    window.resize(800, 600)
    assert "score" not in window.preview.facts.text()
    assert "match" in window.preview.facts.text()
    # The same query again (as while indexing): the selection stays, the preview is not
    # reloaded (a playing video would restart).
    shown = window.preview.result
    image = window.preview.image
    qtbot.waitUntil(lambda: not image._pixmap.isNull(), timeout=10_000)
    loaded = image._pixmap.cacheKey()
    with qtbot.waitSignal(window.model.modelReset, timeout=30_000):
        window.search()
    assert window.preview.result == shown
    assert image._pixmap.cacheKey() == loaded  # not loaded again
    assert window.results.current_result() == shown
    window.results.verticalScrollBar().setValue(window.results.verticalScrollBar().maximum())

    _search(qtbot, window, "a rocket launch")
    qtbot.waitUntil(lambda: window.preview.result is None)
    assert not window.results.currentIndex().isValid()
    assert window.results.verticalScrollBar().value() == 0
    assert window.preview.title.text() == "Nothing selected"

    # The preview follows the selection.
    window.results.setCurrentIndex(window.model.index(0))
    assert window.preview.result == window.model.result(0)


def test_more_like_this_searches_by_a_photo_and_by_a_video_moment(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    _dated_library(tmp_path / "library")
    _index(qtbot, window, tmp_path / "library")
    _search(qtbot, window, "coffee")
    coffee = _names(window).index("coffee.png")
    window.results.setFocus()
    window.results.setCurrentIndex(window.model.index(coffee))
    qtbot.keyClick(window.results, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert window.search_bar.chip.isVisible() and window.search_bar.text() == ""
    assert window.windowTitle() == "MediaSift — like coffee.png"
    qtbot.waitUntil(lambda: window.model.ranked and _names(window)[:1] == ["coffee.png"])

    # A video moment, from the context menu: its frame is the example.
    _search(qtbot, window, "an astronaut")
    qtbot.waitUntil(lambda: "trip.mp4" in _names(window))
    row = _names(window).index("trip.mp4")
    result = window.model.result(row)
    assert result is not None and result.start_s is not None
    menu = window.results.context_menu(result)
    more = next(a for a in menu.actions() if a.text() == "More like this")
    assert more.shortcut() == QKeySequence("Ctrl+M")
    more.trigger()
    assert window.search_bar.example_label().startswith("trip.mp4 at ")
    qtbot.waitUntil(lambda: window.model.ranked and window.model.rowCount() > 0)
    assert window.windowTitle().startswith("MediaSift — like trip.mp4 at ")

    # Copy path says it did (an offline file's Open: test_feedback).
    copy = next(a for a in menu.actions() if a.text() == "Copy path")
    copy.trigger()
    assert QApplication.clipboard().text() == str(result.path)
    assert window.toast.isVisible() and window.toast.text() == "Path copied"

    # Dragged out, a result is its file; dropped back on the window, a photo is an example.
    window.search_bar.clear_example()
    _search(qtbot, window, "coffee")
    row = _names(window).index("coffee.png")
    index = window.model.index(row)
    assert window.results.dragEnabled()
    assert window.model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    mime = window.model.mimeData([index])
    assert [Path(url.toLocalFile()).name for url in mime.urls()] == ["coffee.png"]
    drop(window, mime, on=window.search_bar.field)  # into the search bar
    assert window.search_bar.example_label() == "coffee.png"


def _mean_colour(image: QImage) -> QColor:
    small = image.convertToFormat(QImage.Format.Format_RGB32).scaled(8, 6)
    pixels = [small.pixelColor(x, y) for x in range(8) for y in range(6)]
    return QColor(
        *(sum(getattr(p, c)() for p in pixels) // len(pixels) for c in ("red", "green", "blue"))
    )


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def test_a_video_tile_shows_the_frame_at_its_badges_second(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """A line said at 5 s over the first scene (0-7 s, a rocket): the tile shows the
    rocket, not the next scene's frame (kept at 7 s, nearer in time to the line)."""
    folder = tmp_path / "library"
    folder.mkdir()
    spoken = mf.timeline((5.0, mf.speech(BUDGET, tmp=tmp_path)), total_s=14.0)
    scenes = [(Image.open(PHOTOS / "rocket.jpg"), 7), (Image.open(PHOTOS / "astronaut.png"), 7)]
    mf.make_video(folder / "launch.mp4", scenes, audio=spoken)
    _index(qtbot, window, folder)
    _search(qtbot, window, "the budget for next year")
    assert _names(window) == ["launch.mp4"]
    result = window.model.result(0)
    assert result is not None and result.start_s is not None and 3.0 < result.start_s < 7.0
    index = window.model.index(0)
    # The badge names the line's second; the caption too.
    assert window.model.data(index, Role.CAPTION).startswith(f"0:0{int(result.start_s)}")
    qtbot.waitUntil(lambda: window.model.data(index, Role.THUMBNAIL) is not None, timeout=10_000)
    shown = _mean_colour(window.model.data(index, Role.THUMBNAIL).toImage())
    rocket = _mean_colour(QImage(str(PHOTOS / "rocket.jpg")))
    astronaut = _mean_colour(QImage(str(PHOTOS / "astronaut.png")))
    assert _distance(shown, rocket) < _distance(shown, astronaut), (shown, rocket, astronaut)


def test_the_date_presets_offer_the_librarys_years(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    newest_first = _dated_library(tmp_path / "library")  # taken in 2020 (file times)
    _index(qtbot, window, tmp_path / "library")
    qtbot.waitUntil(lambda: _names(window) == newest_first, timeout=30_000)
    preset = window.filters.dates.preset
    qtbot.waitUntil(lambda: preset.findText("2020") >= 0, timeout=30_000)
    _pick(qtbot, preset, "2020")
    qtbot.waitUntil(lambda: _names(window) == newest_first, timeout=30_000)
    _pick(qtbot, preset, "Last year")  # nothing was taken then
    qtbot.waitUntil(lambda: window.results_stack.currentWidget() is window.hint, timeout=30_000)
    assert window.model.rowCount() == 0
    _pick(qtbot, preset, "Any time")
    qtbot.waitUntil(lambda: _names(window) == newest_first, timeout=30_000)


def test_menu_shortcuts_quit_find_settings_and_full_screen(qtbot, window: MainWindow) -> None:
    actions = {
        a.text().replace("&", ""): a
        for top in window.menuBar().actions()
        for a in top.menu().actions()
    }
    assert actions["Quit"].shortcut() == QKeySequence("Ctrl+Q")
    assert actions["Find"].shortcut() == QKeySequence("Ctrl+F")
    assert actions["Settings…"].shortcut() == QKeySequence("Ctrl+,")
    assert actions["Full screen"].shortcut() == QKeySequence("F11")
    window.results.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.search_bar.field.hasFocus())
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.isFullScreen())
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def _answer(qtbot, button_text: str, seen: list[list[str]]) -> None:
    """Click ``button_text`` in the next question box, once it is open (polled)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append([b.text() for b in box.buttons()])
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, click)


def test_removing_a_folder_asks_with_verbs_and_the_grid_follows(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    newest_first = _dated_library(tmp_path / "library")
    _index(qtbot, window, tmp_path / "library")
    qtbot.waitUntil(lambda: _names(window) == newest_first, timeout=30_000)
    window.show_folders()
    dialog = window.folders_dialog
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=30_000)  # the status came
    dialog.list.setCurrentRow(0)
    seen: list[list[str]] = []
    _answer(qtbot, "Cancel", seen)
    dialog.remove.click()
    assert seen and "Remove folder" in seen[0] and "Cancel" in seen[0]
    assert not {"&Yes", "Yes", "&No", "No"} & set(seen[0])
    assert _names(window) == newest_first  # cancelled: nothing happened

    _answer(qtbot, "Remove folder", seen)
    dialog.remove.click()
    qtbot.waitUntil(lambda: window.library_status is not None and not window.library_status.roots)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)


def test_the_models_pages_use_button_asks_with_a_verb(qtbot, window: MainWindow) -> None:
    dialog = window.models_dialog
    window.show_models()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=30_000)
    row = next(r for r, state in enumerate(dialog._states) if not state.in_use)
    dialog.table.selectRow(row)
    assert dialog.use.isEnabled()
    dialog.use_requested.disconnect(window._use_model)  # no engine restart in this test
    chosen: list[object] = []
    dialog.use_requested.connect(chosen.append)
    seen: list[list[str]] = []
    _answer(qtbot, "Cancel", seen)
    dialog.use.click()
    assert chosen == [] and "Use model" in seen[0]
    _answer(qtbot, "Use model", seen)
    dialog.use.click()
    assert chosen == [dialog._states[row].entry]
