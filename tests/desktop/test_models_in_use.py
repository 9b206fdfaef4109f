"""The model actually in use, wherever its choice came from (Settings, the environment,
the command line), on the Models and Settings pages; a custom config + weights chosen in
Settings, as the CLI's --clip-model JSON --clip-weights FILE."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from mediasift.core.service.protocol import ModelPhase
from mediasift.desktop.app_settings import AppSettings, Key, Overrides, parse_overrides
from mediasift.desktop.ui import dialogs
from mediasift.desktop.ui.dialogs import CUSTOM_CLIP, SettingsDialog
from mediasift.desktop.ui.main_window import MainWindow
from tests.conftest import TinyClip
from tests.desktop.conftest import ENGINE_TIMEOUT_MS
from tests.desktop.test_filters import _pick


def _ready(window: MainWindow) -> bool:
    state = window.model_state
    return state is not None and state.phase == ModelPhase.READY


def test_the_pages_say_which_models_are_used_and_a_custom_one_is_chosen_in_settings(
    qtbot, window: MainWindow, other_tiny_clip: TinyClip, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.waitUntil(lambda: _ready(window), timeout=ENGINE_TIMEOUT_MS)
    window.show_models()
    said = window.models_dialog.in_use.text()
    # The environment chose the tiny test model and the Whisper folder: said, with why.
    assert "Search model in use: mediasift-tiny (mediasift-tiny-seed1.pt)" in said
    assert "from the environment (MEDIASIFT_CLIP_MODEL)" in said
    assert "from the environment (MEDIASIFT_WHISPER_MODEL)" in said

    # Settings: a custom model, its config JSON and weights picked with Browse….
    answers = iter([str(other_tiny_clip.config), str(other_tiny_clip.weights)])
    monkeypatch.setattr(
        dialogs.QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *args, **kwargs: (next(answers), "")),
    )
    seen: list[str] = []

    def operate() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SettingsDialog):
            QTimer.singleShot(20, operate)
            return
        seen.append(dialog.in_use.text())
        assert not dialog.clip_config.isEnabled()  # used only by the custom choice
        _pick(qtbot, dialog.clip, CUSTOM_CLIP)
        assert dialog.clip_config.isEnabled() and dialog.clip_file.isEnabled()
        for name in ("Browse for the model config", "Browse for the weights"):
            button = next(b for b in dialog.findChildren(QPushButton) if b.accessibleName() == name)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, operate)
    first_engine = window.engine
    window.show_settings()
    assert seen and "mediasift-tiny-seed1.pt" in seen[0]  # Settings says what is in use
    assert window.app_settings.text(Key.CLIP_MODEL) == str(other_tiny_clip.config)
    assert window.app_settings.text(Key.CLIP_WEIGHTS) == str(other_tiny_clip.weights)
    assert window.engine is not first_engine  # the engine restarted on the new model
    assert window.engine is not None
    assert window.engine.settings.clip.weights == str(other_tiny_clip.weights)
    qtbot.waitUntil(
        lambda: _ready(window) and "seed2" in (window.model_state.label or ""),  # type: ignore[union-attr]
        timeout=ENGINE_TIMEOUT_MS,
    )
    window.show_models()
    said = window.models_dialog.in_use.text()
    assert "Search model in use: mediasift-tiny (mediasift-tiny-seed2.pt), from Settings" in said


def test_the_command_line_chooses_for_the_session(qtbot, tmp_path: Path) -> None:
    options = ["--whisper-model", "/models/whisper-small", "--clip-model=ViT-B-16"]
    overrides = parse_overrides(["--quit-after-start", *options])
    assert overrides == Overrides(
        clip_model="ViT-B-16", clip_weights=None, whisper_model="/models/whisper-small"
    )
    with pytest.raises(ValueError, match="--clip-weights needs a value"):
        parse_overrides(["--clip-weights"])
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.set_text(Key.WHISPER_MODEL, "base")  # Settings say base; the command line wins
    env = {"MEDIASIFT_CLIP_MODEL": "ViT-B-32"}
    engine = settings.engine_settings(env, overrides)
    assert engine.whisper_model == "/models/whisper-small" and engine.clip.model == "ViT-B-16"
    window = MainWindow(settings, env=env, overrides=overrides)
    qtbot.addWidget(window)
    said = window.models_in_use()
    assert "Search model in use: ViT-B-16" in said and "from the command line" in said
    assert "Speech model in use: /models/whisper-small, from the command line." in said
