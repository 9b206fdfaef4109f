"""Synthetic libraries for bench_query.py: 10k to 1M segments in MediaSift's own schema.

A store is made in bulk, straight into the schema ``core/store`` creates (``Store`` runs
the migrations, ``VectorIndex.ensure_model`` makes the ``vec0`` table), so the search path
measured is the product's, unchanged:

* 60 % photos (``image`` segments), 25 % video frames (videos of 10-70 frames), 15 %
  transcript lines (two thirds from recordings, one third from video soundtracks), each
  with a ``media`` row (path, kind, date, content hash), a ``segments`` row, a vector and,
  for lines, text in the FTS5 index;
* 512-d unit vectors with the structure of CLIP embeddings rather than uniform noise: a
  strong shared direction per modality (photos look alike at cosine ~0.45, any two lines
  at ~0.7), topics shared across modalities, events (bursts of photos, one video, one
  recording) inside topics, and anisotropic per-dimension variance. Text queries are
  drawn the same way, so a query meets its topic's photos at cosine ~0.35 and lines at
  ~0.8, as with CLIP (see calibration.py);
* the exact top 100 per query and segment kind (brute force over every vector), kept in
  ``truth.npz`` so that every approximate path's recall is measured against it;
* the prototypes' extra tables, derived from the float vectors *read back from the SQLite
  file* (what a migration would do): ``vec_m1_center`` (the per-kind means),
  ``vec_m1_bits`` (sign bits of the vector minus its kind's mean, in a ``vec0``
  ``bit[512]`` column with the same partition key and metadata columns as the float
  table), ``vec_m1_codes`` (the same codes and the plain sign bits in a narrow ordinary
  table) and ``vec_m1_f32`` (the float vectors in an ordinary ``INTEGER PRIMARY KEY``
  table); see :func:`ensure_prototype_tables`.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DIM = 512
VERSION = "v1"
MODEL_NAME = "bench-synthetic-512"
QUERIES = 100
TRUTH_K = 100
CHUNK = 50_000
KIND_NAMES = ("image", "frame", "speech")

# Shares of the squared norm of a vector: shared direction, topic, event, item.
WEIGHTS = {
    "image": (0.45, 0.20, 0.15, 0.20),
    "frame": (0.45, 0.20, 0.25, 0.10),
    "speech": (0.70, 0.12, 0.08, 0.10),
}
QUERY_WEIGHTS = (0.60, 0.25, 0.15)  # text direction, topic, own

QUERY_TEXTS = [
    "my dog on the beach at sunset",
    "the budget for next year",
    "birthday cake with candles",
    "street at night in the rain",
    "fireworks over the harbour",
    "children playing in snow",
    "a red car parked outside",
    "the meeting about the new office",
    "mountains and a lake",
    "grandma cooking in the kitchen",
    "concert crowd with lights",
    "cat sleeping on a sofa",
    "wedding dance",
    "the call where we talked about holidays",
    "trees in autumn colours",
    "a plate of pasta",
    "football match in the park",
    "boats in the marina",
    "the presentation slides",
    "sunrise over the city",
]
COMMON = [
    "the",
    "a",
    "and",
    "to",
    "of",
    "in",
    "is",
    "it",
    "you",
    "that",
    "we",
    "was",
    "for",
    "on",
    "are",
    "with",
    "as",
    "i",
    "this",
    "be",
    "at",
    "have",
    "but",
    "not",
    "they",
    "what",
    "so",
    "can",
    "there",
    "all",
    "if",
    "about",
    "one",
    "my",
    "do",
    "our",
    "just",
    "know",
    "like",
    "think",
    "well",
    "yes",
    "no",
    "right",
    "going",
    "get",
    "really",
    "people",
    "time",
    "year",
    "next",
    "budget",
    "meeting",
    "office",
    "holiday",
    "dog",
    "beach",
    "sunset",
    "cake",
    "car",
    "night",
    "rain",
    "kitchen",
    "dinner",
    "money",
    "plan",
    "project",
    "school",
    "team",
    "work",
    "home",
    "call",
    "week",
    "month",
    "morning",
    "tomorrow",
    "yesterday",
    "friday",
    "idea",
]


def vocabulary(size: int = 6000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    syllables = [
        "ka",
        "lo",
        "mi",
        "ren",
        "to",
        "sa",
        "vi",
        "der",
        "an",
        "po",
        "li",
        "mar",
        "ne",
        "tu",
        "ber",
        "gan",
        "o",
        "ri",
        "sen",
        "da",
    ]
    words = list(dict.fromkeys(COMMON))
    while len(words) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in words:
            words.append(word)
    return words


@dataclass
class Space:
    """The random geometry every store and query of one seed shares."""

    rotation: np.ndarray
    scales: np.ndarray
    means: dict[str, np.ndarray]
    topics: np.ndarray

    @classmethod
    def make(cls, topics: int, seed: int = 0) -> Space:
        rng = np.random.default_rng(seed)
        rotation, _ = np.linalg.qr(rng.standard_normal((DIM, DIM)))
        scales = (np.arange(1, DIM + 1, dtype=np.float64)) ** -0.3
        scales /= np.sqrt((scales**2).sum())
        image_mean = _unit(rng.standard_normal(DIM))
        other = _unit(rng.standard_normal(DIM))
        other = _unit(other - (other @ image_mean) * image_mean)
        text_mean = _unit(0.3 * image_mean + np.sqrt(1 - 0.09) * other)  # modality gap
        space = cls(
            rotation.astype(np.float32),
            scales.astype(np.float32),
            {"image": image_mean, "frame": image_mean, "speech": text_mean, "query": text_mean},
            np.zeros(0),
        )
        space.topics = space.random_directions(topics, rng)
        return space

    def random_directions(self, n: int, rng: np.random.Generator) -> np.ndarray:
        z = rng.standard_normal((n, DIM), dtype=np.float32) * self.scales
        return _unit_rows(z @ self.rotation.T)


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _unit_rows(m: np.ndarray) -> np.ndarray:
    return (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)


def topic_count(n: int) -> int:
    return max(20, n // 1000)


def queries(space: Space, count: int = QUERIES, seed: int = 99) -> tuple[np.ndarray, np.ndarray]:
    """Text-query-like vectors and the topic each is about."""
    rng = np.random.default_rng(seed)
    topic = rng.integers(0, len(space.topics), size=count)
    own = space.random_directions(count, rng)
    a, b, c = (np.sqrt(w) for w in QUERY_WEIGHTS)
    vectors = a * space.means["query"] + b * space.topics[topic] + c * own
    return _unit_rows(vectors), topic


@dataclass
class Plan:
    """Media and segments of a library, before any vector is drawn."""

    media: list[tuple[str, int, float, int, int]]
    """(media kind, topic, taken_at, frames, lines)"""


def plan_library(n: int, topics: int, rng: random.Random) -> Plan:
    n_image = round(n * 0.60)
    n_frame = round(n * 0.25)
    n_speech = n - n_image - n_frame
    popularity = [1 / (r + 1) ** 0.8 for r in range(topics)]
    pick = lambda: rng.choices(range(topics), popularity)[0]  # noqa: E731
    start = time.mktime((2015, 1, 1, 0, 0, 0, 0, 0, -1))
    span = 10 * 365 * 86400
    media: list[tuple[str, int, float, int, int]] = []
    left = n_image
    while left > 0:  # photos come in events (bursts of one topic, one day)
        size = min(left, max(1, int(rng.expovariate(1 / 8))))
        topic, when = pick(), start + rng.random() * span
        media.extend(("photo", topic, when + i * 30, 0, 0) for i in range(size))
        left -= size
    video_lines = n_speech // 3
    left_frames = n_frame
    videos = []
    while left_frames > 0:
        frames = min(left_frames, rng.randint(10, 70))
        videos.append([frames, 0])
        left_frames -= frames
    for i in range(video_lines):
        videos[i % len(videos)][1] += 1
    media.extend(("video", pick(), start + rng.random() * span, f, s) for f, s in videos)
    left = n_speech - video_lines
    while left > 0:
        lines = min(left, rng.randint(20, 100))
        media.append(("audio", pick(), start + rng.random() * span, 0, lines))
        left -= lines
    rng.shuffle(media)
    return Plan(media)


def schema_tag() -> str:
    """A fingerprint of core's migrations: a store built with another schema is rebuilt."""
    import hashlib
    import inspect

    from mediasift.core.store import migrations

    source = inspect.getsource(migrations).encode()
    return hashlib.blake2b(source, digest_size=4).hexdigest()


