"""MediaSift: find your own photos, video moments and recordings by describing them.

The installed package ``mediasift`` is assembled from the repository's fixed folders by the
build backend's package-dir mapping (see pyproject.toml): ``mediasift.core`` is ``core/``
(the engine, no Qt) and ``mediasift.desktop`` is ``desktop/`` (the PySide6 app). This file
and ``__main__.py`` live in ``core/_package/`` because the fixed layout has no folder of
its own for the top-level package.
"""

__version__ = "0.1.0"

import os as _os

# ONNX Runtime (queries, and faster-whisper's voice filter) starts Microsoft's telemetry on
# import and writes a device id under ~/.cache/Microsoft; MediaSift makes no connection and
# writes nothing outside its data dir. Every entry point imports this package first.
_os.environ["ORT_DISABLE_TELEMETRY"] = "1"
