"""Calibration with controlled embeddings: kinds interleave on merit, not on raw scale.

The vectors are built so that the query's cosine with every item is known: photos sit
around 0.20 (how a description relates to pictures in CLIP) and transcript lines around
0.75 (how two sentences relate through CLIP's text tower). Raw cosines would rank every
line above every photo; calibrated scores must interleave the relevant ones by how far
each stands out from its own kind.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mediasift.core.index.thumbnails import ThumbnailCache
from mediasift.core.kinds import MediaKind, SegmentKind
from mediasift.core.search.query import Query
from mediasift.core.search.searcher import Searcher
from mediasift.core.store.records import NewFile
from mediasift.core.store.store import Store
from mediasift.core.store.vectors import VectorRow

DIM = 64


class FakeEncoder:
    """Returns fixed vectors for known texts, so the test controls every similarity."""

    model_id = "controlled"
    image_size = 32

    def __init__(self, texts: dict[str, np.ndarray]) -> None:
        self.texts = texts

    def encode_texts(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.texts[t] for t in texts])

    def encode_images(self, batch: list[object]) -> np.ndarray:
        raise AssertionError("no image query in these tests")

    def preprocess(self, image: object) -> object:
        raise AssertionError("no image query in these tests")


def at_cosine(query: np.ndarray, cosine: float, rng: np.random.Generator) -> np.ndarray:
    """A unit vector whose cosine with the unit ``query`` is exactly ``cosine``."""
    noise = rng.standard_normal(DIM)
    noise -= (noise @ query) * query
    noise /= np.linalg.norm(noise)
    return (cosine * query + np.sqrt(1 - cosine**2) * noise).astype(np.float32)


class SyntheticLibrary:
    def __init__(self, folder: Path) -> None:
        self.store = Store(folder / "lib.db")
        self.root = self.store.catalog.add_root(Path("/library"))
        self.model = self.store.vectors.ensure_model(FakeEncoder.model_id, DIM)
        self.count = 0

    def add(self, kind: MediaKind, vector: np.ndarray, name: str, text: str | None = None) -> None:
        self.count += 1
        catalog = self.store.catalog
        with self.store.transaction():
            catalog.queue_new(
                self.root.id, [NewFile(f"/library/{name}".encode(), 1, self.count, kind)]
            )
            media_id = self.store.conn.last_insert_rowid()
            catalog.set_indexed(
                media_id,
                kind=kind,
                content_hash=name,
                width=None,
                height=None,
                duration_s=None,
                taken_at=1_700_000_000.0,
            )
            segment_kind = SegmentKind.IMAGE if kind == MediaKind.PHOTO else SegmentKind.SPEECH
            segment_id = catalog.add_segment(
                media_id,
                segment_kind,
                start_s=None if text is None else 12.0,
                end_s=None if text is None else 15.0,
                text=text,
            )
            self.store.vectors.add(
                self.model,
                [VectorRow(segment_id, segment_kind, kind, 1_700_000_000.0, vector)],
            )
            if text is not None:
                self.store.add_fulltext([(segment_id, text)])
            catalog.record_vectors(media_id, self.model.id)


@pytest.fixture
def library(tmp_path: Path) -> SyntheticLibrary:
    return SyntheticLibrary(tmp_path)


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.standard_normal(DIM)
    return (v / np.linalg.norm(v)).astype(np.float32)


def test_relevant_photos_and_lines_interleave_by_how_much_they_stand_out(
    library: SyntheticLibrary, tmp_path: Path
) -> None:
    rng = np.random.default_rng(3)
    query = _unit(rng)
    photo_mean, photo_std, line_mean, line_std = 0.20, 0.03, 0.75, 0.02
    # Backgrounds: evenly spread normal quantiles, so their mean and spread are exact.
    quantiles = np.sort(rng.standard_normal(400))
    for i, z in enumerate(quantiles):
        library.add(MediaKind.PHOTO, at_cosine(query, photo_mean + photo_std * z, rng), f"p{i}.jpg")
        library.add(
            MediaKind.AUDIO,
            at_cosine(query, line_mean + line_std * z, rng),
            f"r{i}.m4a",
            text=f"unrelated remark number {i}",
        )
    # Relevant items, 3..8 standard deviations above their own kind.
    for z in (3, 5, 7):
        library.add(
            MediaKind.PHOTO,
            at_cosine(query, photo_mean + photo_std * z, rng),
            f"match-photo-z{z}.jpg",
        )
    for z in (4, 6, 8):
        library.add(
            MediaKind.AUDIO,
            at_cosine(query, line_mean + line_std * z, rng),
            f"match-line-z{z}.m4a",
            text=f"a spoken line, relevance {z}",
        )
    searcher = Searcher(
        library.store, FakeEncoder({"the query": query}), ThumbnailCache(tmp_path / "thumbs")
    )
    results = searcher.search(Query(text="the query", limit=6))
    names = [r.path.name for r in results]
    assert names == [
        "match-line-z8.m4a",
        "match-photo-z7.jpg",
        "match-line-z6.m4a",
        "match-photo-z5.jpg",
        "match-line-z4.m4a",
        "match-photo-z3.jpg",
    ]
    scores = [r.score for r in results]
    # Scores estimate how many deviations each stands above its kind (from a sample).
    assert scores == pytest.approx([8, 7, 6, 5, 4, 3], rel=0.15)
    # Without calibration, every background line would outrank the best photo.
    best_photo = photo_mean + photo_std * 7
    background_lines_above = int(np.sum(line_mean + line_std * quantiles > best_photo))
    assert background_lines_above == 400


def test_min_score_means_the_same_for_every_kind(library: SyntheticLibrary, tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    query = _unit(rng)
    for i, z in enumerate(np.sort(rng.standard_normal(200))):
        library.add(MediaKind.PHOTO, at_cosine(query, 0.2 + 0.03 * z, rng), f"p{i}.jpg")
        library.add(
            MediaKind.AUDIO,
            at_cosine(query, 0.75 + 0.02 * z, rng),
            f"r{i}.m4a",
            text=f"background line {i}",
        )
    searcher = Searcher(
        library.store, FakeEncoder({"q": query}), ThumbnailCache(tmp_path / "thumbs")
    )
    confident = searcher.search(Query(text="q", limit=50, min_score=3.5))
    assert confident == []  # nothing stands out: no kind gets a free pass
    anything = searcher.search(Query(text="q", limit=50))
    kinds = {r.kind for r in anything[:20]}
    assert kinds == {MediaKind.PHOTO, MediaKind.AUDIO}


def test_exact_words_and_chinese_words_are_found_by_full_text(
    library: SyntheticLibrary, tmp_path: Path
) -> None:
    rng = np.random.default_rng(9)
    texts = {
        "明年的预算是四十万元。": "budget-zh.m4a",
        "我们明天去公园散步。": "walk-zh.m4a",
        "Call Anneliese about invoice 4471 on Friday.": "invoice.m4a",
        "The weather was lovely at the lake.": "lake.m4a",
    }
    for text, name in texts.items():
        library.add(MediaKind.AUDIO, _unit(rng), name, text=text)
    for i in range(50):
        library.add(MediaKind.AUDIO, _unit(rng), f"noise{i}.m4a", text=f"nothing special {i}")
    queries = {q: _unit(rng) for q in ("预算", "明年 预算", "invoice 4471", "anneliese")}
    searcher = Searcher(library.store, FakeEncoder(queries), ThumbnailCache(tmp_path / "t"))
    assert searcher.search(Query(text="预算", limit=1))[0].path.name == "budget-zh.m4a"
    assert searcher.search(Query(text="明年 预算", limit=1))[0].path.name == "budget-zh.m4a"
    invoice = searcher.search(Query(text="invoice 4471", limit=1))[0]
    assert invoice.path.name == "invoice.m4a" and invoice.start_s == 12.0
    assert invoice.score >= 6.0  # the whole query, word for word: a strong match
    assert searcher.search(Query(text="anneliese", limit=1))[0].path.name == "invoice.m4a"
