"""The models MediaSift offers, with what a user needs to choose between them.

Speeds were measured on the 2-core CI machine (random weights have the real compute
cost; bench/README.md); quality figures are open_clip's published zero-shot ImageNet
accuracy and MSCOCO text-to-image retrieval, and Whisper's published trade-offs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

ENGLISH: tuple[str, ...] = ("en",)
MULTILINGUAL: tuple[str, ...] = ("mul",)
"""``mul`` is ISO 639-2's code for "multiple languages"."""


class ModelFamily(StrEnum):
    CLIP = "clip"
    WHISPER = "whisper"


@dataclass(frozen=True)
class KnownFile:
    """A model file whose exact bytes are published: an import of its entry must be it."""

    name: str
    """The file's name on the hub (``open_clip_pytorch_model.bin``, ``model.bin``)."""
    size: int
    sha256: str


@dataclass(frozen=True)
class CatalogEntry:
    family: ModelFamily
    name: str
    """``ViT-B-32:laion2b_s34b_b79k`` for CLIP (architecture and tag), ``tiny`` for Whisper."""
    role: str
    download_mb: int
    speed: str
    quality: str
    default: bool = False
    needs: str | None = None
    """An optional extra the model needs (``pip install 'mediasift[...]'``)."""
    known_file: KnownFile | None = None
    """The hub's size and SHA-256 of the weights file (CLIP) or ``model.bin`` (Whisper),
    where recorded here. An import of the entry is then checked byte for byte; without
    one it is checked against the architecture the name means (tensor names and shapes,
    model dimensions). None is recorded yet: the hub publishes the checksums only online
    (a download checks them there), and a value not taken from the hub is not written."""
    languages: tuple[str, ...] = ()
    """The languages its text side understands (CLIP: descriptions; Whisper: speech), as
    ISO 639 codes: :data:`ENGLISH`, :data:`MULTILINGUAL` (``mul``: trained on ~100
    languages, Chinese among them), or a list such as ``("zh",)``. Empty: not recorded,
    and nothing is claimed (:mod:`.text_languages` reads it)."""
    text_tower: bool = False
    """A CLIP model whose text tower open_clip builds from Hugging Face files (its config
    and tokenizer, in ``<tag dir>/text``): without them the weights alone cannot be used.
    Said here so that listing models needs no open_clip (nor torch) import; a test checks
    it against open_clip's architecture config."""

    @property
    def arch(self) -> str:
        return self.name.split(":", 1)[0]

    @property
    def tag(self) -> str:
        return self.name.split(":", 1)[1] if ":" in self.name else ""


CATALOG: tuple[CatalogEntry, ...] = (
    CatalogEntry(
        ModelFamily.CLIP,
        "ViT-B-32:laion2b_s34b_b79k",
        "fast, the default",
        605,
        "35 ms per photo, ~19 photos/s indexing 12 MP JPEGs; 35 ms per typed query",
        "ImageNet zero-shot 66.6%, MSCOCO text-to-image 47.8%",
        default=True,
        languages=ENGLISH,
    ),
    CatalogEntry(
        ModelFamily.CLIP,
        "ViT-B-16:laion2b_s34b_b88k",
        "more accurate, 4x slower to index",
        599,
        "138 ms per photo (~6 photos/s indexing); 36 ms per typed query",
        "ImageNet zero-shot 70.2%, MSCOCO text-to-image 50.9%",
        languages=ENGLISH,
    ),
    CatalogEntry(
        ModelFamily.CLIP,
        "xlm-roberta-base-ViT-B-32:laion5b_s13b_b90k",
        "multilingual queries (Chinese and 100 other languages)",
        1470,
        "35 ms per photo (the ViT-B-32 image tower); queries use a larger text tower",
        "ImageNet zero-shot 62.4%, MSCOCO text-to-image 45.7% (English)",
        needs="multilingual",
        languages=MULTILINGUAL,
        text_tower=True,
    ),
    CatalogEntry(
        ModelFamily.WHISPER,
        "tiny",
        "fast, multilingual, the default",
        75,
        "18-27x real time on 2 cores (tiny.en, same architecture)",
        "good on clear speech; misses names and noisy rooms",
        default=True,
        languages=MULTILINGUAL,
    ),
    CatalogEntry(
        ModelFamily.WHISPER,
        "base",
        "more accurate, multilingual",
        145,
        "about half tiny's speed (roughly 9-13x real time; estimated, not measurable here)",
        "noticeably fewer errors than tiny",
        languages=MULTILINGUAL,
    ),
    CatalogEntry(
        ModelFamily.WHISPER,
        "small",
        "accurate, slow on a laptop",
        484,
        "about a sixth of tiny's speed (estimated)",
        "good on accents and noise",
        languages=MULTILINGUAL,
    ),
    CatalogEntry(
        ModelFamily.WHISPER,
        "tiny.en",
        "English only, fastest",
        75,
        "18-27x real time on 2 cores (measured)",
        "slightly better than tiny on English",
        languages=ENGLISH,
    ),
)


def find_entry(name: str) -> CatalogEntry | None:
    return next((entry for entry in CATALOG if entry.name == name), None)
