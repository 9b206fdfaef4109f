"""Filters and order: kind chips, folder, date range, minimum score, sort."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from mediasift.core.paths import display
from mediasift.core.search.query import Query
from mediasift.core.search.results import SearchResult

from .date_filter import DateFilter
from .flow_layout import FlowLayout
from .kind_chips import KindChips


class Sort(StrEnum):
    """The orders (their values are the source texts of their names)."""

    RELEVANCE = QT_TRANSLATE_NOOP("FilterBar", "Relevance")
    NEWEST = QT_TRANSLATE_NOOP("FilterBar", "Newest first")
    OLDEST = QT_TRANSLATE_NOOP("FilterBar", "Oldest first")


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Three groups that wrap as a whole onto a second line in a narrow window.
        flow = FlowLayout(self, spacing=12)
        kinds_group, dates_group, order_group = QWidget(self), QWidget(self), QWidget(self)
        for group in (kinds_group, dates_group, order_group):
            row = QHBoxLayout(group)
            row.setContentsMargins(0, 0, 0, 0)
            flow.addWidget(group)
        layout = kinds_group.layout()
        self.kind_chips = KindChips(self)
        self.kind_chips.changed.connect(self.changed)
        self.kinds = self.kind_chips.kinds
        layout.addWidget(self.kind_chips)
        self.folder = QComboBox(self)
        self.folder.addItem(self.tr("All folders"), None)
        self.folder.currentIndexChanged.connect(self.changed)
        self.folder.setMinimumContentsLength(14)
        layout.addWidget(self.folder)
        self.dates = DateFilter(self)
        self.dates.changed.connect(self.changed)
        dates_group.layout().addWidget(self.dates)
        layout = order_group.layout()
        layout.addWidget(QLabel(self.tr("Min. score"), self))
        self.min_score = QDoubleSpinBox(self)
        self.min_score.setRange(0.0, 20.0)
        self.min_score.setSingleStep(0.5)
        self.min_score.setSpecialValueText(self.tr("off"))
        self.min_score.setToolTip(
            self.tr("Hide weak matches: 3 = clearly above a typical item, 5 = strong")
        )
        self.min_score.valueChanged.connect(self.changed)
        layout.addWidget(self.min_score)
        self.sort = QComboBox(self)
        for order in Sort:
            self.sort.addItem(self.tr(order.value), order)
        self.sort.currentIndexChanged.connect(self.changed)
        layout.addWidget(self.sort)

    def set_years(self, years: list[int]) -> None:
        self.dates.set_years(years)

    def set_folders(self, folders: list[Path]) -> None:
        current = self.folder.currentData()
        self.folder.blockSignals(True)
        self.folder.clear()
        self.folder.addItem(self.tr("All folders"), None)
        for folder in folders:
            self.folder.addItem(folder.name or display(folder), str(folder))
            self.folder.setItemData(self.folder.count() - 1, display(folder), 3)  # tooltip
        index = self.folder.findData(current)
        self.folder.setCurrentIndex(max(0, index))
        self.folder.blockSignals(False)

    def apply(self, query: Query) -> Query:
        folder = self.folder.currentData()
        after, before = self.dates.range()
        return replace(
            query,
            kinds=self.kind_chips.chosen(),
            under=Path(folder) if folder else None,
            after=after,
            before=before,
            min_score=self.min_score.value() or None,
        )

    def order(self, results: list[SearchResult]) -> list[SearchResult]:
        sort = self.sort.currentData()
        if sort == Sort.RELEVANCE:
            return results
        return sorted(results, key=lambda r: r.taken_at or 0.0, reverse=sort == Sort.NEWEST)
