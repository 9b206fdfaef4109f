"""The real window, offscreen, on a temporary data dir with the tiny models.

The engine process is real too (spawned as in the app); the QSettings file is private to
each test so nothing leaks into the user's settings. The window speaks English as the app
does on an English system: with the English plural forms compiled from the repository's
``.ts`` files for the session (``make`` need not have run); ``chinese`` switches a test to
Simplified Chinese.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from mediasift.desktop import translations
from mediasift.desktop.app_settings import AppSettings
from mediasift.desktop.ui.main_window import MainWindow
from tests.model_files import tiny_model_env

TS_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"
LRELEASE = Path(sys.executable).parent / "pyside6-lrelease"

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


@pytest.fixture(scope="session")
def translation_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``.qm`` files compiled now from the repository's ``.ts`` files, as ``make`` does."""
    folder = tmp_path_factory.mktemp("translations")
    for source in sorted(TS_DIR.glob("*.ts")):
        target = folder / source.with_suffix(".qm").name
        subprocess.run([str(LRELEASE), "-silent", str(source), "-qm", str(target)], check=True)
    return folder


@pytest.fixture(scope="session", autouse=True)
def english(qapp: QApplication, translation_files: Path) -> None:
    """English, as the app speaks it on an English (or unset, "C") system locale."""
    translations.install(qapp, translations.UiLanguage.ENGLISH, folder=translation_files)


@pytest.fixture
def chinese(qapp: QApplication, translation_files: Path) -> Iterator[None]:
    """The app set to Simplified Chinese for one test (as Settings' choice does), then back."""
    language = translations.install(qapp, translations.UiLanguage.CHINESE, folder=translation_files)
    assert language == translations.UiLanguage.CHINESE
    yield
    translations.install(qapp, translations.UiLanguage.ENGLISH, folder=translation_files)
