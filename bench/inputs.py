"""Inputs for every benchmark: photos, videos, recordings, model files, stores' folders.

Everything expensive to make (12-megapixel JPEGs, the ViT-B-32 checkpoint, 2-minute
recordings, synthetic stores) is cached under ``/tmp/mediasift-bench`` (``--cache DIR`` or
the environment variable ``MEDIASIFT_BENCH_CACHE`` to move it), so a second run starts
measuring at once. The synthetic stores themselves are made by ``synthetic_store.py``.

The model files and the media primitives (speech, audio encoding, video muxing) are the
tests' kit, ``tests/model_files.py`` and ``tests/media_factory.py``: one copy, used by both.
No network: CLIP weights cannot be downloaded here, so the ViT-B-32 checkpoint has *random*
weights. Its compute cost is the real model's (same architecture, same shapes); only what
its vectors mean differs, which no timing depends on.

This module is imported by every benchmark worker, including the rclip-style one whose
peak RSS is compared with ours: NumPy, Pillow and PyAV (through the media kit) are
imported inside the functions that make media, never at the top.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from tests.model_files import TinyClip, build_random_clip, build_tiny_clip
from tests.paths import PHOTOS, SPEECH

if TYPE_CHECKING:
    import numpy as np

    from mediasift.core.config import Settings

DEFAULT_CACHE = Path(os.environ.get("MEDIASIFT_BENCH_CACHE", "/tmp/mediasift-bench"))

# 12 megapixels, the usual phone sensor (4:3).
PHOTO_SIZE = (4000, 3000)
PHOTO_VERSION = "v1"  # bump when the generator changes, so stale caches are not reused
SMALL_VERSION = "v1"
SPEECH_MEDIA_VERSION = "v1"


# -- model files -----------------------------------------------------------------------------


def random_clip_checkpoint(cache: Path, arch: str = "ViT-B-32", seed: int = 0) -> Path:
    """A state dict of ``arch`` with random weights, built once and kept in ``cache``."""
    return build_random_clip(cache / "clip", arch, seed)


def tiny_clip(cache: Path, seed: int = 1) -> TinyClip:
    """The tests' tiny random model (``TINY_CONFIG``), built once and kept in ``cache``: a
    benchmark using it measures the pipeline around the model (scan, watch, decode,
    SQLite), not CLIP."""
    return build_tiny_clip(cache / "clip", seed)


def tiny_clip_512(cache: Path, seed: int = 1, *, build: bool = True) -> TinyClip:
    """The tiny model's towers with CLIP's 512-d embedding (ViT-B-32's): a ``--quick`` run
    on the synthetic stores, whose vectors are 512-d, without ViT-B-32's build and export.
    ``build=False`` writes only its config (the weights import torch: a driver whose first
    worker imports torch anyway leaves them to it)."""
    import json

    from tests.model_files import TINY_CONFIG, _save_random_model, _write_whole

    name = "mediasift-tiny-512"
    text = json.dumps({**TINY_CONFIG, "embed_dim": 512})
    config = cache / "clip" / f"{name}.json"
    weights = cache / "clip" / f"{name}-seed{seed}.pt"
    if not (config.is_file() and config.read_text() == text):  # weights of another config
        weights.unlink(missing_ok=True)
        _write_whole(config, lambda part: part.write_text(text))
    if build and not weights.is_file():
        import open_clip

        open_clip.add_model_config(config)
        _save_random_model(name, seed, weights)
    return TinyClip(config, weights)


EXPORT_SCRIPT = """
import sys
from pathlib import Path
from mediasift.core.config import ClipChoice
from mediasift.core.models.clip_source import resolve_clip_source
from mediasift.core.models.query_export import make_query_export
models = Path(sys.argv[3])
source = resolve_clip_source(ClipChoice(sys.argv[1], sys.argv[2]), models)
notes = []
if not make_query_export(source, models, threads=2, on_note=notes.append):
    sys.exit("no ONNX export: " + " / ".join(notes))
"""


def exports_folder(cache: Path) -> Path:
    """The models folder :func:`exported_models` keeps the exports in."""
    return cache / "instant" / "models"


def exported_models(cache: Path, model: str, weights: Path) -> Path:
    """A models folder holding ``model``'s ONNX export (made once, by the product's own
    code, in a fresh process): a data dir whose ``models`` links here queries and indexes
    on ONNX Runtime."""
    folder = exports_folder(cache)
    done = subprocess.run(
        [sys.executable, "-c", EXPORT_SCRIPT, model, str(weights), str(folder)],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"cannot export {model}: {done.stderr[-2000:]}")
    return folder


def torch_only_models(cache: Path, model: str, weights: Path) -> Path:
    """A models folder where ``model``'s export cannot be made (a file holds its place):
    a data dir whose ``models`` links here takes the torch path, as before issue 14."""
    from mediasift.core.config import ClipChoice
    from mediasift.core.models.clip_source import resolve_clip_source
    from mediasift.core.models.onnx_manifest import export_folder

    folder = cache / "instant" / "models-torch-only"
    source = resolve_clip_source(ClipChoice(model, str(weights)), folder)
    place = export_folder(source, folder)
    if not place.is_file():
        place.parent.mkdir(parents=True, exist_ok=True)
        place.write_text("no export here: this models folder keeps the torch path\n")
    return folder


def clip_settings(
    data_dir: Path,
    checkpoint: Path,
    *,
    arch: str = "ViT-B-32",
    threads: int | None = None,
    decode_workers: int | None = None,
    batch_size: int | None = None,
    whisper_model: str | None = None,
) -> Settings:
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


# -- 12-megapixel and small photos --------------------------------------------------------


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
    sources = sorted(p for p in PHOTOS.iterdir() if p.suffix.lower() in (".jpg", ".png"))
    targets = [folder / f"img_{i:04d}.jpg" for i in range(count)]
    jobs = [(sources[i % len(sources)], t, i) for i, t in enumerate(targets) if not t.is_file()]
    if jobs:
        print(f"generating {len(jobs)} 12 MP JPEGs in {folder} ...", file=sys.stderr)
        with ProcessPoolExecutor(workers or os.cpu_count() or 1) as pool:
            list(pool.map(_make_photo, jobs, chunksize=4))
    return targets


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
    elif style == 2 and PHOTOS.is_dir():  # a crop of a real photo
        sources = sorted(p for p in PHOTOS.iterdir() if p.suffix.lower() == ".jpg")
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


@contextlib.contextmanager
def temporary_dir(prefix: str, cache: Path) -> Iterator[Path]:
    cache.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=cache))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# -- recordings and videos -------------------------------------------------------------------

SENTENCES = [
    "Let us go over the budget for next year before the meeting on Friday.",
    "The dog ran along the beach at sunset and would not come back.",
    "We should book the holiday flights early, prices go up in spring.",
    "Can you send me the slides from the presentation this morning?",
    "The new office has a kitchen, a small garden and a lot of light.",
    "Remember to call grandma on Sunday, it is her birthday.",
]


def long_recording(seconds: float, work: Path) -> np.ndarray:
    """JFK's speech and espeak-ng sentences, with pauses, up to ``seconds`` of audio."""
    import numpy as np

    from tests import media_factory as mf

    rng = np.random.default_rng(3)
    pieces = [mf.decode(SPEECH / "jfk.flac")] + [mf.speech(s, tmp=work) for s in SENTENCES]
    track: list[np.ndarray] = []
    total, i = 0, 0
    while total < seconds * mf.RATE:
        piece = pieces[i % len(pieces)]
        pause = mf.silence(rng.uniform(0.5, 2.5))
        track += [piece, pause]
        total += len(piece) + len(pause)
        i += 1
    return np.concatenate(track)[: int(seconds * mf.RATE)]


