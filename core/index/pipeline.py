"""A bounded, ordered parallel map: decode threads run ahead of the model, not too far.

The window caps how many decoded images wait in memory (rclip's look-ahead idea): enough
for the decode threads to keep working while the model encodes a batch, never the whole
library at once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def bounded_map(
    pool: Executor,
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    window: int,
    proceed: Callable[[], bool] = lambda: True,
) -> Iterator[tuple[T, R]]:
    """Yield ``(item, fn(item))`` in input order with at most ``window`` calls in flight.

    ``fn`` must not raise (workers turn their failures into values). ``proceed`` is asked
    before each new item: it may block (a pause) and returns False to stop, after which no
    new work starts and what is in flight is dropped.
    """
    in_flight: deque[tuple[T, Future[R]]] = deque()
    stopped = False
    for item in items:
        if not proceed():
            stopped = True
            break
        in_flight.append((item, pool.submit(fn, item)))
        if len(in_flight) >= window:
            head, future = in_flight.popleft()
            yield head, future.result()
    while in_flight:
        head, future = in_flight.popleft()
        if stopped:
            future.cancel()
            continue
        yield head, future.result()
