"""A copy storm into a watched folder: 10,000 small photos copied at once while
``mediasift watch`` runs (issue 6).

    .venv/bin/python bench/bench_storm.py                   # 10,000 files, tiny model
    .venv/bin/python bench/bench_storm.py --quick           # 60 files
    .venv/bin/python bench/bench_storm.py --model vit-b-32  # the real model's cost (random weights)
    .venv/bin/python bench/bench_storm.py --no-reference    # without the plain-index comparison

A fresh worker process does what ``mediasift watch`` does: a ``Library`` on an empty data
dir with one folder, and ``LiveSync(library).run(stop)`` in a thread (reconcile, then the
watcher's settled changes as they come). Once the watcher is up, ``cp -r`` (another
process, as a user's file manager) copies a folder of N distinct JPEGs (64x64 to 320x240,
varied content, cached in the bench cache) into the watched folder. Meanwhile the worker's
main thread samples, every 0.5 s, through a separate reader ``Library`` on the same data
dir: files indexed, ``Library.pending_count()`` (files found but not yet indexed), and
``LiveSync.watcher.unsettled`` (events not yet settled); also the paths settled but not
yet taken by the sync thread, and the process's RSS.

* ``drain s``: from the start of the copy until the index holds all N files;
* ``peak RSS``: the worker's high-water mark (VmHWM: model, watcher, indexer, reader);
* the model: by default the tests' tiny random open_clip model (2 layers, 64 wide, see
  ``TINY_CONFIG`` in tests/model_files.py), so the drain time reflects the pipeline (watch,
  scan, decode, thumbnails, SQLite) rather than CLIP; ``--model vit-b-32`` uses the
  random-weights ViT-B-32 (true encoder cost, ~20 photos/s on 2 cores).

``--reference`` (default on, off with --quick) also indexes the same N files with a plain
``Library.index([folder])`` in a fresh process: the pipeline's own rate, to compare with
the drain rate under the watcher.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository

from bench import inputs, measure

HERE = Path(__file__).resolve()
SAMPLE_S = 0.5


def _settings(args, data_dir: Path):
    from mediasift.core.config import ClipChoice, Settings

    if args.model == "tiny":
        choice = inputs.tiny_clip(args.cache).choice
    else:
        choice = ClipChoice("ViT-B-32", str(inputs.random_clip_checkpoint(args.cache)))
    return Settings(data_dir=data_dir, clip=choice, clip_is_explicit=True, offline=True)


def _settled_waiting(sync) -> int:
    """Paths the watcher handed on that the sync loop has not taken yet (a sample)."""
    return sync.jobs.waiting_paths()


def worker_storm(args) -> dict:
    from mediasift.core.library import Library
    from mediasift.core.service.sync import LiveSync

    source = Path(args.source)
    count = sum(1 for _ in source.iterdir())
    work = Path(args.work)
    watched = work / "watched"
    watched.mkdir(parents=True)
    settings = _settings(args, work / "data")
    library = Library(settings)
    library.add_roots([watched])
    summaries: list[object] = []
    sync = LiveSync(library, on_summary=summaries.append)
    stop = threading.Event()
    runner = threading.Thread(target=sync.run, args=(stop,), name="bench-sync")
    runner.start()
    reader = Library(settings)  # a second connection, read from this (the main) thread
    deadline = time.monotonic() + 30
    watcher_thread = getattr(sync.watcher, "_thread", None)
    while time.monotonic() < deadline:
        if watcher_thread is None:
            time.sleep(2.0)
            break
        if watcher_thread.is_alive():
            break
        time.sleep(0.05)
    time.sleep(0.2)
    rss_start = measure.rss_mb()

    samples: list[dict] = []
    monitor = measure.LoadMonitor()
    started = time.perf_counter()
    copier = subprocess.Popen(["cp", "-r", str(source), str(watched / "import")])
    copy_s = None
    drain_s = None
    timeout = started + args.timeout
    while time.perf_counter() < timeout:
        now = time.perf_counter() - started
        if copy_s is None and copier.poll() is not None:
            copy_s = now
        indexed = reader.store.catalog.indexed_count()
        samples.append(
            {
                "t": now,
                "copied": copy_s is not None,
                "unsettled": sync.watcher.unsettled,
                "settled_waiting": _settled_waiting(sync),
                "pending": reader.pending_count(),
                "indexed": indexed,
                "rss_mb": measure.rss_mb(),
            }
        )
        if indexed >= count:
            drain_s = now
            break
        time.sleep(SAMPLE_S)
    load = monitor.result()
    copier.wait()
    stop.set()
    runner.join(timeout=60)
    failed = reader.store.conn.execute(
        "SELECT count(*) FROM media WHERE status = 'failed'"
    ).fetchone()[0]
    reader.close()
    library.close()
    return {
        "files": count,
        "indexed": samples[-1]["indexed"] if samples else 0,
        "failed": failed,
        "copy_s": copy_s,
        "drain_s": drain_s,
        "runs": len(summaries),
        "rss_start_mb": rss_start,
        "peak_rss_mb": measure.peak_rss_mb(),
        "samples": samples,
        **load,
    }


def worker_reference(args) -> dict:
    """The same files through a plain ``Library.index`` (no watcher): the pipeline's rate."""
    from mediasift.core.library import Library

    work = Path(args.work)
    library = Library(_settings(args, work / "data"))
    monitor = measure.LoadMonitor()
    summary = library.index([Path(args.source)])
    load = monitor.result()
    seconds = load["wall_s"]
    library.close()
    return {
        "files": summary.indexed,
        "failed": summary.failed,
        "seconds": seconds,
        "peak_rss_mb": measure.peak_rss_mb(),
        **load,
    }


