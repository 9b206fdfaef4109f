"""The date filter: a preset (Any time, This year, Last year, a year of the library,
Custom range…) and two date fields used only by the custom range.

Two check boxes and two always-live date fields made a person work out what "From" with
a date a year ago meant; a preset says it in words, and the fields show the range it
stands for, greyed out, until "Custom range…" hands them over. Dates can be typed
(2023-05-01) or picked from a calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

DATE_FORMAT = "yyyy-MM-dd"
_ISO = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")


def parse_date(text: str) -> QDate | None:
    """A typed date: 2023-05-01 (also 2023-5-1, 2023/05/01), or the locale's short
    format (01/05/2023 here, 5/1/23 in the US); None if it is not a date."""
    found = _ISO.match(text)
    if found:
        day = QDate(*(int(part) for part in found.groups()))
        return day if day.isValid() else None
    day = QLocale().toDate(text.strip(), QLocale.FormatType.ShortFormat)
    return day if day.isValid() else None


class DateField(QWidget):
    """A date typed as text, or picked from a calendar (the button beside it).

    Qt's QDateEdit takes typing one section at a time: "2023-05-01" typed over a
    selected date came out as the old year with the new month and day. Here the text is
    read whole when it is a date; until then the last good date stays in force, and
    leaving the field puts it back."""

    date_changed = Signal(QDate)

    def __init__(self, day: QDate, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date = day
        self.line = QLineEdit(day.toString(DATE_FORMAT), self)
        self.line.setAccessibleName(name)
        self.line.setPlaceholderText(self.tr("YYYY-MM-DD"))
        width = self.line.fontMetrics().horizontalAdvance("0000-00-00") + 18
        self.line.setFixedWidth(width)
        self.line.textEdited.connect(self._typed)
        self.line.editingFinished.connect(self._show_date)
        self.calendar = QCalendarWidget()
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setAccessibleName(self.tr("{field}: calendar").format(field=name))
        self.button.setToolTip(self.tr("Pick the date from a calendar"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(lambda: self.calendar.setSelectedDate(self._date))
        self.button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.line)
        layout.addWidget(self.button)

    def date(self) -> QDate:
        return self._date

    def set_date(self, day: QDate) -> None:
        """Show ``day`` (no signal: the caller knows)."""
        self._date = day
        self._show_date()

    def _show_date(self) -> None:
        self.line.setText(self._date.toString(DATE_FORMAT))
        self.line.setToolTip("")

    def _typed(self, text: str) -> None:
        day = parse_date(text)
        if day is None:
            self.line.setToolTip(self.tr("Type a date like 2023-05-01"))
            return
        self.line.setToolTip("")
        if day != self._date:
            self._date = day
            self.date_changed.emit(day)

    def _picked(self, day: QDate) -> None:
        menu = self.button.menu()
        if menu is not None:
            menu.close()
        self._date = day
        self._show_date()
        self.date_changed.emit(day)


@dataclass(frozen=True)
class Preset:
    """One choice of the preset list: ``year`` for a whole year, else any time or custom.
    ``name``: its English (a source text), or the year's number."""

    name: str
    year: int | None = None

    @property
    def custom(self) -> bool:
        return self.name == CUSTOM.name


ANY_TIME = Preset(QT_TRANSLATE_NOOP("DateFilter", "Any time"))
CUSTOM = Preset(QT_TRANSLATE_NOOP("DateFilter", "Custom range…"))
THIS_YEAR = QT_TRANSLATE_NOOP("DateFilter", "This year")
LAST_YEAR = QT_TRANSLATE_NOOP("DateFilter", "Last year")


def start_of(day: QDate) -> float:
    """Local midnight at the start of ``day``, as a Unix time."""
    return datetime(day.year(), day.month(), day.day()).timestamp()


class DateFilter(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preset = QComboBox(self)
        self.preset.setAccessibleName(self.tr("Date"))
        self.preset.setToolTip(self.tr("When the photos, videos and recordings were taken"))
        today = QDate.currentDate()
        self.date_from = DateField(today.addYears(-1), self.tr("From date"), self)
        self.date_to = DateField(today, self.tr("To date"), self)
        self.dash = QLabel(self.tr("to"), self)
        for edit in (self.date_from, self.date_to):
            edit.date_changed.connect(self._date_edited)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.preset, self.date_from, self.dash, self.date_to):
            layout.addWidget(widget)
        self._years: list[int] = []
        self._fill()
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self._preset_chosen()

    def _fill(self) -> None:
        """The preset list: any time, this year, last year, the library's other years
        (newest first), custom range."""
        this_year = QDate.currentDate().year()
        current = self.preset.currentData()
        self.preset.blockSignals(True)
        self.preset.clear()
        self.preset.addItem(self.tr(ANY_TIME.name), ANY_TIME)
        self.preset.addItem(self.tr(THIS_YEAR), Preset(THIS_YEAR, this_year))
        self.preset.addItem(self.tr(LAST_YEAR), Preset(LAST_YEAR, this_year - 1))
        older = [y for y in self._years if y not in (this_year, this_year - 1)]
        if older:
            self.preset.insertSeparator(self.preset.count())
            for year in older:
                self.preset.addItem(str(year), Preset(str(year), year))
        self.preset.insertSeparator(self.preset.count())
        self.preset.addItem(self.tr(CUSTOM.name), CUSTOM)
        index = self.preset.findData(current) if current is not None else 0
        self.preset.setCurrentIndex(max(0, index))
        self.preset.blockSignals(False)

    def set_years(self, years: list[int]) -> None:
        """The years the library's files were taken in (from the engine)."""
        if years != self._years:
            self._years = list(years)
            before = self.chosen()
            self._fill()
            if self.chosen() != before:  # the chosen year is no longer in the library
                self._preset_chosen()

    def chosen(self) -> Preset:
        data = self.preset.currentData()
        return data if isinstance(data, Preset) else ANY_TIME

    def choose(self, preset: Preset) -> None:
        index = self.preset.findData(preset)
        if index >= 0:
            self.preset.setCurrentIndex(index)

    def _preset_chosen(self) -> None:
        preset = self.chosen()
        for widget in (self.date_from, self.dash, self.date_to):
            widget.setEnabled(preset.custom)
        if preset.year is not None:  # the fields show the range the preset stands for
            for edit, day in (
                (self.date_from, QDate(preset.year, 1, 1)),
                (self.date_to, QDate(preset.year, 12, 31)),
            ):
                edit.set_date(day)
        self.changed.emit()

    def _date_edited(self) -> None:
        if self.chosen().custom:
            self.changed.emit()

    def range(self) -> tuple[float | None, float | None]:
        """``after`` and ``before`` of the query (Unix times; None: open-ended)."""
        preset = self.chosen()
        if preset.year is not None:
            return start_of(QDate(preset.year, 1, 1)), start_of(QDate(preset.year + 1, 1, 1))
        if not preset.custom:
            return None, None
        first, last = sorted((self.date_from.date(), self.date_to.date()))
        return start_of(first), start_of(last.addDays(1))
