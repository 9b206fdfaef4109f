"""Paints one result tile: thumbnail, kind badge with time, name and caption.

A delegate, not a widget per result: the view asks it to paint only the tiles in sight,
which keeps 10,000 results as cheap to scroll as 10. Colours come from the palette, so
the grid follows the system's light or dark theme.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from mediasift.core.kinds import MediaKind
from mediasift.core.search.results import SearchResult

from .local_format import clock
from .results_model import Role

TILE = QSize(196, 212)
THUMB = QSize(184, 138)
RELEVANCE_DOTS = 5
BADGES = {
    MediaKind.PHOTO: QT_TRANSLATE_NOOP("ResultDelegate", "PHOTO"),
    MediaKind.VIDEO: QT_TRANSLATE_NOOP("ResultDelegate", "VIDEO"),
    MediaKind.AUDIO: QT_TRANSLATE_NOOP("ResultDelegate", "AUDIO"),
}
"""Source texts, translated where painted."""


class ResultDelegate(QStyledItemDelegate):
    tile = TILE
    """The grid's current tile: wider than :data:`TILE` when the columns stretch."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return self.tile

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        result: SearchResult | None = index.data(Role.RESULT)
        if result is None:
            return
        palette = option.palette
        rect = option.rect.adjusted(4, 4, -4, -4)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(rect, 6, 6)
        if option.state & QStyle.StateFlag.State_HasFocus:
            # The current tile stays visible to keyboard users, selected or not: a ring in
            # the margin around the tile, on the grid's background (drawn on the selection's
            # fill, a darker highlight hardly showed).
            pen = QPen(palette.color(QPalette.ColorRole.Highlight))
            pen.setWidth(2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(option.rect).adjusted(2, 2, -2, -2), 8, 8)
        thumb_width = rect.width() - 4
        thumb_height = THUMB.height() + (thumb_width - THUMB.width()) * 3 // 4
        thumb_rect = QRect(rect.left() + 2, rect.top() + 2, thumb_width, thumb_height)
        self._paint_thumbnail(painter, thumb_rect, index.data(Role.THUMBNAIL), result, palette)
        self._paint_badge(painter, thumb_rect, result)
        strength = index.data(Role.RELEVANCE)
        if strength is not None:
            self._paint_relevance(painter, thumb_rect, strength, palette)
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        painter.setPen(text_color)
        name_rect = QRect(rect.left() + 4, thumb_rect.bottom() + 4, rect.width() - 8, 18)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        name = painter.fontMetrics().elidedText(
            result.path.name, Qt.TextElideMode.ElideMiddle, name_rect.width()
        )
        painter.drawText(
            name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name
        )
        painter.setFont(option.font)
        metrics = painter.fontMetrics()
        caption_rect = QRect(
            name_rect.left(), name_rect.bottom() + 2, name_rect.width(), 2 * metrics.lineSpacing()
        )
        painter.drawText(
            caption_rect,
            Qt.AlignmentFlag.AlignLeft,
            two_lines(metrics, index.data(Role.CAPTION) or "", caption_rect.width()),
        )
        painter.restore()

    @staticmethod
    def _paint_thumbnail(
        painter: QPainter,
        rect: QRect,
        pixmap: QPixmap | None,
        result: SearchResult,
        palette: QPalette,
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(rect, 4, 4)
        if pixmap is not None and not pixmap.isNull():
            # Scale to device pixels, not logical ones: on a 2x screen a tile is 368x276
            # pixels, and a pixmap scaled to 184x138 would be blown up, blurred, by 2.
            device = painter.device()
            ratio = device.devicePixelRatioF() if device is not None else 1.0
            scaled = pixmap.scaled(
                rect.size() * ratio,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            scaled.setDevicePixelRatio(ratio)
            width, height = round(scaled.width() / ratio), round(scaled.height() / ratio)
            x = rect.left() + (rect.width() - width) // 2
            y = rect.top() + (rect.height() - height) // 2
            painter.drawPixmap(x, y, scaled)
            return
        if result.kind == MediaKind.AUDIO:
            painter.save()  # the larger font is the line's only (the badge was larger too)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            font = QFont(painter.font())
            font.setPointSize(font.pointSize() + 1)
            painter.setFont(font)
            if result.text:
                text = QCoreApplication.translate("Results", "“{line}”").format(
                    line=result.text.strip()
                )
            else:
                text = QCoreApplication.translate("ResultDelegate", "recording")
            room = rect.adjusted(10, 8, -10, -24)  # above the badge
            painter.drawText(
                room,
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                fit_within(painter.fontMetrics(), text, room),
            )
            painter.restore()

    @staticmethod
    def _paint_badge(painter: QPainter, thumb: QRect, result: SearchResult) -> None:
        label = QCoreApplication.translate("ResultDelegate", BADGES[result.kind])
        if result.kind != MediaKind.PHOTO and result.start_s is not None:
            label = f"{label} {clock(result.start_s)}"
        if result.offline:
            label = f"{label} · " + QCoreApplication.translate("ResultDelegate", "OFFLINE")
        font = QFont(painter.font())
        font.setPointSize(max(7, font.pointSize() - 2))
        font.setBold(True)
        painter.setFont(font)
        width = painter.fontMetrics().horizontalAdvance(label) + 10
        badge = QRect(thumb.left() + 4, thumb.bottom() - 20, width, 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 160))
        painter.drawRoundedRect(badge, 3, 3)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)

    @staticmethod
    def _paint_relevance(
        painter: QPainter, thumb: QRect, strength: float, palette: QPalette
    ) -> None:
        """Five dots at the thumbnail's bottom right, lit as many as the match is strong."""
        lit = max(1, round(strength * RELEVANCE_DOTS))
        size, gap = 6, 3
        width = RELEVANCE_DOTS * (size + gap) + gap
        box = QRect(thumb.right() - width - 4, thumb.bottom() - 20, width, 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 160))
        painter.drawRoundedRect(box, 3, 3)
        for dot in range(RELEVANCE_DOTS):
            painter.setBrush(QColor("white") if dot < lit else QColor(255, 255, 255, 70))
            x = box.left() + gap + dot * (size + gap)
            painter.drawEllipse(x, box.top() + (box.height() - size) // 2, size, size)


def two_lines(metrics: QFontMetrics, text: str, width: int) -> str:
    """``text`` wrapped into at most two lines, the second elided if it overflows."""
    words = text.split()
    first = ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not words:
        return first
    rest = metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width)
    return f"{first}\n{rest}" if first else rest


def fit_within(metrics: QFontMetrics, text: str, room: QRect) -> str:
    """``text`` word-wrapped in ``room``, cut short with an ellipsis if it would run out of
    it (a long spoken line ran over the badge of a narrow audio tile)."""
    flags = Qt.TextFlag.TextWordWrap

    def fits(candidate: str) -> bool:
        return metrics.boundingRect(room, flags, candidate).height() <= room.height()

    if fits(text):
        return text
    shortest, longest = 0, len(text)  # by characters: Chinese has no spaces to cut at
    while shortest < longest:
        middle = (shortest + longest + 1) // 2
        if fits(text[:middle].rstrip() + "…"):
            shortest = middle
        else:
            longest = middle - 1
    return text[:shortest].rstrip() + "…"
