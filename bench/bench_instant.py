"""Instant answers (issue 14): queries on ONNX Runtime against the torch path, in one run.

    .venv/bin/python bench/bench_instant.py                       # every part, ViT-B-32
    .venv/bin/python bench/bench_instant.py --parts search,serving --runs 9
    .venv/bin/python bench/bench_instant.py --quick               # smoke run: tiny model, 10k

ViT-B-32 with random weights (the real architecture and cost; ``inputs.py``), 2 threads.
Every row is a fresh process; the two paths alternate run by run so that the load other
programs put on the shared machine falls on both; beside each figure are the machine's
1-minute load average (``os.getloadavg()``, taken as the figure was) and the cores other
processes used meanwhile (``foreign``, ``measure.LoadMonitor``). The torch path is the
product's own fallback: the model's export folder is made unusable (a file in its place),
so the product finds no export, cannot make one, and answers on torch as it did before
issue 14. Parts (``--parts``):

* ``export``: making the export once (what a download, an import or the first load of
  the torch model costs): seconds and peak RSS of a fresh process.
* ``search``: ``python -m mediasift search QUERY --json`` as a user runs it, on a library
  of 100k synthetic segments (``synthetic_store.py``, its vectors filed under the model's
  identity): wall time from the process's start to its JSON fully printed (and to its
  exit), peak RSS (``wait4``'s ``ru_maxrss``). Target <= 1.0 s p50, <= 500 MB.
* ``serving``: one process with the query encoder loaded serves typed queries at 100k and
  1M segments through ``Searcher.search``: encode and search p50, and the whole process's
  peak RSS (model load included; nothing reset). Target at 1M <= 700 MB.
* ``typing``: the real window (``app_typing_driver.py``) on the 100k library: queries
  typed one after another once the model is ready, from the search request to the new
  results painted in the grid (the typing field waits ``DEBOUNCE_MS`` after the last key
  before it asks; Enter asks at once, and both are reported). Target <= 100 ms p50.
* ``image``: the image tower on ONNX Runtime against torch, fp32, batches of 16 on 2
  threads (what indexing does): images/s and the cosine distance between the two.
* ``int8``: both towers quantized to int8 (ONNX Runtime's dynamic quantization; opt-in
  only, not used by the product): speed and cosine distance to fp32.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository

from bench import inputs, measure
from bench import synthetic_store as synth

HERE = Path(__file__).resolve()
TYPING_DRIVER = HERE.parent / "app_typing_driver.py"
SEARCH_SPLIT = HERE.parent / "search_split.py"
PARTS = ("export", "search", "serving", "typing", "image", "int8")
PATHS = ("onnx", "torch")
IMAGE_PATHS = ("torch", "onnx", "onnx-spin")
QUERY = "a red car parked outside"
THREADS = 2
BATCH = 16
TARGET_SEARCH_S = 1.0
TARGET_SEARCH_MB = 500.0
TARGET_TYPING_MS = 100.0
TARGET_SERVING_MB = 700.0


def load_1m() -> float:
    """The machine's 1-minute load average, printed beside every figure."""
    return os.getloadavg()[0]


@dataclass(frozen=True)
class BenchModel:
    model: str
    weights: Path
    label: str

    @property
    def choice(self):
        from mediasift.core.config import ClipChoice

        return ClipChoice(self.model, str(self.weights))

    @property
    def env(self) -> dict[str, str]:
        return {"MEDIASIFT_CLIP_MODEL": self.model, "MEDIASIFT_CLIP_WEIGHTS": str(self.weights)}

    def args(self) -> list[str]:
        return ["--model", self.model, "--weights", str(self.weights)]


def bench_model(args, *, build: bool = True) -> BenchModel:
    if args.quick:
        tiny = inputs.tiny_clip_512(args.cache, build=build)
        return BenchModel(str(tiny.config), tiny.weights, "tiny (512-d), random weights")
    return BenchModel(
        "ViT-B-32", inputs.random_clip_checkpoint(args.cache), "ViT-B-32, random weights"
    )


def source_of(model: str, weights: str, models_dir: Path):
    from mediasift.core.config import ClipChoice
    from mediasift.core.models.clip_source import resolve_clip_source

    return resolve_clip_source(ClipChoice(model, weights), models_dir)


# -- the library -----------------------------------------------------------------------------


def models_dir(args, model: BenchModel) -> Path:
    """Where the benchmark keeps the model's export (made once, by the product's own code);
    every library below reaches it through a link as its ``models`` folder."""
    return inputs.exported_models(args.cache, model.model, model.weights)


