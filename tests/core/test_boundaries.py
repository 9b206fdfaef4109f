"""Architecture rules that a test can hold: core never loads Qt."""

from __future__ import annotations

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
