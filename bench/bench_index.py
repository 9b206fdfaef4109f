"""Photo indexing throughput on 12-megapixel JPEGs: MediaSift vs an rclip-style baseline.

    .venv/bin/python bench/bench_index.py            # 200 photos, both sides, settings sweep
    .venv/bin/python bench/bench_index.py --quick    # 2 photos, the tiny model: smoke run
    .venv/bin/python bench/bench_index.py --profile  # also py-spy the MediaSift side
    .venv/bin/python bench/bench_index.py --variants # decode and encode costs, one by one

Both sides index the same files with the same random-weights ViT-B-32 checkpoint in the same
run, each in a fresh process (so peak RSS is its own and thread settings cannot leak):

* MediaSift: ``Library.index([folder])`` on an empty data dir, exactly the product's path
  (scan, read, fingerprint, draft-mode decode, thumbnail, preprocess in decode threads,
  batched encode, one transaction per batch). The model is loaded before the clock starts.
* baseline: ``rclip_baseline.py``, rclip's loop (full decode, open_clip preprocess, batches
  of 8, one thread of control, upserts into SQLite). Model loaded before the clock too.

``photos/s`` counts files indexed per second of wall time; ``foreign`` is the average number
of cores other processes on the machine used meanwhile (0 on a quiet machine).
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository

from bench import inputs, measure

HERE = Path(__file__).resolve()
ARCH = "ViT-B-32"
DEFAULT_CONFIG = "default"


# -- workers (run in their own process) ------------------------------------------------------


def _after_load() -> dict:
    """RSS once the model is loaded, and the peak so far (loading the checkpoint holds it
    twice for a moment); then the peak is reset so that ``peak_rss_mb`` at the end is the
    indexing peak alone (falls back to the overall peak where /proc refuses the reset)."""
    memory = {"rss_after_load_mb": measure.rss_mb(), "peak_load_mb": measure.peak_rss_mb()}
    memory["peak_reset"] = measure.reset_peak_rss()
    return memory


def _side_result(
    side: str,
    photos: int,
    failed: int,
    load_s: float,
    memory: dict,
    monitor: measure.LoadMonitor,
) -> dict:
    """The figures both sides report, in the same fields, as indexing ends: its wall time
    and the machine's load over it (from ``monitor``), rate, model load time, memory."""
    load = monitor.result()
    return {
        "side": side,
        "photos": photos,
        "failed": failed,
        "seconds": load["wall_s"],
        "photos_per_s": photos / load["wall_s"],
        "load_s": load_s,
        **memory,
        "peak_rss_mb": measure.peak_rss_mb(),
        "load_1m": os.getloadavg()[0],
        **load,
    }


