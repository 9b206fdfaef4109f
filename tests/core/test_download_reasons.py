"""A failed model download, a text tower missing offline and a bad model config carry a
code beside their English line (issue 16).

The tiny multilingual model is served by a local stand-in for the hub
(``tests/multilingual_hub.py``): a hub that publishes a checksum the file does not have,
a data dir on a tmpfs too small for the weights, a network cut while the text tower is
missing, downloads off. Each error's line is the one the CLI printed before codes (written
out here from the old wording), and its code, values and wrapped reasons say the same.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediasift.core.config import ClipChoice, Settings
from mediasift.core.errors import MediaSiftError
from mediasift.core.models import clip
from mediasift.core.models.catalog import CatalogEntry
from mediasift.core.models.manager import ModelManager
from mediasift.core.reasons import Reason, ReasonCode
from tests.conftest import run_cli
from tests.multilingual_hub import ARCH, TAG, WEIGHTS_REPO, Hub, HubModel, hub_model, serve, use_hub

WEIGHTS = "open_clip_pytorch_model.bin"


@pytest.fixture(scope="module")
def hub_files(tmp_path_factory: pytest.TempPathFactory) -> HubModel:
    return hub_model(tmp_path_factory.mktemp("tiny-xlmr"))


@pytest.fixture(scope="module")
def tiny_hub(hub_files: HubModel) -> Iterator[Hub]:
    with serve(hub_files.files) as hub:
        yield hub


@pytest.fixture
def entry(hub_files: HubModel, tiny_hub: Hub, monkeypatch: pytest.MonkeyPatch) -> CatalogEntry:
    return use_hub(hub_files.config, tiny_hub.url, monkeypatch.setattr)


def _manager(data_dir: Path, *, offline: bool = False) -> ModelManager:
    settings = Settings(
        data_dir=data_dir, clip=ClipChoice(ARCH, TAG), clip_is_explicit=True, offline=offline
    )
    return ModelManager(settings, clip_in_use="", whisper_in_use="")


def _how_to(url: str) -> str:
    """The CLIP import advice, as the CLI has always worded it."""
    return (
        f"to import it, download {url} on a machine with internet, then run mediasift models "
        f"import FILE --as {ARCH}:{TAG} (or pass --clip-weights /path/to/file)"
    )


def _download_error(manager: ModelManager, name: str) -> MediaSiftError:
    with pytest.raises(MediaSiftError) as caught:
        manager.download(name, on_note=lambda line: None)
    error = caught.value
    assert error.why is not None and str(error.why) == str(error)
    assert Reason.from_json(error.why.to_json()) == error.why  # stored and sent whole
    return error


def test_a_download_with_a_wrong_checksum_has_its_code(
    entry: CatalogEntry, tiny_hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hub publishes a SHA-256 the served weights do not have."""
    monkeypatch.setattr(clip, "remote_sha256", lambda url: "0" * 64)
    error = _download_error(_manager(tmp_path / "data"), entry.name)
    url = f"{tiny_hub.url}/{WEIGHTS_REPO}/resolve/main/{WEIGHTS}"
    assert str(error) == (
        f"download of {url} is damaged (checksum mismatch); try again; {_how_to(url)}"
    )
    why = error.why
    assert why is not None and why.code == ReasonCode.DOWNLOAD_HOW_TO
    assert why.cause == Reason.of(ReasonCode.DOWNLOAD_DAMAGED, url=url)
    how_to = dict(why.parts)["how_to"]
    assert how_to.code == ReasonCode.CLIP_HOW_TO and how_to.values["url"] == url


