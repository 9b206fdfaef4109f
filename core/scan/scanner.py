"""Reconcile one library folder with the catalog: what is new, changed, unchanged, gone.

Change detection uses (size, mtime) from the directory walk, so an unchanged library is
rescanned without opening a single file. Files that were not met become ``missing`` (a
mark-and-sweep); they are kept until the indexer has had the chance to recognise them
under a new name by content, and only then purged.

Only a name missing from a folder that was listed is gone. A root that is not there, is
unmounted or looks empty where it held files (see :mod:`.volumes`) is offline and nothing
of it is touched; below a listed root, whatever could not be looked at (an unreadable
folder, a link to an unplugged drive, a mount point whose drive is away) is kept as it
is and reported.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..kinds import MediaKind, MediaStatus
from ..paths import exact_range, is_within, prefix_range
from ..reasons import Reason, ReasonCode
from ..run_control import RunControl
from ..store.records import KnownFile, NewFile, Root, Volume
from ..store.store import Store
from .sniff import HEAD_BYTES, is_ignored_suffix, kind_from_suffix, sniff
from .volumes import Look, look_at
from .walker import (
    GONE_ERRNOS,
    FoundFile,
    FoundVolume,
    WalkIssue,
    WalkItem,
    reason_for,
    walk,
)

FLUSH_EVERY = 500


@dataclass
class ScanReport:
    root: Path
    offline: bool = False
    files_seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    resumed: int = 0
    """Files left pending by an earlier run that stopped (crash, cancel, missing model)."""
    missing: int = 0
    retried: int = 0
    """Files that had failed for a reason that can go away, queued again unchanged."""
    issues: list[tuple[str, Reason]] = field(default_factory=list)
    kept: list[tuple[str, Reason]] = field(default_factory=list)
    """Folders (or links) that could not be looked at, kept as they were, with why."""
    offline_reason: Reason | None = None
    cancelled: bool = False


def candidate_kind(path: str) -> tuple[bool, MediaKind | None]:
    """Whether a new file is worth indexing, and the kind it probably is.

    Media suffixes are trusted for now (the indexer checks the content); common document
    suffixes are skipped unopened; anything else (no suffix, odd suffix) is sniffed.
    """
    kind = kind_from_suffix(path)
    if kind is not None:
        return True, kind
    if is_ignored_suffix(path):
        return False, None
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError:
        return False, None
    sniffed = sniff(head)
    return sniffed.kind is not None, sniffed.kind


class Scanner:
    def __init__(
        self, store: Store, *, skip: Sequence[Path] = (), roots: Sequence[Root] = ()
    ) -> None:
        """``skip``: folders never indexed (the data dir); ``roots``: the library's folders,
        so that a link from one into another is not indexed twice."""
        self._store = store
        self._skip = [str(p) for p in skip]
        self._roots = [str(r.path) for r in roots]

    def look(self, root: Root, *, watched: bool = False) -> Look:
        """A live look at a root: online, offline (and why) or unreadable (see
        :func:`look_at` for ``watched``)."""
        known = self._store.catalog.sample_files(root.id, [prefix_range(root.path)], SAMPLE)
        return look_at(root.path, root.volume, known, watched=watched)

    def scan(
        self,
        root: Root,
        *,
        under: Path | None = None,
        control: RunControl | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> ScanReport:
        """Reconcile the whole root, or only ``under`` (a file or a folder of it, which
        may be gone: then what the catalog held there becomes missing)."""
        report = ScanReport(root.path)
        catalog = self._store.catalog
        look = self.look(root, watched=under is not None)
        if not look.online:
            report.offline = True
            report.offline_reason = look.why
            catalog.mark_root(root.id, online=False, scanned=False)
            return report
        ranges = None if under is None else [exact_range(under), prefix_range(under)]
        known = catalog.known_files(root.id, ranges)
        catalog.begin_sweep(root.id, ranges)
        new: list[NewFile] = []
        changed: list[tuple[int, NewFile]] = []
        seen: list[int] = []
        retries: list[int] = []
        volumes: list[FoundVolume] = []
        keep: list[tuple[str, Reason]] = []

        def flush() -> None:
            with self._store.transaction():
                catalog.queue_new(root.id, new)
                catalog.queue_changed(changed)
                catalog.mark_seen(seen)
                catalog.requeue_retries(retries)
            for batch in (new, changed, seen, retries):
                batch.clear()

        others = [r for r in self._roots if r != str(root.path)]
        found_files = (
            walk(str(root.path), skip=self._skip, elsewhere=others)
            if under is None
            else self._walk_under(root, under, others)
        )
        for found in found_files:
            if control is not None and not control.proceed():
                report.cancelled = True
                break
            if isinstance(found, FoundVolume):
                volumes.append(found)
                continue
            if isinstance(found, WalkIssue):
                if found.keeps:
                    keep.append((found.path, found.why))
                if found.noteworthy:
                    report.issues.append((found.path, found.why))
                continue
            report.files_seen += 1
            self._classify(found, known, new, changed, seen, retries, report)
            if len(new) + len(changed) + len(seen) + len(retries) >= FLUSH_EVERY:
                flush()
                if on_progress is not None:
                    on_progress(report.files_seen)
        flush()
        if on_progress is not None:
            on_progress(report.files_seen)
        if report.cancelled:
            return report  # a cancelled walk did not meet every file: sweeping would purge
        already = {path for path, _ in keep}
        lost = [(path, why) for path, why in self._lost_volumes(root, under) if path not in already]
        keep.extend(lost)
        if under is None and report.files_seen == 0 and _outside(known, keep):
            # Listed, yet not one file where the catalog holds some: a drive that is away
            # (or a share that answers empty), never a reason to forget them all.
            report.offline = True
            report.offline_reason = Reason.of(ReasonCode.NO_FILES_FOUND)
            catalog.mark_root(root.id, online=False, scanned=False)
            return report
        report.kept = keep
        report.issues.extend(
            (path, Reason.of(ReasonCode.FILES_KEPT, cause=reason)) for path, reason in lost
        )
        with self._store.transaction():
            catalog.keep_ranges(root.id, [r for path, _ in keep for r in _ranges_of(path)])
            report.missing = catalog.end_sweep(root.id, ranges)
            if under is None:
                catalog.replace_scan_issues(
                    root.id, [(os.fsencode(p), r) for p, r in report.issues]
                )
                catalog.replace_volumes(root.id, self._volumes_to_record(root, volumes, lost))
                catalog.mark_root(root.id, online=True, scanned=True)
        return report

    def _lost_volumes(self, root: Root, under: Path | None) -> list[tuple[str, Reason]]:
        """Recorded volumes below the root (within ``under``, or holding it) that are away
        now: an unmounted drive, a link to one, a share that lists empty."""
        lost = []
        for volume in self._store.catalog.volumes(root.id):
            if volume.path == root.path:
                continue  # the root itself was looked at before the walk
            if volume.linked and not os.path.lexists(volume.path):
                continue  # the link itself was deleted from a listed folder: gone
            if under is not None and not (
                is_within(volume.path, under) or is_within(under, volume.path)
            ):
                continue
            known = self._store.catalog.sample_files(root.id, [prefix_range(volume.path)], SAMPLE)
            if not known:
                continue
            look = look_at(volume.path, volume, known, watched=under is not None)
            if not look.online:
                lost.append((str(volume.path), look.why or Reason.of(ReasonCode.FOLDER_NOT_FOUND)))
        return lost

    def _volumes_to_record(
        self, root: Root, met: list[FoundVolume], lost: list[tuple[str, Reason]]
    ) -> list[Volume]:
        """What this scan saw, plus what is away (remembered until it comes back)."""
        recorded = {
            v.path: v for v in self._store.catalog.volumes(root.id) if str(v.path) in dict(lost)
        }
        for found in met:
            recorded[Path(found.path)] = Volume(
                Path(found.path), found.dev, found.mounted, found.linked
            )
        return list(recorded.values())

    def _walk_under(self, root: Root, under: Path, others: list[str]) -> Iterator[WalkItem]:
        """The files at or below ``under``, as a full walk would have met them."""
        relative = Path(os.path.relpath(under, root.path)).parts
        if any(part.startswith(".") for part in relative) or any(
            is_within(under, Path(skip)) for skip in self._skip
        ):
            return  # hidden, or our own data dir: never indexed
        try:
            st = os.stat(under)
        except OSError as exc:
            if exc.errno not in GONE_ERRNOS or os.path.islink(under):
                yield WalkIssue(str(under), reason_for(exc, os.path.islink(under)), keeps=True)
                return
            if not _listable(under.parent):
                unlistable = Reason.of(ReasonCode.FOLDER_UNLISTABLE)
                yield WalkIssue(str(under), unlistable, keeps=True)
            return  # gone: everything the catalog held there becomes missing
        if stat.S_ISDIR(st.st_mode):
            for item in walk(str(under), skip=self._skip, elsewhere=others):
                if not isinstance(item, FoundVolume):
                    yield item
        elif stat.S_ISREG(st.st_mode):
            yield FoundFile(str(under), st.st_size, st.st_mtime_ns)

    @staticmethod
    def _classify(
        found: FoundFile,
        known: dict[bytes, KnownFile],
        new: list[NewFile],
        changed: list[tuple[int, NewFile]],
        seen: list[int],
        retries: list[int],
        report: ScanReport,
    ) -> None:
        key = os.fsencode(found.path)
        record = known.get(key)
        if record is None:
            wanted, kind = candidate_kind(found.path)
            if wanted:
                new.append(NewFile(key, found.size, found.mtime_ns, kind))
                report.new += 1
            return
        unchanged = record.size == found.size and record.mtime_ns == found.mtime_ns
        if unchanged and record.retry:
            retries.append(record.id)
            report.retried += 1
            return
        if unchanged and record.status != MediaStatus.MISSING:
            seen.append(record.id)
            if record.status == MediaStatus.PENDING:
                report.resumed += 1
            else:
                report.unchanged += 1
            return
        # Changed, or back after being missing: queue it again, kind hinted by the suffix.
        hint = kind_from_suffix(found.path)
        changed.append((record.id, NewFile(key, found.size, found.mtime_ns, hint)))
        report.changed += 1


SAMPLE = 3
"""Known files looked for when a volume changed device (see :func:`look_at`)."""


def _outside(known: dict[bytes, KnownFile], kept: list[tuple[str, Reason]]) -> bool:
    """Whether the catalog holds a file (not missing) outside the kept folders."""
    prefixes = [os.fsencode(path) for path, _ in kept]
    return any(
        record.status != MediaStatus.MISSING
        and not any(key == p or key.startswith(p.rstrip(b"/") + b"/") for p in prefixes)
        for key, record in known.items()
    )


def _ranges_of(path: str) -> list[tuple[bytes, bytes]]:
    return [exact_range(path), prefix_range(path)]


def _listable(folder: Path) -> bool:
    try:
        with os.scandir(folder):
            return True
    except OSError:
        return False
