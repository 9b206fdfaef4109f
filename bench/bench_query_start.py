"""Process start to an encoded query: the ONNX query path against torch, each in a fresh process.

    .venv/bin/python bench/bench_query_start.py            # ViT-B-32 (random weights), 7 runs
    .venv/bin/python bench/bench_query_start.py --runs 15  # more runs per path
    .venv/bin/python bench/bench_query_start.py --quick    # the tiny test model, 1 run,
                                                           # the image query on ONNX only

What a ``mediasift search`` pays before it can look anything up, without the store:

* ``onnx``: import our modules, :func:`ensure_query_export` (a valid export exists: it is
  opened, nothing is exported), tokenize and encode the query on ONNX Runtime. torch and
  open_clip must not be imported (the ``torch?`` column says if they were).
* ``torch``: import ``mediasift.core.models.clip`` (torch, open_clip), ``load_clip_encoder``
  and encode with open_clip, today's path.

Both for a typed query (``text``) and an example image (``image``: decode, preprocess,
encode ``tests/data/photos/chelsea.png``). ``start to encoded`` runs from the child
process's creation (its start time in ``/proc/self/stat``, 10 ms ticks, so the interpreter's
own start is included) to the first query's vector; the child also reports its split
(``imports``, ``load``, ``encode`` the first query; ``again`` the median of the next ten,
what typing costs once the model is loaded) and its peak RSS (VmHWM). Runs alternate
between the paths so that load from other processes falls on both; the machine's load
average and the cores others used during each path's runs are printed beside the figures.
``cos dist`` is the cosine distance between the two paths' vectors for the same query (fp32
on both sides).

The export itself (once per model, with torch) is made before measuring, and timed.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import json  # noqa: E402 (the worker's clock starts before anything else is imported)
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve()
PHOTO = HERE.parent.parent / "tests" / "data" / "photos" / "chelsea.png"
QUERY = "a cat sitting on a sofa in the sun"
AGAIN = 10


def _since_process_start() -> float:
    """Seconds since the kernel started this process (10 ms resolution)."""
    with open("/proc/self/stat") as f:
        started = int(f.read().rsplit(")", 1)[1].split()[19])  # field 22, starttime
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - started / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def worker(path: str, query: str, model: str, weights: str, models_dir: Path, threads: int) -> dict:
    """One query, timed from this interpreter's first line; printed as JSON by the caller."""
    from mediasift.core.config import ClipChoice
    from mediasift.core.media.photos import decode_photo
    from mediasift.core.models.clip_source import resolve_clip_source

    source = resolve_clip_source(ClipChoice(model, weights), models_dir)
    if path == "onnx":
        from mediasift.core.models.query_export import ensure_query_export

        imported = time.perf_counter()
        notes: list[str] = []
        encoder = ensure_query_export(source, models_dir, threads=threads, on_note=notes.append)
        if encoder is None:
            raise SystemExit(f"no ONNX export: {notes}")
    else:
        from mediasift.core.models.clip import load_clip_encoder

        imported = time.perf_counter()
        encoder = load_clip_encoder(source, offline=True, threads=threads)
    loaded = time.perf_counter()
    if query == "text":
        vector = encoder.encode_texts([QUERY])[0]
    else:
        photo = decode_photo(PHOTO.read_bytes(), min_side=encoder.image_size)
        vector = encoder.encode_images([encoder.preprocess(photo.image)])[0]
    encoded = time.perf_counter()
    since_start = _since_process_start()
    again = []  # the next queries of a session (typing), the model already loaded
    for i in range(AGAIN):
        clock = time.perf_counter()
        if query == "text":
            encoder.encode_texts([f"{QUERY} number {i}"])
        else:
            encoder.encode_images([encoder.preprocess(photo.image)])
        again.append((time.perf_counter() - clock) * 1000)
    return {
        "again_ms": sorted(again)[len(again) // 2],
        "imports_s": imported - START,
        "load_s": loaded - imported,
        "encode_ms": (encoded - loaded) * 1000,
        "to_encoded_s": since_start,
        "peak_rss_mb": _peak_rss_mb(),
        "torch": "torch" in sys.modules or "open_clip" in sys.modules,
        "vector": [float(v) for v in vector],
    }


def make_export(model: str, weights: str, models_dir: Path, threads: int) -> dict:
    from mediasift.core.config import ClipChoice
    from mediasift.core.models.clip_source import resolve_clip_source
    from mediasift.core.models.query_export import ensure_query_export, open_query_export

    source = resolve_clip_source(ClipChoice(model, weights), models_dir)
    if open_query_export(source, models_dir, threads=threads) is not None:
        return {"export_s": None}
    clock = time.perf_counter()
    notes: list[str] = []
    encoder = ensure_query_export(source, models_dir, threads=threads, on_note=notes.append)
    if encoder is None:
        raise SystemExit(f"export failed: {notes}")
    return {"export_s": time.perf_counter() - clock, "peak_rss_mb": _peak_rss_mb()}


def _run_child(args: list[str]) -> dict:
    import subprocess

    done = subprocess.run(
        [sys.executable, str(HERE), *args], capture_output=True, text=True, timeout=900
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise RuntimeError(f"worker failed ({done.returncode}): {' '.join(args)}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _child_parser():
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", choices=("onnx", "torch"))
    parser.add_argument("--export", action="store_true")
    parser.add_argument("--query", choices=("text", "image"), default="text")
    parser.add_argument("--model", required=True)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--models-dir", type=Path, required=True)
    parser.add_argument("--threads", type=int, required=True)
    return parser


def main() -> int:
    if "--worker" in sys.argv or "--export" in sys.argv:  # a child: only what the path needs
        child = _child_parser().parse_args()
        if child.export:
            out = make_export(child.model, child.weights, child.models_dir, child.threads)
        else:
            out = worker(
                child.worker,
                child.query,
                child.model,
                child.weights,
                child.models_dir,
                child.threads,
            )
        print(json.dumps(out))
        return 0

    sys.path.insert(0, str(HERE.parent.parent))  # the repository
    import numpy as np

    from bench import inputs, measure

    parser = measure.base_parser(__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="fresh processes per path and query (default 7)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    if args.quick:
        tiny = inputs.tiny_clip(args.cache)
        model, weights, label = str(tiny.config), tiny.weights, "tiny test model"
    else:
        weights = inputs.random_clip_checkpoint(args.cache)
        model, label = "ViT-B-32", "ViT-B-32 (random weights)"
    runs = args.runs or (1 if args.quick else 7)
    models_dir = args.cache / "query-start-models"
    machine = measure.machine_description()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    common_args = [
        "--model",
        model,
        "--weights",
        str(weights),
        "--models-dir",
        str(models_dir),
        "--threads",
        str(args.threads),
    ]
    export = _run_child(["--export", *common_args])
    if export["export_s"] is None:
        print(f"\n{label}: ONNX export already made (in {models_dir})")
    else:
        print(
            f"\n{label}: ONNX export made once in {export['export_s']:.1f} s "
            f"(peak RSS {export['peak_rss_mb']:.0f} MB, torch loaded)"
        )
    inputs.warm_page_cache(
        [Path(weights), *sorted(p for p in models_dir.rglob("*") if p.is_file())]
    )
    measure.quiet_unless_quick(args)

    results: dict[str, object] = {"machine": machine, "model": label, "export": export}
    rows = []
    for query in ("text", "image"):
        # a smoke run starts torch once (text): the image query's worker code is the same
        # on both paths, and each torch start is seconds
        paths = ("onnx",) if args.quick and query == "image" else ("onnx", "torch")
        samples: dict[str, list[dict]] = {path: [] for path in paths}
        foreign: dict[str, list[float]] = {path: [] for path in paths}
        loadavg: dict[str, list[float]] = {path: [] for path in paths}
        for _ in range(runs):
            for path in paths:
                loadavg[path].append(os.getloadavg()[0])
                monitor = measure.LoadMonitor()
                samples[path].append(_run_child(["--worker", path, "--query", query, *common_args]))
                foreign[path].append(monitor.result()["foreign_cores"])
        vectors = {p: np.array(samples[p][0]["vector"], np.float64) for p in samples}
        cos = float("nan")
        if len(vectors) == 2:
            cos = float(vectors["onnx"] @ vectors["torch"])
            cos /= float(np.linalg.norm(vectors["onnx"]) * np.linalg.norm(vectors["torch"]))
        for path in paths:
            inner = samples[path]
            walls = [o["to_encoded_s"] for o in inner]
            row = {
                "path": path,
                "query": query,
                "runs": runs,
                "start_to_encoded_p50_s": measure.percentile(walls, 50),
                "start_to_encoded_min_s": min(walls),
                "imports_p50_s": measure.percentile([o["imports_s"] for o in inner], 50),
                "load_p50_s": measure.percentile([o["load_s"] for o in inner], 50),
                "encode_p50_ms": measure.percentile([o["encode_ms"] for o in inner], 50),
                "again_p50_ms": measure.percentile([o["again_ms"] for o in inner], 50),
                "peak_rss_mb": max(o["peak_rss_mb"] for o in inner),
                "torch": any(o["torch"] for o in inner),
                "cos_dist": 1.0 - cos,
                "loadavg_1m": measure.percentile(loadavg[path], 50),
                "foreign_cores": measure.percentile(foreign[path], 50),
            }
            rows.append(row)
    results["rows"] = rows
    measure.print_table(
        f"Process start to encoded query, {label}, {args.threads} threads "
        f"(load average now {', '.join(f'{v:.2f}' for v in os.getloadavg())})",
        [
            "path",
            "query",
            "runs",
            "start to encoded p50 s",
            "min s",
            "imports s",
            "load s",
            "encode ms",
            "again ms",
            "peak RSS MB",
            "torch?",
            "cos dist",
            "load avg 1m",
            "foreign cores",
        ],
        [
            [
                r["path"],
                r["query"],
                r["runs"],
                f"{r['start_to_encoded_p50_s']:.2f}",
                f"{r['start_to_encoded_min_s']:.2f}",
                f"{r['imports_p50_s']:.2f}",
                f"{r['load_p50_s']:.2f}",
                f"{r['encode_p50_ms']:.0f}",
                f"{r['again_p50_ms']:.0f}",
                f"{r['peak_rss_mb']:.0f}",
                "yes" if r["torch"] else "no",
                f"{r['cos_dist']:.1e}",
                f"{r['loadavg_1m']:.2f}",
                f"{r['foreign_cores']:.2f}",
            ]
            for r in rows
        ],
    )
    measure.write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
