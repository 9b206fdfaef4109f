"""Every benchmark still runs: each ``--quick`` mode exits 0 and prints its tables.

Timings are never asserted here (they belong to bench/); this only keeps the benchmarks
from rotting as the code under them changes. The benchmarks share one cache for the
session, as they share ``/tmp/mediasift-bench`` on the bench machine: whichever runs first
builds an input (the 10k-segment store, the small photos, a model's export) from nothing,
the others reuse it. The tiny CLIP model is the session's own (``tiny_clip``, the same
config and seed the benchmarks build), placed where the benchmarks look for it, so no
benchmark pays for building it again.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.model_files import TinyClip

BENCH = Path(__file__).parent.parent / "bench"

TABLES = {
    "bench_app": ["App launch to first results", "Summary (seconds since launch)"],
    "bench_app_storm": ["The window during a copy storm"],
    "bench_file_words": ["words_about per file"],
    "bench_index": ["Photo indexing,"],
    "bench_instant": [
        "Making the export once",
        "`mediasift search",
        "Where an ONNX search process's time goes",
        "search: p50 of the runs",
        "Serving typed queries with the model loaded",
        "Typing to updated results in the window",
        "The image tower, fp32",
        "int8 (ONNX Runtime dynamic quantization",
    ],
    "bench_multilingual": [
        "Compute (GFLOPs counted by torch)",
        "Cost here (torch fp32",
        "Published Chinese text-to-image retrieval",
    ],
    "bench_query": ["Search latency at 10,000 segments", "Targets (core path)"],
    "bench_query_start": ["Process start to encoded query"],
    "bench_speech": ["Speech and video indexing through Library.index"],
    "bench_storm": ["Copy storm:", "Queue while the storm drains"],
}
"""The headings of the tables each ``--quick`` run must print (the start of each); a
benchmark not listed must print at least one table."""

ROWS = {
    "bench_speech": ["jfk.flac (speech)", "720p video"],
    "bench_index": ["rclip-style", "mediasift ", "mediasift-torch"],
    "bench_query": ["core", "exact-numpy"],
}
"""Rows that must be in a benchmark's tables: each side it compares was measured."""


@pytest.fixture(scope="module")
def bench_cache(tmp_path_factory: pytest.TempPathFactory, tiny_clip: TinyClip) -> Path:
    """One cache for every benchmark of the session, holding the session's tiny model
    under the names ``bench/inputs.py`` looks for."""
    cache = tmp_path_factory.mktemp("bench-cache")
    (cache / "clip").mkdir()
    for made in (tiny_clip.config, tiny_clip.weights):
        shutil.copy2(made, cache / "clip" / made.name)
    return cache


def tables_printed(stdout: str) -> list[str]:
    """The title of every Markdown table the run printed (``measure.print_table``)."""
    return re.findall(r"^### (.+)$", stdout, re.M)


@pytest.mark.parametrize(
    "script", sorted(p.name for p in BENCH.glob("bench_*.py")), ids=lambda name: name[:-3]
)
def test_benchmark_quick_mode_runs(script: str, bench_cache: Path, cli_env: dict[str, str]) -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH / script), "--quick", "--cache", str(bench_cache)],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = proc.stdout[-3000:] + proc.stderr[-3000:]
    assert proc.returncode == 0, output
    titles = tables_printed(proc.stdout)
    name = script[:-3]
    assert titles, output
    for heading in TABLES.get(name, []):
        assert any(title.startswith(heading) for title in titles), (heading, titles)
    for row in ROWS.get(name, []):
        assert re.search(rf"^\| {re.escape(row)}", proc.stdout, re.M), (row, output)
