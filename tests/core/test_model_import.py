"""`models import` checks what it is given before it becomes a model of the data dir.

Every refusal is one line naming what was expected, and leaves the data dir as it was.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from mediasift.core.config import ClipChoice, Settings
from mediasift.core.errors import MediaSiftError, ModelLoadError, ModelUnavailableError
from mediasift.core.library import Library
from mediasift.core.models import catalog
from mediasift.core.models.catalog import CatalogEntry, KnownFile, ModelFamily
from mediasift.core.models.manager import ModelManager
from mediasift.core.models.whisper_check import read_shape
from tests.conftest import TinyClip
from tests.model_files import files_under, random_clip_checkpoint, truncated_copy

VIT_B_32 = "ViT-B-32:laion2b_s34b_b79k"


@pytest.fixture
def manager(settings: Settings) -> ModelManager:
    return ModelManager(settings, clip_in_use="", whisper_in_use="")


def refused(manager: ModelManager, path: Path, name: str, *needles: str) -> str:
    """Import ``path`` as ``name``, expect a one-line refusal holding ``needles``, and no
    trace of it in the data dir."""
    before = files_under(manager._settings.models_dir)
    with pytest.raises(MediaSiftError) as caught:
        manager.import_path(path, name)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    for needle in needles:
        assert needle in message, message
    assert files_under(manager._settings.models_dir) == before
    return message


def test_a_checkpoint_of_another_architecture_is_refused_naming_both(
    manager: ModelManager, tiny_clip: TinyClip
) -> None:
    message = refused(manager, tiny_clip.weights, VIT_B_32, "this file holds", "not ViT-B-32")
    assert "text width 64" in message and "text width 512" in message
    assert "image patch 16" in message and "image patch 32" in message


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (bytes(range(256)) * 64, "not a PyTorch or safetensors checkpoint"),
        (b"these are my holiday notes, not a model\n" * 10, "not a PyTorch or safetensors"),
        (b"PK\x03\x04 looks like a zip, is not one", "damaged or truncated"),
        (b"", "the file is empty"),
    ],
    ids=["random-bytes", "text", "fake-zip", "empty"],
)
def test_a_file_that_is_no_checkpoint_is_refused(
    manager: ModelManager, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "open_clip_pytorch_model.bin"
    path.write_bytes(content)
    refused(manager, path, VIT_B_32, str(path), VIT_B_32, reason)


@pytest.mark.parametrize("keep", [0.5, 0.999], ids=["half", "all-but-the-end"])
def test_a_truncated_checkpoint_is_refused(
    manager: ModelManager, tiny_clip: TinyClip, tmp_path: Path, keep: float
) -> None:
    cut = truncated_copy(tiny_clip.weights, tmp_path / "weights.pt", keep)
    refused(manager, cut, VIT_B_32, "damaged or truncated")


def test_a_refused_import_keeps_the_model_already_installed(
    manager: ModelManager, settings: Settings, tmp_path: Path
) -> None:
    """A bad file imported over a good model leaves the good one (and nothing else)."""
    installed = manager.location(catalog.find_entry(VIT_B_32))  # type: ignore[arg-type]
    installed.mkdir(parents=True)
    (installed / "open_clip_pytorch_model.bin").write_bytes(b"the model that was here")
    garbage = tmp_path / "other.bin"
    garbage.write_bytes(b"\x00" * 5000)
    refused(manager, garbage, VIT_B_32, "not a PyTorch or safetensors checkpoint")
    assert (installed / "open_clip_pytorch_model.bin").read_bytes() == b"the model that was here"


def test_the_multilingual_model_is_checked_on_its_config_when_it_cannot_be_built(
    manager: ModelManager, tiny_clip: TinyClip, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Its xlm-roberta text tower needs an optional extra (and the hub) to be built, so the
    towers its config describes are compared instead; a plain CLIP is not it either."""
    name = "xlm-roberta-base-ViT-B-32:laion5b_s13b_b90k"
    refused(manager, tiny_clip.weights, name, "image patch 16", "image patch 32")
    vit_b_32 = random_clip_checkpoint(tmp_path_factory, "ViT-B-32")
    message = refused(manager, vit_b_32, name, "xlm-roberta-base")
    # "it has no xlm-roberta-base text tower" here; where the extra is installed and the
    # tower can be built, the fit names the text tensors the file lacks instead.
    assert "text tower" in message or "tensors (text." in message


