"""Query latency at 10k, 100k and 1M segments: the current search path and faster prototypes.

    .venv/bin/python bench/bench_query.py                 # 10k, 100k, 1M (builds stores once)
    .venv/bin/python bench/bench_query.py --quick         # 10k only, few queries
    .venv/bin/python bench/bench_query.py --sizes 100000  # one size

Stores are synthetic libraries in MediaSift's schema (see ``synthetic_store.py``), built in
bulk once and cached under ``/tmp/mediasift-bench/stores``. Every figure is the product's
``Searcher.search`` (text query to grouped, calibrated results, limit 20) with a stand-in
text encoder that returns a fixed vector, so the encoder's own time is excluded; the real
ViT-B-32 text encoder (random weights) is timed separately. ``knn`` is the vector part
alone (one KNN per segment kind, k = 83 as the searcher asks).

Approaches (only ``exact-vec0`` is in core today; the others are prototypes in this file,
installed into the store in place of ``VectorIndex`` so the rest of the search is
unchanged). Every prototype reads float vectors (re-scoring, the searcher's scoring of
full-text hits, background samples) from an ordinary ``id INTEGER PRIMARY KEY`` table,
because a ``vec0`` point lookup costs 30-150 us against ~1 us:

* ``exact-vec0``: the current path, sqlite-vec ``vec0`` float[512] cosine KNN per kind
  partition (exact brute force).
* ``bits-vec0-R``: sqlite-vec's own Hamming KNN on a ``vec0`` ``bit[512]`` table (sign
  bits of the vector minus its kind's mean, same partition key and metadata columns), the
  best R re-scored exactly with their float vectors.
* ``bits-numpy-R``: the same centred codes, kept in a narrow ordinary table and loaded
  into NumPy at start-up (64 bytes a segment, stored column-wise), Hamming distance by
  ``bitwise_count``, the best R re-scored exactly.
* ``bitsraw-numpy-R``: the same with plain sign bits (``vec_quantize_binary``, no mean
  subtracted), to show what centring buys.
* ``f32-numpy``: every float vector in NumPy, exact BLAS product (a reference point: 2 KB a
  segment in RAM).
* ``+lean``: the same with the searcher looking up rows and thumbnails only for the moments
  that can reach the page (``lean_searcher_class``), a change to ``searcher.py``.

Recall@10 is measured per query and segment kind against the exact top 10 computed by
brute force over every vector when the store was built.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import numpy as np
import synthetic_store as synth

HERE = Path(__file__).resolve()
LIMIT = 20
K = LIMIT * 4 + 3  # what Searcher asks each KNN for at the default limit (OVERFETCH 4)
SIZES = (10_000, 100_000, 1_000_000)
GROUPS = {
    # worker group -> approaches measured in one process, one after the other
    "sqlite": ["exact-vec0", "exact-vec0+lean", "bits-vec0-100"],
    "numpy-bits": [
        "bitsraw-numpy-400",
        "bits-numpy-200",
        "bits-numpy-400",
        "bits-numpy-1000",
        "bits-numpy-400+lean",
        "bits-numpy-1000+lean",
    ],
    "numpy-f32": ["f32-numpy", "f32-numpy+lean"],
}
QUICK_GROUPS = {
    "sqlite": ["exact-vec0", "bits-vec0-100"],
    "numpy-bits": ["bitsraw-numpy-400", "bits-numpy-400", "bits-numpy-400+lean"],
}


# -- the prototypes --------------------------------------------------------------------------


def _filters(segment_kind, after, before, media_kinds, within) -> tuple[list[str], list]:
    sql = ["AND segment_kind = ?"]
    args: list[object] = [str(segment_kind)]
    if after is not None:
        sql.append("AND taken_at >= ?")
        args.append(float(after))
    if before is not None:
        sql.append("AND taken_at < ?")
        args.append(float(before))
    if media_kinds:
        sql.append(f"AND media_kind IN ({','.join('?' * len(media_kinds))})")
        args.extend(str(k) for k in media_kinds)
    if within is not None:
        sql.append("AND rowid IN (SELECT value FROM json_each(?))")
        args.append("[" + ",".join(str(int(i)) for i in within) + "]")
    return sql, args


def _plain_vectors(conn, table: str, segment_ids: Sequence[int]) -> dict[int, np.ndarray]:
    """Float vectors by id from the ordinary ``{table}_f32`` table (B-tree lookups)."""
    found: dict[int, np.ndarray] = {}
    ids = list(segment_ids)
    for start in range(0, len(ids), 30_000):
        part = ids[start : start + 30_000]
        rows = conn.execute(
            f"SELECT id, embedding FROM {table}_f32 WHERE id IN (SELECT value FROM json_each(?))",
            ("[" + ",".join(map(str, part)) + "]",),
        )
        for segment_id, blob in rows:
            found[segment_id] = np.frombuffer(blob, dtype=np.float32)
    return found


def _rescore(index, model, query: np.ndarray, ids: Sequence[int], k: int):
    """Exact cosine of the candidates, from their float vectors."""
    if len(ids) == 0:
        return []
    found = index.vectors(model, ids)
    keys = np.fromiter(found.keys(), dtype=np.int64, count=len(found))
    matrix = np.stack(list(found.values()))
    sims = matrix @ query.astype(np.float32)
    top = np.argsort(-sims)[:k]
    return [(int(keys[i]), float(sims[i])) for i in top]


def _plain_index_class():
    from mediasift.core.store.vectors import VectorIndex

    class PlainVectors(VectorIndex):
        """``vectors()`` from the ordinary float table (the searcher's scoring of full-text
        hits and its background samples go through it too)."""

        def vectors(self, model, segment_ids):
            return _plain_vectors(self._conn, model.table, segment_ids)

    return PlainVectors


def make_bits_vec0(base, depth: int):
    from mediasift.core.store.vectors import MAX_K

    class BitsVec0(_plain_index_class()):
        """sqlite-vec Hamming KNN on the vec0 bit[512] table, float re-scoring of ``depth``."""

        def knn(
            self,
            model,
            query,
            k,
            segment_kind,
            *,
            after=None,
            before=None,
            within=None,
            media_kinds=None,
        ):
            if within is not None and not within:
                return []
            bits = synth.pack_bits(query[None, :])[0].tobytes()
            sql, args = _filters(segment_kind, after, before, media_kinds, within)
            rows = self._conn.execute(
                f"SELECT rowid FROM {model.table}_bits WHERE bits MATCH vec_bit(?) "
                f"AND k = ? {' '.join(sql)}",
                (bits, min(max(depth, k), MAX_K), *args),
            )
            return _rescore(self, model, query, [r[0] for r in rows], k)

    return BitsVec0(base._conn)


class CodeIndex:
    """One segment kind's codes in RAM: ids, 64-byte codes stored column-wise (8 x n uint64,
    so the Hamming distance is 8 vector passes), dates and kinds of file for the filters."""

    def __init__(self, ids, codes, taken, media) -> None:
        self.ids = ids
        self.columns = np.ascontiguousarray(codes.reshape(-1, 8).T)
        self.taken = taken
        self.media = media

    def nbytes(self) -> int:
        return self.ids.nbytes + self.columns.nbytes + self.taken.nbytes + self.media.nbytes

    @staticmethod
    def nearest(distance: np.ndarray, take: int) -> np.ndarray:
        """Positions of the ``take`` smallest distances: a histogram of the 513 possible
        distances finds the cut-off, several times cheaper than ``argpartition`` on a
        million entries."""
        counts = np.bincount(distance, minlength=513)
        cutoff = int(np.searchsorted(np.cumsum(counts), take))
        below = np.flatnonzero(distance < cutoff)
        ties = np.flatnonzero(distance == cutoff)[: take - len(below)]
        return np.concatenate([below, ties])

    def distances(self, code: np.ndarray) -> np.ndarray:
        distance = np.bitwise_count(self.columns[0] ^ code[0]).astype(np.uint16)
        for j in range(1, 8):
            distance += np.bitwise_count(self.columns[j] ^ code[j])
        return distance


def index_mb(index) -> float:
    """What a prototype holds in RAM (its arrays), in MB; 0 for the SQLite-only paths."""
    parts = getattr(index, "parts", {})
    total = 0
    for part in parts.values():
        total += part.nbytes() if isinstance(part, CodeIndex) else sum(a.nbytes for a in part)
    return total / 1e6


def make_bits_numpy(base, model, depth: int, column: str = "code"):
    class BitsNumpy(_plain_index_class()):
        """Sign codes of every segment in RAM, loaded from the SQLite file at start-up;
        Hamming distance in NumPy, exact float re-scoring of the best ``depth``."""

        def __init__(self, conn) -> None:
            super().__init__(conn)
            self.parts: dict[str, CodeIndex] = {}
            media_codes = {"photo": 0, "video": 1, "audio": 2}
            self.media_codes = media_codes
            for kind in synth.KIND_NAMES:
                # Streamed in slices into preallocated arrays: a million rows fetched at
                # once would hold ~200 MB of Python objects for a moment.
                n = conn.execute(
                    f"SELECT count(*) FROM {model.table}_codes WHERE segment_kind = ?", (kind,)
                ).fetchone()[0]
                ids = np.empty(n, np.int64)
                codes = np.empty((n, 64), np.uint8)
                taken = np.empty(n, np.float64)
                media = np.empty(n, np.int8)
                cursor = conn.execute(
                    f"SELECT id, media_kind, taken_at, {column} FROM {model.table}_codes "
                    "WHERE segment_kind = ? ORDER BY id",
                    (kind,),
                )
                at = 0
                while rows := list(itertools.islice(cursor, 20_000)):
                    end = at + len(rows)
                    ids[at:end] = [r[0] for r in rows]
                    taken[at:end] = [r[2] if r[2] is not None else np.nan for r in rows]
                    media[at:end] = [media_codes[r[1]] for r in rows]
                    codes[at:end] = np.frombuffer(b"".join(r[3] for r in rows), np.uint8).reshape(
                        -1, 64
                    )
                    at = end
                self.parts[kind] = CodeIndex(
                    ids[:at], codes[:at].view(np.uint64), taken[:at], media[:at]
                )

        def knn(
            self,
            model,
            query,
            k,
            segment_kind,
            *,
            after=None,
            before=None,
            within=None,
            media_kinds=None,
        ):
            part = self.parts[str(segment_kind)]
            if len(part.ids) == 0 or (within is not None and not within):
                return []
            code = synth.pack_bits(query[None, :])[0].view(np.uint64)
            distance = part.distances(code)
            mask = None
            if after is not None:
                mask = part.taken >= after
            if before is not None:
                mask = (part.taken < before) if mask is None else mask & (part.taken < before)
            if media_kinds:
                m = np.isin(part.media, [self.media_codes[str(x)] for x in media_kinds])
                mask = m if mask is None else mask & m
            if within is not None:
                m = np.isin(part.ids, np.fromiter(within, np.int64))
                mask = m if mask is None else mask & m
            if mask is not None:
                distance[~mask] = np.iinfo(np.uint16).max
            take = min(max(depth, k), len(part.ids))
            best = part.nearest(distance, take)
            if mask is not None:
                best = best[mask[best]]
            return _rescore(self, model, query, part.ids[best].tolist(), k)

    return BitsNumpy(base._conn)


def make_f32_numpy(base, model):
    class F32Numpy(_plain_index_class()):
        """Every float vector in RAM: exact, and 2 KB a segment."""

        def __init__(self, conn) -> None:
            super().__init__(conn)
            self.parts = {}
            for kind in synth.KIND_NAMES:
                rows = conn.execute(
                    f"SELECT c.id, f.embedding FROM {model.table}_codes c JOIN "
                    f"{model.table}_f32 f ON f.id = c.id WHERE c.segment_kind = ?",
                    (kind,),
                ).fetchall()
                ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
                matrix = np.frombuffer(b"".join(r[1] for r in rows), np.float32)
                self.parts[kind] = (ids, matrix.reshape(-1, synth.DIM).copy())
                del rows

        def knn(self, model, query, k, segment_kind, **filters):
            ids, matrix = self.parts[str(segment_kind)]
            sims = matrix @ query.astype(np.float32)
            take = min(k, len(ids))
            best = np.argpartition(-sims, take - 1)[:take]
            best = best[np.argsort(-sims[best])]
            return [(int(ids[i]), float(sims[i])) for i in best]

    return F32Numpy(base._conn)


COMMON_TERM_SHARE = 0.05
"""Full-text terms found in more than this share of all lines are left out of the MATCH."""


def lean_searcher_class():
    """The searcher with two changes, both to ``searcher.py``:

    * grouping looks up full rows and thumbnails only for the moments that can reach the
      page (today every candidate's row is built and its thumbnail looked up on disk);
      candidates are first grouped by one light query (segment id -> media id, status);
    * the full-text MATCH leaves out terms found in more than ``COMMON_TERM_SHARE`` of the
      lines ("the", "my", "at"): FTS5 ranks every line matching any term, so one common
      word costs a BM25 score for most of the lines in the library. Their weight in the
      coverage score is tiny anyway (IDF), and the scoring still uses every word.
    """
    from collections import defaultdict

    from mediasift.core import fulltext
    from mediasift.core.search.searcher import (
        FULLTEXT_LIMIT,
        MOMENTS_PER_FILE,
        Searcher,
        fulltext_score,
    )

    class LeanSearcher(Searcher):
        def _group(self, scores, query):
            filtered = (
                query.kinds is not None
                or query.after is not None
                or query.before is not None
                or query.under is not None
                or query.min_score is not None
            )
            if filtered:
                return super()._group(scores, query)
            by_media: dict[int, list[tuple[float, int]]] = defaultdict(list)
            ids = list(scores)
            for start in range(0, len(ids), 30_000):
                rows = self._store.conn.execute(
                    "SELECT s.id, s.media_id FROM json_each(?) j "
                    "CROSS JOIN segments s ON s.id = j.value "
                    "CROSS JOIN media m ON m.id = s.media_id WHERE m.status = 'indexed'",
                    ("[" + ",".join(map(str, ids[start : start + 30_000])) + "]",),
                )
                for segment_id, media_id in rows:
                    by_media[media_id].append((scores[segment_id][0], segment_id))
            ranked = sorted(by_media.values(), key=lambda e: max(e)[0], reverse=True)
            keep = {
                segment_id
                for entries in ranked[: query.limit]
                for _, segment_id in sorted(entries, reverse=True)[:MOMENTS_PER_FILE]
            }
            return super()._group({s: v for s, v in scores.items() if s in keep}, query)

        def _fulltext(self, text):
            expression = fulltext.match_expression(text)
            if expression is None:
                return []
            words = fulltext.tokens(text)
            counts, lines = self._store.fulltext_document_counts(sorted(set(words)))
            terms = expression.split(" OR ")
            single = [t for t in terms if " " not in t]
            kept = [
                t
                for t in terms
                if " " in t or counts.get(t.strip('"'), 0) <= COMMON_TERM_SHARE * lines
            ]
            if not kept and single:
                kept = [min(single, key=lambda t: counts.get(t.strip('"'), 0))]
            hits = self._store.fulltext_hits(" OR ".join(kept), FULLTEXT_LIMIT)
            weights = {w: fulltext.idf(counts.get(w, 0), lines) for w in words}
            return [
                (segment_id, fulltext_score(fulltext.coverage(words, body.split(), weights)))
                for segment_id, body in hits
            ]

    return LeanSearcher


# -- the worker -------------------------------------------------------------------------------


class FixedEncoder:
    """Stands in for the CLIP text tower: returns the vector set before each search."""

    model_id = synth.MODEL_NAME
    image_size = 224

    def __init__(self) -> None:
        self.current = np.zeros(synth.DIM, np.float32)

    def preprocess(self, image):
        raise NotImplementedError

    def encode_images(self, batch):
        raise NotImplementedError

    def encode_texts(self, texts):
        return np.stack([self.current for _ in texts])


def time_text_encoder(cache: Path, repeats: int) -> dict[str, object]:
    """Load the real ViT-B-32 (random weights) and time one query's text encoding, with all
    cores and with one thread (torch's OpenMP threads spin; with another program busy on
    the machine, one thread is often faster)."""
    import torch

    from mediasift.core.config import ClipChoice
    from mediasift.core.models.clip import load_clip_encoder
    from mediasift.core.models.clip_source import resolve_clip_source

    checkpoint = common.random_clip_checkpoint(cache)
    before = common.rss_mb()
    clock = common.Stopwatch()
    source = resolve_clip_source(ClipChoice("ViT-B-32", str(checkpoint)), cache / "models")
    cores = os.cpu_count() or 1
    encoder = load_clip_encoder(source, offline=True, threads=cores)
    out: dict[str, object] = {
        "load_s": clock.elapsed,
        "rss_mb": common.rss_mb() - before,
        "peak_load_mb": common.peak_rss_mb(),
    }
    texts = synth.QUERY_TEXTS
    for threads in sorted({cores, 1}, reverse=True):
        torch.set_num_threads(threads)
        times: list[float] = []
        for i in range(repeats + 2):
            c = common.Stopwatch()
            encoder.encode_texts([texts[i % len(texts)]])
            if i >= 2:
                times.append(c.elapsed * 1000)
        out[f"p50_ms_{threads}"] = common.percentile(times, 50)
        out[f"p95_ms_{threads}"] = common.percentile(times, 95)
    torch.set_num_threads(cores)
    out["_encoder"] = encoder
    return out


def recall(found: Sequence[int], truth: np.ndarray, at: int) -> float:
    return len(set(found[:at]) & set(truth[:at].tolist())) / min(at, len(truth))


def worker(args) -> dict:
    from mediasift.core.index.thumbnails import ThumbnailCache
    from mediasift.core.kinds import SegmentKind
    from mediasift.core.search.query import Query
    from mediasift.core.search.searcher import Searcher
    from mediasift.core.store import Store

    folder = synth.store_dir(args.cache, args.size)
    truth = np.load(folder / "truth.npz")
    queries = truth["queries"][: args.queries]
    approaches = args.approaches.split(",")
    out: dict[str, object] = {"size": args.size, "rows": []}
    encoder_stats = None
    if args.text_encoder:
        encoder_stats = time_text_encoder(args.cache, 30)
        keep_loaded = encoder_stats.pop("_encoder")  # noqa: F841  (counts in this RSS)
        out["text_encoder"] = encoder_stats
    # From here on the peak is the serving peak: loading the checkpoint briefly holds it
    # twice, which is a start-up cost, not a serving one.
    out["peak_reset"] = common.reset_peak_rss()
    store = Store(folder / "library.db", readonly=True)
    model = store.vectors.model_named(synth.MODEL_NAME)
    base = store.vectors
    fixed = FixedEncoder()
    thumbs = ThumbnailCache(Path(tempfile.mkdtemp(prefix="thumbs-", dir=args.cache)))
    for approach in approaches:
        clock = common.Stopwatch()
        name, _, variant = approach.partition("+")
        tail = name.rsplit("-", 1)[1]
        depth = int(tail) if tail.isdigit() else 0
        if name == "exact-vec0":
            index = base
        elif name.startswith("bits-vec0-"):
            index = make_bits_vec0(base, depth)
        elif name.startswith("bits-numpy-"):
            index = make_bits_numpy(base, model, depth)
        elif name.startswith("bitsraw-numpy-"):
            index = make_bits_numpy(base, model, depth, column="code_raw")
        elif name == "f32-numpy":
            index = make_f32_numpy(base, model)
        else:
            raise SystemExit(f"unknown approach {approach}")
        load_s = clock.elapsed
        load_mb = index_mb(index)
        store.vectors = index
        searcher_class = lean_searcher_class() if variant == "lean" else Searcher
        searcher = searcher_class(store, fixed, thumbs)
        n_queries = len(queries)
        if name == "exact-vec0":
            n_queries = min(n_queries, args.exact_queries)
        # warm-up: the background samples (cached 10 min by the searcher) and the page cache
        for q in queries[:2]:
            fixed.current = q
            searcher.search(Query(text=synth.QUERY_TEXTS[0], limit=LIMIT))
        knn_ms, search_ms, r10, r83 = [], [], [], []
        by_kind: dict[str, list[float]] = {k: [] for k in synth.KIND_NAMES}
        monitor = common.LoadMonitor()
        for i, q in enumerate(queries[:n_queries]):
            kinds_found = {}
            c = common.Stopwatch()
            for kind in (SegmentKind.IMAGE, SegmentKind.FRAME, SegmentKind.SPEECH):
                kinds_found[kind] = [sid for sid, _ in index.knn(model, q, K, kind)]
            knn_ms.append(c.elapsed * 1000)
            fixed.current = q
            c = common.Stopwatch()
            results = searcher.search(
                Query(text=synth.QUERY_TEXTS[i % len(synth.QUERY_TEXTS)], limit=LIMIT)
            )
            search_ms.append(c.elapsed * 1000)
            assert results, "a search returned nothing"
            for kind, found in kinds_found.items():
                exact = truth[f"ids_{kind}"][i]
                r10.append(recall(found, exact, 10))
                by_kind[str(kind)].append(r10[-1])
                r83.append(recall(found, exact, K))
        load = monitor.result()
        out["rows"].append(
            {
                "approach": approach,
                "queries": n_queries,
                "knn_p50": common.percentile(knn_ms, 50),
                "knn_p95": common.percentile(knn_ms, 95),
                "search_p50": common.percentile(search_ms, 50),
                "search_p95": common.percentile(search_ms, 95),
                "recall10": float(np.mean(r10)),
                "recall10_min": float(np.min(r10)),
                "recall83": float(np.mean(r83)),
                "recall10_by_kind": [float(np.mean(by_kind[k])) for k in synth.KIND_NAMES],
                "load_s": load_s,
                "index_mb": load_mb,
                "rss_mb": common.rss_mb(),
                "peak_rss_mb": common.peak_rss_mb(),
                "foreign_cores": load["foreign_cores"],
            }
        )
        store.vectors = base
        del index, searcher
    store.close()
    return out


# -- the driver -------------------------------------------------------------------------------


def main() -> int:
    parser = common.base_parser(__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated segment counts (default 10k,100k,1M)")
    parser.add_argument("--queries", type=int, help="queries per approach (default 100)")
    parser.add_argument(
        "--exact-queries",
        type=int,
        help="queries for the slow exact paths (default 100, 50 at 100k, 10 at 1M)",
    )
    parser.add_argument("--groups", help="only these worker groups (sqlite,numpy-bits,numpy-f32)")
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--size", type=int)
    parser.add_argument("--approaches")
    parser.add_argument("--text-encoder", action="store_true")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args)))
        return 0

    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else [10_000]
        if args.quick
        else list(SIZES)
    )
    groups = QUICK_GROUPS if args.quick else GROUPS
    if args.groups:
        groups = {g: a for g, a in groups.items() if g in args.groups.split(",")}
    machine = common.machine_description()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    results: dict[str, object] = {"machine": machine, "sizes": {}}
    for size in sizes:
        folder = synth.build(args.cache, size)
        synth.ensure_prototypes(folder)
        meta = json.loads((folder / "meta.json").read_text())
        print(
            f"\nstore of {size:,} segments: {meta['kinds']}, {meta['media']:,} files, "
            f"{meta['file_mb']:.0f} MB, built in {meta['build_s']:.0f} s"
        )
        for name, value in meta["geometry"].items():
            print(f"  {name}: {value:.2f}")
        queries = args.queries or (20 if args.quick else 100)
        exact = args.exact_queries or (queries if size <= 10_000 else 50 if size <= 100_000 else 10)
        common.quiet_machine(wait_s=0 if args.quick else 60)
        rows, encoder = [], None
        for i, (group, approaches) in enumerate(groups.items()):
            with_model = (not args.quick) or i == 0
            out = common.run_worker(
                HERE,
                [
                    "--worker",
                    "--cache",
                    str(args.cache),
                    "--size",
                    str(size),
                    "--approaches",
                    ",".join(approaches),
                    "--queries",
                    str(queries),
                    "--exact-queries",
                    str(min(exact, queries)),
                    *(["--text-encoder"] if with_model else []),
                ],
            )
            encoder = encoder or out.get("text_encoder")
            for row in out["rows"]:
                row["group"] = group
                row["with_model"] = with_model
                rows.append(row)
        common.print_table(
            f"Search latency at {size:,} segments (Searcher.search, limit {LIMIT}, "
            "text encoder excluded)",
            [
                "approach",
                "queries",
                "search p50 ms",
                "search p95 ms",
                "knn p50 ms",
                "knn p95 ms",
                "recall@10",
                "min recall@10",
                "recall@10 image/frame/speech",
                f"recall@{K}",
                "load s",
                "index MB",
                "peak RSS serving MB",
                "foreign",
            ],
            [
                [
                    r["approach"],
                    r["queries"],
                    r["search_p50"],
                    r["search_p95"],
                    r["knn_p50"],
                    r["knn_p95"],
                    r["recall10"],
                    r["recall10_min"],
                    "/".join(f"{v:.2f}" for v in r["recall10_by_kind"]),
                    r["recall83"],
                    r["load_s"],
                    r["index_mb"],
                    f"{r['peak_rss_mb']:.0f}" + ("" if r["with_model"] else " (no model)"),
                    r["foreign_cores"],
                ]
                for r in rows
            ],
        )
        if encoder:
            timings = "; ".join(
                f"{key.rsplit('_', 1)[1]} thread(s) p50 {encoder[key]:.1f} ms, "
                f"p95 {encoder[key.replace('p50', 'p95')]:.1f} ms"
                for key in encoder
                if key.startswith("p50_ms_")
            )
            print(
                f"\nViT-B-32 text encoder (random weights), one query: {timings}; "
                f"load {encoder['load_s']:.1f} s, +{encoder['rss_mb']:.0f} MB RSS, "
                f"peak while loading {encoder['peak_load_mb']:.0f} MB"
            )
        results["sizes"][size] = {"meta": meta, "rows": rows, "text_encoder": encoder}
    common.write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
