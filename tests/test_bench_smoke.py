"""Every benchmark still runs: each ``--quick`` mode, from an empty cache, exits 0.

Timings are never asserted here (they belong to bench/); this only keeps the benchmarks
from rotting as the code under them changes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parent.parent / "bench"


@pytest.mark.parametrize(
    "script", sorted(p.name for p in BENCH.glob("bench_*.py")), ids=lambda name: name[:-3]
)
def test_benchmark_quick_mode_runs(script: str, tmp_path: Path, cli_env: dict[str, str]) -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH / script), "--quick", "--cache", str(tmp_path / "cache")],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "|" in proc.stdout  # printed its table