def pan_video(
    path: Path,
    seconds: float,
    audio: np.ndarray | None,
    *,
    fps: int = 30,
    size: tuple[int, int] = (1280, 720),
) -> Path:
    """Slow pans over the test photos (a scene every 8 s) with sensor noise, H.264 with a
    keyframe a second, as phones write them."""
    import numpy as np
    from PIL import Image

    from tests import media_factory as mf

    scenes = []
    for source in sorted(p for p in PHOTOS.iterdir() if p.suffix in (".jpg", ".png")):
        with Image.open(source) as opened:
            scenes.append(opened.convert("RGB").resize((size[0] * 5 // 4, size[1] * 5 // 4)))
    noise = np.random.default_rng(5).integers(-6, 7, size=(size[1], size[0], 3), dtype=np.int16)

    def frames() -> Iterator[np.ndarray]:
        for index in range(int(seconds * fps)):
            t = index / fps
            scene = scenes[int(t // 8) % len(scenes)]
            shift = (t % 8) / 8
            dx = int(shift * (scene.width - size[0]))
            dy = int(shift * (scene.height - size[1]) / 2)
            crop = np.asarray(scene.crop((dx, dy, dx + size[0], dy + size[1])), np.int16)
            yield np.clip(crop + np.roll(noise, index % 7, axis=1), 0, 255).astype(np.uint8)

    options = {"g": str(fps), "preset": "veryfast", "crf": "23"}
    return mf.write_video(path, frames(), fps=fps, size=size, options=options, audio=audio)


def speech_media(cache: Path, quick: bool) -> list[tuple[str, Path, float]]:
    """(label, file, duration in seconds) of the speech benchmark's recordings and videos,
    generated once into the cache."""
    from tests import media_factory as mf

    folder = cache / f"speech-media-{SPEECH_MEDIA_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    jfk = SPEECH / "jfk.flac"
    files = [("jfk.flac (speech)", jfk, len(mf.decode(jfk)) / mf.RATE)]
    work = folder / "tmp"
    work.mkdir(exist_ok=True)
    if quick:  # a smoke run: the video path end to end, on the shortest video
        short = folder / "video-2s-silent.mp4"
        if not short.is_file():
            print("generating a 2 s 720p video ...", file=sys.stderr)
            pan_video(short.with_suffix(".part.mp4"), 2, None).rename(short)
        files.append(("720p video, 2 s, silent", short, 2.0))
        return files
    recording = folder / "recording-120s.m4a"
    if not recording.is_file():
        print("generating a 2-minute recording ...", file=sys.stderr)
        part = recording.with_suffix(".part.m4a")
        mf.encode_audio(part, long_recording(120, work), "aac").rename(recording)
    files.append(("recording, 2 min, speech + pauses (m4a)", recording, 120.0))
    silent = folder / "video-90s-silent.mp4"
    if not silent.is_file():
        print("generating a 90 s 720p video (takes a minute) ...", file=sys.stderr)
        pan_video(silent.with_suffix(".part.mp4"), 90, None).rename(silent)
    files.append(("720p H.264 video, 90 s, silent", silent, 90.0))
    talking = folder / "video-90s-speech.mp4"
    if not talking.is_file():
        print("generating a 90 s 720p video with speech (takes a minute) ...", file=sys.stderr)
        pan_video(talking.with_suffix(".part.mp4"), 90, long_recording(90, work)).rename(talking)
    files.append(("720p H.264 video, 90 s, with speech", talking, 90.0))
    return files