def test_checking_the_multilingual_model_never_reaches_for_the_network(
    manager: ModelManager, tiny_clip: TinyClip, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its text tower is not here, and an import check downloads nothing: the hub is asked
    nothing (it was, and on a machine without network waited out ~46 s of retries)."""
    import httpx2

    asked: list[str] = []

    def no_network(self, request):
        asked.append(str(request.url))
        raise httpx2.ConnectError("this test has no network", request=request)

    monkeypatch.setattr(httpx2.HTTPTransport, "handle_request", no_network)
    name = "xlm-roberta-base-ViT-B-32:laion5b_s13b_b90k"
    refused(manager, tiny_clip.weights, name, "image patch 16", "image patch 32")
    assert asked == []


# -- a catalog entry whose published file is known -----------------------------------------------


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch, tiny_clip: TinyClip) -> CatalogEntry:
    """The tiny architecture offered in the catalog with ``tiny_clip``'s file as the
    published one (size and SHA-256), as a real entry records the hub's."""
    import open_clip

    open_clip.add_model_config(tiny_clip.config)  # the architecture "mediasift-tiny"
    data = tiny_clip.weights.read_bytes()
    entry = CatalogEntry(
        ModelFamily.CLIP,
        "mediasift-tiny:published",
        "tests",
        1,
        "",
        "",
        known_file=KnownFile("tiny.pt", len(data), hashlib.sha256(data).hexdigest()),
    )
    monkeypatch.setattr(catalog, "CATALOG", (*catalog.CATALOG, entry))
    return entry


def test_the_published_file_is_accepted(
    manager: ModelManager, published: CatalogEntry, tiny_clip: TinyClip
) -> None:
    installed = manager.import_path(tiny_clip.weights, published.name)
    assert installed.read_bytes() == tiny_clip.weights.read_bytes()
    assert manager.state(published).present


def test_another_file_of_the_same_architecture_fails_the_checksum(
    manager: ModelManager, published: CatalogEntry, other_tiny_clip: TinyClip, tmp_path: Path
) -> None:
    """Same shapes, other weights: only the checksum can tell, and it is named."""
    known = published.known_file
    assert known is not None
    message = refused(
        manager, other_tiny_clip.weights, published.name, f"SHA-256 {known.sha256}", "expected"
    )
    assert f"{known.size / 1e6:.0f} MB" in message
    smaller = tmp_path / "small.pt"
    smaller.write_bytes(other_tiny_clip.weights.read_bytes()[:12_000])
    # Cut short it is not even a checkpoint: that is the clearer reason, and it is given.
    refused(manager, smaller, published.name, "damaged or truncated")


def test_a_flipped_byte_fails_the_checksum(
    manager: ModelManager, published: CatalogEntry, tiny_clip: TinyClip, tmp_path: Path
) -> None:
    data = bytearray(tiny_clip.weights.read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside a tensor: still loads, wrong bytes
    damaged = tmp_path / "tiny.pt"
    damaged.write_bytes(bytes(data))
    refused(manager, damaged, published.name, "got the same size with SHA-256", "damaged")


# -- the same check for a file passed with --clip-weights ----------------------------------------


def test_clip_weights_passed_directly_get_the_same_one_line_refusal(
    manager: ModelManager, settings: Settings, tiny_clip: TinyClip, tmp_path: Path
) -> None:
    on_import = refused(manager, tiny_clip.weights, VIT_B_32)
    direct = replace(settings, clip=ClipChoice("ViT-B-32", str(tiny_clip.weights)))
    with Library(direct) as library, pytest.raises(ModelLoadError) as caught:
        library.encoder()
    message = str(caught.value)
    assert "\n" not in message and "pos_embed" not in message
    assert message.split(": ", 1)[1] == on_import.split(": ", 1)[1]  # the same reason
    cut = truncated_copy(tiny_clip.weights, tmp_path / "cut.pt")
    custom = replace(settings, clip=ClipChoice(str(tiny_clip.config), str(cut)))
    with Library(custom) as library, pytest.raises(ModelLoadError, match="damaged or truncated"):
        library.encoder()


def test_a_good_custom_checkpoint_still_loads(settings: Settings) -> None:
    with Library(settings) as library:
        assert library.encoder().dim == 64


# -- Whisper folders ------------------------------------------------------------------------------


@pytest.fixture
def whisper_copy(whisper_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "faster-whisper-tiny.en"
    shutil.copytree(whisper_dir, folder)
    return folder


def test_a_whisper_folder_of_another_size_is_refused(
    manager: ModelManager, whisper_dir: Path
) -> None:
    shape = read_shape(whisper_dir / "model.bin")
    assert shape is not None and shape.name == "tiny.en"
    refused(
        manager,
        whisper_dir,
        "base",
        "holds Whisper tiny.en (width 384, 4 encoder layers, English only)",
        "not base (width 512, 6 encoder layers, multilingual)",
    )
    refused(manager, whisper_dir, "tiny", "English only", "not tiny", "multilingual")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda f: (f / "vocabulary.txt").unlink(), "lacks vocabulary.txt or vocabulary.json"),
        (lambda f: (f / "tokenizer.json").unlink(), "lacks tokenizer.json"),
        (lambda f: truncated_copy(f / "model.bin", f / "model.bin"), "model.bin is truncated"),
        (
            lambda f: (f / "model.bin").write_bytes((f / "model.bin").read_bytes()[:40]),
            "model.bin is damaged or truncated",
        ),
        (lambda f: (f / "model.bin").write_bytes(b"not a model"), "not a CTranslate2 model"),
        (lambda f: (f / "config.json").write_text('{"alignment'), "config.json is not a JSON"),
        (
            lambda f: (f / "vocabulary.txt").write_text("a\nb\n"),
            "vocabulary has 2 entries but model.bin has 51864",
        ),
    ],
    ids=[
        "no-vocabulary",
        "no-tokenizer",
        "cut-model",
        "cut-headers",
        "junk-model",
        "bad-config",
        "mixed",
    ],
)
def test_an_incomplete_whisper_folder_is_refused(
    manager: ModelManager, whisper_copy: Path, damage, reason: str
) -> None:
    damage(whisper_copy)
    refused(manager, whisper_copy, "tiny.en", str(whisper_copy), "Whisper tiny.en", reason)


