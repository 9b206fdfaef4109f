"""The text of ``--json`` output: always valid JSON, and file names that stay exact.

* A number that is not finite (NaN, infinity) has no JSON form; ``json.dumps`` would write
  ``NaN``, which parsers reject. Such a value becomes ``null`` (the input checks of
  :meth:`Query.validate` keep scores finite; this is the last guard).
* A file name that is not valid UTF-8 reaches us as a string with lone surrogates
  (``os.fsdecode``). They are written as ``\\udcXX`` escapes, which Python's ``json``
  reads back to the same string, so ``os.fsencode(item["path"])`` is the real name; items
  also carry ``path_bytes_b64`` for such names (see :func:`mediasift.core.paths.json_path`).
"""

from __future__ import annotations

import json
import math
import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def finite(value: object) -> object:
    """``value`` with every non-finite float replaced by None (dicts and lists walked)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value


def json_text(value: object) -> str:
    """Indented JSON, readable (non-ASCII kept as is), valid, and encodable as UTF-8."""
    text = json.dumps(finite(value), ensure_ascii=False, allow_nan=False, indent=2)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
