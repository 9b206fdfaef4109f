"""What the user asked for: words, an example image, or both, plus filters."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..errors import QueryError, reasoned
from ..kinds import MediaKind
from ..reasons import ReasonCode

MAX_LIMIT = 1000
MAX_WEIGHT = 100.0
"""Weights are relative (the vectors are normalised): past this they only overflow."""


@dataclass(frozen=True)
class Query:
    text: str | None = None
    image: Path | bytes | None = None
    """An example image: a file (inside the library or not) or raw image bytes."""
    text_weight: float = 1.0
    image_weight: float = 1.0
    negatives: tuple[str, ...] = ()
    """Descriptions to push results away from."""
    negative_weight: float = 1.0
    kinds: frozenset[MediaKind] | None = None
    under: Path | None = None
    after: float | None = None
    """Only media taken at or after this Unix time."""
    before: float | None = None
    """Only media taken before this Unix time."""
    limit: int = 20
    min_score: float | None = None

    def validate(self) -> None:
        has_text = bool(self.text and self.text.strip())
        if not has_text and self.image is None:
            raise reasoned(QueryError, ReasonCode.NEED_QUERY)
        if not 1 <= self.limit <= MAX_LIMIT:
            raise reasoned(QueryError, ReasonCode.LIMIT_RANGE, most=MAX_LIMIT)
        if self.after is not None and self.before is not None and self.after >= self.before:
            raise reasoned(QueryError, ReasonCode.AFTER_BEFORE)
        for name, weight in (
            ("the text weight", self.text_weight),
            ("--image-weight", self.image_weight),
            ("--not-weight", self.negative_weight),
        ):
            if not (math.isfinite(weight) and 0 <= weight <= MAX_WEIGHT):
                raise reasoned(
                    QueryError,
                    ReasonCode.WEIGHT_RANGE,
                    option=name,
                    most=f"{MAX_WEIGHT:g}",
                    weight=weight,
                )
        if self.min_score is not None and not math.isfinite(self.min_score):
            raise reasoned(QueryError, ReasonCode.MIN_SCORE_NAN, value=self.min_score)


def parse_date(value: str, *, option: str) -> float:
    """A local date (``2024-05-01``) or date-time (``2024-05-01T18:30``) as a Unix time."""
    text = value.strip()
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
        else:
            moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise reasoned(QueryError, ReasonCode.BAD_DATE, option=option, value=repr(value)) from exc
    try:
        return moment.timestamp()
    except (ValueError, OverflowError, OSError):
        # Out of the platform's local-time range (0001-01-01, 9999-12-31 on some systems):
        # counted in UTC, the few hours of a time zone mean nothing that far out.
        naive = moment.replace(tzinfo=None)
        return (naive - datetime(1970, 1, 1)).total_seconds()
