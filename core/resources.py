"""Where MediaSift's shipped files are: the repository's ``resources/`` folder.

It holds what the desktop menu needs (the .desktop file, the metainfo, the icons), the
window's translations and the engine's own model files (the int8 text recogniser), found
without ``importlib.resources`` in all three layouts:

* a source checkout (and the editable install): ``<repo>/resources``;
* an installed wheel: ``site-packages/mediasift/resources`` (package data, see
  pyproject.toml);
* the PyInstaller bundle: ``<bundle>/_internal/mediasift/resources`` (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path

APP_ID = "io.mediasift.MediaSift"
MARKER = f"{APP_ID}.desktop"
"""A file every layout ships: the folder holding it is the resources folder."""


def resources_dir() -> Path:
    """The folder of MediaSift's shipped files."""
    here = Path(__file__).resolve().parent  # core/ or .../mediasift/core
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "mediasift" / "resources")
    candidates += [
        here.parent / "resources",  # checkout: <repo>/resources; wheel: mediasift/resources
        here.parent.parent / "resources",
    ]
    for folder in candidates:
        if (folder / MARKER).is_file():
            return folder
    raise FileNotFoundError(
        f"MediaSift's resources ({MARKER}) are not in any of: "
        + ", ".join(str(c) for c in candidates)
    )
