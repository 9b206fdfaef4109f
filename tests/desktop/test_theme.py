"""Light and dark: the system's scheme followed, the choice in Settings and the View menu,
and the app's own colours readable in both (the matched transcript line above all)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from mediasift.core.kinds import MediaKind, SegmentKind
from mediasift.core.search.results import Moment, SearchResult
from mediasift.desktop.app_settings import AppSettings, Key
from mediasift.desktop.ui import theme
from mediasift.desktop.ui.dialogs import SettingsDialog
from mediasift.desktop.ui.main_window import MainWindow
from mediasift.desktop.ui.preview import MATCHED_ROLE
from mediasift.desktop.ui.theme import ColorScheme
from tests.desktop.test_filters import _pick


@pytest.fixture
def bare(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    """The window without an engine; the app's colours put back afterwards."""
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppSettings(store), env={})
    qtbot.addWidget(window)
    window.show()
    yield window
    theme.follower().apply(ColorScheme.SYSTEM, Qt.ColorScheme.Light)


def _app_is_dark() -> bool:
    return theme.is_dark(QGuiApplication.palette())


def _settings_choose(qtbot, window: MainWindow, label: str) -> None:
    """Open Settings, choose ``label`` under Colours with the keyboard, click OK."""
    done: list[bool] = []

    def operate() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SettingsDialog):
            QTimer.singleShot(20, operate)
            return
        _pick(qtbot, dialog.colors, label)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        done.append(True)

    QTimer.singleShot(0, operate)
    window.show_settings()
    assert done


def test_the_colours_follow_the_system_or_the_choice(qtbot, bare: MainWindow) -> None:
    follower = theme.follower()
    hints = QGuiApplication.styleHints()
    # As the system (the default): the system turning dark turns the window dark.
    assert follower.choice == ColorScheme.SYSTEM
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert _app_is_dark()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not _app_is_dark()

    # Dark chosen in Settings: kept whatever the system says; saved; no engine restart
    # needed for colours.
    _settings_choose(qtbot, bare, "Dark")
    assert _app_is_dark() and bare.app_settings.text(Key.COLOR_SCHEME) == "dark"
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert _app_is_dark()
    dark_window = theme.dark_palette().color(QPalette.ColorRole.Window)
    qtbot.waitUntil(lambda: bare.palette().color(QPalette.ColorRole.Window) == dark_window)

    # The View menu says the choice and changes it.
    checked = [a.text() for a in bare.scheme_actions.actions() if a.isChecked()]
    assert checked == ["Dark"]
    light = next(a for a in bare.scheme_actions.actions() if a.text() == "Light")
    light.trigger()
    assert not _app_is_dark() and bare.app_settings.text(Key.COLOR_SCHEME) == "light"
    _settings_choose(qtbot, bare, "As the system")
    assert bare.app_settings.text(Key.COLOR_SCHEME) == ""
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert _app_is_dark()


def _recording() -> SearchResult:
    said = Moment(1, SegmentKind.SPEECH, 6.0, 0.9, 4.0, 7.0, "the budget for next year")
    return SearchResult(1, Path("/lib/call.wav"), MediaKind.AUDIO, (said,), None, None)


def test_the_matched_transcript_line_reads_in_light_and_dark(qtbot, bare: MainWindow) -> None:
    preview = bare.preview
    preview.show()
    result = _recording()
    preview.show_result(result)
    lines = [
        (0.0, 3.9, "good morning everyone", None),
        (4.0, 7.0, "the budget for next year", None),
        (7.0, 9.0, "is four hundred thousand", None),
    ]
    preview.set_transcript(result.path, lines)
    marked = [
        preview.transcript.item(r)
        for r in range(preview.transcript.count())
        if preview.transcript.item(r).data(MATCHED_ROLE)
    ]
    assert [item.text().split("  ", 1)[1] for item in marked] == ["the budget for next year"]
    item = marked[0]
    for scheme in (ColorScheme.DARK, ColorScheme.LIGHT, ColorScheme.DARK):
        theme.follower().apply(scheme)
        want = theme.dark_palette() if scheme == ColorScheme.DARK else theme.light_palette()
        qtbot.waitUntil(
            lambda w=want: (
                preview.palette().color(QPalette.ColorRole.Base) == w.color(QPalette.ColorRole.Base)
            )
        )
        base = preview.transcript.palette().color(QPalette.ColorRole.Base)
        background, text = item.background().color(), item.foreground().color()
        assert theme.contrast(text, background) >= theme.MIN_TEXT_CONTRAST, scheme
        assert theme.contrast(background, base) >= 1.3, scheme  # it stands out of the list
        # What the old code painted in a dark palette: near-white under white text.
        old = preview.palette().highlight().color().lighter(170)
        if scheme == ColorScheme.DARK:
            assert theme.contrast(preview.palette().color(QPalette.ColorRole.Text), old) < 2.0
