"""Start MediaSift with the user's session (the settings dialog's checkbox).

Linux: an XDG autostart entry; Windows: the per-user Run key; macOS: a LaunchAgent.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

APP_ID = "io.mediasift.MediaSift"


def launch_command() -> list[str]:
    """The command that starts this very installation of the app."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "mediasift.desktop"]


def _xdg_entry() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart" / f"{APP_ID}.desktop"


def _launch_agent() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{APP_ID}.plist"


def is_enabled() -> bool:
    if sys.platform == "win32":
        return QSettings(_RUN_KEY, QSettings.Format.NativeFormat).contains("MediaSift")
    if sys.platform == "darwin":
        return _launch_agent().is_file()
    return _xdg_entry().is_file()


_RUN_KEY = r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run"


def set_enabled(enabled: bool) -> None:
    command = launch_command()
    if sys.platform == "win32":
        run = QSettings(_RUN_KEY, QSettings.Format.NativeFormat)
        if enabled:
            run.setValue("MediaSift", " ".join(f'"{part}"' for part in command))
        else:
            run.remove("MediaSift")
        return
    target = _launch_agent() if sys.platform == "darwin" else _xdg_entry()
    if not enabled:
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform == "darwin":
        arguments = "".join(f"<string>{part}</string>" for part in command)
        target.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>'
            f"<key>Label</key><string>{APP_ID}</string>"
            f"<key>ProgramArguments</key><array>{arguments}</array>"
            "<key>RunAtLoad</key><true/></dict></plist>\n"
        )
        return
    target.write_text(
        "[Desktop Entry]\nType=Application\nName=MediaSift\n"
        f"Exec={' '.join(command)}\nX-GNOME-Autostart-enabled=true\nTerminal=false\n"
    )
