"""Light and dark: the window's palettes, and colours derived from whichever is in use.

The app follows the system's colour scheme (Qt 6.5+ ``QStyleHints.colorScheme``, and its
change while the app runs), or the person's choice in Settings (System, Light, Dark).
Where the platform's own palette already matches the scheme it is kept (a KDE colour
scheme, say); otherwise the palettes below are used.

Every colour the app paints itself comes from the palette through this module (never a
fixed white or black), so a highlight stays readable in a dark palette as in a light one.
:func:`readable_on` picks the text colour with the better contrast on a background, and
:func:`contrast` is the WCAG 2 contrast ratio that the tests hold the colours to.
"""

from __future__ import annotations

from enum import StrEnum

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

MIN_TEXT_CONTRAST = 4.5
"""WCAG 2 AA for body text: what every text colour here keeps against its background."""


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(one: QColor, other: QColor) -> float:
    """The WCAG 2 contrast ratio of two colours, 1 (same) to 21 (black on white)."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` is a dark one (light text on a dark window)."""
    return _luminance(palette.color(Role.Window)) < _luminance(palette.color(Role.WindowText))


def readable_on(background: QColor, palette: QPalette) -> QColor:
    """The palette's text colour, or its base colour, whichever reads better on
    ``background``."""
    text, base = palette.color(Role.Text), palette.color(Role.Base)
    return text if contrast(text, background) >= contrast(base, background) else base


def mix(one: QColor, other: QColor, amount: float) -> QColor:
    """``one`` moved ``amount`` (0 to 1) of the way towards ``other``."""
    keep = 1.0 - amount
    return QColor.fromRgbF(
        one.redF() * keep + other.redF() * amount,
        one.greenF() * keep + other.greenF() * amount,
        one.blueF() * keep + other.blueF() * amount,
    )


def marked_line(palette: QPalette) -> tuple[QColor, QColor]:
    """Background and text of a marked (matched) line in a list: a tint of the highlight
    on the list's base colour, with the text colour that reads best on it. The plain
    ``highlight().lighter()`` of before was near white in a dark palette, where the text
    is white too."""
    background = mix(palette.color(Role.Base), palette.color(Role.Highlight), 0.35)
    return background, readable_on(background, palette)


def _palette(colors: dict[Role, str], disabled: dict[Role, str]) -> QPalette:
    palette = QPalette()
    for role, value in colors.items():
        palette.setColor(role, QColor(value))
    for role, value in disabled.items():
        palette.setColor(Group.Disabled, role, QColor(value))
    return palette


def light_palette() -> QPalette:
    """A light palette (Fusion's, with a highlight dark enough for white text)."""
    return _palette(
        {
            Role.Window: "#efefef",
            Role.WindowText: "#1b1b1b",
            Role.Base: "#ffffff",
            Role.AlternateBase: "#e6e6e6",
            Role.ToolTipBase: "#ffffdc",
            Role.ToolTipText: "#1b1b1b",
            Role.PlaceholderText: "#6b6b6b",
            Role.Text: "#1b1b1b",
            Role.Button: "#f5f5f5",
            Role.ButtonText: "#1b1b1b",
            Role.BrightText: "#ffffff",
            Role.Light: "#ffffff",
            Role.Midlight: "#e3e3e3",
            Role.Mid: "#a0a0a0",
            Role.Dark: "#8a8a8a",
            Role.Shadow: "#767676",
            Role.Highlight: "#1f6fb2",
            Role.HighlightedText: "#ffffff",
            Role.Link: "#1a5fa0",
            Role.LinkVisited: "#6b3fa0",
        },
        {
            Role.WindowText: "#8a8a8a",
            Role.Text: "#8a8a8a",
            Role.ButtonText: "#8a8a8a",
            Role.Highlight: "#a0a0a0",
        },
    )


def dark_palette() -> QPalette:
    """A dark palette: light text on near-black, a blue highlight that white text reads on."""
    return _palette(
        {
            Role.Window: "#262626",
            Role.WindowText: "#ececec",
            Role.Base: "#1c1c1c",
            Role.AlternateBase: "#303030",
            Role.ToolTipBase: "#3a3a3a",
            Role.ToolTipText: "#ececec",
            Role.PlaceholderText: "#9a9a9a",
            Role.Text: "#ececec",
            Role.Button: "#333333",
            Role.ButtonText: "#ececec",
            Role.BrightText: "#ffffff",
            Role.Light: "#4a4a4a",
            Role.Midlight: "#3c3c3c",
            Role.Mid: "#5c5c5c",
            Role.Dark: "#1a1a1a",
            Role.Shadow: "#000000",
            Role.Highlight: "#2f6db5",
            Role.HighlightedText: "#ffffff",
            Role.Link: "#7fb4f0",
            Role.LinkVisited: "#c0a0f0",
        },
        {
            Role.WindowText: "#7a7a7a",
            Role.Text: "#7a7a7a",
            Role.ButtonText: "#7a7a7a",
            Role.Highlight: "#4a4a4a",
        },
    )


class ColorScheme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @property
    def label(self) -> str:
        """The scheme in words, in the app's language."""
        return QCoreApplication.translate("ColorScheme", SCHEME_LABELS[self.value])


SCHEME_LABELS = {
    "system": QT_TRANSLATE_NOOP("ColorScheme", "As the system"),
    "light": QT_TRANSLATE_NOOP("ColorScheme", "Light"),
    "dark": QT_TRANSLATE_NOOP("ColorScheme", "Dark"),
}


class SchemeFollower(QObject):
    """Applies the chosen scheme to the application, and follows the system's while the
    choice is System."""

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self._app = app
        self._platform = QPalette(app.palette())  # before anything here changed it
        self.choice = ColorScheme.SYSTEM
        app.styleHints().colorSchemeChanged.connect(self._system_changed)

    def apply(self, choice: ColorScheme, system: Qt.ColorScheme | None = None) -> None:
        """Use ``choice``; ``system``: the system's scheme, as just announced (else asked)."""
        self.choice = choice
        if system is None:
            system = self._app.styleHints().colorScheme()
        dark = choice == ColorScheme.DARK or (
            choice == ColorScheme.SYSTEM and system == Qt.ColorScheme.Dark
        )
        if dark:
            palette = self._platform if is_dark(self._platform) else dark_palette()
        else:
            palette = light_palette() if is_dark(self._platform) else self._platform
        self._app.setPalette(palette)

    def dark(self) -> bool:
        return is_dark(self._app.palette())

    def _system_changed(self, scheme: Qt.ColorScheme) -> None:
        if self.choice == ColorScheme.SYSTEM:
            self.apply(ColorScheme.SYSTEM, scheme)


_follower: SchemeFollower | None = None


def follower() -> SchemeFollower:
    """The application's one scheme follower (made on first use)."""
    global _follower
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication), "colour schemes need a running Qt application"
    if _follower is None or not shiboken6.isValid(_follower):
        _follower = SchemeFollower(app)
    return _follower
