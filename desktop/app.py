"""``mediasift-gui``: the desktop app's composition root.

The window is built and shown first; the engine process (SQLite, then torch and the
models) starts right after, from the event loop, so the first paint never waits for it.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Sequence

from mediasift import __version__

APP_NAME = "MediaSift"
DESKTOP_ID = "io.mediasift.MediaSift"


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the engine process of a frozen (PyInstaller) app
    args = list(sys.argv if argv is None else argv)
    if "--version" in args[1:]:
        print(f"mediasift-gui {__version__}")
        return 0
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mediasift.desktop.app_settings import AppSettings
    from mediasift.desktop.ui.main_window import MainWindow

    app = QApplication(args)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_ID)
    window = MainWindow(AppSettings())
    window.show()
    QTimer.singleShot(0, window.start_engine)
    if "--quit-after-start" in args:  # packaging smoke test: start, paint, leave
        QTimer.singleShot(1500, window.close)
    return app.exec()
