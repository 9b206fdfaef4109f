"""What reading the words about a file costs: ``words_about`` per photo, video and recording.

    .venv/bin/python bench/bench_file_words.py            # 500 photos of each kind, 50 videos
    .venv/bin/python bench/bench_file_words.py --quick    # 20 and 5: a smoke run

The files are made in a scratch folder of the cache, ``Holidays/Germany 2019/IMG_0001.jpg``
and so on, 1024x768: JPEGs carrying everything a well-tagged photo carries (EXIF with a
description, a UNICODE user comment and Windows' XP fields; an XMP packet with a title in
two languages, keywords, Lightroom and digiKam hierarchies and a face name; IPTC keywords
and caption), the same JPEGs without any metadata, and MP4s with title, comment,
description and keywords tags. Only headers are read, so the size of the pictures does
not matter; the disk is warm (every file read once before), as for the indexer, which has
just read the file to embed it. One process, one thread: the figure is per file on one core.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository

from bench import inputs, measure
from mediasift.core.kinds import MediaKind
from mediasift.core.media.file_words import words_about

PHOTO_SIZE = (1024, 768)


def _jpeg(*, tagged: bool) -> bytes:
    import io

    from PIL import Image

    from tests.metadata_files import XMP, iptc_record, utf16le, with_iptc

    image = Image.linear_gradient("L").resize(PHOTO_SIZE).convert("RGB")
    out = io.BytesIO()
    if not tagged:
        image.save(out, "JPEG", quality=85)
        return out.getvalue()
    exif = Image.Exif()
    exif[0x010E] = "Dinner in 北京 with the family".encode()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS R6"
    exif[0x9C9B] = utf16le("Family trip")
    exif[0x9C9E] = utf16le("family;北京;dinner")
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\0" + "用户 comment".encode("utf-16-le")
    image.save(out, "JPEG", quality=85, exif=exif, xmp=XMP.encode())
    record = iptc_record(
        (1, 90, b"\x1b%G"), (2, 25, "长城".encode()), (2, 25, b"Great Wall"), (2, 120, b"Caption")
    )
    return with_iptc(out.getvalue(), record)


def _make_files(folder: Path, photos: int, videos: int) -> dict[str, list[Path]]:
    from tests.metadata_files import media_with_tags

    files: dict[str, list[Path]] = {"tagged": [], "plain": [], "video": []}
    tagged, plain = _jpeg(tagged=True), _jpeg(tagged=False)
    for kind, data in (("tagged", tagged), ("plain", plain)):
        where = folder / kind / "Holidays" / "Germany 2019"
        where.mkdir(parents=True)
        for i in range(photos):
            path = where / f"IMG_{i:04d}.jpg"
            path.write_bytes(data)
            files[kind].append(path)
    where = folder / "video" / "Holidays"
    where.mkdir(parents=True)
    tags = {
        "title": "Trip to 北京",
        "comment": "預算 meeting",
        "description": "Walking on the Great Wall",
        "keywords": "wall, 长城",
    }
    template = media_with_tags(where / "template.mp4", tags, audio_only=False)
    for i in range(videos):
        path = where / f"VID_{i:04d}.mp4"
        path.write_bytes(template.read_bytes())
        files["video"].append(path)
    return files


def _time(files: list[Path], root: Path, kind: MediaKind) -> tuple[list[float], int]:
    times: list[float] = []
    lines = 0
    for path in files:
        started = time.perf_counter()
        words = words_about(path, root, kind)
        times.append(time.perf_counter() - started)
        lines += len(words)
    return times, lines


def main() -> None:
    parser = measure.base_parser(__doc__.splitlines()[0])
    args = parser.parse_args()
    photos, videos = (20, 5) if args.quick else (500, 50)

    rows = []
    figures: dict[str, dict[str, float]] = {}
    with inputs.temporary_dir("file-words-", args.cache) as folder:
        files = _make_files(folder, photos, videos)
        every = [path for group in files.values() for path in group]
        inputs.warm_page_cache(every)
        _time(every[:3], folder, MediaKind.PHOTO)  # first-call imports (PyAV) out of the figure
        measure.quiet_unless_quick(args)
        cases = (
            ("JPEG, EXIF + XMP + IPTC", "tagged", MediaKind.PHOTO),
            ("JPEG, no metadata", "plain", MediaKind.PHOTO),
            ("MP4, container tags", "video", MediaKind.VIDEO),
        )
        for label, group, kind in cases:
            monitor = measure.LoadMonitor()
            times, lines = _time(files[group], folder / group, kind)
            load = monitor.result()
            ms = [t * 1000 for t in times]
            figures[group] = {
                "files": len(times),
                "ms_p50": measure.percentile(ms, 50),
                "ms_p95": measure.percentile(ms, 95),
                "ms_mean": sum(ms) / len(ms),
                "files_per_s": len(times) / sum(times),
                "lines_per_file": lines / len(times),
                "foreign": load["foreign_cores"],
            }
            f = figures[group]
            rows.append(
                [
                    label,
                    len(times),
                    f["ms_p50"],
                    f["ms_p95"],
                    f["ms_mean"],
                    f["files_per_s"],
                    f["lines_per_file"],
                    f["foreign"],
                ]
            )
    measure.print_table(
        "words_about per file (one core, warm disk)",
        ["files", "n", "ms p50", "ms p95", "ms mean", "files/s", "lines/file", "foreign"],
        rows,
    )
    measure.write_json(args.json, {"machine": measure.machine_description(), **figures})


if __name__ == "__main__":
    main()
