"""Queries without torch, at parity with open_clip (issue 14).

The ONNX query path replaces three pieces of open_clip: its tokenizer
(``clip_tokenizer``), its image transform (``clip_preprocess``) and its two towers (the
export). Each is compared with open_clip itself: token ids and pixels exactly, embeddings
within cosine distance 1e-5, for the tiny test model, for a tiny multilingual model (a
Hugging Face XLM-RoBERTa text tower and a tokenizer trained here: the catalog's
multilingual model takes both from the hub, which is out of reach) and for the catalog's
architectures that can be built here with random weights (ViT-B-32, ViT-B-16; ``slow``).

An export is also only ever used for the weights it was made from, is never published
unchecked, is made when a model arrives (download, import) or whenever the torch model is
loaded anyway, and never makes a query wait: a process answering from it never imports
torch, and a query that finds none is answered by torch at once, with one note.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import open_clip
import pytest
from open_clip.tokenizer import SimpleTokenizer, default_bpe
from open_clip.transform import image_transform
from PIL import Image

from mediasift.core.config import ClipChoice, Settings
from mediasift.core.library import Library
from mediasift.core.media.photos import decode_photo
from mediasift.core.models import catalog, onnx_export, onnx_manifest, query_export
from mediasift.core.models.catalog import CATALOG, CatalogEntry, ModelFamily
from mediasift.core.models.clip import ClipEncoder, load_clip_encoder
from mediasift.core.models.clip_preprocess import ClipPreprocess, PreprocessConfig
from mediasift.core.models.clip_source import ClipSource, resolve_clip_source
from mediasift.core.models.clip_tokenizer import ClipBpeTokenizer, HfTokenizer, read_bpe_merges
from mediasift.core.models.manager import ModelManager
from mediasift.core.models.onnx_encoder import OnnxIndexEncoder, OnnxQueryEncoder
from mediasift.core.models.onnx_export import cosine_distance
from mediasift.core.models.onnx_manifest import (
    MANIFEST,
    check_export,
    export_folder,
    export_key,
)
from mediasift.core.models.provider import ModelProvider
from mediasift.core.models.query_export import ensure_query_export, open_query_export
from mediasift.core.search.query import Query
from mediasift.core.search.searcher import Searcher
from tests.model_files import TinyClip, random_clip_checkpoint
from tests.multilingual_model import build_tiny_multilingual_clip
from tests.paths import PHOTOS

PARITY = 1e-5

TEXTS = [
    "a cat on a sofa",
    "A Dog Running On The BEACH at sunset",
    "一只猫在沙发上",
    "猫がソファの上で寝ている",
    "고양이가 소파 위에 있다",
    "🐱 on a 🛋️ 👨‍👩‍👧 🏳️‍🌈",
    "Hello, world!!! (really?) -- yes; #1 @home 100% $5 & more...",
    "Crème brûlée à la française, naïve café, Ærøskøbing, Ελληνικά, Русский",
    "&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt; &quot;quoted&quot; &#39;single&#39; &eacute;",
    "mojibake: Ã©tÃ© franÃ§ais",
    "  lots   of\twhite\n\nspace  ",
    "don't we'll I'M they've it's",
    "<start_of_text> literal special tokens <END_OF_TEXT>",
    "12345 3.14159 1e10 2026-11-30",
    "",
    " ".join(["a very long description of a holiday photo with friends"] * 30),
    "x" * 500,
    "😀" * 200,
]


def fuzz_texts(count: int, seed: int) -> list[str]:
    """Random strings over ASCII, Latin, CJK, emoji, combining marks and joiners."""
    rng = random.Random(seed)
    alphabet = [
        chr(c)
        for c in [
            *range(32, 127),
            *range(0xA0, 0x250),
            *range(0x4E00, 0x4E80),
            *range(0x3040, 0x30A0),
            *range(0x1F600, 0x1F650),
            0x200D,
            0xFE0F,
            0x300,
            0x301,
            0x2028,
        ]
    ]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 150))) for _ in range(count)]


def assert_parity(got: np.ndarray, want: np.ndarray) -> None:
    assert got.shape == want.shape and got.dtype == np.float32
    distance = cosine_distance(got, want)
    assert float(distance.max()) <= PARITY, distance
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def photo_batch(encoder) -> list:
    """The test photos, decoded as indexing decodes them, then preprocessed by ``encoder``."""
    return [
        encoder.preprocess(decode_photo(p.read_bytes(), min_side=encoder.image_size).image)
        for p in sorted(PHOTOS.iterdir())
    ]


# -- tokenizer ------------------------------------------------------------------------------

SIMPLE_TOKENIZER_ARCHS = [
    entry.arch
    for entry in CATALOG
    if entry.family == ModelFamily.CLIP
    and "hf_tokenizer_name" not in open_clip.get_model_config(entry.arch)["text_cfg"]
]


def test_the_catalog_models_with_open_clips_own_tokenizer_are_the_vit_bs() -> None:
    """The one catalog model left out below is the multilingual one (a Hugging Face tokenizer)."""
    assert SIMPLE_TOKENIZER_ARCHS == ["ViT-B-32", "ViT-B-16"]


@pytest.fixture(scope="module")
def openai_merges() -> list[tuple[str, str]]:
    return read_bpe_merges(Path(default_bpe()))


@pytest.mark.parametrize("arch", SIMPLE_TOKENIZER_ARCHS)
def test_bpe_tokenizer_equals_open_clips(arch: str, openai_merges) -> None:
    theirs = open_clip.get_tokenizer(arch)
    assert isinstance(theirs, SimpleTokenizer)
    ours = ClipBpeTokenizer(openai_merges, context_length=theirs.context_length)
    texts = TEXTS + fuzz_texts(1500, seed=14)
    got = ours(texts)
    want = theirs(texts).numpy()
    assert got.dtype == np.int64 and got.shape == (len(texts), 77)
    mismatched = [texts[i] for i in np.flatnonzero((got != want).any(axis=1))]
    assert not mismatched, mismatched[:5]
    # truncation keeps the end token; the empty string is just the two special tokens
    long_row = got[TEXTS.index("x" * 500)]
    assert long_row[-1] == ours.eot_token_id and long_row[0] == ours.sot_token_id
    assert list(got[TEXTS.index("")][:3]) == [ours.sot_token_id, ours.eot_token_id, 0]


@pytest.mark.parametrize(("clean", "context_length"), [("whitespace", 32), ("canonicalize", 16)])
def test_bpe_tokenizer_options_equal_open_clips(
    clean: str, context_length: int, openai_merges
) -> None:
    theirs = SimpleTokenizer(context_length=context_length, clean=clean)
    ours = ClipBpeTokenizer(openai_merges, context_length=context_length, clean=clean)
    texts = TEXTS + fuzz_texts(300, seed=15)
    assert np.array_equal(ours(texts), theirs(texts).numpy())


def test_hf_tokenizer_pads_and_truncates_within_the_context(tmp_path: Path) -> None:
    """What ``transformers`` asks of the Rust tokenizer with ``padding="max_length"`` and
    ``truncation=True``: special tokens inside the length, the end one kept, pad after."""
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "cat": 4, "sofa": 5, "a": 6}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0))
    path = tmp_path / "tokenizer.json"
    tokenizer.save(str(path))
    ours = HfTokenizer(path, context_length=8, pad_id=1, pad_token="<pad>")
    ids = ours(["a  cat &amp; sofa", "cat " * 20, ""])
    assert ids.tolist() == [
        [0, 6, 4, 3, 5, 2, 1, 1],  # "&amp;" is unescaped to "&" first, an unknown word
        [0, 4, 4, 4, 4, 4, 4, 2],
        [0, 2, 1, 1, 1, 1, 1, 1],
    ]
    stripped = HfTokenizer(path, context_length=8, pad_id=1, pad_token="<pad>", strip_sep_id=2)
    assert stripped(["cat"]).tolist() == [[0, 4, 0, 1, 1, 1, 1, 1]]


# -- image preprocessing --------------------------------------------------------------------


def _test_images() -> list[Image.Image]:
    rng = np.random.default_rng(14)
    images = [
        Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8))
        for w, h in [(640, 480), (480, 640), (224, 224), (225, 224), (100, 50), (33, 300), (7, 7)]
    ]
    images.append(Image.fromarray(rng.integers(0, 256, (120, 90), dtype=np.uint8)))  # grey
    images.append(Image.fromarray(rng.integers(0, 256, (90, 120, 4), dtype=np.uint8), "RGBA"))
    images += [Image.open(p) for p in sorted(PHOTOS.iterdir())[:3]]
    return images


@pytest.mark.parametrize("size", [224, 64, (224, 160)])
@pytest.mark.parametrize("resize_mode", ["shortest", "longest", "squash"])
@pytest.mark.parametrize("interpolation", ["bicubic", "bilinear"])
def test_preprocess_equals_open_clips_transform(size, resize_mode: str, interpolation: str) -> None:
    mean, std = (0.48145466, 0.4578275, 0.40821073), (0.26862954, 0.26130258, 0.27577711)
    for fill in (0, 255):
        theirs = image_transform(
            size,
            is_train=False,
            mean=mean,
            std=std,
            resize_mode=resize_mode,
            interpolation=interpolation,
            fill_color=fill,
        )
        config = {
            "size": size,
            "mean": mean,
            "std": std,
            "interpolation": interpolation,
            "resize_mode": resize_mode,
            "fill_color": fill,
        }
        ours = ClipPreprocess(PreprocessConfig.from_dict(config))
        for image in _test_images():
            want = theirs(image).numpy()
            got = ours(image)
            assert got.dtype == np.float32
            assert np.array_equal(got, want), (image.size, image.mode, fill)


# -- the tiny model -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-models")


@pytest.fixture(scope="module")
def tiny_pair(tiny_clip: TinyClip, tiny_models_dir: Path):
    """The torch encoder of the tiny model and its ONNX export (made from that encoder)."""
    source = resolve_clip_source(tiny_clip.choice, tiny_models_dir)
    torch_encoder = load_clip_encoder(source, offline=True, threads=2)
    notes: list[str] = []
    onnx_encoder = ensure_query_export(
        source, tiny_models_dir, threads=2, encoder=torch_encoder, on_note=notes.append
    )
    assert onnx_encoder is not None, notes
    return source, torch_encoder, onnx_encoder


def test_tiny_model_texts_at_parity(tiny_pair) -> None:
    _, torch_encoder, onnx_encoder = tiny_pair
    assert np.array_equal(onnx_encoder.tokenize(TEXTS), torch_encoder.tokenize(TEXTS))
    assert_parity(onnx_encoder.encode_texts(TEXTS), torch_encoder.encode_texts(TEXTS))
    for text in TEXTS[:4]:  # a batch of one, what a typed query is
        assert_parity(onnx_encoder.encode_texts([text]), torch_encoder.encode_texts([text]))


def test_tiny_model_images_at_parity(tiny_pair) -> None:
    _, torch_encoder, onnx_encoder = tiny_pair
    assert onnx_encoder.image_size == torch_encoder.image_size
    assert onnx_encoder.model_id == torch_encoder.model_id
    assert onnx_encoder.dim == torch_encoder.dim
    ours, theirs = photo_batch(onnx_encoder), photo_batch(torch_encoder)
    for mine, reference in zip(ours, theirs, strict=True):
        assert np.array_equal(mine, reference.numpy())
    assert_parity(onnx_encoder.encode_images(ours), torch_encoder.encode_images(theirs))
    assert_parity(onnx_encoder.encode_images(ours[:1]), torch_encoder.encode_images(theirs[:1]))


def test_search_ranks_the_same_with_either_encoder(
    tiny_pair, settings: Settings, photo_folder: Path
) -> None:
    _, _, onnx_encoder = tiny_pair
    queries = [
        Query(text="a cat sitting on a sofa", limit=10),
        Query(text="一只猫", limit=10),
        Query(text="🚀 launch!", limit=10),
        Query(image=PHOTOS / "coffee.png", limit=10),
        Query(text="a horse", image=PHOTOS / "horse.png", limit=10),
    ]
    with Library(settings) as library:
        library.index([photo_folder])
        fast = Searcher(library.store, onnx_encoder, library.thumbnails)
        for query in queries:
            reference = library.search(query)
            results = fast.search(query)
            assert [r.path for r in results] == [r.path for r in reference], query
            assert len(results) >= 3
            for mine, theirs in zip(results, reference, strict=True):
                assert mine.moments[0].score == pytest.approx(theirs.moments[0].score, abs=1e-3)


def test_a_process_answering_from_an_export_never_imports_torch(
    tiny_pair, tiny_clip: TinyClip, tiny_models_dir: Path
) -> None:
    _, torch_encoder, _ = tiny_pair
    script = f"""
