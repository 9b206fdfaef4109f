"""The code and values of a search's refusal, for a window in another language.

The query's own checks (:mod:`.query`) raise their :class:`QueryError` with its reason.
The searcher's (an example image that cannot be read or decoded, weights that cancel out)
raise only the English line, with the cause attached; their reason is rebuilt here from
the query and that cause, and used only while its English is exactly the line raised
(a rewording there falls back to the English, never to a wrong translation).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import QueryError
from ..media.photos import PhotoError
from ..paths import display
from ..reasons import Reason, ReasonCode
from .query import Query


def query_reason(error: QueryError, query: Query) -> Reason | None:
    """``error``'s reason: the one it carries, or the searcher's that says its line."""
    if error.why is not None:
        return error.why
    said = str(error)
    return next((why for why in _searcher_reasons(error, query) if str(why) == said), None)


def _searcher_reasons(error: QueryError, query: Query) -> Iterator[Reason]:
    yield Reason.of(ReasonCode.WEIGHTS_CANCEL)
    cause = error.__cause__
    image = query.image
    if isinstance(cause, PhotoError):
        if isinstance(image, Path):
            yield Reason.of(ReasonCode.EXAMPLE_UNUSABLE, cause.reason, path=display(image))
        else:
            yield Reason.of(ReasonCode.EXAMPLE_DATA_UNUSABLE, cause.reason)
    elif isinstance(cause, OSError) and isinstance(image, Path):
        detail = cause.strerror or cause
        yield Reason.of(ReasonCode.EXAMPLE_UNREADABLE, path=display(image), detail=detail)
