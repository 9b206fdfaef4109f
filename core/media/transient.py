"""Which failures can go away by themselves, and so deserve another try unasked.

A file that could not be read because of a permission, an I/O error, a full disk or a
network share that hiccupped is retried on the next run even though it did not change;
a file whose *content* is bad (truncated, not media) is retried only when it changes.
"""

from __future__ import annotations


def is_transient(exc: BaseException) -> bool:
    """True for operating-system errors (they carry an errno); content errors carry none."""
    return isinstance(exc, OSError) and exc.errno is not None
