"""The built app (PyInstaller bundle) for the smoke tests of test_bundle.py.

The bundle is never skipped: ``MEDIASIFT_BUNDLE`` names one already built (``make
package-test`` builds dist/MediaSift and passes it); without it, the first test that needs
it builds one from this checkout with packaging/mediasift.spec, exactly as ``make
package`` does (about 2.5 minutes on 2 cores), into a temporary folder that is removed at
the end of the session. A build that fails, or a bundle that is missing, fails the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SHARED_BUNDLE

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "mediasift.spec"
BUILD_TIMEOUT_S = 1500
SUFFIX = ".exe" if sys.platform == "win32" else ""


def build_bundle(work: Path) -> Path:
    """Build the bundle into ``work``; returns the app folder (holding both executables)."""
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(SPEC),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, (
        f"the PyInstaller build failed ({result.returncode}):\n{result.stdout[-4000:]}\n"
        f"{result.stderr[-8000:]}"
    )
    print(f"bundle built in {time.monotonic() - started:.0f} s")
    return work / "dist" / "MediaSift"


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    given = os.environ.get("MEDIASIFT_BUNDLE")
    if given:
        folder = Path(given).resolve()
        assert (folder / f"mediasift-gui{SUFFIX}").is_file(), (
            f"MEDIASIFT_BUNDLE={given} holds no built app: run `make package` first"
        )
        yield folder
        return
    if os.environ.get("PYTEST_XDIST_WORKER"):
        yield shared_bundle(tmp_path_factory.getbasetemp().parent / SHARED_BUNDLE)
        return  # removed by xdist's controller when every worker is done (tests/conftest.py)
    work = tmp_path_factory.mktemp("bundle")
    try:
        yield build_bundle(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # about 1.3 GB


def shared_bundle(work: Path) -> Path:
    """The bundle in ``work``, built there by whichever worker asks first; the others wait
    for it (a lock file), then use it. A failed build leaves no bundle: the next asks again."""
    from filelock import FileLock

    work.mkdir(parents=True, exist_ok=True)
    app = work / "dist" / "MediaSift"
    with FileLock(str(work / "build.lock")):
        if not (app / f"mediasift-gui{SUFFIX}").is_file():
            shutil.rmtree(work / "dist", ignore_errors=True)
            build_bundle(work)
    return app
