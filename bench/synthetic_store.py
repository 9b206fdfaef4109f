"""Synthetic libraries for bench_query.py: 10k to 1M segments in MediaSift's own schema.

A store is made in bulk, but only through core's own code for everything search reads
from the vector side: ``Store`` runs the migrations (catalog tables, FTS5),
``VectorIndex.ensure_model`` creates the per-model tables (``vec_m<id>`` floats,
``vec_m<id>_codes`` binary codes, ``vec_m<id>_center`` per-kind means) and every vector
goes in through ``VectorIndex.add``, in id order, in batches cut so that each kind is
re-centred at exactly 1,000, 10,000 and 100,000 rows, as a library indexed a few files at
a time would be (``add`` re-centres a kind when it first reaches 1,000 rows and again at
each tenfold growth). The catalog rows (media, segments, full text) are bulk SQL:

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
  ``truth.npz`` so that the approximate search's recall is measured against it.

A cached store is rebuilt by itself when ``core/store/migrations.py`` or
``core/store/vectors.py`` changes (their text is part of the folder name).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DIM = 512
VERSION = "v2"
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
    """A fingerprint of core's schema and vector-writing code: a store built by other code
    is rebuilt (codes, centring and table layout all come from these two files)."""
    import hashlib

    from mediasift.core.store import migrations, vectors

    digest = hashlib.blake2b(digest_size=4)
    for module in (migrations, vectors):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def store_dir(cache: Path, n: int) -> Path:
    return cache / "stores" / f"synthetic-{n}-{VERSION}-{schema_tag()}"


def is_built(cache: Path, n: int) -> bool:
    return (store_dir(cache, n) / "meta.json").is_file()


def recentre_cuts(kinds: np.ndarray, first: int = 1000) -> set[int]:
    """Positions (in id order, exclusive ends) where some kind reaches 1,000, 10,000,
    100,000... rows: a batch ending there makes ``add`` re-centre that kind at exactly that
    size, as in a library grown a few files at a time."""
    cuts: set[int] = set()
    for kind in range(len(KIND_NAMES)):
        positions = np.flatnonzero(kinds == kind)
        size = first
        while size <= len(positions):
            cuts.add(int(positions[size - 1]) + 1)
            size *= 10
    return cuts


def build(
    cache: Path, n: int, *, seed: int = 0, batch: int = CHUNK, folder: Path | None = None
) -> Path:
    """Build (once) the store of ``n`` segments; returns its folder. ``batch`` is the most
    vectors per ``VectorIndex.add`` call (and transaction); ``folder`` builds elsewhere
    than the cache, for :func:`check_equivalence`."""
    if folder is None:
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
    from mediasift.core.kinds import MediaKind, SegmentKind
    from mediasift.core.store.store import Store
    from mediasift.core.store.vectors import VectorRow

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
    media_of: list[tuple[str, float]] = []  # per segment: (media kind, taken_at)
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
            media_of.append((kind, taken_at))
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
                media_of.append((kind, taken_at))
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
                media_of.append((kind, taken_at))
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
    catalog_s = time.perf_counter() - started
    print(f"  catalog written ({catalog_s:.0f} s)", file=sys.stderr)

    kinds_a = np.array(kinds, dtype=np.int8)
    topics_a = np.array(seg_topics, dtype=np.int32)
    groups_a = np.array(groups, dtype=np.int32)
    del kinds, seg_topics, groups
    group_vectors = space.random_directions(group_count, nrng)
    truth_ids = {k: np.zeros((QUERIES, 0), np.int64) for k in range(3)}
    truth_sims = {k: np.zeros((QUERIES, 0), np.float32) for k in range(3)}
    counts = np.zeros(3, np.int64)
    segment_kinds = [SegmentKind(name) for name in KIND_NAMES]
    cuts = sorted(recentre_cuts(kinds_a) | set(range(batch, n, batch)))
    weights_of = np.array([WEIGHTS[name] for name in KIND_NAMES], np.float32)
    means_of = np.stack([space.means[name] for name in KIND_NAMES])
    add_s = 0.0
    for lo in range(0, n, CHUNK):  # vectors drawn per chunk: the same whatever ``batch``
        hi = min(n, lo + CHUNK)
        k = kinds_a[lo:hi]
        w = np.sqrt(weights_of[k])
        own = space.random_directions(hi - lo, nrng)
        vectors = _unit_rows(
            w[:, :1] * means_of[k]
            + w[:, 1:2] * space.topics[topics_a[lo:hi]]
            + w[:, 2:3] * group_vectors[groups_a[lo:hi]]
            + w[:, 3:4] * own
        )
        ids = np.arange(lo + 1, hi + 1)
        ends = [c - lo for c in cuts if lo < c < hi] + [hi - lo]
        start = 0
        for end in ends:  # one add (and transaction) per batch, as the indexer's writer
            rows = [
                VectorRow(
                    int(ids[i]),
                    segment_kinds[k[i]],
                    MediaKind(media_of[lo + i][0]),
                    media_of[lo + i][1],
                    vectors[i],
                )
                for i in range(start, end)
            ]
            clock = time.perf_counter()
            with conn:
                store.vectors.add(model, rows)
            add_s += time.perf_counter() - clock
            start = end
        sims = query_vectors @ vectors.T
        for kind in range(3):
            mask = k == kind
            if not mask.any():
                continue
            counts[kind] += int(mask.sum())
            all_ids = np.concatenate(
                [truth_ids[kind], np.broadcast_to(ids[mask], (QUERIES, int(mask.sum())))], axis=1
            )
            all_sims = np.concatenate([truth_sims[kind], sims[:, mask]], axis=1)
            keep = min(TRUTH_K, all_sims.shape[1])
            top = np.argpartition(-all_sims, keep - 1, axis=1)[:, :keep]
            truth_ids[kind] = np.take_along_axis(all_ids, top, axis=1)
            truth_sims[kind] = np.take_along_axis(all_sims, top, axis=1)
        print(
            f"  vectors {hi:,}/{n:,} ({time.perf_counter() - started:.0f} s, "
            f"VectorIndex.add {add_s:.0f} s)",
            file=sys.stderr,
        )
    for kind in range(3):  # sort each query's truth, best first
        order = np.argsort(-truth_sims[kind], axis=1)
        truth_ids[kind] = np.take_along_axis(truth_ids[kind], order, axis=1)
        truth_sims[kind] = np.take_along_axis(truth_sims[kind], order, axis=1)
    np.savez(
        folder / "truth.npz",
        queries=query_vectors,
        **{f"ids_{KIND_NAMES[k]}": truth_ids[k] for k in range(3)},
        **{f"sims_{KIND_NAMES[k]}": truth_sims[k] for k in range(3)},
    )
    centring = {
        r[0]: {"rows": r[1], "centred": r[2], "centred_rows": r[3]}
        for r in conn.execute(
            f"SELECT segment_kind, rows, centred, centred_rows FROM {model.table}_center"
        )
    }
    stats = geometry_stats(conn, model.table, query_vectors)
    conn.execute("PRAGMA journal_mode = WAL")  # as the product leaves it
    store.close()
    meta = {
        "segments": n,
        "media": len(plan.media),
        "kinds": {KIND_NAMES[k]: int(counts[k]) for k in range(3)},
        "topics": len(space.topics),
        "events": int(group_count),
        "model": MODEL_NAME,
        "table": model.table,
        "build_s": time.perf_counter() - started,
        "catalog_s": catalog_s,
        "add_s": add_s,
        "centring": centring,
        "file_mb": (folder / "library.db").stat().st_size / 1e6,
        "geometry": stats,
    }
    (folder / "meta.json").write_text(json.dumps(meta, indent=2))
    print(
        f"  built in {meta['build_s']:.0f} s (VectorIndex.add {add_s:.0f} s), "
        f"{meta['file_mb']:.0f} MB",
        file=sys.stderr,
    )
    return folder


def geometry_stats(conn, table: str, query_vectors: np.ndarray) -> dict[str, float]:
    """Typical similarities, to show the data looks like CLIP's (see calibration.py)."""
    out: dict[str, float] = {}
    for name in KIND_NAMES:
        rows = conn.execute(
            f"SELECT v.embedding FROM {table}_codes c JOIN {table} v ON v.id = c.id "
            "WHERE c.segment_kind = ? LIMIT 2000",
            (name,),
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


def _dump(path: Path) -> dict[str, list[tuple]]:
    from mediasift.core.store.connection import connect

    conn = connect(path, readonly=True)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("vec_m1", "vec_m1_codes", "vec_m1_center")
        } | {"codes_recomputed": _recomputed_codes(conn)}
    finally:
        conn.close()


