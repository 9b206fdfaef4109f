"""Measuring and reporting, for every benchmark: the shared command line, timers,
percentiles, RSS from /proc, the load other processes put on the machine, Markdown tables.

What is measured is made by :mod:`bench.inputs`; this module never builds an input, so a
worker that only measures imports nothing heavy from here. RSS comes from
``/proc/<pid>/status`` (VmRSS now, VmHWM the high-water mark, reset through
``clear_refs``), with no psutil to install; the machine's load from ``/proc/stat``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench.inputs import DEFAULT_CACHE

# -- arguments -------------------------------------------------------------------------------


def base_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run of seconds")
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help=f"where generated media, checkpoints and stores are kept (default {DEFAULT_CACHE})",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60.0,
        help="seconds to wait for other processes to quieten before measuring (default 60)",
    )
    return parser


# -- machine ---------------------------------------------------------------------------------


def machine_description() -> dict[str, str]:
    """Cores, CPU model, RAM and the versions that decide the figures."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    info = {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
    }
    for module, dist in VERSIONS:
        with contextlib.suppress(Exception):
            info[module] = _version(module, dist)
    return info


VERSIONS = (
    ("torch", "torch"),
    ("open_clip", "open_clip_torch"),
    ("numpy", "numpy"),
    ("PIL", "pillow"),
    ("apsw", "apsw"),
    ("sqlite_vec", "sqlite-vec"),
    ("ctranslate2", "ctranslate2"),
)
"""(module, distribution) whose versions decide the figures."""


def _version(module: str, dist: str) -> str:
    """A package's version read from its installed metadata, without importing it: importing
    torch and open_clip only to print their versions cost every benchmark's driver seconds.
    torch's own ``version.py`` is read for its build tag (``+cu130``); apsw (a small C
    module) is imported for the SQLite it was built with."""
    if module == "apsw":
        import apsw

        return f"{apsw.apsw_version()} (SQLite {apsw.sqlite_lib_version()})"
    if module == "torch":
        import importlib.util
        import re

        spec = importlib.util.find_spec("torch")
        for folder in (spec.submodule_search_locations or []) if spec else []:
            found = re.search(
                r"^__version__\s*=\s*['\"]([^'\"]+)",
                (Path(folder) / "version.py").read_text(),
                re.M,
            )
            if found:
                return found.group(1)
    from importlib import metadata

    return metadata.version(dist)


# -- memory ----------------------------------------------------------------------------------


def _status_kib(field: str, pid: int | str = "self") -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size now, in MB (from /proc, no psutil)."""
    return _status_kib("VmRSS", pid) / 1024


def peak_rss_mb(pid: int | str = "self") -> float:
    """The high-water mark of the resident set size, in MB (VmHWM)."""
    return _status_kib("VmHWM", pid) / 1024


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux: write 5 to clear_refs); False if refused."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


# -- timing ----------------------------------------------------------------------------------


class Stopwatch:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation, of a non-empty sequence."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    at = (len(ordered) - 1) * q / 100
    low, high = math.floor(at), math.ceil(at)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def cosine_distance(a, b):
    """Row-wise 1 - cos(a, b) in float64: core's ``onnx_export.cosine_distance``, whose
    module imports torch and open_clip (seconds) for drivers and ONNX workers that compare
    vectors they already have."""
    import numpy as np

    a = np.asarray(a, np.float64)
    b = np.asarray(b, np.float64)
    return 1.0 - np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


# -- tables ----------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        if abs(value) >= 1:
            return f"{value:.2f}"
        if value == 0 or abs(value) >= 0.001:
            return f"{value:.3f}"
        return f"{value:.1e}"
    return str(value)


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A Markdown table (pastes straight into bench/README.md)."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    print(f"\n### {title}\n")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    sys.stdout.flush()


def write_json(path: Path | None, payload: dict) -> None:
    if path is not None:
        path.write_text(json.dumps(payload, indent=2, default=str))


# -- subprocess workers ------------------------------------------------------------------------


def run_worker(script: Path, args: Sequence[str], *, timeout: float = 3600) -> dict:
    """Run ``script --worker ...`` in a fresh interpreter and return the JSON it printed last.

    Each side of a comparison runs in its own process, so its peak RSS is its own and its
    thread settings cannot leak into the other side.
    """
    command = [sys.executable, str(script), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise RuntimeError(f"worker failed ({done.returncode}): {' '.join(command)}")
    for line in reversed(done.stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"worker printed no result: {done.stdout[-500:]}")


# -- other load on the machine ---------------------------------------------------------------


def _machine_busy_s() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(values[:8]) - idle) / ticks


def _own_cpu_s() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class LoadMonitor:
    """How busy the rest of the machine was while we measured.

    ``foreign_cores`` is the average number of cores other processes kept busy (0 on a quiet
    machine; 1.0 means one of the two cores was lost to something else), so a figure taken
    while someone ran a test suite can be told from a clean one. ``wall_s`` is the span
    measured (from the monitor's making to :meth:`result`): one clock for time and load.
    """

    def __init__(self) -> None:
        self._wall = time.perf_counter()
        self._busy = _machine_busy_s()
        self._own = _own_cpu_s()

    def result(self) -> dict[str, float]:
        wall = time.perf_counter() - self._wall
        busy = _machine_busy_s() - self._busy
        own = _own_cpu_s() - self._own
        return {
            "wall_s": wall,
            "own_cores": own / wall if wall else 0.0,
            "foreign_cores": max(0.0, (busy - own) / wall) if wall else 0.0,
        }


def quiet_machine(max_foreign: float = 0.3, wait_s: float = 0.0, quiet_for: int = 3) -> float:
    """The cores other processes use over one second; waits up to ``wait_s`` for
    ``quiet_for`` quiet seconds in a row (test suites run in bursts)."""
    deadline = time.monotonic() + wait_s
    quiet = 0
    while True:
        monitor = LoadMonitor()
        time.sleep(1.0)
        foreign = monitor.result()["foreign_cores"]
        quiet = quiet + 1 if foreign <= max_foreign else 0
        if quiet >= quiet_for or time.monotonic() >= deadline:
            return foreign
        if not quiet:
            print(f"machine busy ({foreign:.1f} cores used by others), waiting...", file=sys.stderr)


def quiet_unless_quick(args: argparse.Namespace, wait_s: float | None = None) -> float:
    """:func:`quiet_machine` before a figure (waiting up to ``wait_s``, by default
    ``--quiet-wait``); a ``--quick`` smoke run neither waits nor spends the second it
    takes to sample the load (NaN)."""
    if args.quick:
        return math.nan
    return quiet_machine(wait_s=args.quiet_wait if wait_s is None else wait_s)