def library_dir(args, model: BenchModel, size: int) -> Path:
    """A data dir whose library is the synthetic store of ``size`` segments with its vectors
    filed under ``model``'s identity (so the product searches them with that model), and
    the model's export in its ``models`` folder. Built once per store and model."""
    store_folder = synth.build(args.cache, size)
    models = models_dir(args, model)
    source = source_of(model.model, str(model.weights), models)
    digest = hashlib.blake2b(source.model_id.encode(), digest_size=4).hexdigest()
    data = args.cache / "instant" / f"{store_folder.name}-{digest}"
    if not (data / ".ready").is_file():
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
        print(f"copying the {size:,}-segment store into {data} ...", file=sys.stderr)
        shutil.copyfile(store_folder / "library.db", data / "library.db")
        from mediasift.core.library import PREF_CLIP_MODEL, PREF_CLIP_WEIGHTS
        from mediasift.core.store.store import Store

        store = Store(data / "library.db")
        try:
            with store.transaction():
                store.conn.execute(
                    "UPDATE models SET name = ?, choice = ? WHERE name = ?",
                    (source.model_id, source.as_choice().to_json(), synth.MODEL_NAME),
                )
                store.catalog.set_preference(PREF_CLIP_MODEL, model.model)
                store.catalog.set_preference(PREF_CLIP_WEIGHTS, str(model.weights))
        finally:
            store.close()
        (data / "models").symlink_to(models, target_is_directory=True)
        (data / ".ready").touch()
    return data


def export_worker(args, model: BenchModel, models_dir: Path) -> dict:
    quick = ["--quick", "--cache", str(args.cache)] if args.quick else []
    return measure.run_worker(
        HERE,
        ["--worker", "export", *model.args(), "--models", str(models_dir), *quick],
        timeout=1800,
    )


@contextlib.contextmanager
def torch_path(model: BenchModel, data: Path) -> Iterator[None]:
    """The product's torch fallback: the export's folder replaced by a file, so the product
    finds no export and cannot make one (it says so in one line), as before issue 14."""
    from mediasift.core.models.onnx_manifest import export_folder

    folder = export_folder(
        source_of(model.model, str(model.weights), data / "models"), data / "models"
    )
    aside = folder.with_name(folder.name + ".aside")
    os.replace(folder, aside)
    folder.write_text("bench_instant.py: no export here, so queries take the torch path\n")
    try:
        yield
    finally:
        folder.unlink()
        os.replace(aside, folder)


def product_env(model: BenchModel, data: Path, work: Path) -> dict[str, str]:
    env = {
        **os.environ,
        **model.env,
        "HOME": str(work / "home"),
        "XDG_RUNTIME_DIR": str(work / "runtime"),
        "MEDIASIFT_DATA_DIR": str(data),
        "MEDIASIFT_OFFLINE": "1",
        "MEDIASIFT_THREADS": str(THREADS),
        "MEDIASIFT_READ_TEXT": "0",
    }
    (work / "home").mkdir(exist_ok=True)
    (work / "runtime").mkdir(mode=0o700, exist_ok=True)
    return env


# -- workers (each a fresh process) ------------------------------------------------------------


def worker_export(args) -> dict:
    from mediasift.core.models.query_export import export_state, make_query_export

    if args.quick:  # the first process of a smoke run to import torch makes the tiny model
        bench_model(args)
    source = source_of(args.model, args.weights, args.models)
    notes: list[str] = []
    clock = measure.Stopwatch()
    monitor = measure.LoadMonitor()
    ok = make_query_export(source, args.models, threads=THREADS, on_note=notes.append)
    seconds = clock.elapsed
    manifest = export_state(source, args.models).manifest or {}
    return {
        "ok": ok,
        "seconds": seconds,
        "peak_rss_mb": measure.peak_rss_mb(),
        "notes": notes,
        "verified": manifest.get("verified", {}),
        "load_1m": load_1m(),
        **monitor.result(),
    }


class TimedEncoder:
    """The query encoder, its text encodes timed, its vectors filed under the synthetic
    store's model name (the store's vectors are synthetic; the encoder's cost is real)."""

    model_id = synth.MODEL_NAME

    def __init__(self, encoder) -> None:
        self.encoder = encoder
        self.image_size = encoder.image_size
        self.encode_ms: list[float] = []

    def preprocess(self, image):
        return self.encoder.preprocess(image)

    def encode_images(self, batch):
        return self.encoder.encode_images(batch)

    def encode_texts(self, texts):
        clock = measure.Stopwatch()
        vectors = self.encoder.encode_texts(texts)
        self.encode_ms.append(clock.elapsed * 1000)
        return vectors


