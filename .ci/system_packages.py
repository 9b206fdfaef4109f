#!/usr/bin/env python3
"""The system packages MediaSift needs, checked and installed before `make run` / `make test`.

pip installs every Python dependency, but PySide6's Qt links against system libraries
(libpulse, EGL, the xcb helpers) and the tests call system tools (espeak-ng, sox, gcc,
desktop-file-validate, appstreamcli). On a fresh Debian machine without them the first
`import` fails with "libpulse.so.0: cannot open shared object file", far from the cause.
So the README's two commands run this first:

- every package present: nothing happens (one dpkg-query, well under a second);
- something missing and we are root, or `sudo -n` works: apt-get installs it;
- otherwise: stop at once with the exact one-line command to run;
- no dpkg-query (not Debian/Ubuntu): print what is needed, by its Debian name, and go on.

This is the only copy of the list: `.ci/run` calls this script too. It runs under the
system python3 before the venv exists, so it uses the standard library only.
`MEDIASIFT_DPKG_ADMINDIR` points dpkg-query at another dpkg database (for its tests).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

# What the window needs: PySide6's Qt for the offscreen and xcb (X11, Xvfb) platforms and
# QtMultimedia, found with readelf -d / ldd on the wheel's libraries + dpkg -S; a font.
RUN = (
    "libegl1",
    "libgl1",
    "libglib2.0-0",
    "libdbus-1-3",
    "libfontconfig1",
    "libfreetype6",
    "libpulse0",
    "libx11-6",
    "libx11-xcb1",
    "libxext6",
    "libxrandr2",
    "libxrender1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xkb1",
    "fonts-dejavu-core",
)

# What the tests need besides: make (the README's commands, installed by .ci/run before
# calling make), spoken test sentences (espeak-ng) and audio edits (sox), CJK text rendered
# by the desktop tests, gcc + binutils for the bundle build (packaging/cuda_stubs.py compiles
# stubs, PyInstaller runs objdump, elf_strip.py runs strip + readelf), a virtual X server,
# and the validators of tests/packaging/test_install_entry.py.
TEST = (
    *RUN,
    "make",
    "espeak-ng",
    "sox",
    "fonts-noto-cjk",
    "gcc",
    "binutils",
    "xvfb",
    "desktop-file-utils",
    "appstream",
)

NEEDS = {"run": RUN, "test": TEST}


def installed(packages: list[str], admindir: str | None = None) -> set[str]:
    """The packages among ``packages`` that dpkg knows as installed (in ``admindir``, else in
    $MEDIASIFT_DPKG_ADMINDIR, else in the system's dpkg database)."""
    command = ["dpkg-query", "-W", "-f=${Package}\\t${db:Status-Abbrev}\\n", *packages]
    admindir = admindir or os.environ.get("MEDIASIFT_DPKG_ADMINDIR")
    if admindir:
        command.insert(1, f"--admindir={admindir}")
    # Exit status 1 only means some package is unknown to dpkg, i.e. not installed.
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    found = set()
    for line in result.stdout.splitlines():
        name, _, status = line.partition("\t")
        if status[1:2] == "i":  # "ii", "hi": installed (a held package too)
            found.add(name.split(":")[0])
    return found


def venv_package(python: str | None, venv: Path) -> list[str]:
    """Debian's python3.X-venv, when the venv is still to be made and Debian's own Python
    (prefix /usr) cannot make one: without ensurepip, `python3 -m venv` fails half-way and
    leaves a venv without pip behind, which every later step trips over."""
    if not python or (venv / "bin" / "pip").exists():
        return []
    probe = (
        "import importlib.util, sys; "
        "print(importlib.util.find_spec('ensurepip') is not None, *sys.version_info[:2], "
        "sys.base_prefix)"
    )
    try:
        result = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False)
    except OSError:
        return []  # no such Python: the Makefile says so in its own words
    found = result.stdout.split()
    if len(found) == 4 and found[0] == "False" and found[3] == "/usr":
        return [f"python{found[1]}.{found[2]}-venv"]
    return []


def apt_install(packages: list[str]) -> list[str]:
    """The apt-get command that installs ``packages`` (the one printed for the user too)."""
    return ["apt-get", "install", "-y", "--no-install-recommends", *packages]


def can_sudo() -> bool:
    """sudo without a password prompt (CI runners, some containers)."""
    if not shutil.which("sudo"):
        return False
    probe = subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False)
    return probe.returncode == 0


def install(packages: list[str], as_root: list[str]) -> str | None:
    """apt-get update, then install, as root (``as_root`` prefixes the command, e.g. with
    sudo); returns the reason it failed, or None."""
    wait = ["-o", "DPkg::Lock::Timeout=300"]  # another apt run holds the lock: wait for it
    install_command = apt_install(packages)
    for step in (
        ["apt-get", *wait, "update", "-qq"],
        [install_command[0], *wait, *install_command[1:]],
    ):
        result = subprocess.run(
            [*as_root, "env", "DEBIAN_FRONTEND=noninteractive", *step],
            stdout=sys.stderr,  # apt-get says what it does; its errors are kept for the reason
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            return lines[-1] if lines else f"apt-get exited with {result.returncode}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("purpose", choices=sorted(NEEDS), help="what the packages are for")
    parser.add_argument("--python", help="the Python that will make the venv")
    parser.add_argument("--venv", type=Path, default=Path(".venv"))
    args = parser.parse_args(argv)
    wanted = list(NEEDS[args.purpose])
    again = f"`make {args.purpose}`"

    if not shutil.which("dpkg-query"):
        print(
            f"note: cannot check system packages here (no dpkg-query); {again} needs the "
            f"equivalents of these Debian packages: {' '.join(wanted)}",
            file=sys.stderr,
        )
        return 0

    have = installed(wanted)
    missing = [name for name in wanted if name not in have]
    missing += [name for name in venv_package(args.python, args.venv) if name not in missing]
    if not missing:
        return 0

    command = "sudo " + " ".join(apt_install(missing))
    if os.geteuid() == 0:
        as_root: list[str] | None = []
    elif can_sudo():
        as_root = ["sudo", "-n"]
    else:
        as_root = None
    if as_root is None or not shutil.which("apt-get"):
        print(
            f"{again} needs system packages that are not installed: {' '.join(missing)}. "
            f"Install them with this command, then run {again} again:\n    {command}",
            file=sys.stderr,
        )
        return 1

    print(f"installing system packages: {' '.join(missing)}", file=sys.stderr)
    failure = install(missing, as_root)
    if failure is None:  # apt-get said yes: believe dpkg, not apt-get
        still = sorted(set(missing) - installed(missing))
        failure = f"still not installed: {' '.join(still)}" if still else None
    if failure:
        print(
            f"could not install the system packages ({failure}); run:\n    {command}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
