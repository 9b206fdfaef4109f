"""The words phase inside a real indexing run: what reading text costs, and what it does not.

    .venv/bin/python bench/bench_words.py           # 40 photos per set
    .venv/bin/python bench/bench_words.py --quick   # 2 per set, smoke run (no figures)

For each set (12 MP photos without text, text-heavy screenshots, an 80/20 mix), one
``Library.index`` in a fresh process on an empty data dir, exactly the product's path, with
the tiny CLIP model (the CLIP phase is not what is measured here; bench_index.py does that)
indexing on ONNX Runtime from an export made once beforehand, as after a library's first
run (without it, each run would load torch and make the export in the background while
the words phase is measured). ``--quick`` runs every set in one process, on small
screenshots: it checks that the path works, its figures mean nothing.

* ``words files/s``: the words phase alone (decode for reading, the text reader, names and
  keywords, one transaction per file), from the end of the CLIP phase to its last file;
* ``names only files/s``: the same phase with reading turned off (``read_text=False``):
  the baseline, measured in the same run;
* ``CLIP phase s`` (start of the run to the last embedded batch) with reading on and off:
  reading waits until the pictures are embedded,
  so these must be equal (a photo is searchable by how it looks first);
* ``peak RSS MB`` of each run (reading on minus off: what the reader adds).

``foreign`` is the average number of cores other processes used meanwhile.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository

from bench import inputs, measure

HERE = Path(__file__).resolve()


def _worker(folder: Path, data_dir: Path, cache: Path, models: Path, read_text: bool) -> dict:
    from mediasift.core.config import Settings
    from mediasift.core.index.events import IndexEvent, IndexProgress, Phase
    from mediasift.core.library import Library

    tiny = inputs.tiny_clip(cache)
    settings = Settings(
        data_dir=data_dir,
        clip=tiny.choice,
        clip_is_explicit=True,
        offline=True,
        read_text=read_text,
    )
    last: dict[str, float] = {}
    done: dict[str, float] = {}

    def on_event(event: IndexEvent) -> None:
        if isinstance(event, IndexProgress):
            last[str(event.phase)] = time.perf_counter()
            done[str(event.phase)] = event.done

    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "models").symlink_to(models, target_is_directory=True)
    monitor = measure.LoadMonitor()
    with Library(settings) as library:
        library.encoder()  # loaded before the clock, like every bench
        if read_text:
            library.text_reader().load()
        measure.reset_peak_rss()
        started = time.perf_counter()
        summary = library.index([folder], on_event=on_event)
    load = monitor.result()
    clip_end = last.get(str(Phase.FILES), started)
    return {
        "indexed": summary.indexed,
        "words_files": done.get(str(Phase.TEXT), 0.0),
        # The phase runs from the end of the pictures' (the last CLIP batch) to its last file.
        "words_s": last.get(str(Phase.TEXT), clip_end) - clip_end,
        "clip_s": clip_end - started,
        "peak_rss_mb": measure.peak_rss_mb(),
        "foreign": load["foreign_cores"],
    }


QUICK_SCREEN = (640, 400)
"""--quick's screenshots: the same layout with its 16 px text, a quarter of the page."""


def _sets(cache: Path, count: int, quick: bool) -> dict[str, list[Path]]:
    from tests import text_images as ti

    photos = inputs.twelve_mp_photos(cache, count)
    shots_dir = cache / ("words-screenshots-quick" if quick else "words-screenshots")
    shots_dir.mkdir(parents=True, exist_ok=True)
    shots = []
    for seed in range(count):
        path = shots_dir / f"screen-{seed:03d}.png"
        if not path.is_file():
            shot = (
                ti.screenshot(seed, size=QUICK_SCREEN, text_px=16) if quick else ti.screenshot(seed)
            )
            shot.image.save(path)
        shots.append(path)
    text_heavy = max(1, count // 5)
    return {
        "12 MP photos, no text": photos,
        "screenshots": shots,
        "80/20 mix": photos[: count - text_heavy] + shots[:text_heavy],
    }


def _exported_tiny_clip(cache: Path) -> Path:
    """A models folder holding the tiny CLIP's ONNX export, made here by the product's code
    when missing: in this process, which has just imported torch to build the tiny model
    on an empty cache (a fresh process would import it a second time, the longest part of
    a smoke run), and which finds it made and loads nothing on later runs."""
    from mediasift.core.models.clip_source import resolve_clip_source
    from mediasift.core.models.query_export import make_query_export

    tiny = inputs.tiny_clip(cache)
    folder = cache / "words-models"
    source = resolve_clip_source(tiny.choice, folder)
    notes: list[str] = []
    if not make_query_export(source, folder, threads=2, on_note=notes.append):
        raise SystemExit("no ONNX export of the tiny CLIP: " + " / ".join(notes))
    return folder


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        jobs = json.loads(sys.argv[2])
        results = [
            _worker(*(Path(job[key]) for key in ("folder", "data", "cache", "models")), job["on"])
            for job in jobs
        ]
        print(json.dumps({"runs": results}))
        return 0
    args = measure.base_parser(__doc__.splitlines()[0]).parse_args()
    count = 2 if args.quick else 40
    cache = args.cache
    sets = _sets(cache, count, args.quick)
    models = _exported_tiny_clip(cache)
    measure.quiet_machine(wait_s=0 if args.quick else args.quiet_wait)
    with inputs.temporary_dir("words", cache) as work:
        jobs = [
            {
                "set": name,
                "on": reading == "on",
                "folder": str(inputs.link_folder(files, work / f"library-{i}")),
                "data": str(work / f"data-{i}-{reading}"),
                "cache": str(cache),
                "models": str(models),
            }
            for i, (name, files) in enumerate(sets.items())
            for reading in ("on", "off")
        ]
        # A fresh process per run (its peak RSS is the run's own); --quick: one for all.
        batches = [jobs] if args.quick else [[job] for job in jobs]
        done = [
            result
            for batch in batches
            for result in measure.run_worker(HERE, ["--worker", json.dumps(batch)])["runs"]
        ]
    rows, figures = [], {}
    for name, files in sets.items():
        results = {
            "on" if job["on"] else "off": result
            for job, result in zip(jobs, done, strict=True)
            if job["set"] == name
        }
        on, off = results["on"], results["off"]
        figures[name] = results
        rows.append(
            [
                name,
                len(files),
                f"{on['words_files'] / max(on['words_s'], 1e-9):.2f}",
                f"{off['words_files'] / max(off['words_s'], 1e-9):.1f}",
                f"{on['clip_s']:.1f} / {off['clip_s']:.1f}",
                f"{on['peak_rss_mb'] - off['peak_rss_mb']:+.0f}",
                f"{max(on['foreign'], off['foreign']):.1f}",
            ]
        )
    measure.print_table(
        "The words phase in a real run (2 cores; reading on vs names only, same run)",
        [
            "set",
            "files",
            "words files/s",
            "names only files/s",
            "CLIP phase s (on / off)",
            "added peak MB",
            "foreign",
        ],
        rows,
    )
    if args.quick:
        print("\n--quick: every run in one process, small screenshots: not a measurement")
    measure.write_json(args.json, {"machine": measure.machine_description(), "sets": figures})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
