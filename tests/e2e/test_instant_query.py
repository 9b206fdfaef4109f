"""Queries never import torch: the CLI's read commands answer from the model's ONNX export.

The export is made when the torch model is loaded anyway (the first index, here), in the
background, checked against it; every ``search``/``similar`` process then encodes with ONNX
Runtime alone. A search that finds no export is answered by torch at once, with one line
on stderr, and leaves the export made for the next one; when none can be made it says why
in one line, with the JSON on stdout still a clean array.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.conftest import PHOTOS, run_cli
from tests.e2e.test_cli import _with_unreadable_files_as_root as stopped_by_permissions

# Runs the real CLI in-process, then reports which heavy modules that process imported.
PROBE = """
import json, sys
from mediasift.core.cli.main import main
code = main(sys.argv[1:])
heavy = sorted(m for m in ("torch", "open_clip", "torchvision") if m in sys.modules)
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def _query(env: dict[str, str], *args: str, wrap=None) -> tuple[list, dict, str]:
    command = [sys.executable, "-c", PROBE, *args]
    done = subprocess.run(
        wrap(command) if wrap else command,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    lines = done.stderr.strip().splitlines()
    report = json.loads(lines[-1])
    return json.loads(done.stdout), report, "\n".join(lines[:-1])


def _library(cli_env: dict[str, str], tmp_path: Path, wrap=None) -> Path:
    folder = tmp_path / "photos"
    shutil.copytree(PHOTOS, folder)
    indexed = run_cli("index", str(folder), env=cli_env, wrap=wrap)
    assert indexed.returncode == 0, indexed.stderr
    return folder


def test_after_indexing_no_query_imports_torch(cli_env: dict[str, str], tmp_path: Path) -> None:
    folder = _library(cli_env, tmp_path)
    first, report, err = _query(cli_env, "search", "a horse", "--json")
    assert report == {"code": 0, "heavy": []}, err
    assert len(first) == 6
    similar, report, _ = _query(cli_env, "similar", str(folder / "horse.png"), "--json")
    assert report == {"code": 0, "heavy": []}
    assert similar[0]["path"] == str(folder / "horse.png")


def test_once_exported_indexing_imports_no_torch_either(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    """The first index loads torch and makes the export; the next one runs on ONNX
    Runtime, and what it indexed is found."""
    _library(cli_env, tmp_path)
    more = tmp_path / "more"
    more.mkdir()
    Image.open(PHOTOS / "horse.png").convert("RGB").save(more / "horse again.jpg", quality=95)
    summary, report, err = _query(cli_env, "index", str(more), "--json")
    assert report == {"code": 0, "heavy": []}, err
    assert summary["indexed"] == 1  # a new picture: encoded, on ONNX Runtime
    found, report, _ = _query(cli_env, "similar", str(more / "horse again.jpg"), "--json")
    assert report == {"code": 0, "heavy": []}
    assert {Path(r["path"]).name for r in found[:2]} == {"horse.png", "horse again.jpg"}


def test_a_search_without_an_export_answers_on_torch_and_leaves_it_made(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    _library(cli_env, tmp_path)
    exports = Path(cli_env["MEDIASIFT_DATA_DIR"]) / "models" / "onnx"
    shutil.rmtree(exports)  # made by the index; gone (a data dir from before exports)
    results, report, err = _query(cli_env, "search", "a horse", "--json")
    assert report["code"] == 0 and "torch" in report["heavy"]
    notes = [line for line in err.splitlines() if "use torch" in line]
    assert len(notes) == 1 and "until its ONNX export is ready" in notes[0], err
    assert "Traceback" not in err
    again, report, err = _query(cli_env, "search", "a horse", "--json")
    assert report == {"code": 0, "heavy": []}, err
    assert [r["path"] for r in again] == [r["path"] for r in results]


def test_without_an_export_queries_work_on_torch_and_say_why(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    exports = Path(cli_env["MEDIASIFT_DATA_DIR"]) / "models" / "onnx"
    exports.mkdir(parents=True, exist_ok=True)
    exports.chmod(0o555)  # the export cannot be written here
    try:
        _library(cli_env, tmp_path, wrap=stopped_by_permissions)
        results, report, err = _query(
            cli_env, "search", "a horse", "--json", wrap=stopped_by_permissions
        )
    finally:
        exports.chmod(0o755)
    assert report["code"] == 0 and len(results) == 6
    assert "torch" in report["heavy"]
    notes = [line for line in err.splitlines() if "use torch" in line]
    assert len(notes) == 1 and "cannot write its ONNX export" in notes[0], err
    assert "Traceback" not in err
    assert os.listdir(exports) == []
