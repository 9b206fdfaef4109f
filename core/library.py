"""The engine's front door: the CLI and the desktop app both drive a :class:`Library`.

A library is one data dir: the SQLite file (catalog and vectors), thumbnails and
downloaded models. The CLIP model is loaded lazily, once, on first need (indexing
something new, or searching), because importing torch alone takes seconds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import ClipChoice, Settings
from .errors import DataDirError, LibraryError, MediaSiftError, reasoned
from .index.events import (
    IndexEvent,
    IndexSummary,
    ModelDownloading,
    ModelLoading,
    ModelNote,
)
from .index.thumbnails import ThumbnailCache
from .kinds import MediaKind
from .models.clip_source import ClipSource, resolve_clip_source
from .models.encoder import Encoder
from .models.manager import ModelManager
from .models.provider import ModelProvider
from .models.speech import SpeechModel, WhisperSource, resolve_whisper_source
from .paths import display, is_within, real_path, to_key
from .reasons import Reason, ReasonCode
from .run_control import RunControl
from .search.query import Query
from .search.recent import recent_items
from .search.results import SearchResult
from .status import LibraryStatus, ModelStatus, RootStatus, SpeechStatus
from .store.records import MediaDetails, ModelRecord, Root
from .store.store import Store

if TYPE_CHECKING:
    from .models.text_reader import TextReader

PREF_CLIP_MODEL = "clip_model"
PREF_CLIP_WEIGHTS = "clip_weights"
PREF_PAUSED = "paused"

EventSink = Callable[[IndexEvent], None]


def _prepare_data_dir(path: Path, *, create: bool = True) -> None:
    if not create and not path.exists():
        return  # a reader of a library never made: it sees an empty one
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise reasoned(DataDirError, ReasonCode.DATA_DIR_NOT_A_FOLDER, path=display(path)) from exc
    except OSError as exc:
        raise reasoned(
            DataDirError,
            ReasonCode.DATA_DIR_CANNOT_CREATE,
            path=display(path),
            detail=exc.strerror or exc,
        ) from exc
    if not path.is_dir():
        raise reasoned(DataDirError, ReasonCode.DATA_DIR_NOT_A_FOLDER, path=display(path))


def _refused(why: Reason) -> LibraryError:
    """A library folder request refused: its one line, and its code for the app."""
    return LibraryError(str(why), why=why)


class Library:
    def __init__(
        self, settings: Settings, models: ModelProvider | None = None, *, readonly: bool = False
    ) -> None:
        """``models`` may be shared with other libraries of the same process. A
        ``readonly`` library (search, status, show) never writes the data dir and never
        migrates its database, so it works on a read-only or full disk."""
        _prepare_data_dir(settings.data_dir, create=not readonly)
        self.settings = settings
        self.models = models or ModelProvider(
            offline=settings.offline, threads=settings.threads, models_dir=settings.models_dir
        )
        self.store = Store(settings.database_path, readonly=readonly)
        self.thumbnails = ThumbnailCache(settings.thumbnails_dir)
        self.clip_choice = self._effective_clip_choice()
        self._source: ClipSource | None = None
        self._searcher = None
        self._text_reader: TextReader | None = None

    # -- model -----------------------------------------------------------------------------

    def _effective_clip_choice(self) -> ClipChoice:
        """The model named for this run, else the one this library was last indexed with."""
        if self.settings.clip_is_explicit:
            return self.settings.clip
        stored = self.store.catalog.preference(PREF_CLIP_MODEL)
        if stored:
            return ClipChoice(stored, self.store.catalog.preference(PREF_CLIP_WEIGHTS))
        return self.settings.clip

    @property
    def clip_source(self) -> ClipSource:
        if self._source is None:
            self._source = resolve_clip_source(self.clip_choice, self.settings.models_dir)
        return self._source

    def encoder(self, on_event: EventSink | None = None) -> Encoder:
        """The loaded CLIP encoder (loads, and downloads if allowed, on first call)."""
        source = self.clip_source
        emit = on_event or (lambda event: None)
        if not self.models.clip_loaded(source):
            emit(ModelLoading(source.label))
        return self.models.clip(
            source, on_download=lambda p: emit(ModelDownloading(p.label, p.done, p.total))
        )

    @property
    def whisper_source(self) -> WhisperSource:
        return resolve_whisper_source(self.settings.whisper_model, self.settings.models_dir)

    def speech_model(self, on_event: EventSink | None = None) -> SpeechModel:
        """The loaded Whisper model (loads, and downloads if allowed, on first call)."""
        emit = on_event or (lambda event: None)
        source = self.whisper_source
        emit(ModelLoading(source.label))
        return self.models.speech(
            source, on_download=lambda p: emit(ModelDownloading(p.label, p.done, p.total))
        )

    def text_reader(self) -> TextReader:
        """The reader of text in pictures (its models load on its first read)."""
        if self._text_reader is None:
            from .models.text_reader import TextReader  # ONNX Runtime: only to index

            self._text_reader = TextReader(threads=self.settings.threads)
        return self._text_reader

    @property
    def encoder_loaded(self) -> bool:
        return self.models.clip_loaded(self.clip_source)

    def _remember_model(self) -> None:
        choice = self.clip_source.as_choice()
        with self.store.transaction():
            self.store.catalog.set_preference(PREF_CLIP_MODEL, choice.model)
            self.store.catalog.set_preference(PREF_CLIP_WEIGHTS, choice.weights or "")

    # -- folders -----------------------------------------------------------------------------

    def add_roots(self, paths: Sequence[Path]) -> list[Root]:
        """Add folders to the library (idempotent); returns the roots that cover them."""
        added = []
        for raw in paths:
            path = Path(raw).expanduser().absolute()
            if not path.exists():
                raise _refused(Reason.of(ReasonCode.NO_SUCH_FOLDER, path=display(path)))
            if not path.is_dir():
                raise _refused(Reason.of(ReasonCode.NOT_A_FOLDER_PATH, path=display(path)))
            # Compared as the file system resolves them, however they are spelled: a link
            # to the data dir's folder is the data dir's folder.
            data_dir = self.settings.data_dir
            if is_within(real_path(data_dir), real_path(path)):
                raise _refused(
                    Reason.of(
                        ReasonCode.DATA_DIR_INSIDE, data_dir=display(data_dir), path=display(path)
                    )
                )
            if is_within(real_path(path), real_path(data_dir)):
                raise _refused(Reason.of(ReasonCode.INSIDE_DATA_DIR, path=display(path)))
            added.append(self._add_root(path))
        return added

    def _add_root(self, path: Path) -> Root:
        """The root covering ``path``: an existing one that holds it (reached by whatever
        path), else a new one that takes over the roots it holds."""
        existing = self.store.catalog.roots()
        real = real_path(path)
        for root in existing:
            if is_within(path, root.path) or is_within(real, real_path(root.path)):
                return root  # already covered by a folder of the library
        with self.store.transaction():
            root = self.store.catalog.add_root(path)
            for inner in existing:
                if is_within(inner.path, path) or is_within(real_path(inner.path), real):
                    self.store.catalog.merge_root(inner.id, into=root.id)
        return root

    def roots(self) -> list[Root]:
        return self.store.catalog.roots()

    def clean_leftovers(self) -> int:
        """Remove half-written thumbnails a killed run left behind (writer only: a reader
        might otherwise delete a live writer's file in progress)."""
        removed = 0
        if self.settings.thumbnails_dir.is_dir():
            for leftover in self.settings.thumbnails_dir.glob("*/.tmp-*"):
                leftover.unlink(missing_ok=True)
                removed += 1
        return removed

    @property
    def paused(self) -> bool:
        """Whether the user paused indexing (remembered across restarts)."""
        return self.store.catalog.preference(PREF_PAUSED) == "1"

    def set_paused(self, paused: bool) -> None:
        with self.store.transaction():
            self.store.catalog.set_preference(PREF_PAUSED, "1" if paused else "0")

    def pending_count(self) -> int:
        """Files waiting to be indexed or transcribed: the queue, as stored."""
        return self.store.catalog.pending_count()

    def remove_root(self, path: Path) -> bool:
        """Forget a folder and everything indexed from it (the files are not touched)."""
        key = Path(path).expanduser().absolute()
        root = next((r for r in self.roots() if r.path == key), None)
        if root is None:
            return False
        self.store.remove_root(root.id)
        return True

    # -- indexing ----------------------------------------------------------------------------

    def index(
        self,
        paths: Sequence[Path] = (),
        *,
        cancel: threading.Event | None = None,
        control: RunControl | None = None,
        on_event: EventSink | None = None,
    ) -> IndexSummary:
        """Add ``paths`` (if any) and bring them, or the whole library, up to date."""
        roots = self.add_roots(paths) if paths else self.roots()
        if not roots:
            raise LibraryError("the library has no folders yet: run  mediasift index FOLDER")
        return self._run(
            list({r.id: r for r in roots}.values()), None, control or RunControl(cancel), on_event
        )

    def rescan(
        self,
        roots: Sequence[Root],
        *,
        control: RunControl | None = None,
        on_event: EventSink | None = None,
    ) -> IndexSummary:
        """Reconcile these folders as they are now (one came back online, say)."""
        return self._run(list(roots), None, control or RunControl(), on_event)

    def update(
        self,
        changed: Sequence[Path],
        *,
        control: RunControl | None = None,
        on_event: EventSink | None = None,
    ) -> IndexSummary:
        """Apply what a watcher saw: reconcile only these paths (files or folders, present
        or gone) and index what they brought."""
        return self._run(self.roots(), list(changed), control or RunControl(), on_event)

    def _run(
        self,
        roots: list[Root],
        changed: list[Path] | None,
        control: RunControl,
        on_event: EventSink | None,
    ) -> IndexSummary:
        source = self.clip_source
        if self.settings.clip_is_explicit:
            self._remember_model()
        from .index.indexer import Indexer  # PyAV and the phases: only to index

        indexer = Indexer(
            self.store,
            self.settings,
            source=source,
            load_encoder=lambda: self.encoder(on_event),
            load_speech=lambda: self.speech_model(on_event),
            load_reader=self.text_reader if self.settings.read_text else None,
        )
        summary = indexer.run(roots, changed=changed, control=control, on_event=on_event)
        self._searcher = None  # the background samples of the searcher are stale now
        return summary

    # -- search --------------------------------------------------------------------------------

    def search(self, query: Query, on_event: EventSink | None = None) -> list[SearchResult]:
        return self._get_searcher(on_event).search(query)

    def recent(self, query: Query) -> list[SearchResult]:
        """The newest indexed files passing ``query``'s filters (no model needed): what the
        app shows before anything is typed."""
        return recent_items(self.store, self.thumbnails, query)

    def similar(
        self,
        image: Path | bytes,
        *,
        limit: int = 20,
        kinds: frozenset[MediaKind] | None = None,
        on_event: EventSink | None = None,
    ) -> list[SearchResult]:
        """Files that look like ``image`` (a file anywhere, or raw image bytes)."""
        return self.search(Query(image=image, limit=limit, kinds=kinds), on_event)

    def query_encoder(self, on_event: EventSink | None = None) -> Encoder:
        """The encoder searches use (ONNX Runtime, no torch, when the model's export is
        there or can be made; see :meth:`ModelProvider.query_encoder`)."""
        source = self.search_source()
        emit = on_event or (lambda event: None)
        if not self.models.query_loaded(source):
            emit(ModelLoading(source.label))
        return self.models.query_encoder(
            source,
            self.settings.models_dir,
            on_download=lambda p: emit(ModelDownloading(p.label, p.done, p.total)),
            on_note=lambda line: emit(ModelNote(line)),
        )

    def _get_searcher(self, on_event: EventSink | None) -> Any:
        if self._searcher is None:
            from .search.searcher import Searcher

            self._searcher = Searcher(self.store, self.query_encoder(on_event), self.thumbnails)
        return self._searcher

    def search_source(self) -> ClipSource:
        """The model search uses: the active one once it has embedded the whole library;
        until then (a model switch, re-embedding in the background) the model covering the
        most of it, so that search keeps working on the old vectors meanwhile."""
        active = self.clip_source
        covered = self.store.catalog.vector_counts()
        record = self.store.vectors.model_named(active.model_id)
        best_covers = covered.get(record.id, 0) if record else 0
        if best_covers >= self.store.catalog.indexed_count():
            return active
        best = active
        for model in self.store.vectors.models():
            choice = self.store.vectors.choice_of(model)
            if model.name == active.model_id or not choice:
                continue
            if covered.get(model.id, 0) <= best_covers:
                continue
            try:
                older = resolve_clip_source(ClipChoice.from_json(choice), self.settings.models_dir)
            except MediaSiftError:
                continue  # its weights are gone: nothing to search with
            if older.model_id == model.name and older.weights_present:
                best, best_covers = older, covered.get(model.id, 0)
        return best

    def forget_searcher(self) -> None:
        """Search again from scratch next time: the library changed (another connection
        indexed), so the model to search with or its background sample may have too."""
        self._searcher = None

    def model_manager(self) -> ModelManager:
        """The model catalog and what is installed; a configured model that cannot be
        resolved (its weights file is gone) is simply none of the catalog's."""
        try:
            source = self.clip_source
        except MediaSiftError:
            source = None
        return ModelManager(
            self.settings,
            clip_in_use=f"{source.arch}:{source.tag}" if source and source.tag else "",
            whisper_in_use=self.settings.whisper_model,
        )

    def has_vectors_for_active_model(self) -> bool:
        model = self.store.vectors.model_named(self.clip_source.model_id)
        return model is not None and self.store.vectors.count(model) > 0

    # -- one file ------------------------------------------------------------------------------

    def details(
        self, path: Path
    ) -> tuple[MediaDetails, list[tuple[float, float, str, str | None]]]:
        """A file's facts and its transcript lines (start, end, text, language).

        ``path`` may be any of the file's names: through a link to a library folder, or the
        real path of a file the library reaches through a link."""
        catalog = self.store.catalog
        found = None
        for candidate in self._spellings(Path(path).expanduser()):
            found = catalog.media_by_path(to_key(candidate))
            if found is not None:
                break
        if found is None:
            raise LibraryError(f"{display(path)} is not in the library (run mediasift index)")
        words = self.store.words
        found = replace(
            found,
            text_read=tuple(words.text_read(found.media_id)),
            about=tuple(words.words_about(found.media_id)),
            text_state=words.text_state(found.media_id),
        )
        return found, catalog.transcript(found.media_id)

    def _spellings(self, path: Path) -> list[Path]:
        """The names the catalog may hold for ``path``: as given, then the same file below
        each root or linked folder whose real path holds its real path."""
        names = [path.absolute()]
        real = real_path(path)
        for root in self.roots():
            for folder in [root.path, *(v.path for v in self.store.catalog.volumes(root.id))]:
                folder_real = real_path(folder)
                if is_within(real, folder_real):
                    names.append(folder / real.relative_to(folder_real))
        return names

    # -- status --------------------------------------------------------------------------------

    def status(self) -> LibraryStatus:
        catalog = self.store.catalog
        per_root = catalog.root_counts()
        per_model = catalog.vector_counts()
        models = {m.name: m for m in self.store.vectors.models()}
        model_status = self._model_status(per_model, models)
        other = [
            (name, per_model.get(m.id, 0))
            for name, m in models.items()
            if name != model_status.model_id
        ]
        return LibraryStatus(
            data_dir=self.settings.data_dir,
            database=self.settings.database_path,
            roots=[self._root_status(r, per_root.get(r.id, 0)) for r in catalog.roots()],
            counts=catalog.counts(),
            model=model_status,
            other_models=other,
            speech=self._speech_status(catalog.speech_waiting()),
            pending=catalog.pending_count(),
            failures=catalog.failures(),
            notes=catalog.notes(),
            scan_issues=catalog.scan_issues(),
            reading_text=self.settings.read_text,
            words_waiting=self.store.words.waiting(read_text=self.settings.read_text),
        )

    def _root_status(self, root: Root, indexed: int) -> RootStatus:
        """A root as it is now (a live look), not as the last scan found it."""
        from .scan.scanner import Scanner  # only for status (a live look at the folder)

        look = Scanner(self.store).look(root)
        return RootStatus(
            root.path,
            look.online,
            indexed,
            root.last_scan_at,
            str(look.presence),
            look.reason,
            look.why,
        )

    def _speech_status(self, waiting: int) -> SpeechStatus:
        try:
            source = self.whisper_source
        except MediaSiftError as exc:
            return SpeechStatus(self.settings.whisper_model, False, None, waiting, str(exc))
        return SpeechStatus(source.label, source.present, source.directory, waiting)

    def _model_status(
        self, per_model: dict[int, int], models: dict[str, ModelRecord]
    ) -> ModelStatus:
        try:
            source = self.clip_source
        except MediaSiftError as exc:
            return ModelStatus(self.clip_choice.model, "", False, None, 0, problem=str(exc))
        record = models.get(source.model_id)
        return ModelStatus(
            label=source.label,
            model_id=source.model_id,
            weights_present=source.weights_present,
            weights_location=source.weights_path or source.tag_dir,
            indexed_files=per_model.get(record.id, 0) if record else 0,
        )

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
