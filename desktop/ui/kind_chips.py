"""The kinds filter as chips: "All · Photos · Videos · Recordings".

Plain checkable push buttons looked almost the same checked and unchecked (a slightly
darker bevel in Fusion, nothing at all in some dark themes). These chips are painted
from the palette: a checked one is filled with the highlight colour and carries a check
mark (so the state does not rest on colour alone), an unchecked one is an outline; the
keyboard focus is a ring around the chip, apart from its fill, so it shows on both.

"All" is the reset: it is checked when no kind is singled out. Choosing kinds narrows the
results to them; choosing every kind, or unchoosing the last one, is "All" again. There
is no state that shows nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QWidget

from mediasift.core.kinds import MediaKind

from . import theme

KIND_LABELS = {
    MediaKind.PHOTO: QT_TRANSLATE_NOOP("KindChips", "Photos"),
    MediaKind.VIDEO: QT_TRANSLATE_NOOP("KindChips", "Videos"),
    MediaKind.AUDIO: QT_TRANSLATE_NOOP("KindChips", "Recordings"),
}
"""Source texts, translated where shown."""
KIND_TIPS = {
    MediaKind.PHOTO: QT_TRANSLATE_NOOP("KindChips", "Only photos (choose several to combine them)"),
    MediaKind.VIDEO: QT_TRANSLATE_NOOP("KindChips", "Only videos (choose several to combine them)"),
    MediaKind.AUDIO: QT_TRANSLATE_NOOP(
        "KindChips", "Only recordings (choose several to combine them)"
    ),
}
CHECK = "✓ "
RING = 3
"""Room around the fill for the focus ring, in pixels."""


class Chip(QAbstractButton):
    """One checkable chip, painted from the palette."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(text)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        # As wide as the checked label, so that checking does not move its neighbours.
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance(CHECK + self.text()) + 2 * (12 + RING)
        return QSize(width, metrics.height() + 2 * (5 + RING))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def colors(self) -> tuple[object, object, object]:
        """Fill, outline and text colour for the chip's state (tests read them)."""
        palette = self.palette()
        enabled = self.isEnabled()
        group = QPalette.ColorGroup.Active if enabled else QPalette.ColorGroup.Disabled
        highlight = palette.color(group, QPalette.ColorRole.Highlight)
        if self.isChecked():
            return highlight, highlight, palette.color(group, QPalette.ColorRole.HighlightedText)
        fill = palette.color(group, QPalette.ColorRole.Base)
        outline = palette.color(group, QPalette.ColorRole.Mid)
        if self.underMouse() and enabled:
            outline = highlight
        return fill, outline, palette.color(group, QPalette.ColorRole.Text)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill, outline, text = self.colors()
        body = QRectF(self.rect()).adjusted(RING + 0.5, RING + 0.5, -RING - 0.5, -RING - 0.5)
        radius = body.height() / 2
        if self.isDown():
            fill = theme.mix(fill, self.palette().color(QPalette.ColorRole.Highlight), 0.25)
        painter.setPen(QPen(outline, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(body, radius, radius)
        if self.hasFocus():
            ring = QRectF(self.rect()).adjusted(1, 1, -1, -1)
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(ring, ring.height() / 2, ring.height() / 2)
        font = QFont(self.font())
        font.setBold(self.isChecked())
        painter.setFont(font)
        painter.setPen(text)
        label = (CHECK if self.isChecked() else "") + self.text()
        painter.drawText(body, Qt.AlignmentFlag.AlignCenter, label)
        painter.end()

    def enterEvent(self, event: object) -> None:
        super().enterEvent(event)  # type: ignore[arg-type]
        self.update()

    def leaveEvent(self, event: object) -> None:
        super().leaveEvent(event)  # type: ignore[arg-type]
        self.update()


class KindChips(QWidget):
    """All · Photos · Videos · Recordings; ``changed`` when the choice changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all = Chip(self.tr("All"), self)
        self.all.setToolTip(self.tr("Every kind of media"))
        self.all.setChecked(True)
        self.all.clicked.connect(self._all_clicked)
        self.kinds: dict[MediaKind, Chip] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.all)
        for kind, label in KIND_LABELS.items():
            chip = Chip(self.tr(label), self)
            chip.setToolTip(self.tr(KIND_TIPS[kind]))
            chip.clicked.connect(self._kind_clicked)
            self.kinds[kind] = chip
            layout.addWidget(chip)

    def chosen(self) -> frozenset[MediaKind] | None:
        """The kinds to show; None: all of them (no filter)."""
        if self.all.isChecked():
            return None
        return frozenset(kind for kind, chip in self.kinds.items() if chip.isChecked())

    def choose(self, kinds: frozenset[MediaKind] | None) -> None:
        """Show ``kinds`` (None or every kind: All), as if clicked."""
        every = kinds is None or set(kinds) >= set(self.kinds) or not kinds
        self.all.setChecked(every)
        for kind, chip in self.kinds.items():
            chip.setChecked(not every and kind in (kinds or ()))
        self.changed.emit()

    def _all_clicked(self) -> None:
        self.choose(None)  # All is the reset: clicking it again keeps it checked

    def _kind_clicked(self) -> None:
        picked = frozenset(kind for kind, chip in self.kinds.items() if chip.isChecked())
        self.choose(picked)