def worker_mediasift(args) -> dict:
    from mediasift.core.library import Library

    data_dir = Path(args.data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    # the model's export there (ONNX Runtime) or its place taken (torch): see run_side
    (data_dir / "models").symlink_to(Path(args.models), target_is_directory=True)
    settings = inputs.clip_settings(
        data_dir,
        Path(args.checkpoint),
        arch=args.arch,
        threads=args.threads,
        decode_workers=args.decode_workers,
        batch_size=args.batch_size,
    )
    # What rclip does: the photos' pictures. Reading the words in them is a later phase of
    # its own (issue 15), measured by bench_words.py; with it on, this figure fell from
    # 18 to 5.5 photos/s and stopped comparing like with like.
    settings = replace(settings, read_text=False)
    load = measure.Stopwatch()
    library = Library(settings)
    library.encoder()  # load the model before the clock starts (the baseline does too)
    load_s = load.elapsed
    memory = _after_load()
    monitor = measure.LoadMonitor()
    summary = library.index([Path(args.folder)])
    encoder = type(library.encoder()).__name__
    side = "mediasift" if encoder == "OnnxIndexEncoder" else "mediasift-torch"
    result = _side_result(side, summary.indexed, summary.failed, load_s, memory, monitor)
    library.close()
    shutil.rmtree(data_dir, ignore_errors=True)
    return {
        **result,
        "threads": settings.threads,
        "decode_workers": settings.decode_workers,
        "batch_size": settings.batch_size,
        "encoder": encoder,
    }


def worker_rclip(args) -> dict:
    import torch

    from bench.rclip_baseline import RclipStyleIndexer, RclipStyleModel

    data_dir = Path(args.data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    if args.threads:
        torch.set_num_threads(args.threads)
    load = measure.Stopwatch()
    model = RclipStyleModel(args.arch, Path(args.checkpoint))
    load_s = load.elapsed
    memory = _after_load()
    indexer = RclipStyleIndexer(model, data_dir / "db.sqlite3", batch_size=args.batch_size or 8)
    monitor = measure.LoadMonitor()
    count = indexer.ensure_index(Path(args.folder))
    result = _side_result("rclip-style", count, 0, load_s, memory, monitor)
    indexer.close()
    shutil.rmtree(data_dir, ignore_errors=True)
    return {
        **result,
        "threads": torch.get_num_threads(),
        "decode_workers": 0,
        "batch_size": args.batch_size or 8,
    }


def worker_variants(args) -> dict:
    """Decode and encode costs one at a time, single-threaded unless stated, and how far
    faster encoders' vectors land from the fp32 reference."""
    import io

    import numpy as np
    import open_clip
    import torch
    from PIL import Image

    from bench.rclip_baseline import open_clip_name
    from mediasift.core.media.photos import decode_photo

    files = sorted(Path(args.folder).glob("*.jpg"))[: args.count]
    model, _, preprocess = open_clip.create_model_and_transforms(
        open_clip_name(args.arch), pretrained=args.checkpoint
    )
    model.eval()
    torch.set_num_threads(1)
    rows = []

    def per_photo(label, fn):
        fn(files[0])
        clock = measure.Stopwatch()
        for f in files:
            fn(f)
        rows.append([label, clock.elapsed / len(files) * 1000])

    blobs = {f: f.read_bytes() for f in files}
    per_photo("read file (page cache)", lambda f: f.read_bytes())
    per_photo("full decode (Image.load)", lambda f: Image.open(io.BytesIO(blobs[f])).load())
    per_photo(
        "full decode + open_clip preprocess (rclip)",
        lambda f: preprocess(Image.open(io.BytesIO(blobs[f]))),
    )
    from mediasift.core.index.thumbnails import THUMBNAIL_SIDE

    def draft(f):  # as the indexer asks: 224 px for CLIP, THUMBNAIL_SIDE on the longer side
        return decode_photo(blobs[f], min_side=224, min_long_side=THUMBNAIL_SIDE).image

    per_photo("draft decode (decode_photo as the indexer calls it)", draft)
    per_photo(
        "draft decode + preprocess (MediaSift)",
        lambda f: preprocess(draft(f)),
    )
    small = draft(files[0])
    per_photo("preprocess of the draft image only", lambda f: preprocess(small))

    def thumb(f):
        image = small.copy()
        image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.BICUBIC)
        image.save(io.BytesIO(), "JPEG", quality=85, optimize=True)

    per_photo(f"thumbnail ({THUMBNAIL_SIDE} px JPEG, optimize=True)", thumb)
    from mediasift.core.scan.fingerprint import fingerprint_bytes

    per_photo("fingerprint (blake2b of the file)", lambda f: fingerprint_bytes(blobs[f]))

    batch = torch.stack([preprocess(draft(f)) for f in files[:16]])
    with torch.inference_mode():
        reference = model.encode_image(batch, normalize=True).float().numpy()

    def encode_ms(fn, threads):
        torch.set_num_threads(threads)
        with torch.inference_mode():
            fn(batch)
            clock = measure.Stopwatch()
            repeats = 3
            for _ in range(repeats):
                out = fn(batch)
        return clock.elapsed / (repeats * len(batch)) * 1000, out

    encode_rows = []

    def variant(label, fn):
        for threads in (1, 2):
            ms, out = encode_ms(fn, threads)
            out = out.float().numpy() if hasattr(out, "numpy") else out
            cos = (out * reference).sum(axis=1) / np.linalg.norm(out, axis=1)
            encode_rows.append([label, threads, ms, 1000 / ms, float(1 - cos.min())])

    variant("fp32 (as shipped)", lambda b: model.encode_image(b, normalize=True))

    def bf16(b):
        with torch.autocast("cpu", dtype=torch.bfloat16):
            return model.encode_image(b, normalize=True)

    variant("bf16 autocast", bf16)
    try:
        quantized = torch.ao.quantization.quantize_dynamic(
            model.visual, {torch.nn.Linear}, dtype=torch.qint8
        )

        def int8(b):
            features = quantized(b)
            return features / features.norm(dim=-1, keepdim=True)

        variant("int8 dynamic (Linear layers)", int8)
    except Exception as exc:  # quantisation backends differ between torch builds
        encode_rows.append(
            [f"int8 dynamic: {type(exc).__name__}", 0, float("nan"), float("nan"), float("nan")]
        )
    return {"side": "variants", "decode": rows, "encode": encode_rows}


# -- the driver ----------------------------------------------------------------------------------


def run_side(
    side: str,
    folder: Path,
    checkpoint: Path,
    work: Path,
    *,
    arch: str = ARCH,
    threads=None,
    decode_workers=None,
    batch_size=None,
    profile: Path | None = None,
) -> dict:
    """One side in a fresh process. ``mediasift`` is the product as it runs once the
    model's ONNX export is made (indexing on ONNX Runtime); ``mediasift-torch`` the same
    with the export's place taken, so the product indexes on torch as before issue 14."""
    models = (
        inputs.torch_only_models(work.parent, arch, checkpoint)
        if side == "mediasift-torch"
        else inputs.exported_models(work.parent, arch, checkpoint)
    )
    args = [
        "--worker",
        "mediasift" if side == "mediasift-torch" else side,
        "--models",
        str(models),
        "--folder",
        str(folder),
        "--checkpoint",
        str(checkpoint),
        "--arch",
        arch,
        "--data-dir",
        str(work / f"data-{side}"),
    ]
    for flag, value in (
        ("--threads", threads),
        ("--decode-workers", decode_workers),
        ("--batch-size", batch_size),
    ):
        if value is not None:
            args += [flag, str(value)]
    if profile is None:
        return measure.run_worker(HERE, args)
    command = [
        "py-spy",
        "record",
        "--rate",
        "50",
        "--format",
        "raw",
        "--output",
        str(profile),
        "--",
        sys.executable,
        str(HERE),
        *args,
    ]
    py_spy = Path(sys.executable).parent / "py-spy"
    if py_spy.exists():
        command[0] = str(py_spy)
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise RuntimeError("py-spy run failed")
    for line in reversed(done.stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError("profiled worker printed no result")


PROFILE_BUCKETS = [
    # (label, substrings of a frame, checked from the innermost frame outwards)
    (
        "model load and imports (before the clock)",
        ("load_clip_encoder", "_find_and_load", "Library.encoder"),
    ),
    ("CLIP image encode (torch forward)", ("encode_image",)),
    ("thumbnail save (resize + JPEG encode)", ("thumbnails.py",)),
    ("preprocess (resize 224, normalise)", ("transforms", "preprocess")),
    ("JPEG decode (draft, EXIF transpose)", ("decode_photo", "photos.py")),
    ("fingerprint (blake2b)", ("fingerprint",)),
    ("file read / sniff", ("prepare.py",)),
    ("SQLite writes", ("writer.py", "store/")),
    ("scan", ("scan/",)),
]


def summarise_profile(raw: Path, top: int = 12) -> tuple[list[list], list[list], int]:
    """Buckets of py-spy samples of the indexing (all busy threads, model load and imports
    left out), the hottest innermost frames, and how many samples the load took."""
    buckets: collections.Counter[str] = collections.Counter()
    functions: collections.Counter[str] = collections.Counter()
    total = loading = 0
    load_keys = PROFILE_BUCKETS[0][1]
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        if any(k in frame for frame in frames for k in load_keys):
            loading += count
            continue
        total += count
        label = "other"
        for frame in reversed(frames):
            hit = next(
                (name for name, keys in PROFILE_BUCKETS[1:] if any(k in frame for k in keys)), None
            )
            if hit:
                label = hit
                break
        buckets[label] += count
        functions[frames[-1]] += count
    total = max(total, 1)
    bucket_rows = [[name, n, 100 * n / total] for name, n in buckets.most_common()]
    function_rows = [[name[:90], n, 100 * n / total] for name, n in functions.most_common(top)]
    return bucket_rows, function_rows, loading


SWEEP = [
    # (threads, decode_workers, batch_size)
    (2, 2, 16),
    (1, 1, 16),
    (1, 2, 16),
    (2, 1, 16),
    (2, 2, 32),
    (2, 2, 8),
]


def main() -> int:
    parser = measure.base_parser(__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, help="how many 12 MP photos (default 200, quick 2)")
    parser.add_argument("--repeats", type=int, help="runs of each side (default 2, quick 1)")
    parser.add_argument("--no-sweep", action="store_true", help="skip the settings sweep")
    parser.add_argument("--profile", action="store_true", help="py-spy the MediaSift side")
    parser.add_argument(
        "--variants", action="store_true", help="measure decode and encode variants one by one"
    )
    # worker arguments
    parser.add_argument("--worker", choices=["mediasift", "rclip", "variants"])
    parser.add_argument("--folder")
    parser.add_argument("--checkpoint")
    parser.add_argument("--arch", default=ARCH, help="(worker) open_clip name or config JSON")
    parser.add_argument("--data-dir")
    parser.add_argument("--models")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--decode-workers", type=int)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--count", type=int, default=16)
    args = parser.parse_args()

    if args.worker:
        fn = {"mediasift": worker_mediasift, "rclip": worker_rclip, "variants": worker_variants}[
            args.worker
        ]
        print(json.dumps(fn(args)))
        return 0

    count = args.photos or (2 if args.quick else 200)
    repeats = args.repeats or (1 if args.quick else 2)
    sweep = not (args.no_sweep or args.quick)
    cache: Path = args.cache
    machine = measure.machine_description()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    if args.quick:  # a smoke run: every side's path on the tests' tiny model
        tiny = inputs.tiny_clip(cache)
        arch, checkpoint, model_label = str(tiny.config), tiny.weights, "tiny CLIP (tests' model)"
    else:
        arch, checkpoint = ARCH, inputs.random_clip_checkpoint(cache, ARCH)
        model_label = f"{ARCH} (random weights)"
    photos = inputs.twelve_mp_photos(cache, count)
    mean_mb = sum(p.stat().st_size for p in photos) / len(photos) / 1e6
    print(
        f"{count} photos of {inputs.PHOTO_SIZE[0]}x{inputs.PHOTO_SIZE[1]}, "
        f"{mean_mb:.1f} MB on average"
    )
    results: dict[str, object] = {"machine": machine, "photos": count}

    with inputs.temporary_dir("index-", cache) as work:
        folder = inputs.link_folder(photos, work / "photos")
        inputs.warm_page_cache(photos)
        foreign = measure.quiet_unless_quick(args, max(120, args.quiet_wait))
        print(f"other load before the run: {foreign:.2f} cores")

        runs = []
        for _ in range(repeats):
            for side in ("rclip", "mediasift", "mediasift-torch"):
                runs.append(run_side(side, folder, checkpoint, work, arch=arch))
        rows = [
            [
                r["side"],
                r["photos"],
                r["seconds"],
                r["photos_per_s"],
                r["peak_rss_mb"] if r["peak_reset"] else float("nan"),
                r["rss_after_load_mb"],
                r["peak_load_mb"],
                r["load_s"],
                r["load_1m"],
                r["foreign_cores"],
            ]
            for r in runs
        ]
        measure.print_table(
            f"Photo indexing, {count} x 12 MP JPEG, {model_label}, same run",
            [
                "side",
                "photos",
                "seconds",
                "photos/s",
                "peak RSS indexing MB",
                "RSS after load MB",
                "peak RSS loading MB",
                "model load s",
                "load 1m",
                "foreign",
            ],
            rows,
        )
        by_side = collections.defaultdict(list)
        for r in runs:
            by_side[r["side"]].append(r["photos_per_s"])
        base = sum(by_side["rclip-style"]) / len(by_side["rclip-style"])
        ours = sum(by_side["mediasift"]) / len(by_side["mediasift"])
        ratio = ours / base
        on_torch = sum(by_side["mediasift-torch"]) / len(by_side["mediasift-torch"])
        print(
            f"\nMediaSift {ours:.2f} photos/s vs rclip-style {base:.2f} photos/s: "
            f"ratio {ratio:.2f}x (target >= 1.5x; >= 15 photos/s); MediaSift on torch "
            f"{on_torch:.2f} photos/s ({on_torch / base:.2f}x); load average "
            f"{os.getloadavg()[0]:.2f}"
        )
        results.update(
            runs=runs, mediasift_photos_per_s=ours, baseline_photos_per_s=base, ratio=ratio
        )

        if sweep:
            sweep_runs = []
            for threads, workers, batch in SWEEP:
                sweep_runs.append(
                    run_side(
                        "mediasift",
                        folder,
                        checkpoint,
                        work,
                        arch=arch,
                        threads=threads,
                        decode_workers=workers,
                        batch_size=batch,
                    )
                )
            best = max(sweep_runs, key=lambda r: r["photos_per_s"])
            measure.print_table(
                "MediaSift settings sweep (same photos)",
                [
                    "threads",
                    "decode_workers",
                    "batch_size",
                    "photos/s",
                    "peak RSS MB",
                    "own cores",
                    "foreign",
                ],
                [
                    [
                        r["threads"],
                        r["decode_workers"],
                        r["batch_size"],
                        r["photos_per_s"],
                        r["peak_rss_mb"],
                        r["own_cores"],
                        r["foreign_cores"],
                    ]
                    for r in sweep_runs
                ],
            )
            print(
                f"\nbest: threads={best['threads']} decode_workers={best['decode_workers']} "
                f"batch_size={best['batch_size']}: {best['photos_per_s']:.2f} photos/s"
            )
            results["sweep"] = sweep_runs

        if args.profile:
            raw = cache / "profile-index.txt"
            profiled = run_side("mediasift", folder, checkpoint, work, arch=arch, profile=raw)
            buckets, functions, loading = summarise_profile(raw)
            measure.print_table(
                f"py-spy of MediaSift indexing ({profiled['photos_per_s']:.2f} photos/s "
                f"under the profiler), samples of all busy threads ({loading} samples of "
                "model load and imports left out)",
                ["where", "samples", "%"],
                buckets,
            )
            measure.print_table("hottest innermost frames", ["frame", "samples", "%"], functions)
            print(f"\nraw profile (collapsed stacks): {raw}")
            results["profile"] = {"buckets": buckets, "functions": functions}

        if args.variants:
            variants = measure.run_worker(
                HERE,
                [
                    "--worker",
                    "variants",
                    "--folder",
                    str(folder),
                    "--checkpoint",
                    str(checkpoint),
                    "--arch",
                    arch,
                    "--count",
                    str(min(16, count)),
                ],
            )
            measure.print_table(
                "Per-photo costs, one thread (12 MP JPEG)", ["step", "ms/photo"], variants["decode"]
            )
            measure.print_table(
                f"{model_label} image encoder variants, batch of 16",
                ["variant", "threads", "ms/image", "images/s", "max cosine distance to fp32"],
                variants["encode"],
            )
            results["variants"] = variants

    measure.write_json(args.json, results)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    sys.exit(main())
