"""The set-up step of `make run` / `make test` (.ci/system_packages.py), as a newcomer meets it.

Nothing on this machine is installed or removed: dpkg-query reads a dpkg database of our
own (MEDIASIFT_DPKG_ADMINDIR), and PATH holds only fake apt-get and sudo that log what they
were asked (the fake apt-get "installs" by adding the package to that database) next to
the real dpkg-query. Who runs the script is real: root, or user 65534 via setpriv (or,
when the tests themselves are not root, this user and a user namespace where it is root).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / ".ci" / "system_packages.py"
NOBODY = 65534


def _load_script():
    spec = importlib.util.spec_from_file_location("system_packages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


system_packages = _load_script()
RUN: tuple[str, ...] = system_packages.RUN
TEST: tuple[str, ...] = system_packages.TEST

FAKE_APT_GET = """#!/bin/sh
# Logs its arguments; `install` adds each package to the dpkg database, like apt-get would.
echo "apt-get $*" >> "{log}"
case " $* " in *" install "*) {fail} ;; esac
installing=no
entry='Package: %s\\nStatus: install ok installed\\nArchitecture: all\\nVersion: 1\\n\\n'
for arg in "$@"; do
    case "$arg" in
        install) installing=yes ;;
        -o) ;;
        -*|DPkg::*) ;;
        *) if [ $installing = yes ]; then
               printf "$entry" "$arg" >> "{status}"
           fi ;;
    esac
