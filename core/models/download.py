"""Downloading model files: quick offline detection, progress, resume, checksum.

Hub client libraries retry for tens of seconds before admitting there is no network; a
user who is offline deserves the answer at once, so :func:`network_unreachable` first
tries one TCP connection with a short timeout. Files are written to ``<name>.part`` and
renamed when complete, so an interrupted download never looks finished, and the next
attempt resumes with an HTTP Range request.
"""

from __future__ import annotations

import hashlib
import os
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import DISK_FULL_ERRNOS
from ..reasons import Reason, ReasonCode

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class DownloadProgress:
    label: str
    done: int
    total: int | None


ProgressCallback = Callable[[DownloadProgress], None]


class DownloadError(Exception):
    """The download failed; ``str()`` is a short reason, ``why`` the same as a code and its
    values (``core/reasons.py``)."""

    def __init__(self, why: Reason) -> None:
        super().__init__(str(why))
        self.why = why


class DownloadNotFoundError(DownloadError):
    """The server has no such file (HTTP 404)."""


def network_unreachable(url: str, timeout: float = 4.0) -> str | None:
    """Why ``url``'s host cannot be reached right now, or ``None`` when it can."""
    why = unreachable_reason(url, timeout)
    return None if why is None else str(why)


def unreachable_reason(url: str, timeout: float = 4.0) -> Reason | None:
    """:func:`network_unreachable` as a code and its values."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy"):
        return None  # the proxy decides; let the request itself fail if it must
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as exc:
        return Reason.of(ReasonCode.CANNOT_REACH, host=host, detail=exc.strerror or exc)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def remote_sha256(url: str, timeout: float = 15.0) -> str | None:
    """The SHA-256 the Hugging Face hub publishes for a large (LFS) file, if any.

    The hub answers a HEAD request with ``X-Linked-Etag: "<sha256>"`` before redirecting
    to its CDN; small files carry a git hash instead, which is not a content checksum
    we can verify, so they get None.
    """
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "MediaSift"})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(request, timeout=timeout)
        headers = response.headers
    except urllib.error.HTTPError as exc:  # a redirect arrives as an "error" here
        headers = exc.headers
    except (urllib.error.URLError, OSError):
        return None
    tag = (headers.get("X-Linked-Etag") or headers.get("ETag") or "").strip('"').lower()
    if len(tag) == 64 and all(c in "0123456789abcdef" for c in tag):
        return tag
    return None


def download(
    url: str,
    dest: Path,
    *,
    label: str,
    on_progress: ProgressCallback | None = None,
    sha256: str | None = None,
    timeout: float = 30.0,
) -> Path:
    """Fetch ``url`` into ``dest`` (resuming a previous ``.part``), verify, then rename."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"User-Agent": "MediaSift"})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if have and response.status != 206:
                have = 0  # the server ignored the Range request: start again
            length = response.headers.get("Content-Length")
            total = have + int(length) if length else None
            with open(part, "ab" if have else "wb") as out:
                done = have
                while chunk := response.read(CHUNK):
                    out.write(chunk)
                    done += len(chunk)
                    if on_progress is not None:
                        on_progress(DownloadProgress(label, done, total))
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise DownloadNotFoundError(Reason.of(ReasonCode.DOWNLOAD_NOT_FOUND, url=url)) from exc
        raise DownloadError(Reason.of(ReasonCode.DOWNLOAD_HTTP, url=url, status=exc.code)) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DownloadError(failure_reason(url, exc)) from exc
    if sha256 is not None and file_sha256(part) != sha256.lower():
        part.unlink(missing_ok=True)
        raise DownloadError(Reason.of(ReasonCode.DOWNLOAD_DAMAGED, url=url))
    os.replace(part, dest)
    return dest


def failure_reason(url: str, exc: OSError) -> Reason:
    """Why the download of ``url`` stopped: a full disk said as such (its line is the OS
    error's own, ``[Errno 28] No space left on device``), anything else as the library
    words it."""
    detail = getattr(exc, "reason", exc)
    if (
        not isinstance(exc, urllib.error.URLError)
        and exc.errno in DISK_FULL_ERRNOS
        and str(exc) == f"[Errno {exc.errno}] {exc.strerror}"
    ):
        return Reason.of(
            ReasonCode.DOWNLOAD_DISK_FULL, url=url, errno=exc.errno, detail=exc.strerror
        )
    return Reason.of(ReasonCode.DOWNLOAD_FAILED, url=url, detail=detail)


def file_sha256(path: Path) -> str:
    """The file's SHA-256, read in chunks (model files are hundreds of MB)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()
