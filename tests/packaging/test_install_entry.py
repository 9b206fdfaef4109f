"""install_desktop_entry: the .desktop file and the icons in a temporary HOME; and the
committed desktop resources themselves (entry, AppStream metadata, icons up to date)."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from mediasift.desktop import install_entry
from mediasift.desktop.install_entry import (
    APP_ID,
    ICON_SIZES,
    install_desktop_entry,
    uninstall_desktop_entry,
)

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_resources_are_found_in_the_checkout() -> None:
    assert install_entry.resources_dir() == RESOURCES
    assert install_entry.icon_file(None) == RESOURCES / f"{APP_ID}.svg"


def test_install_into_a_temporary_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    written = install_desktop_entry(home)

    share = home / ".local" / "share"
    entry_path = share / "applications" / f"{APP_ID}.desktop"
    assert written[0] == entry_path
    assert all(path.is_file() for path in written)
    assert all(path.is_relative_to(share) for path in written)

    entry = read_entry(entry_path)
    # Exec: this installation's mediasift-gui (the venv's script beside its python)
    gui = Path(sys.executable).parent / "mediasift-gui"
    assert gui.is_file()
    assert entry["Exec"] == str(gui)
    assert entry["TryExec"] == str(gui)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "MediaSift"
    assert entry["Icon"] == APP_ID
    assert entry["Categories"] == "Graphics;AudioVideo;Utility;"
    assert {"search", "photo", "video", "recording"} <= set(entry["Keywords"].split(";"))
    assert entry["Terminal"] == "false"

    icons = share / "icons" / "hicolor"
    for size in ICON_SIZES:
        png = icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png in written
        with Image.open(png) as image:
            assert image.format == "PNG"
            assert image.size == (size, size)
    assert icons / "scalable" / "apps" / f"{APP_ID}.svg" in written
    assert len(written) == 1 + len(ICON_SIZES) + 1


def test_reinstall_replaces_and_uninstall_removes(tmp_path: Path) -> None:
    first = install_desktop_entry(tmp_path)
    assert install_desktop_entry(tmp_path) == first
    assert not list((tmp_path / ".local" / "share" / "applications").glob("*.tmp"))
    removed = uninstall_desktop_entry(tmp_path)
    assert sorted(removed) == sorted(first)
    assert not any(path.exists() for path in first)
    assert uninstall_desktop_entry(tmp_path) == []


def test_default_home_follows_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    written = install_desktop_entry()
    assert written[0] == tmp_path / "xdg" / "applications" / f"{APP_ID}.desktop"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert install_desktop_entry()[0] == (
        tmp_path / "home" / ".local" / "share" / "applications" / f"{APP_ID}.desktop"
    )


def test_exec_of_a_path_with_spaces_is_quoted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "My Apps $HOME"
    folder.mkdir()
    (folder / "mediasift-gui").write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "executable", str(folder / "python"))
    entry = read_entry(install_desktop_entry(tmp_path / "home")[0])
    # quoted, with $ escaped inside the quotes, and that backslash escaped as a string
    assert entry["Exec"] == f'"{folder.parent}/My Apps \\\\$HOME/mediasift-gui"'
    assert entry["TryExec"] == str(folder / "mediasift-gui")


def test_frozen_bundle_points_at_its_gui_and_reads_its_own_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the PyInstaller bundle, run from the frozen command line: Exec is the bundle's
    mediasift-gui, and the resources come from sys._MEIPASS."""
    bundle = tmp_path / "MediaSift"
    internal = bundle / "_internal"
    shutil.copytree(
        RESOURCES,
        internal / "mediasift" / "resources",
        ignore=shutil.ignore_patterns("screenshots"),
    )
    for name in ("mediasift", "mediasift-gui"):
        (bundle / name).write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / "mediasift"))

    assert install_entry.resources_dir() == internal / "mediasift" / "resources"
    entry = read_entry(install_desktop_entry(tmp_path / "home")[0])
    assert entry["Exec"] == str(bundle / "mediasift-gui")


def test_without_a_gui_script_the_module_is_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python3"))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert install_entry.gui_command() == [str(tmp_path / "python3"), "-m", "mediasift.desktop"]


# -- the committed resources --------------------------------------------------------------------


def validator(tool: str, package: str) -> str:
    """The path of a system validator; without it the test is skipped, visibly (-ra), and on
    CI that skip fails the run (tests/conftest.py): .ci/system_packages.py installs it."""
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (Debian package {package})")
    return path


def test_desktop_file_is_well_formed() -> None:
    entry = read_entry(RESOURCES / f"{APP_ID}.desktop")
    assert entry["Exec"] == "mediasift-gui"
    assert entry["Icon"] == APP_ID
    assert entry["Categories"].endswith(";") and entry["Keywords"].endswith(";")


def test_desktop_file_passes_desktop_file_validate() -> None:
    validate = validator("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run(
        [validate, str(RESOURCES / f"{APP_ID}.desktop")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_names_the_app_and_its_desktop_entry() -> None:
    root = ET.parse(RESOURCES / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == "MediaSift"
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.findtext("metadata_license") == "CC0-1.0"


def test_metainfo_passes_appstreamcli_validate() -> None:
    appstreamcli = validator("appstreamcli", "appstream")
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", str(RESOURCES / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_committed_icons_are_the_svg_rendered(qapp, tmp_path: Path) -> None:
    """The PNGs are what packaging/render_icons.py makes of the SVG today."""
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import render_icons
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    shutil.copy(RESOURCES / f"{APP_ID}.svg", tmp_path)
    fresh = render_icons.render(tmp_path / f"{APP_ID}.svg", tmp_path)
    assert [p.parent.name for p in fresh] == [f"{s}x{s}" for s in ICON_SIZES]
    for path in fresh:
        committed = RESOURCES / path.relative_to(tmp_path)
        with Image.open(path) as new, Image.open(committed) as old:
            fresh_pixels = np.asarray(new.convert("RGBA"), dtype=np.int16)
            old_pixels = np.asarray(old.convert("RGBA"), dtype=np.int16)
        assert fresh_pixels.shape == old_pixels.shape
        worst = int(np.abs(fresh_pixels - old_pixels).max())
        assert worst <= 8, f"{committed} is out of date: run packaging/render_icons.py"
    assert os.path.getsize(RESOURCES / "icons" / "mediasift.ico") > 0
    assert os.path.getsize(RESOURCES / "icons" / "mediasift.icns") > 0
