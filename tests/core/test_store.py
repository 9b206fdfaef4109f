"""The store: migrations, per-model vector tables, KNN with filters, purge."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mediasift.core.errors import DatabaseTooNewError, DataDirError
from mediasift.core.kinds import MediaKind, SegmentKind
from mediasift.core.store.migrations import LATEST_VERSION, user_version
from mediasift.core.store.records import NewFile
from mediasift.core.store.store import Store
from mediasift.core.store.vectors import VectorRow


def _unit(rng: np.random.Generator, dim: int) -> np.ndarray:
    v = rng.standard_normal(dim).astype(np.float32)
    return v / np.linalg.norm(v)


def test_fresh_store_is_migrated_and_wal(tmp_path: Path) -> None:
    store = Store(tmp_path / "lib.db")
    assert user_version(store.conn) == LATEST_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    again = Store(tmp_path / "lib.db")  # reopening runs no migration twice
    assert user_version(again.conn) == LATEST_VERSION
    assert again.integrity_ok()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "lib.db")
    store.conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    store.close()
    with pytest.raises(DatabaseTooNewError, match="newer MediaSift"):
        Store(tmp_path / "lib.db")


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    path.write_bytes(b"definitely not sqlite" * 100)
    with pytest.raises(DataDirError, match=r"is damaged .*mediasift repair"):
        Store(path)


def _photo(store: Store, root_id: int, name: str, taken_at: float) -> int:
    with store.transaction():
        store.catalog.queue_new(root_id, [NewFile(f"/lib/{name}".encode(), 1, 1, MediaKind.PHOTO)])
    media_id = store.conn.last_insert_rowid()
    with store.transaction():
        store.catalog.set_indexed(
            media_id,
            kind=MediaKind.PHOTO,
            content_hash=name,
            width=1,
            height=1,
            duration_s=None,
            taken_at=taken_at,
        )
    return media_id


def test_models_get_separate_tables_and_knn_filters(tmp_path: Path) -> None:
    store = Store(tmp_path / "lib.db")
    root = store.catalog.add_root(Path("/lib"))
    rng = np.random.default_rng(7)
    model_a = store.vectors.ensure_model("a", 16)
    model_b = store.vectors.ensure_model("b", 8)
    assert model_a.table != model_b.table
    vectors = {}
    for i in range(20):
        media_id = _photo(store, root.id, f"p{i}.jpg", taken_at=1_000.0 * i)
        segment_id = store.catalog.add_segment(media_id, SegmentKind.IMAGE)
        vectors[segment_id] = _unit(rng, 16)
        store.vectors.add(
            model_a,
            [
                VectorRow(
                    segment_id, SegmentKind.IMAGE, MediaKind.PHOTO, 1_000.0 * i, vectors[segment_id]
                )
            ],
        )
    target = next(iter(vectors))
    hits = store.vectors.knn(model_a, vectors[target], 3, SegmentKind.IMAGE)
    assert hits[0][0] == target and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert store.vectors.knn(model_b, _unit(rng, 8), 3, SegmentKind.IMAGE) == []
    dated = store.vectors.knn(
        model_a, vectors[target], 50, SegmentKind.IMAGE, after=5_000.0, before=8_000.0
    )
    assert len(dated) == 3
    within = store.vectors.knn(model_a, vectors[target], 50, SegmentKind.IMAGE, within=[target])
    assert [h[0] for h in within] == [target]
    assert store.vectors.knn(model_a, vectors[target], 5, SegmentKind.SPEECH) == []


def test_purge_removes_missing_files_with_their_vectors(tmp_path: Path) -> None:
    store = Store(tmp_path / "lib.db")
    root = store.catalog.add_root(Path("/lib"))
    model = store.vectors.ensure_model("a", 8)
    media_id = _photo(store, root.id, "gone.jpg", 0.0)
    segment_id = store.catalog.add_segment(media_id, SegmentKind.IMAGE)
    store.vectors.add(
        model,
        [
            VectorRow(
                segment_id, SegmentKind.IMAGE, MediaKind.PHOTO, 0.0, np.ones(8, np.float32) / 8**0.5
            )
        ],
    )
    store.catalog.begin_sweep(root.id)
    assert store.catalog.end_sweep(root.id) == 1
    assert store.purge_missing() == 1
    assert store.vectors.count(model) == 0
    assert store.catalog.segment_rows([segment_id]) == {}