def load_encoder(path: str, source, models_dir: Path):
    if path == "onnx":
        from mediasift.core.models.query_export import open_query_export

        encoder = open_query_export(source, models_dir, threads=THREADS)
        if encoder is None:
            raise SystemExit("no ONNX export to measure")
        return encoder
    from mediasift.core.models.clip import load_clip_encoder

    return load_clip_encoder(source, offline=True, threads=THREADS)


def typed_queries(count: int) -> list[str]:
    """``count`` different queries (none repeats, so nothing is answered from a cache)."""
    words = ["today", "again", "at night", "in summer", "close up", "from far"]
    return [
        f"{synth.QUERY_TEXTS[i % len(synth.QUERY_TEXTS)]} {words[i // len(synth.QUERY_TEXTS) % 6]}"
        for i in range(count)
    ]


def worker_serving(args) -> dict:
    from mediasift.core.index.thumbnails import ThumbnailCache
    from mediasift.core.search.query import Query
    from mediasift.core.search.searcher import Searcher
    from mediasift.core.store.store import Store

    clock = measure.Stopwatch()
    source = source_of(args.model, args.weights, args.models)
    encoder = TimedEncoder(load_encoder(args.path, source, args.models))
    load_s = clock.elapsed
    peak_loading = measure.peak_rss_mb()
    rss_loaded = measure.rss_mb()
    measure.reset_peak_rss()
    store = Store(synth.store_dir(args.cache, args.size) / "library.db", readonly=True)
    queries = typed_queries(args.queries + 2)
    with inputs.temporary_dir("thumbs-", args.cache) as thumbs:
        searcher = Searcher(store, encoder, ThumbnailCache(thumbs))
        clock = measure.Stopwatch()
        assert searcher.search(Query(text=queries[0], limit=args.limit)), "nothing found"
        first_ms = clock.elapsed * 1000
        searcher.search(Query(text=queries[1], limit=args.limit))
        encoder.encode_ms.clear()
        monitor = measure.LoadMonitor()
        total_ms = []
        for text in queries[2:]:
            clock = measure.Stopwatch()
            assert searcher.search(Query(text=text, limit=args.limit)), "nothing found"
            total_ms.append(clock.elapsed * 1000)
        load = monitor.result()
    search_ms = [t - e for t, e in zip(total_ms, encoder.encode_ms, strict=True)]
    serving_peak = measure.peak_rss_mb()
    store.close()
    return {
        "load_s": load_s,
        "rss_loaded_mb": rss_loaded,
        "first_search_ms": first_ms,
        "encode_p50": measure.percentile(encoder.encode_ms, 50),
        "search_p50": measure.percentile(search_ms, 50),
        "total_p50": measure.percentile(total_ms, 50),
        "total_p95": measure.percentile(total_ms, 95),
        "peak_rss_mb": max(peak_loading, serving_peak),
        "serving_peak_mb": serving_peak,
        "torch_imported": "torch" in sys.modules,
        "load_1m": load_1m(),
        **load,
    }


