"""Widgets on their own: the grid with 10,000 results, keys, filters, settings, autostart."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QDate, QObject, QPoint, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QImage
from PySide6.QtWidgets import QApplication, QWidget

from mediasift.core.kinds import MediaKind, SegmentKind
from mediasift.core.search.query import Query
from mediasift.core.search.results import Moment, SearchResult
from mediasift.desktop import autostart
from mediasift.desktop.app_settings import AppSettings, Key
from mediasift.desktop.ui import dialogs
from mediasift.desktop.ui.date_filter import CUSTOM
from mediasift.desktop.ui.dialogs import SettingsDialog, choose_library_folder
from mediasift.desktop.ui.filter_bar import FilterBar, Sort
from mediasift.desktop.ui.main_window import MainWindow
from mediasift.desktop.ui.results_model import Role
from tests.conftest import PHOTOS


def fake_results(count: int, thumbnail: Path, folder: Path = Path("/lib")) -> list[SearchResult]:
    results = []
    for i in range(count):
        kind = (MediaKind.PHOTO, MediaKind.VIDEO, MediaKind.AUDIO)[i % 3]
        moment = Moment(
            i,
            SegmentKind.IMAGE,
            10.0 - i / count,
            0.3,
            i % 60 or None,
            None,
            "a spoken line" if kind == MediaKind.AUDIO else None,
        )
        results.append(
            SearchResult(
                i,
                folder / f"file-{i:05d}.jpg",
                kind,
                (moment,),
                1_600_000_000.0 + i * 3600,
                thumbnail,
            )
        )
    return results


@pytest.fixture
def bare_window(qtbot, tmp_path: Path) -> MainWindow:
    """The window without an engine: for what only the widgets do."""
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppSettings(store), env={})
    qtbot.addWidget(window)
    window.pages.setCurrentWidget(window.splitter)
    window.show()
    return window


def test_ten_thousand_results_scroll_without_a_widget_per_result(
    qtbot,
    bare_window: MainWindow,
) -> None:
    view = bare_window.results
    widgets_before = len(view.viewport().findChildren(QWidget))
    bare_window.model.set_results(fake_results(10_000, PHOTOS / "coffee.png"))
    bare_window.results_stack.setCurrentWidget(view)
    qtbot.waitExposed(view)
    assert bare_window.model.rowCount() == 10_000
    bar = view.verticalScrollBar()
    for step in range(0, bar.maximum() + 1, max(1, bar.maximum() // 50)):
        bar.setValue(step)
        qtbot.wait(1)
    bar.setValue(bar.maximum())
    qtbot.wait(50)
    bottom = view.indexAt(view.viewport().rect().bottomLeft() + QPoint(20, -40))
    assert bottom.isValid() and bottom.row() > 9_900
    assert len(view.viewport().findChildren(QWidget)) == widgets_before  # painted, not built
    qtbot.waitUntil(lambda: view.model().data(bottom, Role.THUMBNAIL) is not None, timeout=5_000)


def QPoint_(x: int, y: int):
    from PySide6.QtCore import QPoint

    return QPoint(x, y)


class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_keyboard_find_move_preview_and_open(
    qtbot, bare_window: MainWindow, tmp_path: Path
) -> None:
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    (tmp_path / "file-00001.jpg").write_bytes(b"")  # Enter opens only a file that is there
    try:
        bare_window.model.set_results(fake_results(12, PHOTOS / "coffee.png", tmp_path))
        bare_window.results_stack.setCurrentWidget(bare_window.results)
        bare_window.results.setFocus()
        qtbot.keyClick(bare_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert bare_window.search_bar.field.hasFocus()
        qtbot.keyClick(bare_window.search_bar.field, Qt.Key.Key_Down)
        assert bare_window.results.hasFocus()
        assert bare_window.results.currentIndex().row() == 0
        qtbot.keyClick(bare_window.results, Qt.Key.Key_Right)
        assert bare_window.results.currentIndex().row() == 1
        qtbot.keyClick(bare_window.results, Qt.Key.Key_Space)
        assert bare_window.preview.isVisible()
        assert bare_window.preview.title.text() == "file-00001.jpg"
        qtbot.keyClick(bare_window.results, Qt.Key.Key_Return)
        assert [u.toLocalFile() for u in opened.urls] == [str(tmp_path / "file-00001.jpg")]
        assert bare_window.toast.text() == "Opening file-00001.jpg…"  # said, not silent
        (tmp_path / "file-00001.jpg").unlink()  # moved away meanwhile: said why
        qtbot.keyClick(bare_window.results, Qt.Key.Key_Return)
        assert bare_window.toast.text() == "file-00001.jpg is no longer in its folder"
        assert len(opened.urls) == 1
        qtbot.keyClick(bare_window.results, Qt.Key.Key_Space)
        assert not bare_window.preview.isVisible()
    finally:
        QDesktopServices.unsetUrlHandler("file")


def test_filters_build_the_query_and_sort_orders_results(qtbot) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.set_folders([Path("/home/me/Pictures"), Path("/home/me/Recordings")])
    assert bar.apply(Query(text="x")).kinds is None  # all kinds: no filter at all
    bar.kinds[MediaKind.PHOTO].click()
    bar.kinds[MediaKind.AUDIO].click()
    bar.folder.setCurrentIndex(2)
    bar.dates.choose(CUSTOM)
    bar.dates.date_from.set_date(QDate(2023, 5, 1))
    bar.dates.date_to.set_date(QDate(2023, 5, 31))
    bar.min_score.setValue(3.0)
    query = bar.apply(Query(text="x"))
    assert query.kinds == frozenset({MediaKind.PHOTO, MediaKind.AUDIO})
    assert query.under == Path("/home/me/Recordings")
    assert query.after == datetime(2023, 5, 1).timestamp()
    assert query.before == datetime(2023, 6, 1).timestamp()
    assert query.min_score == 3.0
    results = fake_results(5, PHOTOS / "coffee.png")
    bar.sort.setCurrentIndex(bar.sort.findData(Sort.NEWEST))
    assert [r.media_id for r in bar.order(results)] == [4, 3, 2, 1, 0]
    bar.sort.setCurrentIndex(bar.sort.findData(Sort.OLDEST))
    assert [r.media_id for r in bar.order(results)] == [0, 1, 2, 3, 4]


def test_settings_dialog_saves_the_engine_choices(
    qtbot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.whisper.setCurrentIndex(dialog.whisper.findData("base"))
    dialog.clip.setCurrentIndex(1)  # the more accurate model
    dialog.threads.setValue(3)
    dialog.data_dir.setText(str(tmp_path / "library-data"))
    dialog.autostart.setChecked(True)
    dialog.accept()
    assert settings.text(Key.WHISPER_MODEL) == "base"
    assert (settings.text(Key.CLIP_MODEL), settings.text(Key.CLIP_WEIGHTS)) == (
        "ViT-B-16",
        "laion2b_s34b_b88k",
    )
    engine = settings.engine_settings(env={})
    assert engine.threads == 3 and engine.data_dir == tmp_path / "library-data"
    assert engine.clip.model == "ViT-B-16" and engine.clip_is_explicit
    entry = tmp_path / "config" / "autostart" / f"{autostart.APP_ID}.desktop"
    assert entry.is_file() and "mediasift.desktop" in entry.read_text()
    assert autostart.is_enabled()
    autostart.set_enabled(False)
    assert not entry.exists()


def test_removing_a_folder_forgets_it(qtbot, window, tmp_path: Path) -> None:
    folder = tmp_path / "pics"
    folder.mkdir()
    for name in ("coffee.png", "horse.png"):
        (folder / name).write_bytes((PHOTOS / name).read_bytes())
    with qtbot.waitSignal(window.engine.index_done, timeout=120_000):
        window.engine.index([folder])
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.splitter, timeout=10_000)
    with qtbot.waitSignal(window.engine.status, timeout=60_000):
        window.folders_dialog.remove_requested.emit(folder)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.welcome, timeout=10_000)
    assert window.library_status is not None and window.library_status.roots == []
    assert sorted(os.listdir(folder)) == ["coffee.png", "horse.png"]  # files untouched


def test_add_folder_dialog_opens_in_pictures_else_home(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened_at: list[str] = []
    chosen = tmp_path / "Holidays"

    def ask(parent, caption: str, start: str) -> str:
        opened_at.append(start)
        return str(chosen)

    pictures = tmp_path / "Pictures"
    pictures.mkdir()
    monkeypatch.setattr(dialogs.QFileDialog, "getExistingDirectory", staticmethod(ask))
    monkeypatch.setattr(
        dialogs.QStandardPaths, "writableLocation", staticmethod(lambda location: str(pictures))
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    assert choose_library_folder(parent) == chosen
    pictures.rmdir()  # no Pictures folder on this machine: start at home
    assert choose_library_folder(parent) == chosen
    assert opened_at == [str(pictures), str(Path.home())]


def test_dialogs_open_within_a_small_screen(qtbot) -> None:
    from PySide6.QtGui import QGuiApplication

    from mediasift.desktop.ui.dialogs import FoldersDialog
    from mediasift.desktop.ui.models_dialog import ModelsDialog
    from mediasift.desktop.ui.problems import ProblemsDialog

    room = QGuiApplication.primaryScreen().availableGeometry()
    assert room.width() < 1100  # the Models page's comfortable width: this screen is small
    for make in (ModelsDialog, ProblemsDialog, FoldersDialog):
        dialog = make()
        qtbot.addWidget(dialog)
        assert dialog.width() <= room.width() and dialog.height() <= room.height(), make


def test_the_current_tile_shows_a_ring_in_light_and_dark(qtbot, bare_window: MainWindow) -> None:
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtGui import QPalette

    from mediasift.desktop.ui import theme

    view = bare_window.results
    bare_window.model.set_results(fake_results(6, PHOTOS / "coffee.png"))
    bare_window.results_stack.setCurrentWidget(view)
    bare_window.activateWindow()
    qtbot.waitUntil(bare_window.isActiveWindow)
    index = bare_window.model.index(1)
    # Current but not selected: only the ring can tell it from the others.
    view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
    rect = view.visualRect(index)
    edge = QPoint(rect.left() + 2, rect.bottom() - 40)  # on the ring, beside the tile

    def pixel():
        image = view.viewport().grab().toImage()
        ratio = image.devicePixelRatio()
        return image.pixelColor(int(edge.x() * ratio), int(edge.y() * ratio))

    for make in (theme.light_palette, theme.dark_palette):
        view.setPalette(make())
        base = view.palette().color(QPalette.ColorRole.Base)
        bare_window.search_bar.field.setFocus()
        qtbot.waitUntil(lambda: not view.hasFocus())
        assert theme.contrast(pixel(), base) < 1.2, make.__name__  # no ring without focus
        view.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(view.hasFocus)
        assert theme.contrast(pixel(), base) >= 2.0, make.__name__


def _focus_shows(unfocused: QImage, focused: QImage) -> float:
    """The strongest contrast between a pixel painted without and with the focus."""
    from mediasift.desktop.ui import theme

    def pixels(image: QImage) -> np.ndarray:
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
        rows = data.reshape(image.height(), image.bytesPerLine() // 4, 4)
        return rows[:, : image.width(), :3].copy()  # before the converted image is freed

    before, after = pixels(unfocused), pixels(focused)
    changed = np.argwhere((before != after).any(axis=2))
    best = 1.0
    for y, x in changed[:: max(1, len(changed) // 2000)]:
        one, other = (QColor(*[int(v) for v in p[y, x][::-1]]) for p in (before, after))
        best = max(best, theme.contrast(one, other))
    return best


def test_tab_reaches_every_control_and_each_shows_its_focus(
    qtbot, bare_window: MainWindow, tmp_path: Path
) -> None:
    from mediasift.desktop.ui import theme

    window = bare_window
    (tmp_path / "file-00000.jpg").write_bytes((PHOTOS / "coffee.png").read_bytes())
    window.model.set_results(fake_results(6, PHOTOS / "coffee.png", tmp_path))
    window.results_stack.setCurrentWidget(window.results)
    window.filters.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.results.setFocus()
    window.results.setCurrentIndex(window.model.index(0))
    qtbot.keyClick(window.results, Qt.Key.Key_Space)  # the preview's buttons too
    assert window.preview.isVisible()
    wanted = {
        window.search_bar.field,
        window.folders_button,
        window.models_button,
        window.settings_button,
        window.filters.kind_chips.all,
        *window.filters.kinds.values(),
        window.filters.folder,
        window.filters.dates.preset,
        window.filters.sort,
        window.results,
        window.preview.open_button,
        window.preview.copy_button,
    }
    try:
        for palette in (theme.light_palette(), theme.dark_palette()):
            QApplication.setPalette(palette)
            window.search_bar.field.setFocus()
            reached: list[QWidget] = []
            for _ in range(60):  # round the whole focus chain, with the Tab key
                qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
                QApplication.processEvents()
                widget = QApplication.focusWidget()
                if widget in reached:
                    break
                reached.append(widget)
                focused = widget.grab().toImage()
                field = window.search_bar.field
                (field if widget is not field else window.results).setFocus()  # elsewhere
                QApplication.processEvents()
                unfocused = widget.grab().toImage()
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                shows = _focus_shows(unfocused, focused)
                assert shows >= 2.0, (
                    type(widget).__name__,
                    getattr(widget, "text", str)(),
                    [type(r).__name__ for r in reached],
                    shows,
                )
            assert wanted <= set(reached), wanted - set(reached)
    finally:
        theme.follower().apply(theme.ColorScheme.SYSTEM, Qt.ColorScheme.Light)


def test_a_long_spoken_line_is_cut_short_above_the_badge(qtbot) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication

    from mediasift.desktop.ui.result_delegate import fit_within

    metrics = QFontMetrics(QApplication.font())
    room = QRect(0, 0, 140, 3 * metrics.lineSpacing())
    wrap = Qt.TextFlag.TextWordWrap
    short = "“ask what you can do”"
    assert fit_within(metrics, short, room) == short
    for line in (
        "“We agreed the budget for next year in this meeting, and we talk to them out the trip.”",
        "“我们在这次会议上商定了明年的预算然后我们谈到了旅行和其他很多事情。”",
    ):
        fitted = fit_within(metrics, line, room)
        assert fitted.endswith("…") and line.startswith(fitted[:-1].rstrip())
        assert metrics.boundingRect(room, wrap, fitted).height() <= room.height()
        assert len(fitted) > len(line) // 3  # as much as fits, not a word or two


def test_the_models_table_keeps_its_words_whole_in_a_narrow_window(qtbot) -> None:
    from PySide6.QtCore import QRect

    from mediasift.core.models.catalog import CATALOG
    from mediasift.core.models.manager import ModelState
    from mediasift.desktop.ui.models_dialog import DESCRIPTIVE, DESCRIPTIVE_MIN, ModelsDialog

    dialog = ModelsDialog()
    qtbot.addWidget(dialog)
    dialog.set_states([ModelState(e, False, Path("/models") / e.name, False) for e in CATALOG])
    dialog.show()
    table, header = dialog.table, dialog.table.horizontalHeader()
    metrics = table.fontMetrics()

    def settled() -> bool:  # the columns are shared after each resize, on the event loop
        room = table.viewport().width()
        return sum(header.sectionSize(c) for c in range(table.columnCount())) >= room - 1

    for width in (1100, 660):  # a wide screen, half a 1366 one
        dialog.resize(width, 420)
        qtbot.waitUntil(settled)
        for column in DESCRIPTIVE:
            size = header.sectionSize(column)
            assert size >= DESCRIPTIVE_MIN, (width, column, size)
            title = table.horizontalHeaderItem(column).text()
            assert metrics.horizontalAdvance(title) <= size - 8, (width, title)
            for row in range(table.rowCount()):
                text = table.item(row, column).text()
                longest = max(metrics.horizontalAdvance(word) for word in text.split())
                assert longest <= size - 8, (width, text)  # no word cut short
                room = QRect(0, 0, size - 8, 10_000)
                lines = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, text)
                assert lines.height() <= table.rowHeight(row), (width, text)
    # Narrow, the table scrolls sideways rather than squeezing the words.
    assert table.horizontalScrollBar().maximum() > 0


def test_settings_fit_half_a_laptop_screen(qtbot, tmp_path: Path) -> None:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QPushButton

    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    in_use = (
        "Search model in use: /home/me/models/clip/my-own-model.json "
        "(/home/me/models/clip/my-own-model-weights.safetensors), from Settings.\n"
        "Speech model in use: /home/me/models/whisper/large-v3, from the command line."
    )
    dialog = SettingsDialog(settings, in_use=in_use)
    qtbot.addWidget(dialog)
    room = QGuiApplication.primaryScreen().availableGeometry()
    assert dialog.width() <= room.width()  # opens within the screen
    half = 1366 // 2 - 40  # half a laptop screen, less the window's frame
    assert dialog.minimumSizeHint().width() <= half
    dialog.show()
    dialog.resize(half, dialog.height())
    qtbot.waitUntil(lambda: dialog.width() == half)
    for button in dialog.findChildren(QPushButton):  # every button in sight
        right = button.mapTo(dialog, QPoint(button.width(), 0)).x()
        assert right <= dialog.width(), button.text()
    # The model choices are whole in their list, however narrow the closed box.
    first = dialog.clip.itemText(0)
    assert first.startswith("ViT-B-32 · laion2b_s34b_b79k — ") and "MB" in first
