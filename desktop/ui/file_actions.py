"""Open a file, show it in its folder, copy its path: each says what it did, or why not.

The preview, the results' context menu and the problems lists all offer these; each
returns the one line to show the person ("Path copied", "coffee.png is offline: its
folder is not reachable"), so an action never passes in silence.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QProcess, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication


def unreachable(path: Path, offline: bool = False) -> str | None:
    """Why ``path`` cannot be opened now, or None when it can."""
    if offline or (not path.exists() and not path.parent.exists()):
        text = QCoreApplication.translate(
            "FileActions", "{name} is offline: its folder is not reachable"
        )
        return text.format(name=path.name)
    if not path.exists():
        text = QCoreApplication.translate("FileActions", "{name} is no longer in its folder")
        return text.format(name=path.name)
    return None


def open_file(path: Path, offline: bool = False) -> str:
    problem = unreachable(path, offline)
    if problem is not None:
        return problem
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return QCoreApplication.translate("FileActions", "Opening {name}…").format(name=path.name)
    return QCoreApplication.translate("FileActions", "No app could open {name}").format(
        name=path.name
    )


def reveal(path: Path, offline: bool = False) -> str:
    """Show ``path`` in the file manager (its folder, when the file itself is gone)."""
    problem = unreachable(path, offline)
    if problem is not None and (offline or not path.parent.exists()):
        return problem
    if problem is not None:
        reveal_in_file_manager(path.parent)
        return QCoreApplication.translate("FileActions", "{problem}; showing its folder").format(
            problem=problem
        )
    reveal_in_file_manager(path)
    return QCoreApplication.translate("FileActions", "Showing {name} in its folder…").format(
        name=path.name
    )


def copy_path(path: Path) -> str:
    QGuiApplication.clipboard().setText(str(path))
    return QCoreApplication.translate("FileActions", "Path copied")


def reveal_in_file_manager(path: Path) -> None:
    """Show the file selected in the platform's file manager (its folder at least).

    Never waits: on Linux the freedesktop FileManager1 D-Bus call runs as a detached
    process, and only if it fails does the folder open instead.
    """
    if sys.platform == "darwin":
        QProcess.startDetached("open", ["-R", str(path)])
    elif sys.platform == "win32":
        QProcess.startDetached("explorer", [f"/select,{path}"])
    elif shutil.which("dbus-send"):
        process = QProcess(QGuiApplication.instance())
        uri = QUrl.fromLocalFile(str(path)).toString()

        def finished(code: int, _status: QProcess.ExitStatus) -> None:
            if code != 0:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
            process.deleteLater()

        process.finished.connect(finished)
        process.errorOccurred.connect(
            lambda _: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        )
        process.start(
            "dbus-send",
            [
                "--session",
                "--dest=org.freedesktop.FileManager1",
                "--type=method_call",
                "/org/freedesktop/FileManager1",
                "org.freedesktop.FileManager1.ShowItems",
                f"array:string:{uri}",
                "string:",
            ],
        )
    else:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
