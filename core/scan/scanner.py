"""Reconcile one library folder with the catalog: what is new, changed, unchanged, gone.

Change detection uses (size, mtime) from the directory walk, so an unchanged library is
rescanned without opening a single file. Files that were not met become ``missing`` (a
mark-and-sweep); they are kept until the indexer has had the chance to recognise them
under a new name by content, and only then purged. A folder that is not there at all
(unplugged drive) is reported offline and nothing of it is touched.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mediasift.core.index.control import RunControl
from mediasift.core.kinds import MediaKind, MediaStatus
from mediasift.core.paths import exact_range, is_within, prefix_range
from mediasift.core.scan.sniff import HEAD_BYTES, is_ignored_suffix, kind_from_suffix, sniff
from mediasift.core.scan.walker import FoundFile, WalkIssue, walk
from mediasift.core.store import Store
from mediasift.core.store.records import KnownFile, NewFile, Root

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
    issues: list[tuple[str, str]] = field(default_factory=list)
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
    def __init__(self, store: Store, *, skip: Sequence[Path] = ()) -> None:
        self._store = store
        self._skip = [str(p) for p in skip]

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
        if not root.path.is_dir():
            report.offline = True
            catalog.mark_root(root.id, online=False, scanned=False)
            return report
        ranges = None if under is None else [exact_range(under), prefix_range(under)]
        known = catalog.known_files(root.id, ranges)
        catalog.begin_sweep(root.id, ranges)
        new: list[NewFile] = []
        changed: list[tuple[int, NewFile]] = []
        seen: list[int] = []

        def flush() -> None:
            with self._store.transaction():
                catalog.queue_new(root.id, new)
                catalog.queue_changed(changed)
                catalog.mark_seen(seen)
            new.clear()
            changed.clear()
            seen.clear()

        found_files = (
            walk(str(root.path), skip=self._skip)
            if under is None
            else (self._walk_under(root, under))
        )
        for found in found_files:
            if control is not None and not control.proceed():
                report.cancelled = True
                break
            if isinstance(found, WalkIssue):
                report.issues.append((found.path, found.reason))
                continue
            report.files_seen += 1
            self._classify(found, known, new, changed, seen, report)
            if len(new) + len(changed) + len(seen) >= FLUSH_EVERY:
                flush()
                if on_progress is not None:
                    on_progress(report.files_seen)
        flush()
        if on_progress is not None:
            on_progress(report.files_seen)
        if not report.cancelled:
            # A cancelled walk did not meet every file: sweeping now would call them gone.
            with self._store.transaction():
                report.missing = catalog.end_sweep(root.id, ranges)
                if under is None:
                    catalog.replace_scan_issues(
                        root.id, [(os.fsencode(p), reason) for p, reason in report.issues]
                    )
                    catalog.mark_root(root.id, online=True, scanned=True)
        return report

    def _walk_under(self, root: Root, under: Path) -> Iterator[FoundFile | WalkIssue]:
        """The files at or below ``under``, as a full walk would have met them."""
        relative = Path(os.path.relpath(under, root.path)).parts
        if any(part.startswith(".") for part in relative) or any(
            is_within(under, Path(skip)) for skip in self._skip
        ):
            return  # hidden, or our own data dir: never indexed
        try:
            st = os.stat(under)
        except OSError:
            return  # gone: everything the catalog held there becomes missing
        if stat.S_ISDIR(st.st_mode):
            yield from walk(str(under), skip=self._skip)
        elif stat.S_ISREG(st.st_mode):
            yield FoundFile(str(under), st.st_size, st.st_mtime_ns)

    @staticmethod
    def _classify(
        found: FoundFile,
        known: dict[bytes, KnownFile],
        new: list[NewFile],
        changed: list[tuple[int, NewFile]],
        seen: list[int],
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
