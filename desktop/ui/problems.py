"""Files that could not be indexed, and files indexed with a note: two lists, each row
with Show in folder, Copy path and Retry.

A failure (a file that is not what its name says, a folder that cannot be listed) and a
note (a video without sound, a recording with no speech) are different news: the first
is not searchable, the second is. Retry indexes the file again as if it had changed (the
engine's ``retry`` command), which is what a person means after fixing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mediasift.core.paths import display
from mediasift.core.status import LibraryStatus

from .engine_words import reason_text
from .local_format import number
from .sizing import resize_within_screen

ROW_ACTIONS = (
    QT_TRANSLATE_NOOP("ProblemList", "Show in folder"),
    QT_TRANSLATE_NOOP("ProblemList", "Copy path"),
    QT_TRANSLATE_NOOP("ProblemList", "Retry"),
)
"""Each row's actions (source texts: :meth:`ProblemList.button` finds them by these)."""


@dataclass(frozen=True)
class Problem:
    path: Path
    reason: str


def failures_of(status: LibraryStatus) -> list[Problem]:
    """What could not be indexed: failed files and unreadable folders (what the status
    bar's button counts)."""
    found = [Problem(f.path, reason_text(f.why, f.reason)) for f in status.failures]
    return found + [Problem(i.path, reason_text(i.why, i.reason)) for i in status.scan_issues]


def notes_of(status: LibraryStatus) -> list[Problem]:
    return [Problem(n.path, reason_text(n.why, n.note)) for n in status.notes]


class _OneLine(QStyledItemDelegate):
    """A path on one line, elided in the middle: the file's name stays in sight."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class ProblemList(QWidget):
    """One list: file, reason, and the three actions on each row."""

    reveal = Signal(Path)
    copy = Signal(Path)
    retry = Signal(Path)

    def __init__(self, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems: list[Problem] = []
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Reason"), ""])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        # The reason wraps (cut in the middle, a narrow window read "not a photo, video
        # …g (content is text)"); the path keeps to one line.
        self.table.setWordWrap(True)
        self.table.setItemDelegateForColumn(0, _OneLine(self.table))
        self._fit_rows = QTimer(self)  # once the column widths have settled
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._fit_rows.start())
        self.empty = QLabel(empty, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)

    def set_problems(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        self.table.setRowCount(len(problems))
        for row, problem in enumerate(problems):
            name = QTableWidgetItem(display(problem.path))
            name.setToolTip(display(problem.path))
            reason = QTableWidgetItem(problem.reason)
            reason.setToolTip(problem.reason)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, reason)
            self.table.setCellWidget(row, 2, self._actions(problem.path))
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(problems))
        self.empty.setVisible(not problems)

    def _actions(self, path: Path) -> QWidget:
        holder = QWidget(self.table)
        row = QHBoxLayout(holder)
        row.setContentsMargins(2, 0, 2, 0)
        row.setSpacing(2)
        for text, signal in zip(ROW_ACTIONS, (self.reveal, self.copy, self.retry), strict=True):
            button = QToolButton(holder)
            button.setText(self.tr(text))
            button.setObjectName(text)
            button.setAccessibleName(f"{self.tr(text)}: {path.name}")
            button.clicked.connect(lambda _=False, s=signal, p=path: s.emit(p))
            row.addWidget(button)
        return holder

    def button(self, row: int, text: str) -> QToolButton:
        """The action ``text`` (its English, one of :data:`ROW_ACTIONS`) of row ``row``
        (for tests and accessibility tools)."""
        holder = self.table.cellWidget(row, 2)
        found = [b for b in holder.findChildren(QToolButton) if b.objectName() == text]
        return found[0]

    def row_of(self, name: str) -> int:
        return next(i for i, p in enumerate(self.problems) if p.path.name == name)


class ProblemsDialog(QDialog):
    """ "Not indexed" and "Notes", each its own tab with its count."""

    reveal = Signal(Path)
    copy = Signal(Path)
    retry = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Files not indexed, and notes"))
        resize_within_screen(self, 900, 420)
        self.failures = ProblemList(self.tr("Every file was indexed."), self)
        self.notes = ProblemList(self.tr("No notes."), self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.failures, "")
        self.tabs.addTab(self.notes, "")
        for problems in (self.failures, self.notes):
            problems.reveal.connect(self.reveal)
            problems.copy.connect(self.copy)
            problems.retry.connect(self.retry)
        self.said = QLabel(self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.said)
        layout.addWidget(close)
        self._count(0, 0)

    def set_status(self, status: LibraryStatus) -> None:
        failures, notes = failures_of(status), notes_of(status)
        self.failures.set_problems(failures)
        self.notes.set_problems(notes)
        self._count(len(failures), len(notes))

    def _count(self, failures: int, notes: int) -> None:
        self.tabs.setTabText(0, self.tr("Not indexed ({count})").format(count=number(failures)))
        self.tabs.setTabText(1, self.tr("Notes ({count})").format(count=number(notes)))

    def show_tab(self, notes: bool) -> None:
        self.tabs.setCurrentWidget(self.notes if notes else self.failures)

    def say(self, line: str) -> None:
        """Confirm an action here, where it was asked ("Path copied")."""
        self.said.setText(line)

    def reasons(self) -> dict[str, str]:
        """File name -> reason of the files not indexed (for tests and accessibility)."""
        return {p.path.name: p.reason for p in self.failures.problems}
