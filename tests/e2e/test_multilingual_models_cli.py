"""A multilingual model carried to a machine with no network, from the command line (issue 16).

On a machine with "internet" (the stand-in hub of ``tests/multilingual_hub.py`` on a local
port), ``models download`` brings the tiny multilingual model with its text tower and
``models export`` writes it as one archive; in a fresh network namespace (no interface at
all) a fresh data dir then takes it with ``models import``, indexes photos and answers a
Chinese description. Mistakes (a damaged archive, an unwritable archive path) are one
line on stderr (the other refusals are in ``tests/core/test_multilingual_offline.py``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PHOTOS
from tests.multilingual_hub import ARCH, CLI_RUNNER, NAME, TAG, Hub, hub_model, serve

ROOT = Path(__file__).resolve().parents[2]


def _no_network(command: list[str]) -> list[str]:
    """Run in a fresh network namespace: no interface but a loopback that is down."""
    return ["unshare", "-n", *command] if os.geteuid() == 0 else ["unshare", "-rn", *command]


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Hub, Path]]:
    model = hub_model(tmp_path_factory.mktemp("tiny-xlmr"))
    with serve(model.files) as served:
        yield served, model.config


def _env(hub: tuple[Hub, Path], data_dir: Path, whisper: Path, *, offline: bool) -> dict:
    served, config = hub
    env = {
        **os.environ,
        "MEDIASIFT_DATA_DIR": str(data_dir),
        "MEDIASIFT_CLIP_MODEL": ARCH,
        "MEDIASIFT_CLIP_WEIGHTS": TAG,
        "MEDIASIFT_WHISPER_MODEL": str(whisper),
        "MEDIASIFT_THREADS": "2",
        "MEDIASIFT_TEST_HUB_CONFIG": str(config),
        "MEDIASIFT_TEST_HUB_URL": served.url,
    }
    env.pop("MEDIASIFT_OFFLINE", None)
    if offline:
        env["MEDIASIFT_OFFLINE"] = "1"
    return env


def _cli(env: dict, *args: str, cut: bool = False) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", CLI_RUNNER, *args]
    return subprocess.run(
        _no_network(command) if cut else command,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def _one_line(done: subprocess.CompletedProcess) -> str:
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode != 0 and len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


@pytest.fixture(scope="module")
def exported(
    hub: tuple[Hub, Path], tmp_path_factory: pytest.TempPathFactory, whisper_dir: Path
) -> tuple[Path, Path]:
    """The model downloaded into a data dir "online", and its exported archive."""
    online = tmp_path_factory.mktemp("online")
    env = _env(hub, online / "data", whisper_dir, offline=False)
    fetched = _cli(env, "models", "download", NAME)
    assert fetched.returncode == 0, fetched.stderr
    assert "is ready" in fetched.stdout
    archive = online / "tiny-xlmr.tar"
    written = _cli(env, "models", "export", NAME, str(archive))
    assert written.returncode == 0, written.stderr
    assert f"{NAME} written to" in written.stdout and archive.is_file()
    return online / "data", archive


def test_an_exported_model_works_on_a_machine_without_network(
    hub: tuple[Hub, Path], exported: tuple[Path, Path], tmp_path: Path, whisper_dir: Path
) -> None:
    online_data, archive = exported
    tag_dir = online_data / "models" / "clip" / ARCH / TAG
    assert (tag_dir / "text" / "tokenizer.json").is_file()
    photos = tmp_path / "photos"
    shutil.copytree(PHOTOS, photos)
    env = _env(hub, tmp_path / "offline-data", whisper_dir, offline=True)

    imported = _cli(env, "models", "import", str(archive), "--as", NAME, cut=True)
    assert imported.returncode == 0, imported.stderr
    assert (tmp_path / "offline-data" / "models" / "clip" / ARCH / TAG / "text").is_dir()
    indexed = _cli(env, "index", str(photos), cut=True)
    assert indexed.returncode == 0, indexed.stderr
    found = _cli(env, "search", "一只猫在沙发上", "--json", cut=True)
    assert found.returncode == 0, found.stderr
    results = json.loads(found.stdout)
    assert isinstance(results, list) and len(results) > 0
    assert {Path(r["path"]).parent for r in results} == {photos}


def test_a_damaged_archive_is_refused_in_one_line(
    hub: tuple[Hub, Path], exported: tuple[Path, Path], tmp_path: Path, whisper_dir: Path
) -> None:
    _, archive = exported
    damaged = tmp_path / "damaged.tar"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside the weights: only the manifest's SHA-256 sees it
    damaged.write_bytes(bytes(data))
    data_dir = tmp_path / "data"
    env = _env(hub, data_dir, whisper_dir, offline=True)
    line = _one_line(_cli(env, "models", "import", str(damaged), "--as", NAME, cut=True))
    assert "damaged" in line and "SHA-256" in line, line
    assert not (data_dir / "models" / "clip").exists()


def test_an_unwritable_export_path_is_one_line(
    hub: tuple[Hub, Path], exported: tuple[Path, Path], tmp_path: Path, whisper_dir: Path
) -> None:
    online_data, _ = exported
    env = _env(hub, online_data, whisper_dir, offline=True)
    unwritable = tmp_path / "no-such-folder" / "x.tar"
    assert "cannot write" in _one_line(_cli(env, "models", "export", NAME, str(unwritable)))
    assert not unwritable.parent.exists()
