"""Query latency and recall at 10k, 100k and 1M segments, on core's current search path.

    .venv/bin/python bench/bench_query.py                 # 10k, 100k, 1M (builds stores once)
    .venv/bin/python bench/bench_query.py --quick         # 10k only, 10 queries, tiny text model
    .venv/bin/python bench/bench_query.py --sizes 100000  # one size
    .venv/bin/python bench/bench_query.py --approaches core   # without the exact baseline

Stores are synthetic libraries written through core's own ``Store`` and ``VectorIndex.add``
(see ``synthetic_store.py``), built once and cached under ``/tmp/mediasift-bench/stores``
(rebuilt when ``core/store/migrations.py`` or ``core/store/vectors.py`` changes). Every
figure is the product's ``Searcher.search`` (text query to grouped, calibrated results,
limit 20) with a stand-in text encoder that returns a fixed vector, so the encoder's own
time is excluded; the real ViT-B-32 text encoder (random weights) is timed apart.

Approaches, each in a fresh process of its own (so its memory is its own):

* ``core``: the product as it is: ``Store`` + ``VectorIndex`` (binary codes of each kind
  scanned in NumPy, the nearest few hundred re-scored exactly from the float table) +
  ``Searcher``. ``first search`` is the first ``Searcher.search`` on a freshly opened store
  (it loads the codes of the three kinds and draws the background samples; warm disk);
  ``codes load s`` is the loading of the codes alone; ``index MB`` what the loaded codes
  hold in RAM (ids, codes, dates, file kinds).
* ``exact-numpy``: a baseline for comparison, not a candidate: ``knn`` replaced by an exact
  product with every float vector held in RAM (2 KB a segment), the rest of the search
  unchanged.

``knn`` = the three per-kind KNN calls alone (k = 83, what the searcher asks at limit 20).
Recall@10 per query and kind against the exact top 10 computed by brute force over every
vector when the store was built.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository

import numpy as np

from bench import inputs, measure
from bench import synthetic_store as synth

HERE = Path(__file__).resolve()
LIMIT = 20
SIZES = (10_000, 100_000, 1_000_000)
APPROACHES = ("core", "exact-numpy")
TARGET_P50_MS = {100_000: 20.0, 1_000_000: 50.0}
TARGET_RECALL = 0.95


def searcher_k(limit: int = LIMIT) -> int:
    """What ``Searcher.search`` asks each KNN for (no negatives)."""
    from mediasift.core.search.searcher import MOMENTS_PER_FILE, OVERFETCH

    return limit * OVERFETCH + MOMENTS_PER_FILE


# -- the exact baseline -----------------------------------------------------------------------


def make_exact_numpy(conn):
    """``VectorIndex`` with an exact KNN over every float vector held in RAM (no filters:
    the benchmark's queries have none)."""
    from mediasift.core.store.vectors import VectorIndex

    class ExactNumpy(VectorIndex):
        def __init__(self, conn) -> None:
            super().__init__(conn)
            self.parts: dict[str, tuple[np.ndarray, np.ndarray]] = {}

        def load(self, model) -> None:
            for kind in synth.KIND_NAMES:
                rows = self._conn.execute(
                    f"SELECT c.id, v.embedding FROM {model.table}_codes c JOIN "
                    f"{model.table} v ON v.id = c.id WHERE c.segment_kind = ? ORDER BY c.id",
                    (kind,),
                ).fetchall()
                ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
                matrix = np.frombuffer(b"".join(r[1] for r in rows), np.float32)
                self.parts[kind] = (ids, matrix.reshape(-1, model.dim).copy())
                del rows

        def nbytes(self) -> int:
            return sum(ids.nbytes + matrix.nbytes for ids, matrix in self.parts.values())

        def knn(self, model, query, k, segment_kind, **filters):
            assert not any(v is not None for v in filters.values()), "no filters here"
            ids, matrix = self.parts[str(segment_kind)]
            if len(ids) == 0:
                return []
            sims = matrix @ np.asarray(query, np.float32)
            take = min(k, len(ids))
            best = np.argpartition(-sims, take - 1)[:take]
            best = best[np.argsort(-sims[best])]
            return [(int(ids[i]), float(sims[i])) for i in best]

    return ExactNumpy(conn)


def codes_nbytes(index) -> float:
    """What core's in-memory code index holds (its arrays), in bytes."""
    total = 0
    for codes in getattr(index, "_codes", {}).values():
        total += sum(
            getattr(codes, name).nbytes
            for name in ("ids", "columns", "taken", "media")
            if hasattr(codes, name)
        )
    return float(total)


def time_codes_load(conn, model) -> float:
    """Seconds to load the codes of every kind into a fresh ``VectorIndex`` (NaN if core's
    private loader moved: the first-search figure still covers it)."""
    from mediasift.core.store.vectors import VectorIndex

    fresh = VectorIndex(conn)
    loader = getattr(fresh, "_kind_codes", None)
    if loader is None:
        return float("nan")
    clock = measure.Stopwatch()
    for kind in synth.KIND_NAMES:
        loader(model, kind)
    return clock.elapsed


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


def time_text_encoder(
    cache: Path, repeats: int, model: str = "ViT-B-32", weights: Path | None = None
) -> dict[str, object]:
    """Load the real ViT-B-32 (random weights; a ``--quick`` run: the tests' tiny model) and
    time one query's text encoding, with all cores and with one thread (torch's OpenMP
    threads spin; with another program busy on the machine, one thread is often faster)."""
    import torch

    from mediasift.core.config import ClipChoice
    from mediasift.core.models.clip import load_clip_encoder
    from mediasift.core.models.clip_source import resolve_clip_source

    checkpoint = weights or inputs.random_clip_checkpoint(cache)
    before = measure.rss_mb()
    clock = measure.Stopwatch()
    source = resolve_clip_source(ClipChoice(model, str(checkpoint)), cache / "models")
    cores = os.cpu_count() or 1
    encoder = load_clip_encoder(source, offline=True, threads=cores)
    out: dict[str, object] = {
        "load_s": clock.elapsed,
        "rss_mb": measure.rss_mb() - before,
        "peak_load_mb": measure.peak_rss_mb(),
    }
    texts = synth.QUERY_TEXTS
    monitor = measure.LoadMonitor()
    for threads in sorted({cores, 1}, reverse=True):
        torch.set_num_threads(threads)
        times: list[float] = []
        for i in range(repeats + 2):
            c = measure.Stopwatch()
            encoder.encode_texts([texts[i % len(texts)]])
            if i >= 2:
                times.append(c.elapsed * 1000)
        out[f"p50_ms_{threads}"] = measure.percentile(times, 50)
        out[f"p95_ms_{threads}"] = measure.percentile(times, 95)
    out["foreign_cores"] = monitor.result()["foreign_cores"]
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
    from mediasift.core.store.store import Store

    folder = synth.store_dir(args.cache, args.size)
    truth = np.load(folder / "truth.npz")
    queries = truth["queries"][: args.queries]
    approach = args.approach
    k = searcher_k()
    out: dict[str, object] = {"size": args.size, "approach": approach}
    if args.text_encoder:
        encoder_stats = time_text_encoder(
            args.cache,
            args.encoder_repeats,
            args.clip_model,
            Path(args.clip_weights) if args.clip_weights else None,
        )
        keep_loaded = encoder_stats.pop("_encoder")  # noqa: F841  (counts in this RSS)
        out["text_encoder"] = encoder_stats
    # From here on the peak is the serving peak (loading a model is a start-up cost).
    out["peak_reset"] = measure.reset_peak_rss()
    rss_before = measure.rss_mb()
    store = Store(folder / "library.db", readonly=True)
    model = store.vectors.model_named(synth.MODEL_NAME)
    fixed = FixedEncoder()
    kinds = (SegmentKind.IMAGE, SegmentKind.FRAME, SegmentKind.SPEECH)
    with inputs.temporary_dir("thumbs-", args.cache) as thumbs_dir:
        thumbs = ThumbnailCache(thumbs_dir)
        load_s = float("nan")
        if approach == "exact-numpy":
            clock = measure.Stopwatch()
            store.vectors = make_exact_numpy(store.conn)
            store.vectors.load(model)
            load_s = clock.elapsed
        elif approach != "core":
            raise SystemExit(f"unknown approach {approach}")
        index = store.vectors
        searcher = Searcher(store, fixed, thumbs)
        # The first search on a fresh store: loads the codes and draws the backgrounds.
        fixed.current = queries[0]
        clock = measure.Stopwatch()
        first = searcher.search(Query(text=synth.QUERY_TEXTS[0], limit=LIMIT))
        first_ms = clock.elapsed * 1000
        assert first, "the first search returned nothing"
        if approach == "core":
            index_bytes = codes_nbytes(index)
            load_s = time_codes_load(store.conn, model)
        else:
            index_bytes = float(index.nbytes())
        for q in queries[1:3]:  # warm-up
            fixed.current = q
            searcher.search(Query(text=synth.QUERY_TEXTS[1], limit=LIMIT))
        knn_ms, search_ms, hot_ms, r10, rk = [], [], [], [], []
        by_kind: dict[str, list[float]] = {str(kind): [] for kind in kinds}
        monitor = measure.LoadMonitor()

        def search(i: int, q: np.ndarray) -> float:
            fixed.current = q
            c = measure.Stopwatch()
            results = searcher.search(
                Query(text=synth.QUERY_TEXTS[i % len(synth.QUERY_TEXTS)], limit=LIMIT)
            )
            elapsed = c.elapsed * 1000
            assert results, "a search returned nothing"
            return elapsed

        # 1. Each query once: its candidates' rows are read for the first time by this
        # process (from the OS page cache when the file is warm: the headline figure).
        for i, q in enumerate(queries):
            search_ms.append(search(i, q))
        # 2. The KNN alone, per kind, for recall (rows now hot).
        for i, q in enumerate(queries):
            found = {}
            c = measure.Stopwatch()
            for kind in kinds:
                found[kind] = [sid for sid, _ in index.knn(model, q, k, kind)]
            knn_ms.append(c.elapsed * 1000)
            for kind, ids in found.items():
                exact = truth[f"ids_{kind}"][i]
                r10.append(recall(ids, exact, 10))
                by_kind[str(kind)].append(r10[-1])
                rk.append(recall(ids, exact, k))
        # 3. The same searches again: everything they read is hot.
        for i, q in enumerate(queries):
            hot_ms.append(search(i, q))
        load = monitor.result()
    out.update(
        {
            "queries": len(queries),
            "k": k,
            "knn_p50": measure.percentile(knn_ms, 50),
            "knn_p95": measure.percentile(knn_ms, 95),
            "search_p50": measure.percentile(search_ms, 50),
            "search_p95": measure.percentile(search_ms, 95),
            "hot_p50": measure.percentile(hot_ms, 50),
            "hot_p95": measure.percentile(hot_ms, 95),
            "recall10": float(np.mean(r10)),
            "recall10_min": float(np.min(r10)),
            "recallk": float(np.mean(rk)),
            "recall10_by_kind": {kind: float(np.mean(v)) for kind, v in by_kind.items()},
            "first_search_ms": first_ms,
            "load_s": load_s,
            "index_mb": index_bytes / 1e6,
            "rss_serving_mb": measure.rss_mb(),
            "rss_growth_mb": measure.rss_mb() - rss_before,
            "peak_rss_mb": measure.peak_rss_mb(),
            "foreign_cores": load["foreign_cores"],
        }
    )
    store.close()
    return out


# -- the driver -------------------------------------------------------------------------------


def rescore_depths(meta: dict) -> str:
    """How many code neighbours core re-scores per kind at this size."""
    try:
        from mediasift.core.store.vectors import (
            EXACT_LIMIT,
            RESCORE_MAX,
            RESCORE_MIN,
            RESCORE_PER,
        )
    except ImportError:
        return "?"
    parts = []
    for kind, rows in meta["kinds"].items():
        if rows <= EXACT_LIMIT:
            parts.append(f"{kind} exact ({rows:,} rows)")
        else:
            depth = max(searcher_k(), min(RESCORE_MAX, max(RESCORE_MIN, rows // RESCORE_PER)))
            parts.append(f"{kind} {depth} of {rows:,}")
    return ", ".join(parts)


def main() -> int:
    parser = measure.base_parser(__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated segment counts (default 10k,100k,1M)")
    parser.add_argument("--queries", type=int, help="queries per approach (default 100)")
    parser.add_argument(
        "--approaches", default=",".join(APPROACHES), help="core,exact-numpy (default both)"
    )
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--size", type=int)
    parser.add_argument("--approach")
    parser.add_argument("--text-encoder", action="store_true")
    parser.add_argument("--encoder-repeats", type=int, default=30)
    parser.add_argument("--clip-model", default="ViT-B-32", help="(worker) the text encoder's")
    parser.add_argument("--clip-weights", help="(worker) its weights (default: random ViT-B-32)")
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
    approaches = args.approaches.split(",")
    clip: list[str] = []  # the text encoder timed: ViT-B-32, or the tiny model in a smoke run
    encoder_label = "ViT-B-32 text encoder (random weights)"
    if args.quick:
        tiny = inputs.tiny_clip(args.cache)
        clip = ["--clip-model", str(tiny.config), "--clip-weights", str(tiny.weights)]
        encoder_label = "tiny text encoder (the tests' model)"
    machine = measure.machine_description()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    results: dict[str, object] = {"machine": machine, "sizes": {}}
    summary = []
    for size in sizes:
        folder = synth.build(args.cache, size)
        meta = json.loads((folder / "meta.json").read_text())
        print(
            f"\nstore of {size:,} segments: {meta['kinds']}, {meta['media']:,} files, "
            f"{meta['file_mb']:.0f} MB, built in {meta['build_s']:.0f} s "
            f"(VectorIndex.add {meta['add_s']:.0f} s)"
        )
        for name, value in meta["geometry"].items():
            print(f"  {name}: {value:.2f}")
        print(
            "  centring (rows when the mean was last estimated): "
            + ", ".join(f"{k} {v['centred_rows']:,}" for k, v in meta["centring"].items())
        )
        print(f"  re-scored per kind: {rescore_depths(meta)}")
        queries = args.queries or (10 if args.quick else 100)
        rows, encoder = [], None
        for approach in approaches:
            with_model = approach == "core"
            measure.quiet_unless_quick(args)
            inputs.warm_page_cache([folder / "library.db"])
            out = measure.run_worker(
                HERE,
                [
                    "--worker",
                    "--cache",
                    str(args.cache),
                    "--size",
                    str(size),
                    "--approach",
                    approach,
                    "--queries",
                    str(queries),
                    *(["--text-encoder"] if with_model else []),
                    "--encoder-repeats",
                    "5" if args.quick else "30",
                    *clip,
                ],
            )
            encoder = encoder or out.get("text_encoder")
            out["with_model"] = with_model
            rows.append(out)
        k = rows[0]["k"]
        measure.print_table(
            f"Search latency at {size:,} segments (Searcher.search, limit {LIMIT}, "
            "text encoder excluded)",
            [
                "approach",
                "queries",
                "search p50 ms",
                "search p95 ms",
                "again p50 ms",
                "knn p50 ms",
                "knn p95 ms",
                "recall@10",
                "min recall@10",
                "recall@10 image/frame/speech",
                f"recall@{k}",
                "first search ms",
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
                    r["hot_p50"],
                    r["knn_p50"],
                    r["knn_p95"],
                    r["recall10"],
                    r["recall10_min"],
                    "/".join(f"{v:.3f}" for v in r["recall10_by_kind"].values()),
                    r["recallk"],
                    r["first_search_ms"],
                    r["load_s"],
                    r["index_mb"],
                    f"{r['peak_rss_mb']:.0f}" + (" (with model)" if r["with_model"] else ""),
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
                f"\n{encoder_label}, one query: {timings} "
                f"(foreign {encoder['foreign_cores']:.2f}); load {encoder['load_s']:.1f} s, "
                f"+{encoder['rss_mb']:.0f} MB RSS, peak while loading "
                f"{encoder['peak_load_mb']:.0f} MB"
            )
        core = next((r for r in rows if r["approach"] == "core"), None)
        if core is not None:
            summary.append((size, core))
        results["sizes"][size] = {"meta": meta, "rows": rows, "text_encoder": encoder}
    if summary:
        table = []
        for size, r in summary:
            target = TARGET_P50_MS.get(size)
            table.append(
                [
                    f"{size:,}",
                    r["search_p50"],
                    f"<= {target:.0f}" if target else "-",
                    ("yes" if r["search_p50"] <= target else "no") if target else "-",
                    r["recall10"],
                    "yes" if r["recall10"] >= TARGET_RECALL else "no",
                    r["foreign_cores"],
                ]
            )
        measure.print_table(
            "Targets (core path)",
            [
                "segments",
                "search p50 ms",
                "target ms",
                "met",
                f"recall@10 (>= {TARGET_RECALL})",
                "met",
                "foreign",
            ],
            table,
        )
    measure.write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
