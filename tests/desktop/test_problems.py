"""Folders and problems in the real window: a folder is listed the moment it is added,
the status bar's count and the lists agree, each row's Show in folder, Copy path and
Retry do what they say (Retry really indexes the file again)."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from mediasift.desktop.ui import dialogs
from mediasift.desktop.ui.main_window import MainWindow
from tests import media_factory as mf
from tests.conftest import PHOTOS
from tests.desktop.conftest import ENGINE_TIMEOUT_MS


class _Opened(QObject):
    """Stands in for the desktop's file manager: records what it was asked to show."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())


def test_a_folder_is_listed_the_moment_it_is_added(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "Holidays"
    folder.mkdir()
    for name in ("coffee.png", "horse.png"):
        shutil.copy(PHOTOS / name, folder)
    monkeypatch.setattr(dialogs, "choose_library_folder", lambda parent: folder)
    window.show_folders()
    dialog = window.folders_dialog
    assert window.engine is not None
    with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS):
        _click(qtbot, dialog.add)
        # Listed before the engine has answered anything, and marked indexing.
        assert dialog.state_of(folder) == "just added · indexing…"
        assert window.pages.currentWidget() is window.splitter
    qtbot.waitUntil(lambda: dialog.state_of(folder) == "2 indexed · online", timeout=30_000)


def _same_size_picture(size: int) -> bytes:
    """A JPEG padded to ``size`` bytes (JPEG readers stop at the end marker)."""
    buffer = io.BytesIO()
    Image.open(PHOTOS / "coffee.png").convert("RGB").resize((64, 48)).save(buffer, "JPEG")
    data = buffer.getvalue()
    assert len(data) <= size
    return data + bytes(size - len(data))


def test_failures_and_notes_are_separate_lists_whose_rows_act(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(PHOTOS / "horse.png", folder)
    broken = folder / "broken.jpg"
    broken.write_bytes((b"this is not a picture\n" * 1000)[:20_000])
    mf.write_wav(folder / "quiet.wav", mf.silence(4.0))
    assert window.engine is not None
    with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS):
        window.engine.index([folder])
    panel, dialog = window.status_panel, window.failures_dialog
    qtbot.waitUntil(lambda: panel.failures.text() == "1 not indexed · 1 note", timeout=30_000)

    # The button and the lists agree, failures and notes apart.
    _click(qtbot, panel.failures)
    assert dialog.isVisible() and dialog.tabs.currentWidget() is dialog.failures
    assert dialog.tabs.tabText(0) == "Not indexed (1)" and dialog.tabs.tabText(1) == "Notes (1)"
    assert [p.path.name for p in dialog.failures.problems] == ["broken.jpg"]
    assert [p.path.name for p in dialog.notes.problems] == ["quiet.wav"]
    assert dialog.failures.table.rowCount() == 1 and dialog.notes.table.rowCount() == 1

    row = dialog.failures.row_of("broken.jpg")
    _click(qtbot, dialog.failures.button(row, "Copy path"))
    assert QApplication.clipboard().text() == str(broken)
    assert dialog.said.text() == "Path copied"
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        _click(qtbot, dialog.failures.button(row, "Show in folder"))
        assert dialog.said.text() == "Showing broken.jpg in its folder…"
        qtbot.waitUntil(lambda: bool(opened.urls) or shutil.which("dbus-send") is not None)
    finally:
        QDesktopServices.unsetUrlHandler("file")

    # Fixed in place, same size and time: a rescan does not look at it again...
    stat = broken.stat()
    broken.write_bytes(_same_size_picture(stat.st_size))
    os.utime(broken, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS):
        window.engine.index([])
    qtbot.waitUntil(lambda: window.engine is not None and bool(window.library_status))
    assert "broken.jpg" in dialog.reasons()
    # ...Retry does: indexed, it leaves the list and joins the library.
    with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS) as done:
        _click(qtbot, dialog.failures.button(dialog.failures.row_of("broken.jpg"), "Retry"))
        assert dialog.said.text() == "Retrying broken.jpg…"
    assert done.args[0].indexed == 1
    qtbot.waitUntil(lambda: dialog.reasons() == {}, timeout=30_000)
    qtbot.waitUntil(lambda: panel.failures.text() == "1 note", timeout=30_000)
    assert dialog.tabs.tabText(0) == "Not indexed (0)"

    # A note's Retry runs the file again too (its transcript is made anew).
    with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS) as done:
        _click(qtbot, dialog.notes.button(dialog.notes.row_of("quiet.wav"), "Retry"))
    assert done.args[0].indexed == 1


def test_a_long_reason_wraps_and_the_path_keeps_to_one_line(qtbot) -> None:
    from PySide6.QtWidgets import QStyleOptionViewItem

    from mediasift.desktop.ui.problems import Problem, ProblemsDialog

    dialog = ProblemsDialog()
    qtbot.addWidget(dialog)
    dialog.resize(700, 400)  # as in an 800x600 window
    dialog.show()
    path = Path("/media/me/Backup drive/Old photos from the summer holiday/broken.jpg")
    reason = "not a photo, video or recording (content is text): the file holds no picture"
    dialog.failures.set_problems([Problem(path, reason)])
    table = dialog.failures.table
    width = table.columnWidth(1)
    lines = table.fontMetrics().boundingRect(
        0, 0, width - 8, 10_000, Qt.TextFlag.TextWordWrap, reason
    )
    assert lines.height() >= 2 * table.fontMetrics().lineSpacing()  # the case at hand
    # The whole reason is shown: the row is as tall as its wrapped lines.
    qtbot.waitUntil(lambda: table.rowHeight(0) >= lines.height())
    option = QStyleOptionViewItem()
    table.itemDelegateForColumn(0).initStyleOption(option, table.model().index(0, 0))
    assert not option.features & QStyleOptionViewItem.ViewItemFeature.WrapText
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle  # its name stays in sight