@pytest.fixture
def small_disk(tmp_path: Path, hub_files: HubModel) -> Iterator[Path]:
    """A tmpfs with room for a third of the weights (root mounts it here and removes it)."""
    [weights] = [p for url, p in hub_files.files.items() if url.endswith(WEIGHTS)]
    size = max(64 * 1024, weights.stat().st_size // 3)
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)], check=True)
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_download_that_fills_the_disk_has_its_code(
    entry: CatalogEntry, tiny_hub: Hub, small_disk: Path
) -> None:
    error = _download_error(_manager(small_disk / "data"), entry.name)
    url = f"{tiny_hub.url}/{WEIGHTS_REPO}/resolve/main/{WEIGHTS}"
    full = OSError(28, os.strerror(28))
    assert str(error) == f"download of {url} failed: {full}; {_how_to(url)}"
    why = error.why
    assert why is not None and why.code == ReasonCode.DOWNLOAD_HOW_TO
    assert why.cause == Reason.of(
        ReasonCode.DOWNLOAD_DISK_FULL, url=url, errno=28, detail=os.strerror(28)
    )


def _cut_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(address: tuple, *args: object, **kwargs: object) -> socket.socket:
        raise OSError(101, "Network is unreachable (cut by the test)")

    monkeypatch.setattr(socket, "create_connection", refuse)


def _weights_without_text_tower(manager: ModelManager, entry: CatalogEntry, hub: HubModel) -> Path:
    [weights] = [p for url, p in hub.files.items() if url.endswith(WEIGHTS)]
    tag_dir = manager.location(entry)
    tag_dir.mkdir(parents=True)
    shutil.copy(weights, tag_dir / WEIGHTS)
    return tag_dir


def _text_how_to() -> str:
    name = f"{ARCH}:{TAG}"
    return (
        f"copy the model from a machine with internet: mediasift models export {name} FILE "
        f"there, then mediasift models import FILE --as {name} here"
    )


def test_a_text_tower_missing_offline_has_its_code(
    entry: CatalogEntry, hub_files: HubModel, tmp_path: Path
) -> None:
    manager = _manager(tmp_path / "data", offline=True)
    _weights_without_text_tower(manager, entry, hub_files)
    error = _download_error(manager, entry.name)
    label = f"{ARCH} ({TAG})"
    assert str(error) == (
        f"the text tower of {label} is not on this machine (no text-tower folder text/) "
        f"and downloads are off; {_text_how_to()}"
    )
    why = error.why
    assert why is not None and why.code == ReasonCode.TEXT_TOWER_OFFLINE
    assert why.cause == Reason.of(ReasonCode.NO_TEXT_TOWER, folder="text/")
    assert dict(why.parts)["how_to"].code == ReasonCode.TEXT_TOWER_HOW_TO


def test_a_text_tower_missing_with_the_network_cut_has_its_code(
    entry: CatalogEntry, hub_files: HubModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = _manager(tmp_path / "data")
    _weights_without_text_tower(manager, entry, hub_files)
    _cut_network(monkeypatch)
    error = _download_error(manager, entry.name)
    assert str(error) == (
        f"the text tower of {ARCH} ({TAG}) is not on this machine (no text-tower folder "
        "text/) and cannot be downloaded: cannot reach 127.0.0.1 (Network is unreachable "
        f"(cut by the test)); {_text_how_to()}"
    )
    why = error.why
    assert why is not None and why.code == ReasonCode.TEXT_TOWER_UNREACHABLE
    assert dict(why.parts)["detail"] == Reason.of(
        ReasonCode.CANNOT_REACH, host="127.0.0.1", detail="Network is unreachable (cut by the test)"
    )


def test_a_bad_model_config_keeps_its_cli_line(tmp_path: Path, cli_env: dict) -> None:
    """``mediasift search`` with a model config that is not JSON: the same one line."""
    config = tmp_path / "mine.json"
    config.write_text("{not json")
    env = {**cli_env, "MEDIASIFT_CLIP_MODEL": str(config)}
    done = run_cli("search", "a dog", env=env)
    assert done.returncode != 0
    detail = ""
    try:
        json.loads("{not json")
    except json.JSONDecodeError as exc:
        detail = str(exc)
    line = f"CLIP model config {config} is not valid JSON: {detail}"
    assert line in done.stderr.splitlines()[-1], done.stderr
    assert "Traceback" not in done.stderr
