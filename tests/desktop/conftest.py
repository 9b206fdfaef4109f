"""The real window, offscreen, on a temporary data dir with the tiny models.

The engine process is real too (spawned as in the app); the QSettings file is private to
each test so nothing leaks into the user's settings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from mediasift.desktop.app_settings import AppSettings
from mediasift.desktop.ui.main_window import MainWindow
from tests.model_files import tiny_model_env

ENGINE_TIMEOUT_MS = 120_000


@pytest.fixture
def app_env(tmp_path: Path, tiny_clip, whisper_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        **tiny_model_env(tmp_path / "data", tiny_clip, whisper_dir),
    }


def open_window(qtbot, tmp_path: Path, env: dict[str, str]) -> MainWindow:
    """The window shown, with settings private to the test, once its engine (started with
    ``env``) says it is ready; the caller closes it."""
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(AppSettings(store), env=env)
    qtbot.addWidget(main)
    main.show()
    main.start_engine()
    assert main.engine is not None
    with qtbot.waitSignal(main.engine.ready, timeout=ENGINE_TIMEOUT_MS):
        pass
    return main


@pytest.fixture
def window(qtbot, tmp_path: Path, app_env: dict[str, str]) -> Iterator[MainWindow]:
    main = open_window(qtbot, tmp_path, app_env)
    yield main
    main.close()