def store_dir(cache: Path, n: int) -> Path:
    return cache / "stores" / f"synthetic-{n}-{VERSION}-{schema_tag()}"


def is_built(cache: Path, n: int) -> bool:
    return (store_dir(cache, n) / "meta.json").is_file()


def build(cache: Path, n: int, *, seed: int = 0) -> Path:
    """Build (once) the store of ``n`` segments; returns its folder."""
    folder = store_dir(cache, n)
    if is_built(cache, n):
        return folder
    for stale in folder.parent.glob(f"synthetic-{n}-*"):  # older versions or schemas
        shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    print(f"building a synthetic store of {n:,} segments in {folder} ...", file=sys.stderr)

    from mediasift.core.fulltext import index_body
    from mediasift.core.store import Store

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed + 1)
    space = Space.make(topic_count(n), seed)
    query_vectors, _ = queries(space)
    words = vocabulary()
    word_weights = [1 / (r + 1) ** 1.05 for r in range(len(words))]
    plan = plan_library(n, len(space.topics), rng)

    store = Store(folder / "library.db")
    conn = store.conn
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    model = store.vectors.ensure_model(MODEL_NAME, DIM)
    conn.execute("INSERT INTO roots(path, added_at) VALUES (?, ?)", (b"/bench/library", 0.0))
    root_id = conn.last_insert_rowid()

    # Segment-level arrays, in id order: kind, topic, event (group) of each segment.
    kinds: list[int] = []
    seg_topics: list[int] = []
    groups: list[int] = []
    group_count = 0
    media_rows = []
    segment_rows = []
    fts_rows = []
    vec_meta = []  # (segment kind, media kind, taken_at)
    segment_id = 0
    last_event = None
    for media_id, (kind, topic, taken_at, frames, lines) in enumerate(plan.media, start=1):
        content_hash = f"{rng.getrandbits(128):032x}"
        path = f"/bench/library/{kind}s/{int(taken_at) // 86400}/{kind}_{media_id:07d}".encode()
        duration = None
        if kind == "photo":
            event = (topic, int(taken_at) // 86400)
            if event != last_event:
                group_count += 1
                last_event = event
            segment_id += 1
            segment_rows.append((segment_id, media_id, "image", None, None, None))
            kinds.append(0)
            seg_topics.append(topic)
            groups.append(group_count - 1)
            vec_meta.append(("image", "photo", taken_at))
        else:
            group_count += 1
            last_event = None
            step = 2.0 if kind == "video" else 0.0
            for f in range(frames):
                segment_id += 1
                segment_rows.append(
                    (segment_id, media_id, "frame", f * step, f * step + step, None)
                )
                kinds.append(1)
                seg_topics.append(topic)
                groups.append(group_count - 1)
                vec_meta.append(("frame", kind, taken_at))
            t = 0.0
            for _ in range(lines):
                length = rng.uniform(1.5, 6.0)
                text = " ".join(rng.choices(words, word_weights, k=rng.randint(5, 14)))
                segment_id += 1
                segment_rows.append((segment_id, media_id, "speech", t, t + length, text))
                fts_rows.append((segment_id, index_body(text)))
                kinds.append(2)
                seg_topics.append(topic)
                groups.append(group_count - 1)
                vec_meta.append(("speech", kind, taken_at))
                t += length + rng.uniform(0.2, 3.0)
            duration = max(frames * step, t)
        media_rows.append(
            (
                media_id,
                root_id,
                path,
                kind,
                1_000_000,
                int(taken_at * 1e9),
                content_hash,
                4000 if kind == "photo" else None,
                3000 if kind == "photo" else None,
                duration,
                taken_at,
                "indexed",
                "done" if kind == "video" else None,
                "done" if kind != "photo" else None,
            )
        )
    assert segment_id == n, (segment_id, n)

    with conn:
        conn.executemany(
            "INSERT INTO media(id, root_id, path, kind, size, mtime_ns, content_hash, width, "
            "height, duration_s, taken_at, status, visual_state, speech_state, indexed_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
            media_rows,
        )
        conn.executemany(
            "INSERT INTO segments(id, media_id, kind, start_s, end_s, text) VALUES (?,?,?,?,?,?)",
            segment_rows,
        )
        conn.executemany(
            "INSERT INTO media_vectors(media_id, model_id) VALUES (?, ?)",
            ((m[0], model.id) for m in media_rows),
        )
        conn.executemany("INSERT INTO fts_segments(rowid, body) VALUES (?, ?)", fts_rows)
    del media_rows, segment_rows, fts_rows
    print(f"  catalog written ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    kinds_a = np.array(kinds, dtype=np.int8)
    topics_a = np.array(seg_topics, dtype=np.int32)
    groups_a = np.array(groups, dtype=np.int32)
    group_vectors = space.random_directions(group_count, nrng)
    truth_ids = {k: np.zeros((QUERIES, 0), np.int64) for k in range(3)}
    truth_sims = {k: np.zeros((QUERIES, 0), np.float32) for k in range(3)}
    sums = np.zeros((3, DIM), np.float64)
    counts = np.zeros(3, np.int64)
    table = model.table
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        k = kinds_a[lo:hi]
        weights = np.array([WEIGHTS[name] for name in KIND_NAMES], np.float32)[k]
        means = np.stack([space.means[name] for name in KIND_NAMES])[k]
        own = space.random_directions(hi - lo, nrng)
        w = np.sqrt(weights)
        vectors = _unit_rows(
            w[:, :1] * means
            + w[:, 1:2] * space.topics[topics_a[lo:hi]]
            + w[:, 2:3] * group_vectors[groups_a[lo:hi]]
            + w[:, 3:4] * own
        )
        ids = np.arange(lo + 1, hi + 1)
        with conn:
            conn.executemany(
                f"INSERT INTO {table}(rowid, segment_kind, media_kind, taken_at, embedding) "
                "VALUES (?, ?, ?, ?, ?)",
                ((int(ids[i]), *vec_meta[lo + i], vectors[i].tobytes()) for i in range(hi - lo)),
            )
        sims = query_vectors @ vectors.T
        for kind in range(3):
            mask = k == kind
            if not mask.any():
                continue
            sums[kind] += vectors[mask].sum(axis=0)
            counts[kind] += int(mask.sum())
            all_ids = np.concatenate(
                [truth_ids[kind], np.broadcast_to(ids[mask], (QUERIES, int(mask.sum())))], axis=1
            )
            all_sims = np.concatenate([truth_sims[kind], sims[:, mask]], axis=1)
            keep = min(TRUTH_K, all_sims.shape[1])
            top = np.argpartition(-all_sims, keep - 1, axis=1)[:, :keep]
            truth_ids[kind] = np.take_along_axis(all_ids, top, axis=1)
            truth_sims[kind] = np.take_along_axis(all_sims, top, axis=1)
        print(f"  vectors {hi:,}/{n:,} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    for kind in range(3):  # sort each query's truth, best first
        order = np.argsort(-truth_sims[kind], axis=1)
        truth_ids[kind] = np.take_along_axis(truth_ids[kind], order, axis=1)
        truth_sims[kind] = np.take_along_axis(truth_sims[kind], order, axis=1)
    centers = (sums / np.maximum(counts, 1)[:, None]).astype(np.float32)
    np.savez(
        folder / "truth.npz",
        queries=query_vectors,
        **{f"ids_{KIND_NAMES[k]}": truth_ids[k] for k in range(3)},
        **{f"sims_{KIND_NAMES[k]}": truth_sims[k] for k in range(3)},
    )

    conn.execute("PRAGMA journal_mode = WAL")  # the prototype build reads beside the writer
    build_prototype_tables(conn, table, centers)
    stats = geometry_stats(conn, table, query_vectors)
    store.close()
    meta = {
        "segments": n,
        "media": len(plan.media),
        "kinds": {KIND_NAMES[k]: int(counts[k]) for k in range(3)},
        "topics": len(space.topics),
        "events": int(group_count),
        "model": MODEL_NAME,
        "table": table,
        "build_s": time.perf_counter() - started,
        "file_mb": (folder / "library.db").stat().st_size / 1e6,
        "geometry": stats,
    }
    (folder / "meta.json").write_text(json.dumps(meta, indent=2))
    print(f"  built in {meta['build_s']:.0f} s, {meta['file_mb']:.0f} MB", file=sys.stderr)
    return folder


def pack_bits(vectors: np.ndarray) -> np.ndarray:
    """Sign bits, 64 bytes per 512-d vector, in sqlite-vec's bit order (vec_quantize_binary)."""
    return np.packbits(vectors > 0, axis=1, bitorder="little")


def build_prototype_tables(conn, table: str, centers: np.ndarray) -> None:
    """The approximate paths' tables, made from the float vectors stored in the file."""
    conn.execute(f"CREATE TABLE {table}_center(segment_kind TEXT PRIMARY KEY, mean BLOB)")
    for kind, name in enumerate(KIND_NAMES):
        conn.execute(f"INSERT INTO {table}_center VALUES (?, ?)", (name, centers[kind].tobytes()))
    ensure_prototype_tables(conn, table)


def _has_table(conn, name: str) -> bool:
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None
    )


def ensure_prototype_tables(conn, table: str) -> None:
    """Create the prototype tables a cached store lacks (older builds had fewer).

    * ``{table}_bits``: vec0, ``bit[512]`` centred sign codes, partition key and metadata
      columns as the float table (sqlite-vec's own Hamming KNN);
    * ``{table}_codes``: a plain narrow table (id, kind, media kind, date, 64-byte centred
      code, 64-byte plain code) that loads into NumPy in one quick scan;
    * ``{table}_f32``: a plain ``id INTEGER PRIMARY KEY, embedding BLOB`` table: float
      vectors by id in ~1 us (a vec0 point lookup costs 30-150 us, see README).
    """
    wanted = [t for t in ("bits", "codes", "f32") if not _has_table(conn, f"{table}_{t}")]
    if not wanted:
        return
    print(f"  adding prototype tables {wanted} ...", file=sys.stderr)
    centers = dict(conn.execute(f"SELECT segment_kind, mean FROM {table}_center").fetchall())
    center_of = {k: np.frombuffer(v, np.float32) for k, v in centers.items()}
    if "bits" in wanted:
        conn.execute(
            f"CREATE VIRTUAL TABLE {table}_bits USING vec0(segment_kind TEXT PARTITION KEY, "
            "media_kind TEXT, taken_at FLOAT, bits BIT[512])"
        )
    if "codes" in wanted:
        conn.execute(
            f"CREATE TABLE {table}_codes(id INTEGER PRIMARY KEY, segment_kind TEXT NOT NULL, "
            "media_kind TEXT NOT NULL, taken_at REAL, code BLOB NOT NULL, code_raw BLOB)"
        )
    if "f32" in wanted:
        conn.execute(f"CREATE TABLE {table}_f32(id INTEGER PRIMARY KEY, embedding BLOB NOT NULL)")
    reader = apsw_reader(conn)
    cursor = reader.execute(
        f"SELECT rowid, segment_kind, media_kind, taken_at, embedding FROM {table}"
    )
    done = 0
    while True:
        rows = list(itertools.islice(cursor, CHUNK))
        if not rows:
            break
        vectors = np.frombuffer(b"".join(r[4] for r in rows), np.float32).reshape(-1, DIM)
        centred = vectors - np.stack([center_of[r[1]] for r in rows])
        bits = pack_bits(centred)
        raw = pack_bits(vectors)
        with conn:
            if "bits" in wanted:
                conn.executemany(
                    f"INSERT INTO {table}_bits(rowid, segment_kind, media_kind, taken_at, bits) "
                    "VALUES (?, ?, ?, ?, vec_bit(?))",
                    ((r[0], r[1], r[2], r[3], bits[i].tobytes()) for i, r in enumerate(rows)),
                )
            if "codes" in wanted:
                conn.executemany(
                    f"INSERT INTO {table}_codes VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        (r[0], r[1], r[2], r[3], bits[i].tobytes(), raw[i].tobytes())
                        for i, r in enumerate(rows)
                    ),
                )
            if "f32" in wanted:
                conn.executemany(
                    f"INSERT INTO {table}_f32 VALUES (?, ?)", ((r[0], r[4]) for r in rows)
                )
        done += len(rows)
        print(f"  prototype tables {done:,}", file=sys.stderr)
    reader.close()


def apsw_reader(conn):
    """A second connection on the same file for the long read (writes go through ``conn``)."""
    import apsw
    import sqlite_vec

    reader = apsw.Connection(conn.filename, flags=apsw.SQLITE_OPEN_READONLY)
    reader.enable_load_extension(True)
    reader.load_extension(sqlite_vec.loadable_path())
    return reader


def ensure_prototypes(folder: Path) -> None:
    from mediasift.core.store.connection import connect

    conn = connect(folder / "library.db")
    try:
        ensure_prototype_tables(conn, "vec_m1")
    finally:
        conn.close()


def geometry_stats(conn, table: str, query_vectors: np.ndarray) -> dict[str, float]:
    """Typical similarities, to show the data looks like CLIP's (see calibration.py)."""
    out: dict[str, float] = {}
    for name in KIND_NAMES:
        rows = conn.execute(
            f"SELECT embedding FROM {table} WHERE segment_kind = ? LIMIT 2000", (name,)
        ).fetchall()
        if len(rows) < 2:
            continue
        v = np.frombuffer(b"".join(r[0] for r in rows), np.float32).reshape(-1, DIM)
        pair = v @ v.T
        out[f"{name}: median cosine between two items"] = float(
            np.median(pair[np.triu_indices(len(v), 1)])
        )
        out[f"{name}: median cosine to a query"] = float(np.median(query_vectors @ v.T))
    return out


if __name__ == "__main__":
    cache = Path(os.environ.get("MEDIASIFT_BENCH_CACHE", "/tmp/mediasift-bench"))
    for size in [int(a) for a in sys.argv[1:]] or [10_000]:
        print(build(cache, size))
