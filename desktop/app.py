"""``mediasift-gui``: the desktop app's composition root.

The engine process (SQLite, then torch and the models) is launched first thing, before
Qt's widgets are even imported, so that its seconds of imports and model loading run on
the other core while this process builds and paints the window; the window adopts it
once the event loop runs. Nothing the window does waits for it.

Besides starting the app it answers a few one-shot options that need no window:
``--version``, ``--install-desktop-entry`` / ``--uninstall-desktop-entry`` (the launcher
entry and icons of the current user), and ``--quit-after-start`` for smoke tests. The
CLI's model options (``--clip-model``, ``--clip-weights``, ``--whisper-model``) choose the
models for the session, over Settings.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mediasift import __version__

if TYPE_CHECKING:  # Qt is imported inside main(), after the one-shot options
    from PySide6.QtWidgets import QApplication

    from .engine.launch import LaunchedEngine
    from .ui.main_window import MainWindow

APP_NAME = "MediaSift"
DESKTOP_ID = "io.mediasift.MediaSift"
USAGE = (
    "usage: mediasift-gui [--version] [--install-desktop-entry | --uninstall-desktop-entry]"
    " [--quit-after-start] [--clip-model NAME_OR_JSON] [--clip-weights FILE_OR_TAG]"
    " [--whisper-model SIZE_OR_DIR]"
)
ENGINE_READY_TIMEOUT_MS = 60_000


def _say(line: str) -> None:
    """Print a line when there is a console: a windowed Windows app has ``sys.stdout``
    None, and a one-shot option must not crash on that."""
    if sys.stdout is not None:
        print(line, flush=True)


def _desktop_entry(install: bool) -> int:
    from . import install_entry

    try:
        if install:
            paths = install_entry.install_desktop_entry()
        else:
            paths = install_entry.uninstall_desktop_entry()
    except OSError as error:
        _say(f"mediasift-gui: cannot {'install' if install else 'remove'} the entry: {error}")
        return 1
    verb = "installed" if install else "removed"
    if not paths:
        _say("mediasift-gui: nothing to remove, no desktop entry is installed")
    for path in paths:
        _say(f"{verb} {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the engine process of a frozen (PyInstaller) app
    args = list(sys.argv if argv is None else argv)
    options = args[1:]
    if "--help" in options or "-h" in options:
        _say(USAGE)
        return 0
    if "--version" in options:
        _say(f"mediasift-gui {__version__}")
        return 0
    if "--install-desktop-entry" in options or "--uninstall-desktop-entry" in options:
        return _desktop_entry(install="--install-desktop-entry" in options)
    # Qt Multimedia lists every optional library it could not find (PipeWire, VA-API) on
    # each start; a user starting the app from a terminal should not read that as trouble.
    os.environ.setdefault(
        "QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg=false"
    )
    from PySide6.QtCore import QCoreApplication

    from .app_settings import AppSettings, Key, parse_overrides
    from .engine.launch import launch_engine

    try:
        overrides = parse_overrides(options)  # the models, as the CLI's options name them
    except ValueError as error:
        _say(f"mediasift-gui: {error}\n{USAGE}")
        return 2
    QCoreApplication.setApplicationName(APP_NAME)  # QSettings' file, before any app object
    QCoreApplication.setOrganizationName(APP_NAME)
    launched = launch_engine(AppSettings().engine_settings(os.environ, overrides))

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from . import install_entry, translations
    from .ui.main_window import MainWindow

    app = QApplication(args)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_ID)
    # The system's language or Settings' choice, before any widget is built with words.
    translations.install(app, AppSettings().text(Key.LANGUAGE))
    # A frozen Linux executable carries no icon of its own, so give the window one; without
    # the resources (an unusual install) Qt's default icon is all that is lost.
    with contextlib.suppress(FileNotFoundError):
        app.setWindowIcon(QIcon(str(install_entry.icon_file())))
    window = MainWindow(AppSettings(), overrides=overrides)
    window.show()
    if "--quit-after-start" in options:
        QTimer.singleShot(0, lambda: _quit_when_engine_answers(app, window, launched))
    else:
        QTimer.singleShot(0, lambda: window.start_engine(launched))
    return app.exec()


def _quit_when_engine_answers(
    app: QApplication, window: MainWindow, launched: LaunchedEngine
) -> None:
    """Smoke test of a build: start the engine, and leave as soon as it reports ready
    (exit 0) or fatal, or does not answer within a minute (exit 1)."""
    from PySide6.QtCore import QTimer

    window.start_engine(launched)
    engine = window.engine

    def finish(code: int, line: str) -> None:
        _say(line)
        window.close()
        app.exit(code)

    engine.ready.connect(lambda _status: finish(0, "mediasift-gui: engine ready"))
    engine.fatal.connect(lambda message: finish(1, f"mediasift-gui: engine failed: {message}"))
    QTimer.singleShot(
        ENGINE_READY_TIMEOUT_MS, lambda: finish(1, "mediasift-gui: engine did not start in 60 s")
    )
