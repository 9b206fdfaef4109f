"""One malloc arena per core (core/memory.py): threads allocating at the same time share
the arenas instead of each making its own, where freed buffers would stay."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

COUNT_ARENAS = textwrap.dedent(
    """
    import ctypes, os, sys, tempfile, threading

    sys.path.insert(0, os.getcwd())
    if sys.argv[1] == "limited":
        from mediasift.core.memory import one_arena_per_core
        assert one_arena_per_core()
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    start = threading.Barrier(8)

    def allocate():
        start.wait()  # all at once, so that they contend for arenas
        for _ in range(2000):
            libc.free(libc.malloc(50_000))

    threads = [threading.Thread(target=allocate) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    libc.fopen.restype = ctypes.c_void_p
    libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    with tempfile.NamedTemporaryFile(suffix=".xml") as out:
        stream = libc.fopen(out.name.encode(), b"w")
        libc.malloc_info(0, stream)
        libc.fclose(stream)
        print(open(out.name).read().count("<heap nr="))
    """
)


def _arenas(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", COUNT_ARENAS, mode], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_threads_allocating_at_once_share_one_arena_per_core() -> None:
    import os

    cores = max(2, os.cpu_count() or 1)
    assert _arenas("limited") <= cores
    assert _arenas("default") > cores  # glibc's own limit is 8 per core
