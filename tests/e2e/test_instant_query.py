"""Queries never import torch: the CLI's read commands answer from the model's ONNX export.

The first query of a model makes the export (once, from the torch model, checked against
it); every later ``search``/``similar`` process encodes with ONNX Runtime alone. When no
export can be made, the query still works on torch and says why in one line on stderr,
with the JSON on stdout still a clean array.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

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


def _library(cli_env: dict[str, str], tmp_path: Path) -> Path:
    folder = tmp_path / "photos"
    shutil.copytree(PHOTOS, folder)
    assert run_cli("index", str(folder), env=cli_env).returncode == 0
    return folder


def test_after_the_first_query_no_query_imports_torch(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    folder = _library(cli_env, tmp_path)
    first, report, _ = _query(cli_env, "search", "a horse", "--json")
    assert report["code"] == 0 and len(first) == 6
    again, report, err = _query(cli_env, "search", "a horse", "--json")
    assert report == {"code": 0, "heavy": []}, err
    assert [r["path"] for r in again] == [r["path"] for r in first]
    similar, report, _ = _query(cli_env, "similar", str(folder / "horse.png"), "--json")
    assert report == {"code": 0, "heavy": []}
    assert similar[0]["path"] == str(folder / "horse.png")


def test_without_an_export_queries_work_on_torch_and_say_why(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    _library(cli_env, tmp_path)
    exports = Path(cli_env["MEDIASIFT_DATA_DIR"]) / "models" / "onnx"
    exports.mkdir(parents=True, exist_ok=True)
    exports.chmod(0o555)  # the export cannot be written here
    try:
        results, report, err = _query(
            cli_env, "search", "a horse", "--json", wrap=stopped_by_permissions
        )
    finally:
        exports.chmod(0o755)
    assert report["code"] == 0 and len(results) == 6
    assert "torch" in report["heavy"]
    notes = [line for line in err.splitlines() if "use torch" in line]
    assert len(notes) == 1, err
    assert "Traceback" not in err
    assert os.listdir(exports) == []