import json, sys
from pathlib import Path
from mediasift.core.config import ClipChoice
from mediasift.core.media.photos import decode_photo
from mediasift.core.models.clip_source import resolve_clip_source
from mediasift.core.models.query_export import ensure_query_export

models = Path({str(tiny_models_dir)!r})
notes = []
choice = ClipChoice({str(tiny_clip.config)!r}, {str(tiny_clip.weights)!r})
source = resolve_clip_source(choice, models)
encoder = ensure_query_export(source, models, threads=1, on_note=notes.append)
text = encoder.encode_texts(["a cat on a sofa", "一只猫在沙发上"])
photo_bytes = Path({str(PHOTOS / "chelsea.png")!r}).read_bytes()
photo = decode_photo(photo_bytes, min_side=encoder.image_size)
image = encoder.encode_images([encoder.preprocess(photo.image)])
missing = resolve_clip_source(ClipChoice("ViT-B-32", "laion2b_s34b_b79k"), models)
none = ensure_query_export(missing, models, threads=1, on_note=notes.append)
print(json.dumps({{
    "heavy": sorted(m for m in ("torch", "open_clip", "torchvision") if m in sys.modules),
    "text": text.tolist(), "image": image.tolist(), "none": none is None, "notes": notes,
}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["heavy"] == []
    assert out["none"] is True
    assert len(out["notes"]) == 1 and "not on this machine" in out["notes"][0], out["notes"]
    assert_parity(
        np.array(out["text"], np.float32),
        torch_encoder.encode_texts(["a cat on a sofa", "一只猫在沙发上"]),
    )
    photo = decode_photo((PHOTOS / "chelsea.png").read_bytes(), min_side=torch_encoder.image_size)
    want = torch_encoder.encode_images([torch_encoder.preprocess(photo.image)])
    assert_parity(np.array(out["image"], np.float32), want)


# -- an export belongs to its weights ---------------------------------------------------------


def _tag_source(tag_dir: Path, weights: Path, config: Path) -> ClipSource:
    """A source laid out like a downloaded tag (an export in ``<tag dir>/onnx``)."""
    return ClipSource(
        arch=config.stem,
        config_path=config,
        tag=None,
        weights_path=weights,
        tag_dir=tag_dir,
        model_id="tiny:tag",
        label="tiny (tag)",
    )


def _folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_replaced_weights_make_the_export_stale_and_it_is_made_again(
    tmp_path: Path, tiny_clip: TinyClip, other_tiny_clip: TinyClip
) -> None:
    tag_dir = tmp_path / "models" / "clip" / "tiny" / "tag"
    tag_dir.mkdir(parents=True)
    weights = tag_dir / "open_clip_pytorch_model.bin"
    weights.write_bytes(tiny_clip.weights.read_bytes())
    source = _tag_source(tag_dir, weights, tiny_clip.config)
    first = load_clip_encoder(source, offline=True, threads=2)
    assert ensure_query_export(source, tmp_path / "models", threads=2, encoder=first)
    folder = export_folder(source, tmp_path / "models")
    assert folder == tag_dir / "onnx"
    assert _folder_listing(folder) == [
        ".export.lock",
        "bpe_merges.txt.gz",
        "image.onnx",
        "image.onnx.data",
        MANIFEST,
        "text.onnx",
        "text.onnx.data",
    ]
    assert open_query_export(source, tmp_path / "models", threads=1) is not None

    # a re-download or an import puts another file at the same path
    replacement = tmp_path / "download.part"
    replacement.write_bytes(other_tiny_clip.weights.read_bytes())
    os.replace(replacement, weights)
    check = check_export(folder, export_key(source))
    assert check.manifest is None and "other weights" in check.reason
    assert open_query_export(source, tmp_path / "models", threads=1) is None

    second = load_clip_encoder(source, offline=True, threads=2)
    notes: list[str] = []
    remade = ensure_query_export(
        source, tmp_path / "models", threads=2, encoder=second, on_note=notes.append
    )
    assert remade is not None and notes and "other weights" in notes[0]
    assert_parity(remade.encode_texts(TEXTS), second.encode_texts(TEXTS))
    assert cosine_distance(remade.encode_texts(TEXTS[:1]), first.encode_texts(TEXTS[:1]))[0] > 0.01


def test_a_changed_config_or_format_or_a_damaged_file_is_never_used(
    tmp_path: Path, tiny_pair, tiny_models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, _, _ = tiny_pair
    folder = export_folder(source, tiny_models_dir)
    key = export_key(source)
    assert check_export(folder, key).manifest is not None

    assert source.config_path is not None
    changed_config = tmp_path / source.config_path.name
    changed_config.write_text(source.config_path.read_text() + "\n")
    other = dataclasses.replace(source, config_path=changed_config)
    assert check_export(folder, export_key(other)).manifest is None

    monkeypatch.setattr(onnx_manifest, "EXPORT_FORMAT", onnx_manifest.EXPORT_FORMAT + 1)
    assert check_export(folder, export_key(source)).manifest is None
    monkeypatch.undo()

    # another open_clip may tokenize or transform otherwise: made again; none at all (a
    # machine that cannot index) leaves the export as the only way to match the vectors
    monkeypatch.setattr(onnx_manifest, "_version", lambda name: "0.0.1")
    assert check_export(folder, export_key(source)).manifest is None
    monkeypatch.setattr(onnx_manifest, "_version", lambda name: None)
    assert check_export(folder, export_key(source)).manifest is not None
    monkeypatch.undo()

    copy = tmp_path / "copy"
    copy.mkdir()
    for name in _folder_listing(folder):
        (copy / name).write_bytes((folder / name).read_bytes())
    assert check_export(copy, key).manifest is not None
    data = copy / "text.onnx.data"
    whole = data.read_bytes()
    data.write_bytes(whole[:-4096])
    check = check_export(copy, key)
    assert check.manifest is None and "damaged" in check.reason
    data.write_bytes(whole)
    (copy / "image.onnx").unlink()
    assert "lacks image.onnx" in check_export(copy, key).reason


def test_an_export_that_fails_its_check_publishes_nothing(
    tmp_path: Path, tiny_pair, tiny_clip: TinyClip, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A previous valid export is withdrawn first; a failed check leaves no manifest."""
    _, torch_encoder, _ = tiny_pair
    models = tmp_path / "models"
    weights = tmp_path / tiny_clip.weights.name
    weights.write_bytes(tiny_clip.weights.read_bytes())
    source = resolve_clip_source(ClipChoice(str(tiny_clip.config), str(weights)), models)
    assert ensure_query_export(source, models, threads=2, encoder=torch_encoder) is not None
    folder = export_folder(source, models)
    os.utime(weights, ns=(weights.stat().st_atime_ns, weights.stat().st_mtime_ns + 10**9))
    monkeypatch.setattr(onnx_export, "PARITY", -1.0)  # no distance can pass
    notes: list[str] = []
    encoder = ensure_query_export(
        source, models, threads=2, encoder=torch_encoder, on_note=notes.append
    )
    assert encoder is None
    assert "use torch" in notes[-1] and "differs from torch" in notes[-1], notes
    assert not (folder / MANIFEST).exists()
    assert not [p for p in folder.iterdir() if p.name.startswith(".staging")]
    assert open_query_export(source, models, threads=1) is None


def test_no_export_when_the_exporter_is_missing(
    tmp_path: Path, tiny_clip: TinyClip, monkeypatch: pytest.MonkeyPatch
) -> None:
    models = tmp_path / "models"
    source = resolve_clip_source(tiny_clip.choice, models)
    monkeypatch.setattr(
        query_export, "EXPORT_NEEDS", (*query_export.EXPORT_NEEDS, "mediasift_absent_module")
    )
    notes: list[str] = []
    assert ensure_query_export(source, models, threads=1, on_note=notes.append) is None
    assert len(notes) == 1 and "needs mediasift_absent_module" in notes[0]
    assert "\n" not in notes[0]
    assert not export_folder(source, models).exists()


def test_an_unwritable_data_dir_means_torch_with_a_note(
    tmp_path: Path, tiny_clip: TinyClip
) -> None:
    models = tmp_path / "models"
    models.write_text("a file where the models folder should be")
    source = resolve_clip_source(tiny_clip.choice, models)
    notes: list[str] = []
    assert ensure_query_export(source, models, threads=1, on_note=notes.append) is None
    assert len(notes) == 1 and "cannot write its ONNX export" in notes[0], notes


# -- the multilingual model: a Hugging Face text tower ------------------------------------------

MULTILINGUAL_TEXTS = [
    "a cat on a sofa",  # English, in the tokenizer's training sentences
    "A dog running on the BEACH at sunset, again",
    "一只猫在沙发上",  # Chinese
    "海边的狗和从未见过的字\uff1a龘",  # Chinese, with characters the tokenizer never saw
    "🐱 on a 🛋️! 🎉",  # emoji
    "👨‍👩‍👧 🏳️‍🌈 🫠",  # joined and unseen emoji
    "Hello, world!!! (really?) -- yes; #1 @home 100% $5 & more...",  # punctuation
    "&amp;lt;b&amp;gt; &quot;quoted&quot;  lots   of\twhite\n\nspace ",
    "",
    " ".join(["a very long description of a holiday photo with friends"] * 30),  # over-long
    "一只猫在沙发上" * 60,  # over-long, Chinese
]


@pytest.fixture(scope="module")
def multilingual_pair(tmp_path_factory: pytest.TempPathFactory):
    """The torch encoder of the tiny multilingual model, its ONNX export, and the torch
    vectors of :data:`MULTILINGUAL_TEXTS` taken before the export."""
    model = build_tiny_multilingual_clip(tmp_path_factory.mktemp("tiny-xlmr"))
    models = tmp_path_factory.mktemp("xlmr-models")
    source = resolve_clip_source(model.choice, models)
    torch_encoder = load_clip_encoder(source, offline=True, threads=2)
    before = torch_encoder.encode_texts(MULTILINGUAL_TEXTS)
    notes: list[str] = []
    onnx_encoder = ensure_query_export(
        source, models, threads=2, encoder=torch_encoder, on_note=notes.append
    )
    assert onnx_encoder is not None, notes
    return torch_encoder, onnx_encoder, before


def test_multilingual_export_keeps_the_hugging_face_tokenizer(multilingual_pair) -> None:
    _, onnx_encoder, _ = multilingual_pair
    manifest = json.loads((onnx_encoder.folder / MANIFEST).read_text())
    assert manifest["tokenizer"]["kind"] == "hf"
    assert manifest["tokenizer"]["pad_id"] == 1  # XLM-RoBERTa's <pad>, not CLIP's 0
    assert (onnx_encoder.folder / manifest["tokenizer"]["file"]).is_file()


def test_multilingual_tokenizer_equals_open_clips(multilingual_pair) -> None:
    torch_encoder, onnx_encoder, _ = multilingual_pair
    texts = MULTILINGUAL_TEXTS + TEXTS + fuzz_texts(1500, seed=16)
    got = onnx_encoder.tokenize(texts)
    want = torch_encoder.tokenize(texts)
    assert got.dtype == np.int64 and got.shape == (len(texts), 77)
    mismatched = [texts[i] for i in np.flatnonzero((got != want).any(axis=1))]
    assert not mismatched, mismatched[:5]
    # over-long text is cut to the context with </s> (2) kept last; short text is padded
    # with <pad> (1) after </s>
    long_row = got[MULTILINGUAL_TEXTS.index("一只猫在沙发上" * 60)]
    assert long_row[0] == 0 and long_row[-1] == 2 and 1 not in long_row
    assert list(got[MULTILINGUAL_TEXTS.index("")][:3]) == [0, 2, 1]


def test_multilingual_texts_at_parity(multilingual_pair) -> None:
    torch_encoder, onnx_encoder, _ = multilingual_pair
    assert_parity(
        onnx_encoder.encode_texts(MULTILINGUAL_TEXTS),
        torch_encoder.encode_texts(MULTILINGUAL_TEXTS),
    )
    for text in MULTILINGUAL_TEXTS:  # a batch of one, what a typed query is
        assert_parity(onnx_encoder.encode_texts([text]), torch_encoder.encode_texts([text]))
    fuzz = fuzz_texts(40, seed=17)
    assert_parity(onnx_encoder.encode_texts(fuzz), torch_encoder.encode_texts(fuzz))


def test_multilingual_images_at_parity(multilingual_pair) -> None:
    torch_encoder, onnx_encoder, _ = multilingual_pair
    ours, theirs = photo_batch(onnx_encoder), photo_batch(torch_encoder)
    assert_parity(onnx_encoder.encode_images(ours), torch_encoder.encode_images(theirs))


def test_exporting_leaves_the_torch_model_as_it_was(multilingual_pair) -> None:
    """The export reads the very model that indexes (in the background, meanwhile): it
    must leave it exactly as it was. XLM-RoBERTa has dropout, so a model left in training
    mode (the exporter restores its wrapper's mode recursively) would change every vector."""
    torch_encoder, _, before = multilingual_pair
    assert np.array_equal(torch_encoder.encode_texts(MULTILINGUAL_TEXTS), before)


# -- when an export is made ---------------------------------------------------------------------


def within(seconds: float, call):
    """``call()``'s result if it returns within ``seconds``; fails the test if it does not
    (it is left running on a daemon thread: a lock held elsewhere may never come free)."""
    done: list = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(call())
        except BaseException as exc:  # re-raised in the test's thread
            failed.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if failed:
        raise failed[0]
    assert done, f"still waiting after {seconds} s"
    return done[0]


@pytest.fixture
def held_export(monkeypatch: pytest.MonkeyPatch):
    """Exports that start but do not finish until the test sets the returned event, as a
    ViT-B-32 export takes ~20 s; the event is set at the end of the test in any case."""
    release = threading.Event()
    started = threading.Event()
    export = ClipEncoder.export_onnx

    def held(self: ClipEncoder, *args, **kwargs):
        started.set()
        if not release.wait(300):
            raise TimeoutError("the test never released the export")
        return export(self, *args, **kwargs)

    monkeypatch.setattr(ClipEncoder, "export_onnx", held)
    yield started, release
    release.set()


def test_a_query_without_an_export_is_answered_by_torch_at_once_while_it_is_made(
    tmp_path: Path, tiny_clip: TinyClip, held_export
) -> None:
    started, release = held_export
    models = tmp_path / "models"
    source = resolve_clip_source(tiny_clip.choice, models)
    provider = ModelProvider(offline=True, threads=2, models_dir=models)
    notes: list[str] = []
    first = within(120, lambda: provider.query_encoder(source, models, on_note=notes.append))
    assert isinstance(first, ClipEncoder)  # torch: the export is not made yet
    assert started.wait(60)
    assert len(notes) == 1 and "\n" not in notes[0], notes
    assert "use torch until its ONNX export is ready" in notes[0]
    assert "no ONNX export yet" in notes[0]
    # the provider's lock is free while the export runs: indexing gets the model, another
    # query gets an answer, both at once
    assert within(10, lambda: provider.clip(source)) is first
    assert within(10, lambda: provider.query_encoder(source, models)) is first
    assert check_export(export_folder(source, models), export_key(source)).manifest is None

    release.set()
    assert provider.wait_for_export(source, timeout=120)
    fast = provider.query_encoder(source, models, on_note=notes.append)
    assert isinstance(fast, OnnxQueryEncoder) and len(notes) == 1
    assert_parity(fast.encode_texts(TEXTS), first.encode_texts(TEXTS))


def test_loading_the_torch_model_to_index_makes_the_export(
    settings: Settings, photo_folder: Path
) -> None:
    """The first index of a library loads torch anyway: the export is made then, from that
    model, so that the first query needs no torch."""
    with Library(settings) as library:
        library.index([photo_folder])
        source = library.clip_source
        assert library.models.wait_for_export(source, timeout=120)
        assert not library.models.query_loaded(source)  # an index alone opens no ONNX
    check = check_export(export_folder(source, settings.models_dir), export_key(source))
    assert check.manifest is not None, check.reason


def test_once_the_export_is_there_indexing_runs_on_onnx_at_parity(
    settings: Settings, photo_folder: Path, tmp_path: Path, encode_calls: list[int]
) -> None:
    """The first library loads torch to index and makes the export; the next one indexes
    on ONNX Runtime (faster here, bench/bench_instant.py "image"), with vectors that sit
    beside torch's."""
    with Library(settings) as library:
        library.index([photo_folder])
        torch_encoder = library.encoder()
        assert isinstance(torch_encoder, ClipEncoder)
        assert library.models.wait_for_export(library.clip_source, timeout=120)
    more = tmp_path / "more"
    more.mkdir()
    Image.open(PHOTOS / "coffee.png").convert("RGB").save(more / "coffee again.jpg", quality=95)
    with Library(settings) as library:
        encoder = library.encoder()
        assert isinstance(encoder, OnnxIndexEncoder)
        assert_parity(
            encoder.encode_images(photo_batch(encoder)),
            torch_encoder.encode_images(photo_batch(torch_encoder)),
        )
        assert_parity(encoder.encode_texts(TEXTS), torch_encoder.encode_texts(TEXTS))
        encode_calls.clear()
        assert library.index([more]).indexed == 1
        assert encode_calls == [1]  # encoded on ONNX Runtime
        # the near copy indexed on ONNX and the original indexed on torch, side by side
        found = library.similar(PHOTOS / "coffee.png", limit=2)
        assert {r.path.name for r in found} == {"coffee.png", "coffee again.jpg"}


def test_an_export_being_made_by_another_process_is_not_waited_for(
    tmp_path: Path, tiny_clip: TinyClip
) -> None:
    """Another process holds the export's lock: the query still gets torch at once, and the
    export is the other process's (this one waits for it in the background)."""
    models = tmp_path / "models"
    source = resolve_clip_source(tiny_clip.choice, models)
    folder = export_folder(source, models)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "locked"
        provider = ModelProvider(offline=True, threads=2, models_dir=models)
        notes: list[str] = []
        answered = within(120, lambda: provider.query_encoder(source, models, on_note=notes.append))
        assert isinstance(answered, ClipEncoder)
        assert len(notes) == 1 and "use torch until its ONNX export is ready" in notes[0]
        assert not provider.wait_for_export(source, timeout=0.5)  # waiting for the lock
        assert check_export(folder, export_key(source)).manifest is None
    finally:
        holder.stdin.close()  # the holder lets go of the lock and exits
        holder.wait(60)
    assert provider.wait_for_export(source, timeout=120)  # then this process made it
    assert check_export(folder, export_key(source)).manifest is not None


HOLD_LOCK = """
import sys
from pathlib import Path
from mediasift.core.models.onnx_manifest import export_lock
with export_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()  # until the test closes our stdin
"""


def test_importing_or_downloading_a_model_makes_its_export(
    settings: Settings, tiny_clip: TinyClip, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog model that arrives (imported here; a download ends in the same step) is
    exported at once, while torch is loaded to check it, so its first query needs none."""
    open_clip.add_model_config(tiny_clip.config)  # the architecture "mediasift-tiny"
    monkeypatch.setitem(
        open_clip.pretrained._PRETRAINED,
        "mediasift-tiny",
        {"published": {"url": "https://example.invalid/mediasift-tiny.pt"}},
    )
    entry = CatalogEntry(ModelFamily.CLIP, "mediasift-tiny:published", "tests", 1, "", "")
    monkeypatch.setattr(catalog, "CATALOG", (*catalog.CATALOG, entry))
    manager = ModelManager(settings, clip_in_use="", whisper_in_use="")
    notes: list[str] = []
    installed = manager.import_path(tiny_clip.weights, entry.name, on_note=notes.append)
    source = resolve_clip_source(ClipChoice("mediasift-tiny", "published"), settings.models_dir)
    folder = export_folder(source, settings.models_dir)
    assert folder == installed.parent / "onnx"
    assert check_export(folder, export_key(source)).manifest is not None
    assert len(notes) == 1 and "preparing" in notes[0], notes
    # downloading a model that is already here makes a missing export too, and only then
    (folder / MANIFEST).unlink()
    assert manager.download(entry.name, on_note=notes.append) == installed
    assert check_export(folder, export_key(source)).manifest is not None
    assert manager.download(entry.name, on_note=notes.append) == installed
    assert len(notes) == 2, notes


def test_a_model_whose_export_fails_is_still_imported(
    settings: Settings, tiny_clip: TinyClip, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export is a bonus: when it cannot be made the model is installed all the same,
    and the reason is one line (queries then use torch)."""
    open_clip.add_model_config(tiny_clip.config)
    entry = CatalogEntry(ModelFamily.CLIP, "mediasift-tiny:unknown-tag", "tests", 1, "", "")
    monkeypatch.setattr(catalog, "CATALOG", (*catalog.CATALOG, entry))
    manager = ModelManager(settings, clip_in_use="", whisper_in_use="")
    notes: list[str] = []
    installed = manager.import_path(tiny_clip.weights, entry.name, on_note=notes.append)
    assert installed.read_bytes() == tiny_clip.weights.read_bytes()
    assert manager.state(entry).present
    assert "use torch" in notes[-1] and "\n" not in notes[-1], notes
    assert "not a pretrained tag" in notes[-1]


# -- the catalog's architectures, random weights ------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("arch", ["ViT-B-32", "ViT-B-16"])
def test_catalog_architecture_at_parity(
    arch: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    checkpoint = random_clip_checkpoint(tmp_path_factory, arch)
    source = resolve_clip_source(ClipChoice(arch, str(checkpoint)), tmp_path)
    torch_encoder = load_clip_encoder(source, offline=True, threads=2)
    notes: list[str] = []
    onnx_encoder = ensure_query_export(
        source, tmp_path, threads=2, encoder=torch_encoder, on_note=notes.append
    )
    assert onnx_encoder is not None, notes
    assert np.array_equal(onnx_encoder.tokenize(TEXTS), torch_encoder.tokenize(TEXTS))
    text = onnx_encoder.encode_texts(TEXTS)
    assert_parity(text, torch_encoder.encode_texts(TEXTS))
    ours, theirs = photo_batch(onnx_encoder), photo_batch(torch_encoder)
    for mine, reference in zip(ours, theirs, strict=True):
        assert np.array_equal(mine, reference.numpy())
    images = onnx_encoder.encode_images(ours)
    reference_images = torch_encoder.encode_images(theirs)
    assert_parity(images, reference_images)
    # each text ranks the photos in the same order as with torch's vectors
    torch_text = torch_encoder.encode_texts(TEXTS)
    assert np.array_equal(
        np.argsort(-(text @ reference_images.T), axis=1, kind="stable"),
        np.argsort(-(torch_text @ reference_images.T), axis=1, kind="stable"),
    )
