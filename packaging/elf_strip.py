"""Strip the symbol tables of the bundle's big Linux libraries, safely.

Some wheels ship libraries with large symbol tables or debug sections: torch's
``libtorch_cpu.so`` carries 90 MB of them, CTranslate2's ``_ext`` module 66 MB of its
68 MB. Loading needs only the dynamic symbols, which ``strip --strip-unneeded`` keeps.
PyInstaller's own ``strip=True`` strips every library, and that breaks some of those that
auditwheel rewrote with patchelf (NumPy's OpenBLAS then fails with "ELF load command
address/offset not page-aligned"). So this strips only the libraries where it saves at
least :data:`MIN_SAVING` bytes, checks that every loadable segment of the result is still
aligned as the loader requires, and keeps the original when it is not.

Needs binutils (``strip``, ``readelf``) on the Linux build machine.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

MIN_SAVING = 4_000_000
_SECTION = re.compile(r"^\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)")
_LOAD = re.compile(
    r"^\s*LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x[0-9a-f]+"
    r"\s+.*0x([0-9a-f]+)\s*$"
)


def _is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"\x7fELF"
    except OSError:
        return False


def strippable_bytes(path: Path) -> int:
    """Bytes of symbol tables and debug sections in ``path``."""
    out = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True).stdout
    total = 0
    for line in out.splitlines():
        match = _SECTION.match(line)
        if match and (match[1] in (".symtab", ".strtab") or match[1].startswith(".debug")):
            total += int(match[2], 16)
    return total


def segments_aligned(path: Path) -> bool:
    """Whether each PT_LOAD segment's file offset and address agree modulo its alignment
    (and the page size), which the dynamic loader requires."""
    out = subprocess.run(["readelf", "-l", "-W", str(path)], capture_output=True, text=True).stdout
    loads = [_LOAD.match(line) for line in out.splitlines() if line.strip().startswith("LOAD")]
    if not loads or not all(loads):
        return False
    for match in loads:
        offset, address, align = (int(match[i], 16) for i in (1, 2, 3))
        for modulus in {max(align, 1), 4096}:
            if offset % modulus != address % modulus:
                return False
    return True


def strip_large(binaries: list, workdir: Path) -> tuple[list, str]:
    """``binaries`` (a PyInstaller TOC) with its big libraries replaced by stripped copies."""
    workdir.mkdir(parents=True, exist_ok=True)
    result, lines, saved = [], [], 0
    strip = shutil.which("strip") or "strip"
    for entry in binaries:
        dest, source, kind = entry
        path = Path(source)
        if kind == "SYMLINK" or not _is_elf(path) or strippable_bytes(path) < MIN_SAVING:
            result.append(entry)
            continue
        target = workdir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([strip, "--strip-unneeded", "-o", str(target), str(path)], check=True)
        if not segments_aligned(target):
            lines.append(f"  kept  {dest}: stripping would misalign its segments")
            result.append(entry)
            continue
        gain = path.stat().st_size - target.stat().st_size
        saved += gain
        lines.append(f"  strip {dest}: -{gain / 1e6:.0f} MB")
        result.append((dest, str(target), kind))
    report = "\n".join([f"elf_strip: {saved / 1e6:.0f} MB of symbol tables removed", *lines])
    return result, report
