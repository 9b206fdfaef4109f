"""A stand-in for the Hugging Face hub serving the tiny multilingual model, as a catalog model.

The catalog's ``xlm-roberta-base-ViT-B-32`` names its text tower by a hub name
(``xlm-roberta-base``) in open_clip's config and its weights by a hub repository; no test
can reach the hub. Here the tiny multilingual model (:mod:`tests.multilingual_model`) is
registered as the architecture :data:`ARCH`, whose config names its text tower by the hub
name :data:`TEXT_REPO`, with a pretrained tag :data:`TAG` on the hub repository
:data:`WEIGHTS_REPO`; :func:`serve` plays the hub on a local port (files, 404s, and the
``X-Linked-Etag`` SHA-256 header the hub sends for a file). :func:`use_hub` points this
process at it (a test's monkeypatch, or plain assignment in a CLI subprocess:
:data:`CLI_RUNNER`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.multilingual_model import build_tiny_multilingual_clip

ARCH = "mediasift-tiny-xlmr-hub"
TAG = "published"
NAME = f"{ARCH}:{TAG}"
TEXT_REPO = "tests-hub/tiny-xlmr"
WEIGHTS_REPO = "tests-hub/tiny-xlmr-clip"


@dataclass(frozen=True)
class HubModel:
    config: Path
    """The open_clip config of :data:`ARCH` (its text tower named by :data:`TEXT_REPO`)."""
    files: dict[str, Path]
    """URL path -> the file the hub serves there."""


@dataclass
class Hub:
    url: str
    files: dict[str, Path]
    requests: list[str] = field(default_factory=list)


def hub_model(folder: Path) -> HubModel:
    """Build the tiny multilingual model in ``folder`` and lay it out as the hub has it."""
    built = build_tiny_multilingual_clip(folder)
    config = json.loads(built.config.read_text())
    config["text_cfg"]["hf_model_name"] = TEXT_REPO  # a hub name, as open_clip's own config
    config["text_cfg"]["hf_tokenizer_name"] = TEXT_REPO
    registry = folder / "hub-config"
    registry.mkdir(exist_ok=True)
    (registry / f"{ARCH}.json").write_text(json.dumps(config))
    files = {f"/{WEIGHTS_REPO}/resolve/main/open_clip_pytorch_model.bin": built.weights}
    for path in sorted((folder / "text").iterdir()):
        if path.is_file():
            files[f"/{TEXT_REPO}/resolve/main/{path.name}"] = path
    return HubModel(registry / f"{ARCH}.json", files)


@contextlib.contextmanager
def serve(files: dict[str, Path]) -> Iterator[Hub]:
    """The hub on a local port, in a thread, for as long as the context lasts."""
    hub = Hub("", files)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(hub))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    hub.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield hub
    finally:
        httpd.shutdown()
        httpd.server_close()


def _handler(hub: Hub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _file(self) -> Path | None:
            hub.requests.append(f"{self.command} {self.path}")
            return hub.files.get(self.path)

        def do_HEAD(self) -> None:
            path = self._file()
            if path is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("X-Linked-Etag", f'"{hashlib.sha256(path.read_bytes()).hexdigest()}"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            path = self._file()
            if path is None:
                self.send_error(404)
                return
            body = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def use_hub(config: Path, hub_url: str, setattr_: Callable[[Any, str, Any], None]) -> Any:
    """Register :data:`ARCH` and its tag, add it to the catalog and send downloads to
    ``hub_url``; ``setattr_`` is a monkeypatch's (undone after a test) or ``setattr``.
    Returns the catalog entry."""
    import open_clip

    from mediasift.core.models import catalog, manager, text_tower
    from mediasift.core.models.catalog import CatalogEntry, ModelFamily

    open_clip.add_model_config(config)
    pretrained = {**open_clip.pretrained._PRETRAINED, ARCH: {TAG: {"hf_hub": f"{WEIGHTS_REPO}/"}}}
    setattr_(open_clip.pretrained, "_PRETRAINED", pretrained)
    setattr_(text_tower, "HUB_URL", hub_url)
    entry = CatalogEntry(ModelFamily.CLIP, NAME, "tests", 1, "", "")
    setattr_(catalog, "CATALOG", (*catalog.CATALOG, entry))
    setattr_(manager, "CATALOG", catalog.CATALOG)
    return entry


CLI_RUNNER = """
import os, sys
from pathlib import Path
from tests.multilingual_hub import use_hub
config, url = os.environ["MEDIASIFT_TEST_HUB_CONFIG"], os.environ["MEDIASIFT_TEST_HUB_URL"]
use_hub(Path(config), url, setattr)
from mediasift.core.cli.main import main
sys.exit(main(sys.argv[1:]))
"""
"""``python -c CLI_RUNNER ARGS…``: the real CLI, with :func:`use_hub` applied first."""
