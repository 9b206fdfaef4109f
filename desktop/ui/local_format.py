"""Dates, numbers and times as the app's language writes them (Qt's default :class:`QLocale`,
which :func:`mediasift.desktop.translations.install` sets).

``core.formatting`` writes them one way for the command line (``2024-05-01``, ``1:05``);
the window follows the locale: 2024/5/1 in Chinese, 5/1/24 in the US, 1,470 or 1 470.
Without a locale set ("C") dates stay ISO, as the command line writes them.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, QTime

from mediasift.core.formatting import clock as plain_clock


def number(value: int | float) -> str:
    """A whole number with the locale's digits and grouping."""
    return QLocale().toString(round(value))


def decimal(value: float, places: int = 1) -> str:
    """A number with ``places`` decimals, the locale's decimal mark."""
    return QLocale().toString(float(value), "f", places)


def megabytes(size_bytes: int | float) -> str:
    """Bytes as a whole number of megabytes (the unit is the caller's words)."""
    return number(size_bytes / 1e6)


def day(timestamp: float | None) -> str:
    """A capture date in the locale's short form; "" when unknown."""
    if not timestamp:
        return ""
    moment = QDateTime.fromSecsSinceEpoch(int(timestamp))
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return moment.date().toString("yyyy-MM-dd")
    return locale.toString(moment.date(), QLocale.FormatType.ShortFormat)


def clock(seconds: float | None) -> str:
    """A position or length in a recording, as players write it (``1:05``, ``1:02:03``),
    in the locale's digits."""
    if seconds is None:
        return ""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    if hours >= 24:
        return plain_clock(whole)  # beyond a day: QTime cannot hold it
    time = QTime(hours, rest // 60, rest % 60)
    return QLocale().toString(time, "h:mm:ss" if hours else "m:ss")