done
"""

# sudo -n that works (runs the command as the same user: the fake apt-get needs no root)
SUDO_WORKS = """#!/bin/sh
echo "sudo $*" >> "{log}"
[ "$1" = -n ] && shift
exec "$@"
"""

# sudo that would ask for a password: -n makes it fail, as the real one does
SUDO_ASKS = """#!/bin/sh
echo "sudo $*" >> "{log}"
echo "sudo: a password is required" >&2
exit 1
"""


def stanza(name: str) -> str:
    return f"Package: {name}\nStatus: install ok installed\nArchitecture: all\nVersion: 1\n\n"


@dataclass
class FakeSystem:
    """A dpkg database, a PATH of fake tools and a log of what they were asked."""

    root: Path
    bin: Path
    admindir: Path
    log: Path

    def have(self, packages: list[str]) -> None:
        (self.admindir / "status").write_text("".join(stanza(name) for name in packages))

    def tool(self, name: str, text: str) -> None:
        path = self.bin / name
        path.write_text(text.format(log=self.log, status=self.admindir / "status", fail=""))
        path.chmod(0o755)

    def apt_get(self, fail: bool = False) -> None:
        failure = 'echo "E: Unable to locate package libnothing0" >&2; exit 100' if fail else ""
        path = self.bin / "apt-get"
        path.write_text(
            FAKE_APT_GET.format(log=self.log, status=self.admindir / "status", fail=failure)
        )
        path.chmod(0o755)

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []

    def installed(self) -> set[str]:
        """What the real dpkg-query says is installed in our database."""
        return system_packages.installed([*TEST, "python3.11-venv"], str(self.admindir))

    def env(self) -> dict[str, str]:
        return {
            "PATH": str(self.bin),
            "HOME": str(self.root),
            "LANG": "C.UTF-8",
            "MEDIASIFT_DPKG_ADMINDIR": str(self.admindir),
        }


@pytest.fixture
def fake() -> Iterator[FakeSystem]:
    """In a folder user 65534 may use (pytest's tmp_path lies below a root-only folder)."""
    with tempfile.TemporaryDirectory(prefix="mediasift-setup-") as folder:
        root = Path(folder)
        system = FakeSystem(root, root / "bin", root / "dpkg", root / "calls.log")
        system.bin.mkdir()
        system.admindir.mkdir()
        for tool in ("dpkg-query", "env", "true"):
            (system.bin / tool).symlink_to(real(tool))
        system.have([])
        system.apt_get()
        system.tool("sudo", SUDO_ASKS)
        if os.geteuid() == 0:
            for path in (root, *root.rglob("*")):
                os.lchown(path, NOBODY, NOBODY)
        root.chmod(root.stat().st_mode | stat.S_IXOTH | stat.S_IROTH)
        yield system


def real(tool: str) -> str:
    """A tool of this machine, by absolute path (the scripts run with PATH = fakes only)."""
    path = shutil.which(tool)
    assert path, f"these tests need {tool}"
    return path


def as_root() -> list[str]:
    return [] if os.geteuid() == 0 else [real("unshare"), "--map-root-user"]


def as_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    return [real("setpriv"), f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


@functools.cache
def python() -> str:
    """A Python 3 that the unprivileged user can start from a shell, as make does (this venv's
    may sit below a folder only root may enter); the script needs only the standard library."""
    for candidate in (sys.executable, "/usr/bin/python3", shutil.which("python3")):
        if (
            candidate
            and subprocess.run(
                [*as_user(), "/bin/sh", "-c", f"'{candidate}' -c 'import argparse'"],
                capture_output=True,
            ).returncode
            == 0
        ):
            return candidate
    raise AssertionError(f"no Python that user {NOBODY} can run")


def setup(
    fake: FakeSystem, purpose: str, wrap: list[str], *extra: str
) -> subprocess.CompletedProcess:
    # A copy in the fake system's folder: the checkout itself may lie below a folder only
    # root may enter (CI clones into a private temporary folder).
    script = fake.root / SCRIPT.name
    if not script.exists():
        shutil.copy(SCRIPT, script)
        script.chmod(0o644)
    return subprocess.run(
        [*wrap, python(), str(script), purpose, *extra],
        env=fake.env(),
        cwd=fake.root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def missing_of(wanted: tuple[str, ...], absent: list[str]) -> list[str]:
    return [name for name in wanted if name in absent]


@pytest.mark.alone
@pytest.mark.parametrize("wrap", [as_root, as_user], ids=["root", "user"])
def test_nothing_missing_does_nothing_fast(fake: FakeSystem, wrap) -> None:
    fake.have(list(TEST))
    started = time.monotonic()
    result = setup(fake, "test", wrap())
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert fake.calls() == []  # no apt-get, not even a sudo probe
    assert elapsed < 5, f"the no-op check took {elapsed:.1f} s"


def test_run_needs_only_what_the_window_needs(fake: FakeSystem) -> None:
    fake.have(list(RUN))  # no espeak-ng, gcc, xvfb...: the tests' tools
    result = setup(fake, "run", as_user())
    assert result.returncode == 0, result.stderr
    assert fake.calls() == []


def test_missing_packages_are_installed_as_root(fake: FakeSystem) -> None:
    absent = ["libpulse0", "espeak-ng", "desktop-file-utils"]
    fake.have([name for name in TEST if name not in absent])
    result = setup(fake, "test", as_root())
    assert result.returncode == 0, result.stderr
    missing = missing_of(TEST, absent)
    assert result.stderr == f"installing system packages: {' '.join(missing)}\n"
    wait = "-o DPkg::Lock::Timeout=300"
    assert fake.calls() == [
        f"apt-get {wait} update -qq",
        f"apt-get {wait} install -y --no-install-recommends {' '.join(missing)}",
    ]
    assert set(TEST) <= fake.installed()
    # and the next run finds everything: nothing more is asked of apt-get
    again = setup(fake, "test", as_root())
    assert again.returncode == 0 and again.stderr == ""
    assert len(fake.calls()) == 2


def test_missing_packages_are_installed_with_sudo_when_it_needs_no_password(
    fake: FakeSystem,
) -> None:
    fake.tool("sudo", SUDO_WORKS)
    fake.have([name for name in RUN if name != "libxcb-icccm4"])
    result = setup(fake, "run", as_user())
    assert result.returncode == 0, result.stderr
    calls = fake.calls()
    assert calls[0] == "sudo -n true"
    assert calls[1].startswith("sudo -n env DEBIAN_FRONTEND=noninteractive apt-get ")
    assert calls[-1].endswith("install -y --no-install-recommends libxcb-icccm4")
    assert "libxcb-icccm4" in fake.installed()


def test_without_root_or_sudo_it_stops_at_once_with_the_exact_command(
    fake: FakeSystem,
) -> None:
    absent = ["libpulse0", "libxcb-keysyms1", "espeak-ng", "sox"]
    fake.have([name for name in TEST if name not in absent])
    started = time.monotonic()
    result = setup(fake, "test", as_user())
    assert time.monotonic() - started < 5
    assert result.returncode == 1
    missing = " ".join(missing_of(TEST, absent))
    lines = result.stderr.splitlines()
    assert lines == [
        f"`make test` needs system packages that are not installed: {missing}. Install them "
        "with this command, then run `make test` again:",
        f"    sudo apt-get install -y --no-install-recommends {missing}",
    ]
    assert fake.calls() == ["sudo -n true"]  # asked whether sudo works; installed nothing
    assert not set(absent) & fake.installed()


def test_a_failed_install_says_why_and_gives_the_command(fake: FakeSystem) -> None:
    fake.apt_get(fail=True)
    fake.have([name for name in TEST if name != "sox"])
    result = setup(fake, "test", as_root())
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        "could not install the system packages (E: Unable to locate package libnothing0); run:",
        "    sudo apt-get install -y --no-install-recommends sox",
    ]


def test_debians_python_without_ensurepip_needs_its_venv_package(fake: FakeSystem) -> None:
    """Debian's python3 without python3.X-venv makes half a venv (no pip): ask for it first."""
    python = fake.bin / "python3"
    python.write_text("#!/bin/sh\necho False 3 11 /usr\n")  # what the probe prints there
    python.chmod(0o755)
    fake.have(list(RUN))
    venv = fake.root / ".venv"
    result = setup(fake, "run", as_user(), "--python", str(python), "--venv", str(venv))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "    sudo apt-get install -y --no-install-recommends python3.11-venv"
    )
    # a venv that has pip already needs nothing
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "pip").write_text("")
    result = setup(fake, "run", as_user(), "--python", str(python), "--venv", str(venv))
    assert result.returncode == 0, result.stderr


