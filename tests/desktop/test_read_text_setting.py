"""The Settings dialog turns reading text in pictures off and on, for the engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from mediasift.desktop.app_settings import AppSettings, Key
from mediasift.desktop.ui.dialogs import SettingsDialog


def test_the_checkbox_turns_reading_off_and_on(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("MEDIASIFT_READ_TEXT", raising=False)
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert settings.engine_settings(env={}).read_text

    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.read_text.isChecked()
    qtbot.mouseClick(dialog.read_text, Qt.MouseButton.LeftButton)
    dialog.accept()
    assert settings.text(Key.READ_TEXT) == "off"
    assert not settings.engine_settings(env={}).read_text

    again = SettingsDialog(settings)
    qtbot.addWidget(again)
    assert not again.read_text.isChecked()
    qtbot.mouseClick(again.read_text, Qt.MouseButton.LeftButton)
    again.accept()
    assert settings.engine_settings(env={}).read_text
    # The environment still turns it off for one run when the app leaves it on.
    assert not settings.engine_settings(env={"MEDIASIFT_READ_TEXT": "0"}).read_text
