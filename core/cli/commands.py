"""One function per ``mediasift`` command: parse-free, they take the parsed arguments."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from ..config import Settings
from ..errors import LibraryError
from ..index.events import ModelDownloading, ModelNote
from ..library import Library
from ..lock import DataDirLock
from ..paths import display, one_line
from ..search.query import Query, parse_date
from ..search.query_language import note_for_query
from ..search.results import SearchResult
from ..service.sync import LiveSync
from ..store.records import Root
from ..store.salvage import damage, read_remains, start_over
from .jsonout import json_text
from .progress import ProgressView, WatchLog
from .render import (
    details_json,
    details_lines,
    model_json,
    model_lines,
    result_lines,
    status_lines,
    summary_line,
)
from .signals import stop_reason

WRITERS = frozenset({"index", "watch"})
"""Commands that write the library: they take the data dir's writer lock first, then
open (create, migrate) the database. Every other command opens it read-only."""


def run(args: argparse.Namespace, settings: Settings) -> int:
    handlers: dict[str, Callable[[Library, argparse.Namespace], int]] = {
        "index": index,
        "search": search,
        "similar": similar,
        "status": status,
        "show": show,
        "watch": watch,
        "models": models,
    }
    if args.command == "repair":
        return repair(args, settings)
    if args.command in WRITERS:
        with DataDirLock(settings.data_dir), Library(settings) as library:
            return handlers[args.command](library, args)
    with Library(settings, readonly=True) as library:
        return handlers[args.command](library, args)


def _stderr() -> Console:
    # soft_wrap: a message is one line even when stderr is a pipe (rich would wrap at 80).
    return Console(stderr=True, soft_wrap=True)


def _print_json(value: object) -> None:
    sys.stdout.write(json_text(value) + "\n")


def index(library: Library, args: argparse.Namespace) -> int:
    with ProgressView(_stderr()) as view:
        library.clean_leftovers()
        summary = library.index([Path(p) for p in args.paths], on_event=view.handle)
    if args.json:
        _print_json(summary.as_dict())
    else:
        print(summary_line(summary))
    return 0


def _with_filters(query: Query, args: argparse.Namespace) -> Query:
    """The filter options shared by ``search`` and ``similar``."""
    return replace(
        query,
        kinds=frozenset(args.kind) if args.kind else None,
        under=Path(args.under).expanduser().absolute() if args.under else None,
        after=parse_date(args.after, option="--after") if args.after else None,
        before=parse_date(args.before, option="--before") if args.before else None,
        limit=args.limit,
        min_score=args.min_score,
    )


def search(library: Library, args: argparse.Namespace) -> int:
    query = Query(
        text=args.text,
        image=Path(args.image).expanduser() if args.image else None,
        image_weight=args.image_weight,
        negatives=tuple(args.negatives),
        negative_weight=args.not_weight,
    )
    query = _with_filters(query, args)
    query.validate()
    return _show(library, query, args.json)


def similar(library: Library, args: argparse.Namespace) -> int:
    query = _with_filters(Query(image=Path(args.image).expanduser()), args)
    query.validate()
    return _show(library, query, args.json)


def _show(library: Library, query: Query, as_json: bool) -> int:
    results: list[SearchResult] = []
    if library.store.catalog.indexed_count():
        with ProgressView(_stderr()) as view:
            results = library.search(query, on_event=view.handle)
    elif not library.clip_source.weights_present:
        # An empty library loads no model, unless its weights are missing: then the one
        # line that says how to get them (or their download) comes now, not after an index.
        with ProgressView(_stderr()) as view:
            library.query_encoder(on_event=view.handle)
    if as_json:
        _print_json([r.as_json() for r in results])
    else:
        for line in result_lines(results):
            print(line)
    note = note_for_query(library, query)  # a description the model cannot read: one line
    if note is not None:
        _stderr().print(note.line, highlight=False, markup=False)
    if not results and not library.has_vectors_for_active_model():
        _stderr().print(
            f"nothing is indexed with CLIP model {library.clip_source.label} yet: "
            "run  mediasift index FOLDER",
            highlight=False,
        )
    return 0


def status(library: Library, args: argparse.Namespace) -> int:
    report = library.status()
    if args.json:
        _print_json(report.as_json())
    else:
        for line in status_lines(report):
            print(line)
    return 0


def show(library: Library, args: argparse.Namespace) -> int:
    details, lines = library.details(Path(args.path).absolute())
    if args.json:
        _print_json(details_json(details, lines))
    else:
        for line in details_lines(details, lines):
            print(line)
    return 0


def watch(library: Library, args: argparse.Namespace) -> int:
    log = WatchLog(_stderr())

    def root_changed(root: Root, online: bool) -> None:
        log.say(f"{display(root.path)} is {'back online' if online else 'offline (kept)'}")

    library.clean_leftovers()
    sync = LiveSync(
        library,
        quiet_s=args.quiet_seconds,
        on_event=log.handle,
        on_summary=log.summary,
        on_root=root_changed,
        on_watching=lambda: log.say(f"watching {len(library.roots())} folder(s); Ctrl+C stops"),
    )
    try:
        sync.run(threading.Event())
    except KeyboardInterrupt as stop:
        # Ctrl+C or SIGTERM (see main.py): stopping is what watch is for, so it exits 0.
        log.say(f"stopping ({stop_reason(stop)})…")
    log.say("stopped; the index is consistent, the next start resumes anything left")
    return 0


def repair(args: argparse.Namespace, settings: Settings) -> int:
    """Set a damaged library file aside and rebuild the index from the folders it listed
    (or the ones named), keeping the downloaded models and the thumbnails."""
    database = settings.database_path
    with DataDirLock(settings.data_dir):
        if not database.exists():
            raise LibraryError(
                f"there is no library database in {display(settings.data_dir)} to repair; "
                "run  mediasift index FOLDER  to make one"
            )
        problem = damage(database)
        if problem is None:
            print(f"{display(database)} passed SQLite's integrity check: nothing to repair")
            return 0
        remains = read_remains(database)
        named = [Path(p).expanduser().absolute() for p in args.paths]
        folders = list(dict.fromkeys([*remains.folders, *named]))
        if not folders:
            raise LibraryError(
                f"the list of folders cannot be read from the damaged {display(database)}; "
                "name them:  mediasift repair FOLDER [FOLDER...]"
            )
        aside = start_over(database, remains)
        err = _stderr()
        err.print(
            f"{display(database)} was damaged ({one_line(problem)}); kept as {display(aside)}; "
            f"rebuilding the index of {len(folders)} folder(s)",
            highlight=False,
            markup=False,
        )
        present = [f for f in folders if f.is_dir()]
        for folder in folders:
            if folder not in present:
                err.print(
                    f"{display(folder)} is not there now (offline?): when it is back, run  "
                    f"mediasift index {display(folder)}",
                    highlight=False,
                    markup=False,
                )
        if not present:
            return 0
        with Library(settings) as library, ProgressView(err) as view:
            library.clean_leftovers()
            summary = library.index(present, on_event=view.handle)
    print(summary_line(summary))
    return 0


def models(library: Library, args: argparse.Namespace) -> int:
    manager = library.model_manager()
    action = args.models_command
    if action == "list":
        states = manager.states()
        if args.json:
            _print_json([model_json(state) for state in states])
        else:
            for line in model_lines(states):
                print(line)
        return 0
    if action == "download":
        with ProgressView(_stderr()) as view:
            where = manager.download(
                args.name,
                on_progress=lambda p: view.handle(ModelDownloading(p.label, p.done, p.total)),
                on_note=lambda line: view.handle(ModelNote(line)),
            )
        print(f"{args.name} is ready in {display(where)}")
    elif action == "import":
        with ProgressView(_stderr()) as view:
            where = manager.import_path(
                Path(args.path), args.name, on_note=lambda line: view.handle(ModelNote(line))
            )
        print(f"{args.name} installed in {display(where)}")
    elif action == "export":
        where = manager.export(args.name, Path(args.file))
        print(f"{args.name} written to {display(where)}")
    elif action == "remove":
        print(f"removed {args.name} ({display(manager.remove(args.name))})")
    return 0