def test_a_whisper_file_instead_of_its_folder_is_refused(
    manager: ModelManager, whisper_dir: Path
) -> None:
    refused(manager, whisper_dir / "model.bin", "tiny.en", "not a folder")


def test_a_complete_whisper_folder_of_the_right_size_is_accepted(
    manager: ModelManager, whisper_dir: Path
) -> None:
    installed = manager.import_path(whisper_dir, "tiny.en")
    assert manager.state(catalog.find_entry("tiny.en")).present  # type: ignore[arg-type]
    assert json.loads((installed / "config.json").read_text()) == json.loads(
        (whisper_dir / "config.json").read_text()
    )
    assert not [p for p in installed.parent.iterdir() if p.name.startswith(".")]


# -- nothing half-copied ever remains ------------------------------------------------------------


def test_an_import_cut_short_leaves_nothing_and_the_next_one_clears_up(
    manager: ModelManager, whisper_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy that fails half-way (here: the disk fills after 1 MB) is one line and leaves
    no file; a staging folder left by a killed import is removed by the next import."""
    from mediasift.core.models import manager as manager_module

    real_copy = manager_module._copy

    def full_disk(source: Path, dest: Path) -> None:
        dest.write_bytes(source.read_bytes()[:1_000_000])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(manager_module, "_copy", full_disk)
    with pytest.raises(ModelUnavailableError) as caught:
        manager.import_path(whisper_dir, "tiny.en")
    assert str(caught.value).startswith("cannot install tiny.en into ")
    assert str(caught.value).endswith(": No space left on device")
    assert files_under(manager._settings.models_dir / "whisper") == []

    killed = manager._settings.models_dir / "whisper" / ".tiny.en-abc123"
    killed.mkdir(parents=True)
    (killed / "model.bin").write_bytes(b"half")
    monkeypatch.setattr(manager_module, "_copy", real_copy)
    manager.import_path(whisper_dir, "tiny.en")
    assert [p.name for p in (manager._settings.models_dir / "whisper").iterdir()] == ["tiny.en"]


def test_an_unknown_name_and_a_missing_file_are_one_line(
    manager: ModelManager, tmp_path: Path
) -> None:
    with pytest.raises(ModelUnavailableError, match="unknown model 'ViT-X'"):
        manager.import_path(tmp_path, "ViT-X")
    refused(manager, tmp_path / "nowhere.bin", VIT_B_32, "is not a CLIP checkpoint file")
    refused(manager, tmp_path, VIT_B_32, "is not a CLIP checkpoint file")
