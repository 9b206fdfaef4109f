"""Restarting the engine (new settings, another model) re-links the window's widgets to the
new engine and cuts only the links it made to the old one: any other listener of the same
widget signals keeps hearing them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from mediasift.desktop.app_settings import AppSettings
from mediasift.desktop.engine.client import EngineClient
from mediasift.desktop.ui.main_window import MainWindow


def test_restart_cuts_only_the_links_to_the_old_engine(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The wiring is what is tested: no engine process, commands recorded per client.
    sent: list[tuple[EngineClient, str]] = []
    monkeypatch.setattr(EngineClient, "start", lambda self, launched=None: None)
    monkeypatch.setattr(
        EngineClient, "_send", lambda self, *command: sent.append((self, str(command[0])))
    )
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppSettings(store), env={})
    qtbot.addWidget(window)
    window.start_engine()
    old = window.engine

    signals: dict[str, Any] = {
        "pause": (window.status_panel.pause_clicked, ()),
        "resume": (window.status_panel.resume_clicked, ()),
        "cancel": (window.status_panel.cancel_clicked, ()),
        "index": (window.folders_dialog.add_requested, (tmp_path,)),
        "remove_folder": (window.folders_dialog.remove_requested, (tmp_path,)),
        "model_action": (window.models_dialog.action_requested, ("remove", "tiny", None)),
    }
    heard: list[str] = []
    for name, (signal, _args) in signals.items():
        signal.connect(lambda *_, name=name: heard.append(name))

    window.restart_engine()
    new = window.engine
    assert new is not None and new is not old
    for signal, args in signals.values():
        signal.emit(*args)

    assert heard == list(signals)  # the other listener survived the restart
    assert sent == [(new, name) for name in signals]  # each reaches the new engine, once