def _recomputed_codes(conn) -> list[tuple]:
    """Every code recomputed in NumPy from its float vector and its kind's stored mean:
    what ``vec_quantize_binary(vec_sub(v, mean))`` must equal, bit for bit."""
    means = {
        kind: np.frombuffer(mean, np.float32)
        for kind, mean in conn.execute("SELECT segment_kind, mean FROM vec_m1_center")
    }
    rows = conn.execute(
        "SELECT c.segment_kind, c.id, v.embedding, c.code FROM vec_m1_codes c "
        "JOIN vec_m1 v ON v.id = c.id ORDER BY 1, 2"
    ).fetchall()
    out = []
    for kind, segment_id, embedding, code in rows:
        vector = np.frombuffer(embedding, np.float32)
        mine = np.packbits((vector - means[kind]) > 0, bitorder="little").tobytes()
        out.append((kind, segment_id, mine == bytes(code)))
    return out


def check_equivalence(cache: Path, n: int = 10_000) -> bool:
    """Build ``n`` segments twice, with ``add`` batches of 50,000 and of 16 vectors (what the
    indexer writes per transaction), and compare the three vector tables row for row; and
    check every stored code against NumPy's sign bits of (vector - stored mean)."""
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        big = build(cache, n, batch=CHUNK, folder=Path(tmp) / "big")
        small = build(cache, n, batch=16, folder=Path(tmp) / "small")
        a, b = _dump(big / "library.db"), _dump(small / "library.db")
    same = True
    for table in a:
        if table == "codes_recomputed":
            bad = sum(1 for row in a[table] if not row[2]) + sum(1 for r in b[table] if not r[2])
            print(f"{table}: {len(a[table]):,} codes, {bad} differ from NumPy's")
            same &= bad == 0
        else:
            equal = a[table] == b[table]
            print(
                f"{table}: {len(a[table]):,} rows, batches of 50,000 vs 16: "
                f"{'identical' if equal else 'DIFFERENT'}"
            )
            same &= equal
    return same


if __name__ == "__main__":
    cache = Path(os.environ.get("MEDIASIFT_BENCH_CACHE", "/tmp/mediasift-bench"))
    cache.mkdir(parents=True, exist_ok=True)
    if sys.argv[1:2] == ["--check"]:
        sys.exit(0 if check_equivalence(cache) else 1)
    for size in [int(a) for a in sys.argv[1:]] or [10_000]:
        print(build(cache, size))
