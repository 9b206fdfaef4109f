"""The live progress display of the command line, drawn from engine events.

On a terminal: a rich progress bar (files done/total, rate, time left, failures, current
file), with each failure printed above it as it happens. Elsewhere (pipes, CI logs): only
the lines that matter, failures and offline folders, without bar redraws.
"""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from ..index.events import (
    FileFailed,
    FileNote,
    IndexEvent,
    IndexFinished,
    IndexProgress,
    IndexSummary,
    ModelDownloading,
    ModelLoading,
    ModelNote,
    Phase,
    RootOffline,
    ScanProblem,
    ScanProgress,
    SpeechUnavailable,
)
from ..paths import display


class ProgressView:
    def __init__(self, console: Console) -> None:
        self._console = console
        self._live = console.is_terminal
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> ProgressView:
        if self._live:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[count]}"),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                TextColumn("{task.fields[extra]}", style="dim"),
                console=self._console,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def _print(self, message: str) -> None:
        self._console.print(message, highlight=False, soft_wrap=True)

    def _task(self, name: str, description: str, **fields: object) -> TaskID | None:
        if self._progress is None:
            return None
        if name not in self._tasks:
            defaults: dict[str, object] = {"rate": "", "extra": "", "count": ""}
            defaults.update(fields)
            self._tasks[name] = self._progress.add_task(description, total=None, **defaults)
        return self._tasks[name]

    def handle(self, event: IndexEvent) -> None:
        if isinstance(event, FileFailed):
            self._print(f"[red]failed[/] {escape(display(event.path))}: {escape(event.reason)}")
        elif isinstance(event, FileNote):
            self._print(f"[cyan]note[/] {escape(display(event.path))}: {escape(event.note)}")
        elif isinstance(event, SpeechUnavailable):
            self._print(
                f"[yellow]speech[/] {escape(event.reason)} ({event.waiting} recording(s) and "
                "soundtrack(s) wait for it; everything else is indexed)"
            )
        elif isinstance(event, ScanProblem):
            self._print(f"[yellow]skipped[/] {escape(display(event.path))}: {escape(event.reason)}")
        elif isinstance(event, RootOffline):
            self._print(
                f"[yellow]offline[/] {escape(display(event.root))}: {escape(event.reason)}; its "
                "files are kept in the index and were not scanned"
            )
        elif isinstance(event, ScanProgress):
            task = self._task("scan", "Scanning")
            if task is not None and self._progress is not None:
                self._progress.update(
                    task,
                    completed=event.files_seen,
                    count=f"{event.files_seen} files",
                    extra=escape(display(event.root)),
                )
        elif isinstance(event, ModelLoading):
            self._finish("scan")
            self._task("model", f"Loading CLIP {escape(event.label)}")
        elif isinstance(event, ModelNote):
            self._print(f"[yellow]note[/] {escape(event.text)}")
        elif isinstance(event, ModelDownloading):
            self._download(event)
        elif isinstance(event, IndexProgress):
            self._index_progress(event)
        elif isinstance(event, IndexFinished):
            for name in list(self._tasks):
                self._finish(name)

    def _finish(self, name: str) -> None:
        """Show a phase as complete (a full bar, no spinner) once the next one starts."""
        if self._progress is None or name not in self._tasks:
            return
        task = self._tasks[name]
        done = self._progress.tasks[task].completed if name != "model" else 1
        self._progress.update(task, total=max(done, 1), completed=max(done, 1))
        self._progress.stop_task(task)

    def _download(self, event: ModelDownloading) -> None:
        if self._progress is None:
            return
        if "download" not in self._tasks:
            self._progress.stop()
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                console=self._console,
            )
            self._progress.start()
            self._tasks = {"download": self._progress.add_task(f"Downloading {event.label}")}
        self._progress.update(self._tasks["download"], completed=event.done, total=event.total)

    def _index_progress(self, event: IndexProgress) -> None:
        if self._progress is None:
            return
        if "download" in self._tasks:
            # The download display had other columns; go back to the indexing layout.
            self.__exit__()
            self._tasks = {}
            self.__enter__()
        self._finish("scan")
        self._finish("model")
        for earlier in PHASE_ORDER[: PHASE_ORDER.index(event.phase)]:
            self._finish(earlier)
        task = self._task(event.phase, PHASE_LABELS[event.phase])
        if task is None or self._progress is None:
            return
        failures = f"{event.failed} failed  " if event.failed else ""
        current = event.current.name if event.current else ""
        if event.phase == Phase.SPEECH:
            count = f"{event.done / 60:.1f}/{event.total / 60:.1f} min"
            rate = f"{event.rate:.1f}x real time"
        else:
            count = f"{event.done:.0f}/{event.total:.0f}"
            rate = f"{event.rate:.1f}/s"
        self._progress.update(
            task,
            total=max(event.total, 1e-9),
            completed=event.done,
            count=count,
            rate=rate,
            extra=escape(f"{failures}{display(current)}"),
        )


PHASE_ORDER = [Phase.FILES, Phase.FRAMES, Phase.TEXT, Phase.SPEECH]
PHASE_LABELS = {
    Phase.FILES: "Indexing files",
    Phase.FRAMES: "Video frames",
    Phase.TEXT: "Reading text",
    Phase.SPEECH: "Transcribing",
}


class WatchLog:
    """The live log of ``mediasift watch``: one time-stamped line per thing that happened."""

    def __init__(self, console: Console) -> None:
        self._console = console

    def say(self, message: str) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        self._console.print(f"[dim]{stamp}[/] {escape(message)}", highlight=False, soft_wrap=True)

    def handle(self, event: IndexEvent) -> None:
        if isinstance(event, FileFailed):
            self.say(f"failed {display(event.path)}: {event.reason}")
        elif isinstance(event, FileNote):
            self.say(f"note {display(event.path)}: {event.note}")
        elif isinstance(event, RootOffline):
            self.say(f"{display(event.root)} is offline ({event.reason}); its files are kept")
        elif isinstance(event, SpeechUnavailable):
            self.say(f"speech: {event.reason}")

    def summary(self, summary: IndexSummary) -> None:
        parts = []
        for count, label in (
            (summary.indexed, "indexed"),
            (summary.reused, "moved or copied"),
            (summary.removed, "removed"),
            (summary.failed, "failed"),
            (summary.waiting, "waiting for the speech model"),
        ):
            if count:
                parts.append(f"{count} {label}")
        if parts:
            self.say(", ".join(parts))
