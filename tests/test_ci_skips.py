"""On CI (CI=true) a skip that is not on tests/conftest.py's allow-list fails the run.

Each case runs pytest in a subprocess on a few small test files whose conftest takes the
hooks from tests/conftest.py, once as on CI and once as on a laptop.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CONFTEST = """
from tests.conftest import ALLOWED_SKIPS, pytest_make_collect_report, pytest_runtest_makereport

ALLOWED_SKIPS[("test_allowed.py", "runs on another OS only")] = "the reason CI may skip it"
"""

TESTS = {
    "test_sample.py": """
import pytest

def test_passes():
    assert True

def test_skips_in_its_body():
    pytest.skip("a tool is not installed")

@pytest.fixture
def needs_tool():
    pytest.skip("the fixture found no tool")

def test_skips_in_a_fixture(needs_tool):
    assert False, "never runs"

@pytest.mark.skipif(True, reason="runs on another OS only")
def test_allowed_reason_in_the_wrong_file():
    assert False, "never runs"

@pytest.mark.xfail(reason="a known bug", strict=True)
def test_known_bug():
    assert False
""",
    "test_allowed.py": """
import pytest

@pytest.mark.skipif(True, reason="runs on another OS only")
def test_on_another_os():
    assert False, "never runs"

@pytest.mark.skipif(True, reason="some other reason")
def test_other_reason_in_the_allowed_file():
    assert False, "never runs"
""",
}

MODULE_SKIP = """
import pytest

pytest.skip("the whole module needs a tool", allow_module_level=True)

def test_never_collected():
    assert False
"""


def run_pytest(folder: Path, ci: str | None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(ROOT)
    (folder / "pytest.ini").write_text("[pytest]\n")  # not this project's options
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", str(folder)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def counts(output: str) -> dict[str, int]:
    last = output.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", last)}


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    (folder / "conftest.py").write_text(CONFTEST)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_on_ci_an_unexpected_skip_fails(tmp_path: Path) -> None:
    folder = write(tmp_path / "suite", TESTS)
    result = run_pytest(folder, ci="true")
    out = result.stdout
    assert result.returncode == 1, out
    # a skip in the test's body fails it; one at setup (a fixture, a skipif mark) errors it
    assert counts(out) == {"failed": 1, "passed": 1, "skipped": 1, "xfailed": 1, "errors": 3}, out
    assert "FAILED test_sample.py::test_skips_in_its_body - unexpected skip on CI: a tool" in out
    assert "ERROR test_sample.py::test_skips_in_a_fixture - unexpected skip on CI: the fix" in out
    assert "ERROR test_sample.py::test_allowed_reason_in_the_wrong_file" in out
    assert "ERROR test_allowed.py::test_other_reason_in_the_allowed_file" in out
    assert "SKIPPED [1] test_allowed.py:4: runs on another OS only" in out
    assert "ALLOWED_SKIPS in tests/conftest.py" in out


def test_off_ci_a_skip_stays_a_skip(tmp_path: Path) -> None:
    folder = write(tmp_path / "suite", TESTS)
    for ci in (None, "false"):
        result = run_pytest(folder, ci=ci)
        assert result.returncode == 0, result.stdout
        assert counts(result.stdout) == {"passed": 1, "skipped": 5, "xfailed": 1}, result.stdout


def test_on_ci_a_module_level_skip_fails_collection(tmp_path: Path) -> None:
    folder = write(tmp_path / "suite", {"test_module.py": MODULE_SKIP})
    result = run_pytest(folder, ci="true")
    assert result.returncode != 0, result.stdout
    assert "unexpected skip on CI: the whole module needs a tool" in result.stdout
    assert counts(run_pytest(folder, ci=None).stdout) == {"skipped": 1}