def pick_samples(samples: list[dict], shown: int = 14) -> list[dict]:
    """A few samples spread over the run, always with the first, the last, the moment the
    copy ended and the largest queue."""
    if len(samples) <= shown:
        return samples
    chosen = {0, len(samples) - 1}
    chosen.add(max(range(len(samples)), key=lambda i: _queue(samples[i])))
    copied = next((i for i, s in enumerate(samples) if s["copied"]), None)
    if copied is not None:
        chosen.add(copied)
    step = (len(samples) - 1) / (shown - len(chosen))
    chosen.update(round(i * step) for i in range(shown - len(chosen)))
    return [samples[i] for i in sorted(chosen)]


def _queue(sample: dict) -> int:
    return sample["pending"] + sample["unsettled"] + max(0, sample["settled_waiting"])


def main() -> int:
    parser = measure.base_parser(__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, help="how many photos (default 10,000; quick 60)")
    parser.add_argument("--model", choices=("tiny", "vit-b-32"), default="tiny")
    parser.add_argument("--timeout", type=float, default=3600, help="give up after this (s)")
    parser.add_argument(
        "--reference",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also index the files with a plain Library.index (default: on, off with --quick)",
    )
    parser.add_argument("--worker", choices=("storm", "reference"))
    parser.add_argument("--source")
    parser.add_argument("--work")
    args = parser.parse_args()
    if args.worker:
        result = (worker_storm if args.worker == "storm" else worker_reference)(args)
        print(json.dumps(result))
        return 0

    count = args.files or (60 if args.quick else 10_000)
    reference = (not args.quick) if args.reference is None else args.reference
    machine = measure.machine_description()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    files = inputs.small_photos(args.cache, count)
    model_label = (
        "tiny random open_clip (tests' TINY_CONFIG)"
        if args.model == "tiny"
        else "ViT-B-32, random weights"
    )
    if args.model == "tiny":
        inputs.tiny_clip(args.cache)
    else:
        inputs.random_clip_checkpoint(args.cache)
    rows, reference_row = [], None
    with inputs.temporary_dir("storm-", args.cache) as tmp:
        source = inputs.link_folder(files, tmp / "DCIM")  # the folder the user copies
        inputs.warm_page_cache(files)
        measure.quiet_unless_quick(args)
        base = ["--cache", str(args.cache), "--model", args.model, "--source", str(source)]
        timeout = args.timeout + 120
        storm = measure.run_worker(
            HERE,
            [
                *("--worker", "storm", "--work", str(tmp / "storm")),
                *("--timeout", str(args.timeout), *base),
            ],
            timeout=timeout,
        )
        shutil.rmtree(tmp / "storm", ignore_errors=True)
        if reference:
            measure.quiet_machine(wait_s=args.quiet_wait)
            reference_row = measure.run_worker(
                HERE,
                ["--worker", "reference", "--work", str(tmp / "reference"), *base],
                timeout=timeout,
            )
    drained = storm["drain_s"] is not None
    peak_queue = max((_queue(s) for s in storm["samples"]), default=0)
    rows.append(
        [
            "copy storm into a watched folder (LiveSync)",
            storm["files"],
            storm["indexed"],
            storm["copy_s"] if storm["copy_s"] is not None else float("nan"),
            storm["drain_s"] if drained else float("nan"),
            storm["indexed"] / storm["drain_s"] if drained else float("nan"),
            peak_queue,
            storm["peak_rss_mb"],
            storm["foreign_cores"],
        ]
    )
    if reference_row:
        rows.append(
            [
                "same files, plain Library.index (reference)",
                reference_row["files"],
                reference_row["files"],
                float("nan"),
                reference_row["seconds"],
                reference_row["files"] / reference_row["seconds"],
                float("nan"),
                reference_row["peak_rss_mb"],
                reference_row["foreign_cores"],
            ]
        )
    measure.print_table(
        f"Copy storm: {count:,} small JPEGs, model {model_label}",
        [
            "run",
            "files",
            "indexed",
            "copy s",
            "drain s",
            "files/s",
            "peak queue",
            "peak RSS MB",
            "foreign",
        ],
        rows,
    )
    measure.print_table(
        "Queue while the storm drains (reader Library, every 0.5 s; a few samples)",
        [
            "t s",
            "copy done",
            "watcher unsettled",
            "settled, not taken",
            "pending (store)",
            "indexed",
            "RSS MB",
        ],
        [
            [
                s["t"],
                "yes" if s["copied"] else "no",
                s["unsettled"],
                s["settled_waiting"] if s["settled_waiting"] >= 0 else "?",
                s["pending"],
                s["indexed"],
                s["rss_mb"],
            ]
            for s in pick_samples(storm["samples"])
        ],
    )
    if not drained:
        print(
            f"\nNOT DRAINED: {storm['indexed']:,} of {storm['files']:,} indexed after "
            f"{args.timeout:.0f} s ({storm['failed']} failed)"
        )
    measure.write_json(
        args.json,
        {"machine": machine, "model": model_label, "storm": storm, "reference": reference_row},
    )
    return 0 if drained else 1


if __name__ == "__main__":
    sys.exit(main())
