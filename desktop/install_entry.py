"""Put MediaSift in the desktop's application menu (Linux and other freedesktop desktops).

:func:`install_desktop_entry` writes ``io.mediasift.MediaSift.desktop`` into the user's
``applications`` folder, with ``Exec`` pointing at this very installation's
``mediasift-gui``, and the app icon into the user's ``hicolor`` icon theme, both under the
XDG data dir (``~/.local/share`` unless ``$XDG_DATA_HOME`` says otherwise).
:func:`uninstall_desktop_entry` removes exactly those files. Nothing here imports Qt.

The files come from the repository's ``resources/`` folder, wherever MediaSift is
installed (:func:`mediasift.core.resources.resources_dir`).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from mediasift.core.resources import APP_ID, resources_dir

ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
GUI_NAME = "mediasift-gui"


def icon_file(size: int | None = None) -> Path:
    """The app icon: the PNG of ``size`` pixels, or the SVG when ``size`` is None (for
    ``QApplication.setWindowIcon``)."""
    folder = resources_dir()
    if size is None:
        return folder / f"{APP_ID}.svg"
    return folder / "icons" / f"{size}x{size}" / f"{APP_ID}.png"


def gui_command() -> list[str]:
    """How to start this installation's app, as an argument list.

    Frozen (PyInstaller): the ``mediasift-gui`` executable of the bundle, which is also
    beside the frozen ``mediasift`` command line. Otherwise: the ``mediasift-gui`` script
    beside the running Python (a venv's ``bin/``, or ``Scripts\\`` on Windows), else the
    one on PATH, else ``python -m mediasift.desktop``.
    """
    suffix = ".exe" if sys.platform == "win32" else ""
    executable = Path(sys.executable)
    # Not resolved: a venv's bin/python is a symlink to the base interpreter.
    sibling = executable.parent / f"{GUI_NAME}{suffix}"
    if getattr(sys, "frozen", False):
        if sibling.is_file():
            return [str(sibling)]
        return [str(executable)]
    if sibling.is_file():
        return [str(sibling)]
    found = shutil.which(GUI_NAME)
    if found:
        return [found]
    return [str(executable), "-m", "mediasift.desktop"]


def data_home(home: Path | None = None) -> Path:
    """The XDG data dir: ``home/.local/share`` when ``home`` is given, else
    ``$XDG_DATA_HOME`` (if absolute) or ``~/.local/share``."""
    if home is not None:
        return Path(home) / ".local" / "share"
    configured = os.environ.get("XDG_DATA_HOME", "")
    if configured and os.path.isabs(configured):
        return Path(configured)
    return Path.home() / ".local" / "share"


def _quote(argument: str) -> str:
    """One argument of a desktop entry's ``Exec`` key (Desktop Entry Spec, "The Exec key")."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    escaped = argument.replace("%", "%%")
    if not any(c in reserved for c in escaped):
        return escaped
    inner = "".join("\\" + c if c in '"`$\\' else c for c in escaped)
    return f'"{inner}"'


def _escape_value(text: str) -> str:
    """A string value of a desktop entry (the backslash escapes of the spec)."""
    return text.replace("\\", "\\\\")


def desktop_entry_text(command: list[str], source: Path | None = None) -> str:
    """The .desktop file of the resources with ``Exec`` and ``TryExec`` set to ``command``."""
    template = (source or resources_dir() / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    exec_line = _escape_value(" ".join(_quote(part) for part in command))
    lines = []
    for line in template.splitlines():
        key = line.split("=", 1)[0].strip()
        if key == "Exec":
            line = f"Exec={exec_line}"
        elif key == "TryExec":
            line = f"TryExec={_escape_value(command[0])}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _entry_target(home: Path | None) -> Path:
    return data_home(home) / "applications" / f"{APP_ID}.desktop"


def _icon_targets(home: Path | None) -> list[tuple[int | None, Path]]:
    """(size, installed path) of each icon; size None is the scalable SVG."""
    theme = data_home(home) / "icons" / "hicolor"
    targets: list[tuple[int | None, Path]] = [
        (size, theme / f"{size}x{size}" / "apps" / f"{APP_ID}.png") for size in ICON_SIZES
    ]
    targets.append((None, theme / "scalable" / "apps" / f"{APP_ID}.svg"))
    return targets


def install_desktop_entry(home: Path | None = None) -> list[Path]:
    """Install the desktop entry and the icons for the current user; returns the paths
    written (the .desktop file first). Installing again replaces them."""
    entry = _entry_target(home)
    text = desktop_entry_text(gui_command())
    entry.parent.mkdir(parents=True, exist_ok=True)
    temporary = entry.with_name(entry.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, entry)  # a menu never reads half a file
    written = [entry]
    for size, target in _icon_targets(home):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(icon_file(size), target)
        written.append(target)
    _touch(data_home(home) / "icons" / "hicolor")
    return written


def uninstall_desktop_entry(home: Path | None = None) -> list[Path]:
    """Remove what :func:`install_desktop_entry` installed; returns the paths removed."""
    removed = []
    for path in [_entry_target(home), *(target for _, target in _icon_targets(home))]:
        if path.is_file():
            path.unlink()
            removed.append(path)
    _touch(data_home(home) / "icons" / "hicolor")
    return removed


def _touch(theme: Path) -> None:
    """Icon theme caches notice new icons by the theme folder's modification time."""
    if theme.is_dir():
        os.utime(theme)
