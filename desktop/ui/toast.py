"""A short confirmation floating over the bottom of the window ("Path copied"), gone
after a few seconds.

The status bar's left corner is where indexing progress lives, and a line there was
easily missed or overwritten by the next progress report; a toast is seen where the
person is looking, and never takes the keyboard focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

SHOWN_MS = 3000
MARGIN = 16


class Toast(QLabel):
    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("toast")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHOWN_MS)
        self._timer.timeout.connect(self.hide)
        host.installEventFilter(self)
        self._style()
        self.hide()

    def _style(self) -> None:
        """Inverted colours of the palette (text colour as the background): it stands out
        in a light palette and a dark one alike."""
        palette = self.parentWidget().palette()
        background = palette.color(QPalette.ColorRole.Text).name()
        text = palette.color(QPalette.ColorRole.Base).name()
        self.setStyleSheet(
            f"QLabel#toast {{ background: {background}; color: {text}; "
            "border-radius: 8px; padding: 8px 16px; }"
        )

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleDescription(text)
        self._style()
        self._place()
        self.show()
        self.raise_()
        self._timer.start()

    def _place(self) -> None:
        host = self.parentWidget()
        width = min(
            host.width() - 2 * MARGIN,
            max(240, self.fontMetrics().horizontalAdvance(self.text()) + 48),
        )
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((host.width() - self.width()) // 2, host.height() - self.height() - MARGIN)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.parentWidget()
            and event.type() == QEvent.Type.Resize
            and self.isVisible()
        ):
            self._place()
        return super().eventFilter(watched, event)