def test_without_dpkg_it_says_what_is_needed_and_goes_on(fake: FakeSystem) -> None:
    (fake.bin / "dpkg-query").unlink()
    result = setup(fake, "run", as_user())
    assert result.returncode == 0
    assert result.stderr.startswith("note: cannot check system packages here (no dpkg-query)")
    assert result.stderr.rstrip().endswith(" ".join(RUN))
    assert fake.calls() == []


def test_make_test_in_a_fresh_checkout_stops_before_the_venv(fake: FakeSystem) -> None:
    """The README's command, as a user without root meets it: one clear stop, nothing built."""
    checkout = fake.root / "checkout"
    (checkout / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", checkout)
    shutil.copy(ROOT / "pyproject.toml", checkout)
    shutil.copy(SCRIPT, checkout / ".ci")
    if os.geteuid() == 0:
        for path in (checkout, *checkout.rglob("*")):
            os.lchown(path, NOBODY, NOBODY)
    fake.have([name for name in TEST if name != "libpulse0"])
    (fake.bin / "make").symlink_to(real("make"))
    for target in ("test", "run", "test-fast"):
        result = subprocess.run(
            [*as_user(), "make", "--no-print-directory", target, f"PYTHON={python()}"],
            env=fake.env(),
            cwd=checkout,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode != 0
        purpose = "run" if target == "run" else "test"
        assert "    sudo apt-get install -y --no-install-recommends libpulse0" in result.stderr, (
            result.stderr
        )
        assert f"then run `make {purpose}` again" in result.stderr
        assert not (checkout / ".venv").exists()
    assert fake.calls() == ["sudo -n true"] * 3


def test_ci_uses_the_same_list() -> None:
    """.ci/run calls the script; the package names live only there."""
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 .ci/system_packages.py test" in ci
    words = set(ci.split()) - {"make"}  # `make test`, the command, not the package
    assert not words & set(TEST), "a package list in .ci/run: keep the one in system_packages.py"
