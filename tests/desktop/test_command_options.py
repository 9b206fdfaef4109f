"""``mediasift-gui``'s one-shot options, run as a user runs them: the installed script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GUI = Path(sys.executable).with_name("mediasift-gui")
APP_ID = "io.mediasift.MediaSift"


def run_gui(*args: str, home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"}
    env |= {
        "HOME": str(home),
        "MEDIASIFT_DATA_DIR": str(home / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [str(GUI), *args], capture_output=True, text=True, timeout=timeout, env=env
    )


def test_install_and_uninstall_the_desktop_entry(tmp_path: Path) -> None:
    installed = run_gui("--install-desktop-entry", home=tmp_path)
    assert installed.returncode == 0, installed.stderr
    entry = tmp_path / ".local/share/applications" / f"{APP_ID}.desktop"
    assert f"installed {entry}" in installed.stdout.splitlines()
    assert f"Exec={GUI}" in entry.read_text().splitlines()
    assert (tmp_path / ".local/share/icons/hicolor/256x256/apps" / f"{APP_ID}.png").is_file()

    removed = run_gui("--uninstall-desktop-entry", home=tmp_path)
    assert removed.returncode == 0, removed.stderr
    assert f"removed {entry}" in removed.stdout.splitlines()
    assert not entry.exists()
    again = run_gui("--uninstall-desktop-entry", home=tmp_path)
    assert again.returncode == 0
    assert "nothing to remove" in again.stdout


def test_quit_after_start_waits_for_the_engine(tmp_path: Path) -> None:
    """The smoke-test mode leaves only once the engine process answered: its database and
    writer lock exist, and it says so on stdout."""
    started = run_gui("--quit-after-start", home=tmp_path)
    assert started.returncode == 0, started.stderr
    assert "mediasift-gui: engine ready" in started.stdout
    assert (tmp_path / "data" / "library.db").is_file()
    assert "Traceback" not in started.stderr
