"""Architecture rules that a test can hold: core never loads Qt."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import mediasift.core as core
names = [
    m.name for m in pkgutil.walk_packages(core.__path__, "mediasift.core.")
    if "._package" not in m.name and not m.name.endswith("__main__")
]
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"})
print(len(names), ",".join(qt))
"""


def test_core_imports_no_qt() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    count, _, qt_modules = proc.stdout.strip().partition(" ")
    assert int(count) >= 20  # every engine module was really imported
    assert qt_modules == ""


def test_every_source_package_is_listed_for_installation() -> None:
    """A package missing from pyproject's explicit list works in the editable checkout but
    vanishes from a wheel or the packaged app, so compare the list with the folders."""
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    setuptools_cfg = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(setuptools_cfg["packages"])
    package_dirs = setuptools_cfg["package-dir"]
    mapped_folders = {(root / folder).resolve() for folder in package_dirs.values()}
    on_disk = set()
    for package, folder in package_dirs.items():
        base = (root / folder).resolve()
        for init in base.rglob("__init__.py"):
            folder_of_package = init.parent
            if folder_of_package != base and folder_of_package in mapped_folders:
                continue  # mapped to a package of its own (core/_package is "mediasift")
            on_disk.add(".".join((package, *folder_of_package.relative_to(base).parts)))
    assert on_disk - listed == set()


WINDOW_PROBE = """
import importlib, pkgutil, sys
import mediasift.desktop as desktop
# Everything of the app: the engine process's modules live in core/service (the child).
names = [
    m.name for m in pkgutil.walk_packages(desktop.__path__, "mediasift.desktop.")
    if not m.name.endswith("__main__")
]
for name in names:
    importlib.import_module(name)
heavy = {HEAVY!r}
print(len(names), ",".join(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
"""

HEAVY = {"apsw", "sqlite_vec", "numpy", "torch", "av", "open_clip", "faster_whisper", "ctranslate2"}


def test_the_window_process_loads_no_engine_library() -> None:
    """The window never opens SQLite or a model: importing what it loads pulls in none of
    the engine's heavy libraries (seconds of import, hundreds of MB, GIL pauses)."""
    probe = WINDOW_PROBE.replace("{HEAVY!r}", repr(HEAVY))
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr
    count, _, loaded = proc.stdout.strip().partition(" ")
    assert int(count) >= 15  # every window module was really imported
    assert loaded == ""


def test_imports_inside_each_package_are_relative() -> None:
    """core/ and desktop/ are installed under other names (pyproject's package-dir), so an
    absolute ``mediasift.core.x`` cannot be followed from the file tree by a reader or a
    tool; inside each folder imports are relative, and only desktop names core absolutely."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for folder, own in (("core", "mediasift.core"), ("desktop", "mediasift.desktop")):
        pattern = re.compile(rf"^\s*(from|import) {re.escape(own)}\b", re.M)
        for path in (root / folder).rglob("*.py"):
            if "_package" not in path.parts and pattern.search(path.read_text()):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
