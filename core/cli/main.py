"""``mediasift``: the command line, a thin face over :class:`~mediasift.core.library.Library`.

This is a composition root: it reads the environment, builds the settings, opens the
library and turns engine errors into one line on stderr and a non-zero exit code: 1 for
an error, 130 after Ctrl+C and 143 after SIGTERM (both stop cleanly; ``watch`` exits 0, as
stopping is what it waits for).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import apsw

from mediasift import __version__

from ..config import Settings, resolve_settings
from ..errors import DISK_FULL_ERRNOS, MediaSiftError, os_failure
from ..kinds import MediaKind
from ..memory import one_arena_per_core
from ..paths import display, is_within, one_line
from ..store.connection import database_failure
from . import commands
from .signals import exit_code, stop_on_sigterm, stop_reason

EXIT_ERROR = 1


def _global_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("global options (also accepted before the command)")
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where the library lives (env MEDIASIFT_DATA_DIR; default: the user data dir)",
    )
    group.add_argument(
        "--clip-model",
        metavar="NAME_OR_JSON",
        help="open_clip architecture name or model-config JSON (env MEDIASIFT_CLIP_MODEL; "
        "default ViT-B-32, or the model the library was last indexed with)",
    )
    group.add_argument(
        "--clip-weights",
        metavar="FILE_OR_TAG",
        help="checkpoint file, or open_clip pretrained tag downloaded on first use "
        "(env MEDIASIFT_CLIP_WEIGHTS; default laion2b_s34b_b79k)",
    )
    group.add_argument(
        "--whisper-model",
        metavar="SIZE_OR_DIR",
        help="Whisper size downloaded on first use (tiny, base, small...) or a CTranslate2 "
        "model folder (env MEDIASIFT_WHISPER_MODEL; default tiny)",
    )
    group.add_argument(
        "--speech-language",
        metavar="CODE",
        help="the language recordings are spoken in, a Whisper code such as zh or en "
        "(env MEDIASIFT_SPEECH_LANGUAGE; default auto: detected per file)",
    )
    group.add_argument(
        "--offline",
        action="store_true",
        default=None,
        help="never use the network, even to fetch a missing model (env MEDIASIFT_OFFLINE=1)",
    )
    group.add_argument(
        "--threads",
        type=int,
        metavar="N",
        help="CPU threads for the models (env MEDIASIFT_THREADS)",
    )


def _kind(value: str) -> MediaKind:
    try:
        return MediaKind(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError("choose photo, video or audio") from exc


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    _global_options(common)
    parser = argparse.ArgumentParser(
        prog="mediasift",
        description="Find your photos, video moments and recordings by describing them.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"mediasift {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    index = sub.add_parser(
        "index",
        parents=[common],
        help="add folders to the library and index them",
        description="Add folders to the library and index what is new or changed. "
        "With no folder, bring every folder of the library up to date.",
    )
    index.add_argument("paths", nargs="*", metavar="PATH", help="folders to add and index")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")

    search = sub.add_parser(
        "search",
        parents=[common],
        help="search by description and/or example image",
        description="Search the library by a description, an example image, or both.",
    )
    search.add_argument("text", nargs="?", metavar="TEXT", help="what you are looking for")
    search.add_argument("--image", metavar="FILE", help="an example image (anywhere on disk)")
    search.add_argument(
        "--image-weight",
        type=float,
        default=1.0,
        metavar="W",
        help="weight of the example image against the text (default 1.0)",
    )
    search.add_argument(
        "--not",
        dest="negatives",
        action="append",
        default=[],
        metavar="TEXT",
        help="push away results that look like this (repeatable)",
    )
    search.add_argument(
        "--not-weight",
        type=float,
        default=1.0,
        metavar="W",
        help="how hard --not pushes (default 1.0)",
    )
    _filters(search)

    similar = sub.add_parser(
        "similar",
        parents=[common],
        help="find what looks like an example image",
        description="Query by example: files that look like FILE (which need not be in the "
        "library).",
    )
    similar.add_argument("image", metavar="FILE", help="the example image")
    _filters(similar)

    watch = sub.add_parser(
        "watch",
        parents=[common],
        help="keep the library in sync, in the foreground",
        description="Bring the library up to date, then watch its folders and index every "
        "change as it settles (Ctrl+C stops). Folders that go offline are kept.",
    )
    watch.add_argument(
        "--quiet-seconds",
        type=float,
        default=1.0,
        metavar="S",
        help="how long a file must stay unchanged before it is indexed (1.0)",
    )

    show = sub.add_parser(
        "show",
        parents=[common],
        help="a file's details and transcript with timestamps",
    )
    show.add_argument("path", metavar="PATH", help="a file of the library")
    show.add_argument("--json", action="store_true", help="print as JSON")

    models = sub.add_parser(
        "models",
        parents=[common],
        help="list, download, import or remove models",
        description="The CLIP and Whisper models MediaSift offers: which are here, which is in "
        "use; download one (resumable, checksum-verified), import one copied from another "
        "machine (for offline computers), or remove one.",
    )
    models_sub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    listing = models_sub.add_parser("list", parents=[common], help="every model and its state")
    listing.add_argument("--json", action="store_true", help="print as JSON")
    fetch = models_sub.add_parser("download", parents=[common], help="download a model")
    fetch.add_argument("name", metavar="NAME", help="as `models list` shows it")
    bring = models_sub.add_parser(
        "import", parents=[common], help="install a model copied from another machine"
    )
    bring.add_argument(
        "path",
        metavar="PATH",
        help="CLIP weights file, a CLIP model's set (folder, or the archive `models export` "
        "writes) or Whisper model folder",
    )
    bring.add_argument(
        "--as",
        dest="name",
        required=True,
        metavar="NAME",
        help="which model it is, as `models list` names it",
    )
    carry = models_sub.add_parser(
        "export",
        parents=[common],
        help="write an installed CLIP model as one archive, to import on an offline machine",
    )
    carry.add_argument("name", metavar="NAME", help="as `models list` shows it")
    carry.add_argument("file", metavar="FILE", help="the archive to write (a .tar)")
    drop = models_sub.add_parser("remove", parents=[common], help="delete a downloaded model")
    drop.add_argument("name", metavar="NAME")

    status = sub.add_parser(
        "status",
        parents=[common],
        help="folders, counts, model and failed files",
    )
    status.add_argument("--json", action="store_true", help="print as JSON")

    repair = sub.add_parser(
        "repair",
        parents=[common],
        help="set a damaged library file aside and rebuild the index",
        description="When library.db is damaged (corrupt, truncated, not a database): move it "
        "aside as library.db.broken-<time> and index again the folders it listed (or the "
        "FOLDERs given, when that list cannot be read). Downloaded models and thumbnails "
        "are kept. A library that passes SQLite's integrity check is left alone.",
    )
    repair.add_argument(
        "paths", nargs="*", metavar="FOLDER", help="library folders, if the file cannot say"
    )
    return parser


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind",
        type=_kind,
        action="append",
        metavar="photo|video|audio",
        help="only this kind (repeatable)",
    )
    parser.add_argument("--under", metavar="DIR", help="only files below this folder")
    parser.add_argument("--after", metavar="DATE", help="only taken on or after (2024-05-01)")
    parser.add_argument("--before", metavar="DATE", help="only taken before (2024-06-01)")
    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help="at most N files (default 20)"
    )
    parser.add_argument(
        "--min-score",
        type=float,
        metavar="S",
        help="only results scoring at least S (calibrated; 3 = clearly above "
        "a typical item, 5 = strong)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON array, best first")


def _quiet_libraries() -> None:
    """Third-party chatter (open_clip's INFO lines, Pillow's bomb warning and its remarks
    on damaged EXIF blocks, which only cost that block's keywords) off stderr."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from PIL import Image

    warnings.simplefilter("ignore", Image.DecompressionBombWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    one_arena_per_core()
    _quiet_libraries()
    stop_on_sigterm()
    settings: Settings | None = None
    try:
        settings = resolve_settings(
            os.environ,
            data_dir=getattr(args, "data_dir", None),
            clip_model=getattr(args, "clip_model", None),
            clip_weights=getattr(args, "clip_weights", None),
            whisper_model=getattr(args, "whisper_model", None),
            offline=getattr(args, "offline", None),
            threads=getattr(args, "threads", None),
            speech_language=getattr(args, "speech_language", None),
        )
        return commands.run(args, settings)
    except MediaSiftError as exc:
        return _fail(exc)
    except KeyboardInterrupt as stop:
        print(
            f"mediasift: interrupted ({stop_reason(stop)}); what was done is kept, run the same "
            "command again to resume",
            file=sys.stderr,
        )
        return exit_code(stop)
    except BrokenPipeError:
        # The reader of our output went away (``mediasift search | head``): nothing to say
        # to anyone; stdout is pointed at devnull so that exiting does not complain again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except (apsw.Error, OSError) as exc:
        failure = _environment_failure(exc, settings) if settings else None
        if failure is None:
            raise  # not the machine's fault: a bug, which keeps its traceback
        return _fail(failure)


def _fail(error: MediaSiftError) -> int:
    print(f"mediasift: error: {one_line(str(error))}", file=sys.stderr)
    return EXIT_ERROR


def _environment_failure(exc: apsw.Error | OSError, settings: Settings) -> MediaSiftError | None:
    """A failure of the data dir's disk or database that surfaced mid-command (a full disk
    while writing thumbnails, a damaged page read late), as its one-line error."""
    if isinstance(exc, apsw.Error):
        return database_failure(exc, settings.database_path)
    where = settings.data_dir
    elsewhere = exc.filename and not is_within(Path(os.fsdecode(exc.filename)), where)
    if elsewhere and exc.errno not in DISK_FULL_ERRNOS:
        return None  # a file outside the data dir: not the data dir's trouble
    return os_failure(exc, display(where))
