"""Content fingerprints: how a moved, renamed or copied file is recognised.

Files up to :data:`WHOLE_LIMIT` are hashed whole (photos are read whole for decoding
anyway, so this costs no extra I/O); larger ones (videos, long recordings) are hashed from
their size plus three 1 MiB samples, head, middle and tail, so that recognising a moved
2 GB film does not mean reading 2 GB. The two functions agree on every input.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

WHOLE_LIMIT = 8 * 1024 * 1024
SAMPLE = 1024 * 1024


def _new_hash(size: int) -> hashlib.blake2b:
    h = hashlib.blake2b(digest_size=16)
    h.update(size.to_bytes(8, "little"))
    return h


def fingerprint_bytes(data: bytes) -> str:
    """Fingerprint of content already in memory."""
    size = len(data)
    h = _new_hash(size)
    if size <= WHOLE_LIMIT:
        h.update(data)
    else:
        middle = (size - SAMPLE) // 2
        h.update(data[:SAMPLE])
        h.update(data[middle : middle + SAMPLE])
        h.update(data[-SAMPLE:])
    return h.hexdigest()


def fingerprint_file(path: Path) -> str:
    """Fingerprint of a file on disk, reading at most 3 MiB of a large one."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size <= WHOLE_LIMIT:
            return fingerprint_bytes(f.read())
        h = _new_hash(size)
        for offset in (0, (size - SAMPLE) // 2, size - SAMPLE):
            f.seek(offset)
            h.update(f.read(SAMPLE))
        return h.hexdigest()
