"""How times and dates read, the same on the command line and in the window."""

from __future__ import annotations

from datetime import datetime


def clock(seconds: float | None) -> str:
    """A position in a recording: ``1:05`` or ``1:02:03``."""
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def day(timestamp: float | None) -> str:
    """A capture date: ``2024-05-01`` (local time)."""
    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d") if timestamp else ""
