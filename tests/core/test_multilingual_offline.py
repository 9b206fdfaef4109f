"""A catalog model with a Hugging Face text tower works offline once it is here (issue 16).

The tiny multilingual model (``tests/multilingual_model.py``) stands in for the catalog's
``xlm-roberta-base-ViT-B-32``: its architecture is registered here under a config that
names its text tower by a hub name (as open_clip's real config names ``xlm-roberta-base``),
and a local HTTP server in a thread plays the hub, with the hub's checksum header. Then:
a download brings the weights and the text files; the model loads and encodes Chinese
with every network connection refused; export, import into a fresh data dir, same
vectors; a damaged or incomplete set is refused in one line, leaving the data dir as it
was. No real network is used anywhere.
"""

from __future__ import annotations

import shutil
import socket
import tarfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from mediasift.core.config import ClipChoice, Settings
from mediasift.core.errors import MediaSiftError, ModelUnavailableError
from mediasift.core.models.catalog import CatalogEntry
from mediasift.core.models.clip import load_clip_encoder
from mediasift.core.models.clip_source import resolve_clip_source
from mediasift.core.models.manager import ModelManager
from mediasift.core.models.model_set import MANIFEST
from mediasift.core.models.query_export import open_query_export
from tests.multilingual_hub import ARCH, TAG, TEXT_REPO, Hub, HubModel, hub_model, serve, use_hub

CHINESE = ["一只猫在沙发上", "海边日落时奔跑的狗", "a cat on a sofa"]


@pytest.fixture(scope="module")
def hub_files(tmp_path_factory: pytest.TempPathFactory) -> HubModel:
    return hub_model(tmp_path_factory.mktemp("tiny-xlmr"))


@pytest.fixture(scope="module")
def tiny_hub(hub_files: HubModel) -> Iterator[Hub]:
    """The tiny multilingual model's files as the hub would serve them."""
    with serve(hub_files.files) as hub:
        yield hub


@pytest.fixture
def entry(hub_files: HubModel, tiny_hub: Hub, monkeypatch: pytest.MonkeyPatch) -> CatalogEntry:
    """A catalog entry for the hub's tiny multilingual model, downloads pointed at it."""
    return use_hub(hub_files.config, tiny_hub.url, monkeypatch.setattr)


def _manager(data_dir: Path, *, offline: bool = False) -> ModelManager:
    return ModelManager(_settings(data_dir, offline=offline), clip_in_use="", whisper_in_use="")


def _settings(data_dir: Path, *, offline: bool = False) -> Settings:
    return Settings(
        data_dir=data_dir,
        clip=ClipChoice(ARCH, TAG),
        clip_is_explicit=True,
        offline=offline,
        threads=2,
        decode_workers=1,
        batch_size=4,
    )


