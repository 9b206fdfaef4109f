"""Text in pictures (issue 15): photos/s, labelled words read and memory of the text
reader, against RapidOCR with its defaults, in the same run.

    .venv/bin/python bench/bench_ocr.py            # 40 text-free 12 MP photos, 6 screenshots...
    .venv/bin/python bench/bench_ocr.py --quick    # one or two of each, small: smoke run
    .venv/bin/python bench/bench_ocr.py --probe-sweep   # also: the probe's size, 3 ways

Sets, generated once into ``<cache>/ocr-<version>/`` by tests/text_images.py (the tests' kit):

* **text-free**: 12 MP JPEGs (bench/inputs.py: the real test photos cropped, upscaled,
  with sensor noise);
* **screenshots**: PNGs, three desktop windows (1600x1000 and 1920x1080, 13-16 px text,
  pages full of text) and three phone chats (1080x2340 and 1170x2532);
* **labelled**: every picture of ``text_images.labelled_set()`` (a sign at an angle, small
  print, screenshots, a Chinese receipt, an invoice, a number plate, text turned 90/180/270
  degrees) as JPEG or PNG, plus street signs far away in 12 MP photos and a phone chat;
* **mix**: 80 % text-free photos, 20 % pictures with text (photos of text and screenshots).

Each side reads every file in a fresh process as the words phase does
(core/index/words_phase.py): the next files (``words_phase.LOOK_AHEAD``) decoded on a
second thread while the reader reads, with the phase's own ``bounded_map``; decode is
core's ``decode_photo`` (for MediaSift at the JPEG draft scale that gives
``text_reader.DECODE_MIN_SIDE`` px on the shorter side, for the baseline in full).
``--look-ahead 1`` reads one file after another instead (decode, then read), as this
benchmark did before 2026-11-30 20:00. Every side runs ONNX Runtime with its default
threads (one per core) and warms up on one picture first.

* ``photos/s``: files per second of wall time, decoding included (``read ms`` is the
  reader alone, ``decode ms`` the decode on its thread); ``load`` is ``os.getloadavg()``
  (1 min) as the set ended, ``foreign`` the cores other processes used meanwhile
  (bench/measure.py): compare figures taken with both near 0. ``CPU ms`` is the process's
  CPU time per file (both cores counted), which other processes disturb far less than wall
  time: on a quiet machine photos/s is about 2000 / CPU ms.
* ``words read``: ``text_images.words_read`` over the labelled set (Latin words and codes
  whole, Chinese by characters).
* ``added MB``: peak RSS of the process (VmHWM) minus its RSS before the engine was built.
* The **confidence sweep** (MediaSift, every line kept) shows what each threshold keeps of
  the labelled words and how many lines that hold none of them (noise) it lets through;
  ``text_reader.MIN_CONFIDENCE`` is chosen from it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository

from bench import inputs, measure

HERE = Path(__file__).resolve()
VERSION = "v1"  # bump when tests/text_images.py changes what it draws
SIDES = ("rapidocr", "mediasift-fp32", "mediasift")
"""RapidOCR with its defaults; MediaSift's reader with the wheel's fp32 recogniser (as before
the int8 one shipped); MediaSift as it reads (the int8 recogniser)."""
QUICK_MANIFEST = "quick-v3.json"  # --quick's sets: 1 text-free photo, small pictures


# -- the sets ---------------------------------------------------------------------------------


def _save(picture, folder: Path, kind: str) -> dict:
    """Write one TextPicture (PNG when rendered, else a JPEG as a camera would); its entry."""
    png = kind == "screenshot" or picture.name.startswith(("invoice", "corner", "screenshot"))
    path = folder / f"{picture.name}.{'png' if png else 'jpg'}"
    if not path.is_file():
        tmp = path.with_suffix(".part")
        picture.image.save(tmp, "PNG" if png else "JPEG", quality=92)
        os.replace(tmp, path)
    return {"name": picture.name, "path": str(path), "words": list(picture.words), "kind": kind}


def build_sets(cache: Path, quick: bool) -> dict[str, list[dict]]:
    """The four sets as lists of {name, path, words, kind} (files made once, cached)."""
    from tests import text_images as ti

    folder = cache / f"ocr-{VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / (QUICK_MANIFEST if quick else "full.json")
    if manifest.is_file():
        return json.loads(manifest.read_text())
    print(f"generating the text pictures in {folder} ...", file=sys.stderr)
    free_count = 1 if quick else 40
    free = [
        {"name": p.stem, "path": str(p), "words": [], "kind": "text-free"}
        for p in inputs.twelve_mp_photos(cache, free_count)
    ]
    if quick:
        small = ti.screenshot(0, size=(640, 400), text_px=16)  # a quarter of a page
        shots = [dataclasses.replace(small, name="screenshot_small_0")]
        labelled = [
            dataclasses.replace(ti.street_sign(size=(800, 600)), name="street_sign_small"),
            dataclasses.replace(ti.corner_label(size=(640, 480)), name="corner_label_small"),
        ]
    else:
        shots = [
            ti.screenshot(0),
            ti.screenshot(1),
            ti.screenshot(3, size=(1920, 1080), text_px=13),
            ti.phone_screenshot(0),
            ti.phone_screenshot(1, size=(1170, 2532), text_px=44),
            ti.phone_screenshot(2),
        ]
        far = [
            ti.street_sign(seed, size=(4000, 3000), scale=scale, angle=angle)
            for seed, angle in ((0, -7.0), (1, 4.0), (2, 8.0))
            for scale in (0.3, 0.22)
        ]
        far = [dataclasses.replace(p, name=f"far_sign_{i}") for i, p in enumerate(far)]
        labelled = [*ti.labelled_set(), *far, ti.phone_screenshot(3)]
    sets = {
        "text-free": free,
        "screenshots": [_save(p, folder, "screenshot") for p in shots],
        "labelled": [
            _save(p, folder, "screenshot" if "screenshot" in p.name else "photo") for p in labelled
        ],
    }
    with_text = [e for e in sets["labelled"] if e["kind"] == "photo"] + sets["screenshots"]
    text_share = max(1, len(free) // 4)  # 20 % of the mix: a quarter of the text-free count
    # --quick's mix is only its picture with text: the 12 MP photo is read once a side
    sets["mix"] = ([] if quick else free) + [
        with_text[i % len(with_text)] for i in range(text_share)
    ]
    manifest.write_text(json.dumps(sets))
    return sets


# -- workers ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Side:
    """How one side decodes a file and reads the picture."""

    decode: Callable[[str], Any]
    read: Callable[[Any], tuple[list[str], list[float]]]


def _side(name: str) -> _Side:
    from mediasift.core.media.photos import decode_photo

    if name.startswith("mediasift"):
        from mediasift.core.models import text_reader

        reader = text_reader.TextReader(precision="fp32" if name.endswith("fp32") else "auto")
        reader.load()

        def read(image) -> tuple[list[str], list[float]]:
            lines = reader.read(image)
            return [line.text for line in lines], [line.confidence for line in lines]

        min_side = text_reader.DECODE_MIN_SIDE
        return _Side(lambda path: decode_photo(Path(path), min_side=min_side).image, read)

    from rapidocr import RapidOCR

    engine = RapidOCR(params={"Global.log_level": "critical"})  # defaults, without the log

    def read_baseline(image) -> tuple[list[str], list[float]]:
        result = engine(image)
        return [str(t) for t in (result.txts or ())], [float(s) for s in (result.scores or ())]

    # in full: RapidOCR's defaults shrink the picture themselves
    return _Side(lambda path: decode_photo(Path(path), min_side=10**6).image, read_baseline)


def _timed(fn: Callable[[Any], Any]) -> Callable[[Any], tuple[float, Any]]:
    def timed(argument):
        clock = time.perf_counter()
        result = fn(argument)
        return time.perf_counter() - clock, result

    return timed


def worker(args) -> dict:
    from mediasift.core.index.pipeline import bounded_map
    from mediasift.core.index.words_phase import LOOK_AHEAD
    from tests.text_images import words_read

    if args.worker.startswith("mediasift"):
        from mediasift.core.memory import one_arena_per_core

        one_arena_per_core()  # as MediaSift's own processes start (the CLI, the engine)
    sets = json.loads(Path(args.manifest).read_text())
    if args.probe_pixels:
        from mediasift.core.models import text_detection

        text_detection.PROBE_PIXELS = args.probe_pixels
        # the probe in one detector call, as the default's is (not cut into strips)
        text_detection.DETECT_PIXELS = max(text_detection.DETECT_PIXELS, args.probe_pixels)
    rss_before = measure.rss_mb()
    peak_reset = measure.reset_peak_rss()
    clock = time.perf_counter()
    side = _side(args.worker)
    side.read(side.decode(sets["labelled"][0]["path"]))  # warm-up: the models load now
    build_s = time.perf_counter() - clock
    rss_built = measure.rss_mb()
    result: dict = {"side": args.worker, "build_s": build_s, "sets": {}}
    for name in args.sets.split(","):
        monitor = measure.LoadMonitor()
        decode_s = read_s = 0.0
        found = total = noise_lines = 0
        pictures = []
        # as the words phase reads: the next files decoded on a second thread meanwhile
        # (--look-ahead 1: one file after another, decode then read)
        with ThreadPoolExecutor(1) as pool:
            decoded = bounded_map(
                pool,
                _timed(lambda entry: side.decode(entry["path"])),
                sets[name],
                window=LOOK_AHEAD if args.look_ahead is None else max(1, args.look_ahead),
            )
            for entry, (decode, image) in decoded:
                spent, (texts, _) = _timed(side.read)(image)
                decode_s += decode
                read_s += spent
                got, out_of = words_read(entry["words"], texts)
                found += got
                total += out_of
                if not entry["words"]:
                    noise_lines += len(texts)
                pictures.append({"name": entry["name"], "found": got, "total": out_of, "s": spent})
        load = monitor.result()
        count = len(sets[name])
        result["sets"][name] = {
            "files": count,
            "photos_per_s": count / load["wall_s"],
            "cpu_ms": 1000 * load["own_cores"] * load["wall_s"] / count,
            "read_ms": 1000 * read_s / count,
            "decode_ms": 1000 * decode_s / count,
            "found": found,
            "total": total,
            "noise_lines": noise_lines,
            "foreign_cores": load["foreign_cores"],
            "loadavg": os.getloadavg()[0],
            "pictures": pictures,
        }
    result["rss_before_mb"] = rss_before
    result["rss_built_mb"] = rss_built
    result["peak_mb"] = measure.peak_rss_mb() if peak_reset else float("nan")
    result["added_mb"] = result["peak_mb"] - rss_before
    return result


def sweep_worker(args) -> dict:
    """Every line MediaSift reads (no confidence threshold) in the labelled and text-free
    sets, with its confidence, per picture."""
    from mediasift.core.media.photos import decode_photo
    from mediasift.core.models import text_reader

    sets = json.loads(Path(args.manifest).read_text())
    text_reader.MIN_CONFIDENCE = 0.0
    reader = text_reader.TextReader()
    pictures = []
    for entry in sets["labelled"] + sets["text-free"]:
        image = decode_photo(Path(entry["path"]), min_side=text_reader.DECODE_MIN_SIDE).image
        lines = reader.read(image)
        pictures.append(
            {"words": entry["words"], "lines": [[line.text, line.confidence] for line in lines]}
        )
    return {"pictures": pictures}


# -- the report -------------------------------------------------------------------------------


def confidence_rows(pictures: list[dict]) -> list[list[object]]:
    """Per threshold: the labelled words read, the lines holding a labelled word that it
    drops, and the lines holding none (noise) it keeps, in labelled and text-free
    pictures."""
    from tests.text_images import words_read

    rows = []
    for threshold in (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9):
        found = total = dropped = noise = noise_free = 0
        for picture in pictures:
            kept = [text for text, confidence in picture["lines"] if confidence >= threshold]
            got, out_of = words_read(picture["words"], kept)
            found += got
            total += out_of
            for text, confidence in picture["lines"]:
                useful = bool(picture["words"]) and words_read(picture["words"], [text])[0] > 0
                if useful and confidence < threshold:
                    dropped += 1
                elif not useful and confidence >= threshold:
                    if picture["words"]:
                        noise += 1
                    else:
                        noise_free += 1
        rows.append([threshold, f"{100 * found / max(total, 1):.1f} %", dropped, noise, noise_free])
    return rows


def main() -> int:
    parser = measure.base_parser(__doc__.splitlines()[0])
    parser.add_argument(
        "--probe-sweep",
        action="store_true",
        help="also run MediaSift with smaller and larger probes (text-free and labelled)",
    )
    parser.add_argument("--worker", choices=[*SIDES, "sweep"])
    parser.add_argument("--manifest")
    parser.add_argument("--sets", default="labelled,text-free,screenshots,mix")
    parser.add_argument("--probe-pixels", type=int)
    parser.add_argument(
        "--look-ahead",
        type=int,
        default=None,
        help="files decoded ahead of the reader (default: the words phase's; 1: one file "
        "after another)",
    )
    args = parser.parse_args()
    if args.worker:
        run = sweep_worker if args.worker == "sweep" else worker
        print(json.dumps(run(args)))
        return 0

    machine = measure.machine_description()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    sets = build_sets(args.cache, args.quick)
    manifest = args.cache / f"ocr-{VERSION}" / (QUICK_MANIFEST if args.quick else "full.json")
    inputs.warm_page_cache([Path(e["path"]) for group in sets.values() for e in group])
    print(", ".join(f"{name}: {len(group)} files" for name, group in sets.items()))
    foreign = measure.quiet_machine(wait_s=0 if args.quick else args.quiet_wait)
    print(f"other load before the run: {foreign:.2f} cores, loadavg {os.getloadavg()[0]:.2f}")

    ahead = [] if args.look_ahead is None else ["--look-ahead", str(args.look_ahead)]
    # One process per side, one after the other (--quick: all at once, a smoke run whose
    # figures mean nothing), and the confidence sweep's.
    with ThreadPoolExecutor(len(SIDES) + 1 if args.quick else 1) as pool:
        running = {
            side: pool.submit(
                measure.run_worker, HERE, ["--worker", side, "--manifest", str(manifest), *ahead]
            )
            for side in [*SIDES, "sweep"]
        }
        results = {side: running[side].result() for side in SIDES}
        sweep = running["sweep"].result()
    rows = []
    for name in ("text-free", "screenshots", "mix", "labelled"):
        for side in SIDES:
            figures = results[side]["sets"][name]
            rows.append(
                [
                    name,
                    side,
                    figures["files"],
                    figures["photos_per_s"],
                    figures["read_ms"],
                    figures["decode_ms"],
                    figures["cpu_ms"],
                    f"{100 * figures['found'] / figures['total']:.1f} %"
                    if figures["total"]
                    else "-",
                    figures["noise_lines"] if not figures["total"] else "-",
                    figures["loadavg"],
                    figures["foreign_cores"],
                ]
            )
    measure.print_table(
        "Text reading as the words phase reads (the next files decoded on a second thread;"
        " --look-ahead 1: one after another), same run",
        [
            "set",
            "side",
            "files",
            "photos/s",
            "read ms",
            "decode ms",
            "CPU ms",
            "words read",
            "lines on text-free",
            "load",
            "foreign",
        ],
        rows,
    )
    measure.print_table(
        "Memory (RSS of the reading process)",
        [
            "side",
            "before engine MB",
            "engine built MB",
            "peak MB",
            "added MB",
            "build + first read s",
        ],
        [
            [side, r["rss_before_mb"], r["rss_built_mb"], r["peak_mb"], r["added_mb"], r["build_s"]]
            for side, r in results.items()
        ],
    )
    measure.print_table(
        "Labelled pictures, words read",
        ["picture", *(f"{side} words" for side in SIDES), *(f"{side} s" for side in SIDES)],
        [
            [
                pictures[0]["name"],
                *(f"{p['found']}/{p['total']}" for p in pictures),
                *(p["s"] for p in pictures),
            ]
            for pictures in zip(
                *(results[side]["sets"]["labelled"]["pictures"] for side in SIDES), strict=True
            )
        ],
    )
    if args.probe_sweep:
        rows = []
        for width, height in ((512, 384), (640, 480), (800, 600)):
            probe = measure.run_worker(
                HERE,
                [
                    "--worker",
                    "mediasift",
                    "--manifest",
                    str(manifest),
                    "--sets",
                    "labelled,text-free",
                    "--probe-pixels",
                    str(width * height),
                    *ahead,
                ],
            )
            free, labelled = probe["sets"]["text-free"], probe["sets"]["labelled"]
            far = [p for p in labelled["pictures"] if p["name"].startswith("far_sign")]
            rows.append(
                [
                    f"{width} x {height}",
                    free["photos_per_s"],
                    free["read_ms"],
                    free["cpu_ms"],
                    f"{100 * labelled['found'] / labelled['total']:.1f} %",
                    f"{sum(p['found'] for p in far)}/{sum(p['total'] for p in far)}",
                    free["loadavg"],
                    free["foreign_cores"],
                ]
            )
        measure.print_table(
            "Probe size (MediaSift)",
            [
                "probe",
                "text-free photos/s",
                "read ms",
                "CPU ms",
                "labelled words read",
                "far signs' words",
                "load",
                "foreign",
            ],
            rows,
        )
    measure.print_table(
        "Confidence sweep (MediaSift): what a threshold keeps",
        [
            "min confidence",
            "labelled words read",
            "useful lines dropped",
            "noise lines kept (labelled)",
            "lines kept on text-free",
        ],
        confidence_rows(sweep["pictures"]),
    )
    if args.quick:
        print("\n--quick: sides read at the same time, one or two small files: not a measurement")
    measure.write_json(args.json, {"machine": machine, "results": results, "sweep": sweep})
    return 0


if __name__ == "__main__":
    sys.exit(main())