def bench_pixels(encoder, count: int):
    """``count`` preprocessed images: the test photos, flipped and rotated for variety."""
    from PIL import Image, ImageOps

    from tests.paths import PHOTOS

    photos = [Image.open(p).convert("RGB") for p in sorted(PHOTOS.iterdir())]
    variants = []
    for i in range(count):
        image = photos[i % len(photos)]
        if i // len(photos) % 2:
            image = ImageOps.mirror(image)
        variants.append(image.rotate(7 * (i // (2 * len(photos))), expand=True))
    return [encoder.preprocess(image) for image in variants]


def worker_image(args) -> dict:
    """Batches of preprocessed images through the image tower: ``torch`` (ClipEncoder, as
    indexing runs it today), ``onnx`` (the export's graph in a session as the product
    opens one: threads sleep between ops) and ``onnx-spin`` (threads spinning)."""
    import numpy as np

    clock = measure.Stopwatch()
    source = source_of(args.model, args.weights, args.models)
    if args.path == "torch":
        encoder = load_encoder("torch", source, args.models)
        pixels = bench_pixels(encoder, BATCH)

        def encode():
            return encoder.encode_images(pixels)

    else:
        from mediasift.core.models.onnx_encoder import make_session
        from mediasift.core.models.onnx_manifest import IMAGE_FILE, export_folder

        preprocess = load_encoder("onnx", source, args.models)
        batch = np.stack(bench_pixels(preprocess, BATCH)).astype(np.float32)
        session = make_session(
            export_folder(source, args.models) / IMAGE_FILE,
            THREADS,
            spinning=args.path == "onnx-spin",
        )
        name = session.get_inputs()[0].name

        def encode():
            return session.run(None, {name: batch})[0]

    first = encode()  # warm-up
    load_s = clock.elapsed
    np.save(args.out, np.asarray(first, np.float32))
    monitor = measure.LoadMonitor()
    times = []
    for _ in range(args.batches):
        clock = measure.Stopwatch()
        encode()
        times.append(clock.elapsed)
    load = monitor.result()
    return {
        "load_s": load_s,
        "images_per_s": BATCH * len(times) / sum(times),
        "ms_per_image_p50": measure.percentile(times, 50) * 1000 / BATCH,
        "peak_rss_mb": measure.peak_rss_mb(),
        "load_1m": load_1m(),
        **load,
    }


def worker_int8(args) -> dict:
    """fp32 and int8 towers side by side in one process (the figures are relative)."""
    import numpy as np
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from mediasift.core.models.onnx_encoder import make_session
    from mediasift.core.models.query_export import open_query_export

    source = source_of(args.model, args.weights, args.models)
    encoder = open_query_export(source, args.models, threads=THREADS)
    if encoder is None:
        raise SystemExit("no ONNX export to quantize")
    texts = typed_queries(40)
    tokens = encoder.tokenize(texts)
    pixels = np.stack(bench_pixels(encoder, BATCH)).astype(np.float32)
    out: dict[str, object] = {}
    with inputs.temporary_dir("int8-", args.cache) as work:
        for tower, inputs_ in (("text", tokens), ("image", pixels)):
            fp32_path = encoder.folder / f"{tower}.onnx"
            int8_path = work / f"{tower}.int8.onnx"
            clock = measure.Stopwatch()
            quantize_dynamic(fp32_path, int8_path, weight_type=QuantType.QInt8)
            quantize_s = clock.elapsed
            row: dict[str, object] = {"quantize_s": quantize_s}
            vectors = {}
            for precision, path in (("fp32", fp32_path), ("int8", int8_path)):
                session = make_session(path, THREADS)
                name = session.get_inputs()[0].name
                session.run(None, {name: inputs_[:1]})  # warm up
                monitor = measure.LoadMonitor()
                if tower == "text":  # one typed query at a time
                    times = []
                    for i in range(len(texts)):
                        clock = measure.Stopwatch()
                        session.run(None, {name: inputs_[i : i + 1]})
                        times.append(clock.elapsed * 1000)
                    row[f"{precision}_ms_p50"] = measure.percentile(times, 50)
                else:  # batches, as indexing
                    clock = measure.Stopwatch()
                    for _ in range(args.batches):
                        session.run(None, {name: inputs_})
                    row[f"{precision}_images_per_s"] = BATCH * args.batches / clock.elapsed
                row[f"{precision}_foreign"] = monitor.result()["foreign_cores"]
                (vectors[precision],) = session.run(None, {name: inputs_})
                row[f"{precision}_mb"] = (
                    sum(p.stat().st_size for p in path.parent.glob(f"{path.name}*")) / 1e6
                )
            distance = measure.cosine_distance(vectors["int8"], vectors["fp32"])
            row["cos_dist_max"] = float(distance.max())
            row["cos_dist_median"] = float(np.median(distance))
            # does int8 keep the ranking? texts against the images, top 1 and top 5
            row["load_1m"] = load_1m()
            out[tower] = row
        text32 = encoder.encode_texts(texts)
        image32 = encoder.encode_images(list(pixels))
        out["ranking_note"] = _ranking_agreement(work, text32, image32, tokens, pixels)
    return out


def _ranking_agreement(work: Path, text32, image32, tokens, pixels) -> dict[str, float]:
    """How often int8 vectors rank the images for each text as fp32 ones do (top 1)."""
    import numpy as np

    from mediasift.core.models.onnx_encoder import make_session

    sessions = {t: make_session(work / f"{t}.int8.onnx", THREADS) for t in ("text", "image")}
    (text8,) = sessions["text"].run(None, {sessions["text"].get_inputs()[0].name: tokens})
    (image8,) = sessions["image"].run(None, {sessions["image"].get_inputs()[0].name: pixels})
    top32 = np.argmax(text32 @ image32.T, axis=1)
    top8 = np.argmax(text8 @ image8.T, axis=1)
    return {"top1_same": float(np.mean(top32 == top8)), "texts": float(len(top32))}


# -- the parts (driver side) -------------------------------------------------------------------


def export_made(model: BenchModel, models: Path) -> bool:
    from mediasift.core.models.query_export import export_state

    if not model.weights.is_file():  # not built yet: nothing made from it either
        return False
    source = source_of(model.model, str(model.weights), models)
    return export_state(source, models).manifest is not None


def part_export(args, model: BenchModel) -> dict:
    rows = []
    for run in range(args.export_runs):
        measure.quiet_unless_quick(args)
        shared = inputs.exports_folder(args.cache)
        if args.quick and not export_made(model, shared):
            # a smoke run on an empty cache: the export timed is the one the other parts
            # use, made once (each export starts torch)
            out = export_worker(args, model, shared)
        else:
            with inputs.temporary_dir("export-", args.cache) as models:
                out = export_worker(args, model, models)
        rows.append(
            [
                run + 1,
                out["seconds"],
                out["peak_rss_mb"],
                out["verified"].get("max_cosine_distance_text", float("nan")),
                out["verified"].get("max_cosine_distance_image", float("nan")),
                out["load_1m"],
                out["foreign_cores"],
            ]
        )
    measure.print_table(
        f"Making the export once ({model.label}; fresh process: import torch, load the "
        "model, trace both towers, check them against torch)",
        ["run", "seconds", "peak RSS MB", "text cos dist", "image cos dist", "load 1m", "foreign"],
        rows,
    )
    return {"rows": rows}


def timed_search(env: dict[str, str], query: str) -> dict:
    """One ``mediasift search QUERY --json``: seconds to the JSON fully printed and to
    the process's exit, its peak RSS, whether it noted the torch path."""
    monitor = measure.LoadMonitor()
    rss_file = Path(env["XDG_RUNTIME_DIR"]) / "search-maxrss"
    started = time.perf_counter()
    # through /usr/bin/time (a small C program): a child's ru_maxrss starts from its
    # parent's high-water mark on Linux, and time's own is tiny, where ours is not
    proc = subprocess.Popen(
        [
            "/usr/bin/time",
            "-f",
            "%M",
            "-o",
            str(rss_file),
            sys.executable,
            "-m",
            "mediasift",
            "search",
            query,
            "--json",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert proc.stdout is not None and proc.stderr is not None
    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)
    reader.start()
    out = b""
    json_s = float("nan")
    while chunk := os.read(proc.stdout.fileno(), 1 << 16):
        out += chunk
        if json_s != json_s and out.rstrip().endswith(b"]"):
            with contextlib.suppress(ValueError):
                json.loads(out)
                json_s = time.perf_counter() - started
    proc.wait()
    exit_s = time.perf_counter() - started
    reader.join(10)
    stderr = b"".join(err).decode(errors="replace")
    if proc.returncode != 0 or json_s != json_s:
        raise RuntimeError(f"search failed ({proc.returncode}): {stderr[-2000:]}")
    return {
        "json_s": json_s,
        "exit_s": exit_s,
        "peak_rss_mb": int(rss_file.read_text().split()[-1]) / 1024,
        "results": len(json.loads(out)),
        "torch_note": "use torch" in stderr,
        "load_1m": load_1m(),
        **monitor.result(),
    }


def run_split(env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, str(SEARCH_SPLIT), QUERY],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"search-split failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def part_search(args, model: BenchModel, data: Path, work: Path) -> dict:
    env = product_env(model, data, work)
    runs: dict[str, list[dict]] = {path: [] for path in PATHS}

    def one(path: str) -> dict:
        if path == "torch":
            with torch_path(model, data):
                return timed_search(env, QUERY)
        return timed_search(env, QUERY)

    if not args.quick:
        for path in PATHS:  # warm the page cache (library, model files, packages)
            one(path)
    for _ in range(args.runs):
        for path in PATHS:
            measure.quiet_unless_quick(args)
            out = one(path)
            if out["torch_note"] != (path == "torch"):
                raise RuntimeError(f"the {path} run took the other path")
            runs[path].append(out)
    rows = [
        [path, i + 1, r["json_s"], r["exit_s"], r["peak_rss_mb"], r["results"], r["load_1m"],
         r["foreign_cores"]]
        for path in PATHS
        for i, r in enumerate(runs[path])
    ]  # fmt: skip
    measure.print_table(
        f"`mediasift search {QUERY!r} --json`, {args.search_size:,} segments, {model.label}, "
        f"{THREADS} threads: seconds from the process's start",
        ["path", "run", "to JSON printed s", "to exit s", "peak RSS MB", "results", "load 1m",
         "foreign"],
        rows,
    )  # fmt: skip
    splits = []
    for _ in range(3 if not args.quick else 1):
        measure.quiet_unless_quick(args)
        splits.append(run_split(env))
    steps = list(splits[0]["steps"])
    measure.print_table(
        "Where an ONNX search process's time goes (seconds; the command's own steps, run in "
        "a fresh process: interpreter start, imports, library open, query encoder open "
        "(ONNX Runtime, tokenizer, text tower), a first encode, the search with its JSON)",
        ["run", "interpreter", *steps, "total", "search again", "peak RSS MB", "load 1m"],
        [
            [i + 1, r["interpreter_s"], *(r["steps"][k] for k in steps), r["total_s"],
             r["search_again_s"], r["peak_rss_mb"], r["load_1m"]]
            for i, r in enumerate(splits)
        ],
    )  # fmt: skip
    summary = _summary(runs, "json_s")
    measure.print_table(
        "search: p50 of the runs",
        ["path", "runs", "to JSON p50 s", "min s", "max s", "peak RSS p50 MB", "load 1m",
         "foreign", "target"],
        [
            [path, s["n"], s["p50"], s["min"], s["max"], s["rss"], s["load"], s["foreign"],
             f"<= {TARGET_SEARCH_S} s, <= {TARGET_SEARCH_MB:.0f} MB" if path == "onnx" else "-"]
            for path, s in summary.items()
        ],
    )  # fmt: skip
    return runs


def _summary(runs: dict[str, list[dict]], key: str) -> dict[str, dict[str, float]]:
    return {
        path: {
            "n": len(rs),
            "p50": measure.percentile([r[key] for r in rs], 50),
            "min": min(r[key] for r in rs),
            "max": max(r[key] for r in rs),
            "rss": measure.percentile([r["peak_rss_mb"] for r in rs], 50),
            "load": max(r["load_1m"] for r in rs),
            "foreign": max(r["foreign_cores"] for r in rs),
        }
        for path, rs in runs.items()
        if rs
    }


def part_serving(args, model: BenchModel, sizes: Sequence[int]) -> dict:
    """Both paths at each size with the CLI's limit (20); then, at the typing size, the
    ONNX path with the app's limit (``RESULT_LIMIT``), what the window asks for."""
    from mediasift.desktop.ui.main_window import RESULT_LIMIT

    models = models_dir(args, model)
    if args.quick:  # a smoke run: ONNX at the app's limit (torch is started by the others)
        plan = [(args.search_size, "onnx", RESULT_LIMIT)]
    else:
        plan = [(size, path, 20) for size in sizes for path in PATHS]
        plan.append((args.search_size, "onnx", RESULT_LIMIT))
    results = []
    for size, path, limit in plan:
        synth.build(args.cache, size)
        measure.quiet_unless_quick(args)
        inputs.warm_page_cache([synth.store_dir(args.cache, size) / "library.db"])
        out = measure.run_worker(
            HERE,
            ["--worker", "serving", "--path", path, *model.args(), "--models",
             str(models), "--size", str(size), "--queries", str(args.queries),
             "--cache", str(args.cache), "--limit", str(limit)],
        )  # fmt: skip
        out.update(size=size, path=path, limit=limit)
        results.append(out)
    measure.print_table(
        f"Serving typed queries with the model loaded ({model.label}, {THREADS} threads; "
        "Searcher.search; peak RSS of the whole process, model load included)",
        ["segments", "path", "limit", "load s", "encode p50 ms", "search p50 ms",
         "total p50 ms", "total p95 ms", "peak RSS MB", "serving peak MB", "torch imported",
         "load 1m", "foreign"],
        [
            [f"{r['size']:,}", r["path"], r["limit"], r["load_s"], r["encode_p50"],
             r["search_p50"],
             r["total_p50"], r["total_p95"], r["peak_rss_mb"], r["serving_peak_mb"],
             "yes" if r["torch_imported"] else "no", r["load_1m"], r["foreign_cores"]]
            for r in results
        ],
    )  # fmt: skip
    return {"rows": results}


def part_typing(args, model: BenchModel, data: Path, work: Path) -> dict:
    from bench.bench_app import display

    env = product_env(model, data, work)
    env.pop("MEDIASIFT_THREADS")  # the app's default: all cores
    platform = args.platform
    if platform == "auto":
        platform = "xvfb" if shutil.which("Xvfb") else "offscreen"
    queries = typed_queries(args.typed)
    results = []
    with display(platform) as (display_env, _server):
        env.update(display_env)
        for run in range(args.typing_runs):
            # a smoke run launches the window once, on the ONNX path (the torch fallback is
            # exercised by the search and serving parts)
            for path in ("onnx",) if args.quick else PATHS:
                measure.quiet_unless_quick(args)
                context = torch_path(model, data) if path == "torch" else contextlib.nullcontext()
                with context:
                    out = typing_launch(env, work, run, queries, args.timeout)
                out.update(path=path, run=run + 1)
                results.append(out)
    rows = []
    for r in results:
        typed = [q for q in r.get("typed", []) if "painted_ms" in q]
        enter = [q for q in typed if q["mode"] == "enter"]
        debounced = [q for q in typed if q["mode"] == "debounced"]
        rows.append(
            [r["path"], r["run"], len(enter),
             measure.percentile([q["results_ms"] for q in enter], 50),
             measure.percentile([q["painted_ms"] for q in enter], 50),
             measure.percentile([q["painted_ms"] for q in enter], 95),
             measure.percentile([q["painted_ms"] for q in debounced], 50),
             r.get("engine_peak_rss_mb", float("nan")), r["load_1m"], r["foreign_cores"]]
        )  # fmt: skip
    measure.print_table(
        f"Typing to updated results in the window ({args.search_size:,} segments, "
        f"{model.label}, {platform}): milliseconds from the search request (Enter) to the "
        "results, and to their first paint; `typed` = from the last key, through the debounce",
        ["path", "run", "queries", "to results p50 ms", "to painted p50 ms",
         "to painted p95 ms", "typed to painted p50 ms", "engine peak RSS MB", "load 1m",
         "foreign"],
        rows,
    )  # fmt: skip
    return {"runs": results}


def typing_launch(
    env: dict[str, str], work: Path, run: int, queries: Sequence[str], timeout: float
) -> dict:
    settings = work / f"typing-{run}.ini"
    settings.unlink(missing_ok=True)
    monitor = measure.LoadMonitor()
    done = subprocess.run(
        [sys.executable, str(TYPING_DRIVER), str(settings), json.dumps(list(queries))],
        env={**env, "MEDIASIFT_BENCH_TIMEOUT": str(timeout)},
        capture_output=True,
        text=True,
        timeout=timeout + 60,
    )
    result: dict = {"returncode": done.returncode, **monitor.result(), "load_1m": load_1m()}
    for line in reversed(done.stdout.strip().splitlines()):
        if line.startswith("{"):
            result.update(json.loads(line))
            break
    if done.returncode != 0 or "typed" not in result:
        sys.stderr.write(done.stdout[-2000:] + done.stderr[-3000:])
        raise RuntimeError(f"the typing driver failed ({result.get('reason')})")
    return result


def part_image(args, model: BenchModel) -> dict:
    import numpy as np

    results = []
    vectors: dict[str, np.ndarray] = {}
    with inputs.temporary_dir("image-", args.cache) as work:
        for run in range(args.image_runs):
            for path in IMAGE_PATHS[:2] if args.quick else IMAGE_PATHS:  # quick: no spinning
                measure.quiet_unless_quick(args)
                out_file = work / f"{path}.npy"
                out = measure.run_worker(
                    HERE,
                    ["--worker", "image", "--path", path, *model.args(), "--models",
                     str(models_dir(args, model)), "--batches", str(args.batches), "--out",
                     str(out_file), "--cache", str(args.cache)],
                )  # fmt: skip
                vectors[path] = np.load(out_file)
                out.update(path=path, run=run + 1)
                results.append(out)
    distance = {
        path: float(measure.cosine_distance(vectors[path], vectors["torch"]).max())
        for path in IMAGE_PATHS[1:]
        if path in vectors
    }
    rows = [
        [r["path"], r["run"], r["images_per_s"], r["ms_per_image_p50"], r["peak_rss_mb"],
         distance.get(r["path"], 0.0), r["load_1m"], r["foreign_cores"]]
        for r in results
    ]  # fmt: skip
    measure.print_table(
        f"The image tower, fp32, batches of {BATCH} on {THREADS} threads ({model.label}): "
        "`onnx` as the product opens it (threads sleep between ops), `onnx-spin` with "
        "ONNX Runtime's threads spinning",
        ["path", "run", "images/s", "ms/image p50", "peak RSS MB", "cos dist to torch",
         "load 1m", "foreign"],
        rows,
    )  # fmt: skip
    return {"rows": results, "cos_dist": distance}


def part_int8(args, model: BenchModel) -> dict:
    measure.quiet_unless_quick(args)
    out = measure.run_worker(
        HERE,
        ["--worker", "int8", *model.args(), "--models", str(models_dir(args, model)), "--batches",
         str(args.batches), "--cache", str(args.cache)],
    )  # fmt: skip
    text, image = out["text"], out["image"]
    measure.print_table(
        f"int8 (ONNX Runtime dynamic quantization, weights QInt8) against fp32 ({model.label},"
        f" {THREADS} threads); opt-in only: the product runs fp32",
        ["tower", "fp32", "int8", "size fp32 MB", "size int8 MB", "cos dist max",
         "cos dist median", "load 1m", "foreign"],
        [
            ["text (ms a query, p50)", text["fp32_ms_p50"], text["int8_ms_p50"], text["fp32_mb"],
             text["int8_mb"], text["cos_dist_max"], text["cos_dist_median"], text["load_1m"],
             max(text["fp32_foreign"], text["int8_foreign"])],
            ["image (images/s)", image["fp32_images_per_s"], image["int8_images_per_s"],
             image["fp32_mb"], image["int8_mb"], image["cos_dist_max"],
             image["cos_dist_median"], image["load_1m"],
             max(image["fp32_foreign"], image["int8_foreign"])],
        ],
    )  # fmt: skip
    rank = out["ranking_note"]
    print(
        f"\nint8 picks the same best image as fp32 for {rank['top1_same']:.0%} of "
        f"{rank['texts']:.0f} texts (random weights: a loose check; real weights must be "
        "checked before int8 is offered)"
    )
    return out


# -- main ----------------------------------------------------------------------------------------


def main() -> int:
    parser = measure.base_parser(__doc__.splitlines()[0])
    parser.add_argument("--parts", default=",".join(PARTS), help=",".join(PARTS))
    parser.add_argument("--runs", type=int, help="search runs per path (default 7, quick 1)")
    parser.add_argument("--queries", type=int, help="serving queries (default 50, quick 5)")
    parser.add_argument("--typed", type=int, help="queries typed per launch (default 20)")
    parser.add_argument("--typing-runs", type=int, help="launches per path (default 2)")
    parser.add_argument("--image-runs", type=int, help="image runs per path (default 2)")
    parser.add_argument("--export-runs", type=int, help="exports timed (default 1)")
    parser.add_argument("--batches", type=int, help="image batches timed (default 8)")
    parser.add_argument("--platform", default="auto", choices=("auto", "xvfb", "offscreen"))
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--worker")
    parser.add_argument("--path")
    parser.add_argument("--model")
    parser.add_argument("--weights")
    parser.add_argument("--models", type=Path)
    parser.add_argument("--size", type=int)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--limit", type=int, default=20, help="results per search (worker)")
    args = parser.parse_args()
    if args.worker:
        workers = {
            "export": worker_export,
            "serving": worker_serving,
            "image": worker_image,
            "int8": worker_int8,
        }
        print(json.dumps(workers[args.worker](args)))
        return 0

    quick = args.quick
    args.runs = args.runs or (1 if quick else 7)
    args.queries = args.queries or (5 if quick else 50)
    args.typed = args.typed or (4 if quick else 20)
    args.typing_runs = args.typing_runs or (1 if quick else 2)
    args.image_runs = args.image_runs or (1 if quick else 2)
    args.export_runs = args.export_runs or 1
    args.batches = args.batches or (2 if quick else 8)
    args.search_size = 10_000 if quick else 100_000
    serving_sizes = [10_000] if quick else [100_000, 1_000_000]
    parts = [p for p in args.parts.split(",") if p]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {sorted(unknown)}")

    machine = measure.machine_description()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    args.cache.mkdir(parents=True, exist_ok=True)
    # a smoke run whose first part is the export builds the model there (torch is started
    # once for both), not here
    model = bench_model(args, build=not (quick and parts[:1] == ["export"]))
    results: dict[str, object] = {"machine": machine, "model": model.label}
    data = None  # the library of the search and typing parts, made when first needed
    with tempfile.TemporaryDirectory(prefix="instant-", dir=args.cache) as tmp:
        work = Path(tmp)
        for part in parts:
            print(f"\n## {part} (load average {load_1m():.2f})", flush=True)
            if part == "export":
                results[part] = part_export(args, model)
            elif part == "search":
                data = data or library_dir(args, model, args.search_size)
                results[part] = part_search(args, model, data, work)
            elif part == "serving":
                results[part] = part_serving(args, model, serving_sizes)
            elif part == "typing":
                data = data or library_dir(args, model, args.search_size)
                results[part] = part_typing(args, model, data, work)
            elif part == "image":
                results[part] = part_image(args, model)
            elif part == "int8":
                results[part] = part_int8(args, model)
    measure.write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