def _no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Refuse every outgoing connection from now on; the attempts are recorded."""
    attempts: list[tuple] = []

    def refuse(address: tuple, *args: object, **kwargs: object) -> socket.socket:
        attempts.append(address)
        raise OSError(101, "Network is unreachable (cut by the test)")

    monkeypatch.setattr(socket, "create_connection", refuse)
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(address)  # type: ignore[arg-type]
            raise OSError(101, "Network is unreachable (cut by the test)")
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


def _vectors(data_dir: Path) -> np.ndarray:
    source = resolve_clip_source(ClipChoice(ARCH, TAG), data_dir / "models")
    return load_clip_encoder(source, offline=True, threads=2).encode_texts(CHINESE)


@pytest.fixture
def downloaded(entry: CatalogEntry, tiny_hub: Hub, tmp_path: Path) -> Path:
    """A data dir into which the model was downloaded from the local hub."""
    data_dir = tmp_path / "online"
    manager = _manager(data_dir)
    progress: list = []
    manager.download(entry.name, on_progress=progress.append, on_note=lambda line: None)
    labels = {p.label for p in progress}
    assert any("tokenizer.json" in label for label in labels), labels
    return data_dir


def test_download_brings_the_text_tower_and_it_loads_with_no_network(
    downloaded: Path, tiny_hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    tag_dir = downloaded / "models" / "clip" / ARCH / TAG
    assert (tag_dir / "open_clip_pytorch_model.bin").is_file()
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        served = tiny_hub.files[f"/{TEXT_REPO}/resolve/main/{name}"]
        assert (tag_dir / "text" / name).read_bytes() == served.read_bytes()
    # the hub's checksum was asked for every file fetched
    assert any(r.startswith("HEAD") and "tokenizer.json" in r for r in tiny_hub.requests)
    # a file the hub does not have (this tokenizer has no sentencepiece model) is no error
    assert not (tag_dir / "text" / "sentencepiece.bpe.model").exists()

    attempts = _no_network(monkeypatch)
    source = resolve_clip_source(ClipChoice(ARCH, TAG), downloaded / "models")
    encoder = load_clip_encoder(source, offline=True, threads=2)
    assert encoder.model_id == f"{ARCH}:{TAG}"  # the vectors' identity is the catalog name
    vectors = encoder.encode_texts(CHINESE)
    assert attempts == []
    assert vectors.shape == (3, 64)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert not np.allclose(vectors[0], vectors[1])  # the Chinese texts were told apart
    tokens = encoder.tokenize(["一只猫在沙发上"])
    assert tokens[0, 0] == 0 and (tokens[0] == 3).sum() < (tokens[0] > 4).sum()  # <s>, known
    # the download also made the ONNX export, with the same local tokenizer: queries match
    fast = open_query_export(source, downloaded / "models", threads=2)
    assert fast is not None
    assert np.array_equal(fast.tokenize(CHINESE), encoder.tokenize(CHINESE))
    assert np.allclose(fast.encode_texts(CHINESE), vectors, atol=1e-4)
    assert attempts == []


def test_without_its_text_tower_the_model_says_so_in_one_line_offline(
    downloaded: Path, entry: CatalogEntry
) -> None:
    tag_dir = downloaded / "models" / "clip" / ARCH / TAG
    (tag_dir / "text" / "tokenizer.json").unlink()
    source = resolve_clip_source(ClipChoice(ARCH, TAG), downloaded / "models")
    with pytest.raises(ModelUnavailableError) as caught:
        load_clip_encoder(source, offline=True, threads=2)
    message = str(caught.value)
    assert "\n" not in message and "tokenizer.json is missing" in message
    assert f"models import FILE --as {entry.name}" in message


def test_export_then_import_into_a_fresh_data_dir_gives_the_same_vectors(
    downloaded: Path, entry: CatalogEntry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "carry" / "tiny-xlmr.tar"
    archive.parent.mkdir()
    online = _manager(downloaded)
    assert online.export(entry.name, archive) == archive
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[0] == MANIFEST
    assert {"open_clip_pytorch_model.bin", "text/config.json", "text/tokenizer.json"} <= set(names)
    assert not any(name.startswith("onnx") for name in names)  # remade where it arrives

    _no_network(monkeypatch)
    offline_dir = tmp_path / "offline"
    offline = _manager(offline_dir, offline=True)
    notes: list[str] = []
    installed = offline.import_path(archive, entry.name, on_note=notes.append)
    assert installed == offline_dir / "models" / "clip" / ARCH / TAG
    assert offline.state(entry).present
    assert np.allclose(_vectors(offline_dir), _vectors(downloaded), atol=1e-6)
    assert not list(installed.parent.glob(".*"))  # no staging left behind


def test_a_set_copied_as_a_folder_is_imported(
    downloaded: Path, entry: CatalogEntry, tmp_path: Path
) -> None:
    copied = tmp_path / "usb-stick"
    shutil.copytree(downloaded / "models" / "clip" / ARCH / TAG, copied)
    shutil.rmtree(copied / "onnx", ignore_errors=True)
    fresh = _manager(tmp_path / "fresh", offline=True)
    fresh.import_path(copied, entry.name, on_note=lambda line: None)
    assert np.allclose(_vectors(tmp_path / "fresh"), _vectors(downloaded), atol=1e-6)


def _tree(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("damage", ["flipped-byte", "truncated", "tokenizer-missing"])
def test_a_damaged_set_is_refused_in_one_line_and_changes_nothing(
    damage: str, downloaded: Path, entry: CatalogEntry, tmp_path: Path
) -> None:
    archive = tmp_path / "set.tar"
    _manager(downloaded).export(entry.name, archive)
    target_dir = tmp_path / "target"
    target = _manager(target_dir, offline=True)
    models = target_dir / "models"
    existed, before = models.exists(), _tree(models)
    if damage == "flipped-byte":
        data = bytearray(archive.read_bytes())
        with tarfile.open(archive) as tar:
            member = tar.getmember("text/tokenizer.json")
        data[member.offset_data + 10] ^= 0x20
        archive.write_bytes(bytes(data))
        expected = "text/tokenizer.json does not match the SHA-256"
    elif damage == "truncated":
        archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
        expected = "damaged"
    else:
        folder = tmp_path / "folder-set"
        shutil.copytree(downloaded / "models" / "clip" / ARCH / TAG, folder)
        (folder / "text" / "tokenizer.json").unlink()
        archive = folder
        expected = "tokenizer.json is missing"
    with pytest.raises(MediaSiftError) as caught:
        target.import_path(archive, entry.name)
    message = str(caught.value)
    assert "\n" not in message and expected in message, message
    assert models.exists() == existed and _tree(models) == before
    assert not models.exists() or not list(models.rglob(".*"))  # nothing staged is left


def test_export_errors_are_one_line(downloaded: Path, entry: CatalogEntry, tmp_path: Path) -> None:
    empty = _manager(tmp_path / "empty")
    with pytest.raises(ModelUnavailableError, match="is not installed") as caught:
        empty.export(entry.name, tmp_path / "x.tar")
    assert "\n" not in str(caught.value)
    full = _manager(downloaded)
    with pytest.raises(ModelUnavailableError, match="cannot write") as caught:
        full.export(entry.name, tmp_path / "no-such-folder" / "x.tar")
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "no-such-folder").exists()
