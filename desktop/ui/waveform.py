"""A recording's waveform in the preview: where the sound is, where the matching lines
are, where playback is; click (or the arrow keys) to move there.

The peaks come from the engine process (``core/media/waveform.py``): decoding a long
recording takes seconds and the window must never wait for it. Until they arrive the
marks and the position are drawn on an empty line. Every colour is the palette's.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from . import theme
from .local_format import clock

BUCKETS = 400
"""Peaks asked of the engine: enough for a preview pane as wide as a 4K screen's half."""
KEY_STEP_MS = 5000


class WaveformView(QWidget):
    seek_requested = Signal(int)  # milliseconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.peaks: list[float] = []
        self.marks: list[tuple[float, float]] = []
        """Matching lines, as (start, end) seconds."""
        self.duration_s = 0.0
        self.position_ms = 0
        self.loading = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Waveform"))
        self.setToolTip(self.tr("Click to play from there; Left and Right move by 5 seconds"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(72)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(400, 120)

    def reset(self, marks: list[tuple[float, float]], duration_s: float | None) -> None:
        """A new recording: its matching lines now, its peaks later (``set_peaks``)."""
        self.peaks = []
        self.marks = list(marks)
        self.duration_s = duration_s or 0.0
        self.position_ms = 0
        self.loading = True
        self.update()

    def set_peaks(self, peaks: list[float], duration_s: float) -> None:
        self.peaks = list(peaks)
        self.loading = False
        if duration_s > 0:
            self.duration_s = duration_s
        self.update()

    def set_duration(self, duration_s: float) -> None:
        if duration_s > 0:
            self.duration_s = duration_s
            self.update()

    def set_position(self, position_ms: int) -> None:
        self.position_ms = position_ms
        self.update()

    # -- geometry ------------------------------------------------------------------------------

    def _area(self) -> QRectF:
        return QRectF(self.rect()).adjusted(4, 4, -4, -4)

    def x_of(self, seconds: float) -> float:
        area = self._area()
        if self.duration_s <= 0:
            return area.left()
        return area.left() + area.width() * min(1.0, max(0.0, seconds / self.duration_s))

    def seconds_at(self, x: float) -> float:
        area = self._area()
        if area.width() <= 0:
            return 0.0
        return self.duration_s * min(1.0, max(0.0, (x - area.left()) / area.width()))

    # -- painting ------------------------------------------------------------------------------

    def colors(self) -> dict[str, object]:
        """The colours of the parts (tests check their contrast in light and dark)."""
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        mark, _text = theme.marked_line(palette)
        return {
            "background": base,
            "mark": mark,
            "played": palette.color(QPalette.ColorRole.Highlight),
            "wave": theme.mix(palette.color(QPalette.ColorRole.Text), base, 0.45),
            "cursor": palette.color(QPalette.ColorRole.Text),
        }

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = self.colors()
        area = self._area()
        painter.fillRect(self.rect(), colors["background"])
        for start, end in self.marks:  # behind the wave: where the matching lines are
            left, right = self.x_of(start), self.x_of(end)
            painter.fillRect(
                QRectF(left, area.top(), max(2.0, right - left), area.height()), colors["mark"]
            )
        middle = area.center().y()
        played_x = self.x_of(self.position_ms / 1000)
        if self.peaks:
            step = area.width() / len(self.peaks)
            for i, level in enumerate(self.peaks):
                x = area.left() + i * step
                half = max(0.5, level * area.height() / 2)
                painter.fillRect(
                    QRectF(x, middle - half, max(1.0, step * 0.7), 2 * half),
                    colors["played"] if x < played_x else colors["wave"],
                )
        else:
            painter.setPen(QPen(colors["wave"], 1))
            painter.drawLine(area.left(), middle, area.right(), middle)
            if self.loading:
                painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("Reading the sound…"))
        painter.setPen(QPen(colors["cursor"], 2))
        painter.drawLine(played_x, area.top(), played_x, area.bottom())
        if self.hasFocus():
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()

    # -- input ---------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.duration_s > 0:
            self.seek_requested.emit(int(self.seconds_at(event.position().x()) * 1000))
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        moves = {
            Qt.Key.Key_Left: self.position_ms - KEY_STEP_MS,
            Qt.Key.Key_Right: self.position_ms + KEY_STEP_MS,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: int(self.duration_s * 1000),
        }
        target = moves.get(Qt.Key(event.key()))
        if target is None or self.duration_s <= 0:
            super().keyPressEvent(event)
            return
        self.seek_requested.emit(max(0, min(int(self.duration_s * 1000), target)))

    def describe(self) -> str:
        """Where playback is, in words (accessibility tools read it)."""
        return self.tr("{position} of {duration}").format(
            position=clock(self.position_ms / 1000), duration=clock(self.duration_s)
        )
