"""Model downloads: resume after interruption, verify checksums, fail fast offline."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from mediasift.core.models.download import DownloadError, download, network_unreachable

PAYLOAD = bytes(range(256)) * 4096  # 1 MiB


class _RangeHandler(BaseHTTPRequestHandler):
    ranges_seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        start = 0
        header = self.headers.get("Range")
        if header:
            type(self).ranges_seen.append(header)
            start = int(header.removeprefix("bytes=").split("-")[0])
            self.send_response(206)
        else:
            self.send_response(200)
        body = PAYLOAD[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _RangeHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/weights.bin"
    httpd.shutdown()


def test_download_resumes_a_partial_file_and_verifies(server: str, tmp_path: Path) -> None:
    dest = tmp_path / "models" / "weights.bin"
    dest.parent.mkdir()
    (dest.parent / "weights.bin.part").write_bytes(PAYLOAD[:300_000])
    seen = []
    download(
        server, dest, label="w", on_progress=seen.append, sha256=hashlib.sha256(PAYLOAD).hexdigest()
    )
    assert dest.read_bytes() == PAYLOAD
    assert _RangeHandler.ranges_seen[-1] == "bytes=300000-"
    assert seen[-1].done == seen[-1].total == len(PAYLOAD)
    assert not (dest.parent / "weights.bin.part").exists()


def test_damaged_download_is_discarded(server: str, tmp_path: Path) -> None:
    dest = tmp_path / "weights.bin"
    with pytest.raises(DownloadError, match="checksum mismatch"):
        download(server, dest, label="w", sha256="0" * 64)
    assert not dest.exists() and not (tmp_path / "weights.bin.part").exists()


def test_unreachable_host_is_detected_at_once() -> None:
    started = time.monotonic()
    reason = network_unreachable("https://models.example.invalid/weights.bin")
    assert reason is not None and "models.example.invalid" in reason
    assert time.monotonic() - started < 10
