"""How much freed memory a MediaSift process keeps: one malloc arena per core.

glibc gives a thread that allocates while another holds its arena a new arena, up to eight
per core, and memory freed into an arena mostly stays there for that arena's next
allocations. Reading text in pictures allocates hundreds of MB of short-lived buffers from
several threads at once (ONNX Runtime's, the recogniser's line readers, the decoders), so
each arena ends up holding its own copy of that working set: the text reader's process
peaked at 352 MB with glibc's default, 317 MB with two arenas, measured on the tests'
signs and screenshots (bench/README.md, text in pictures), for the same CPU time. More
arenas than cores buy nothing: no more threads than cores run at once.

Called first thing in every MediaSift process that indexes (the CLI, the app's engine).
Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import os
import sys

M_ARENA_MAX = -8
"""mallopt's parameter number for the arena limit (glibc's malloc.h)."""


def one_arena_per_core() -> bool:
    """Limit this process to one malloc arena per core (at least two); whether it was done.
    Threads started before keep the arenas they have."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt(M_ARENA_MAX, max(2, os.cpu_count() or 1)) == 1
