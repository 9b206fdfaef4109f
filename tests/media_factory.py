"""Test media made on the spot, for the tests and the benchmarks alike (half of the kit;
model_files.py is the other half): spoken sentences, videos with known scenes, broken files.

Speech comes from espeak-ng (installed by .ci/run); videos and encoded audio from PyAV,
so every test knows exactly what is said and shown, and when. The real photos and
recordings some media are made from are named in paths.py.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import wave
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import av
import numpy as np
from PIL import Image

from mediasift.core.media.audio import AudioReader
from tests.paths import PHOTOS

RATE = 16_000


def speech(text: str, *, tmp: Path, voice: str = "en") -> np.ndarray:
    """``text`` spoken by espeak-ng in ``voice`` (``cmn``: Mandarin), as 16 kHz mono float32."""
    raw = tmp / f"espeak-{voice}-{abs(hash(text))}.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", "150", "-w", str(raw), text],
        check=True,
        capture_output=True,
    )
    return decode(raw)


def decode(path: Path) -> np.ndarray:
    """Any recording or soundtrack as 16 kHz mono float32, by core's own reader (what
    Whisper is given)."""
    with AudioReader(path) as reader:
        return reader.read_all()


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def timeline(*pieces: tuple[float, np.ndarray], total_s: float) -> np.ndarray:
    """Place pieces of audio at given seconds on a silent track of ``total_s``."""
    track = silence(total_s)
    for start, samples in pieces:
        at = int(start * RATE)
        track[at : at + len(samples)] = samples[: len(track) - at]
    return track


def write_wav(path: Path, samples: np.ndarray) -> Path:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    return path


def encode_audio(path: Path, samples: np.ndarray, codec: str) -> Path:
    """Write ``samples`` with an audio codec (mp3 -> libmp3lame, aac in .m4a/.mp4...)."""
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=RATE if codec != "libopus" else 48_000)
        stream.layout = "mono"
        mux_audio(out, stream, samples)
    return path


def mux_audio(
    out: av.container.OutputContainer, stream: av.stream.Stream, samples: np.ndarray
) -> None:
    """Encode 16 kHz mono ``samples`` into ``stream`` (resampled to what its codec takes)."""
    resampler = av.AudioResampler(
        format=stream.codec_context.format.name, layout="mono", rate=stream.codec_context.rate
    )
    step = 1024
    for start in range(0, len(samples), step):
        frame = av.AudioFrame.from_ndarray(
            samples[start : start + step].reshape(1, -1), format="flt", layout="mono"
        )
        frame.sample_rate = RATE
        for converted in resampler.resample(frame):
            for packet in stream.encode(converted):
                out.mux(packet)
    for converted in resampler.resample(None):
        for packet in stream.encode(converted):
            out.mux(packet)
    for packet in stream.encode(None):
        out.mux(packet)


def make_video(
    path: Path,
    scenes: Sequence[tuple[Image.Image, float]],
    *,
    audio: np.ndarray | None = None,
    fps: int = 10,
    size: tuple[int, int] = (320, 240),
    codec: str = "libx264",
) -> Path:
    """A video showing each still image for its seconds, with an optional soundtrack."""
    stills = [np.asarray(image.convert("RGB").resize(size)) for image, _ in scenes]
    frames = (
        still
        for still, (_, seconds) in zip(stills, scenes, strict=True)
        for _ in range(round(seconds * fps))
    )
    return write_video(path, frames, fps=fps, size=size, codec=codec, audio=audio)


def write_video(
    path: Path,
    frames: Iterable[np.ndarray],
    *,
    fps: int,
    size: tuple[int, int],
    codec: str = "libx264",
    options: dict[str, str] | None = None,
    audio: np.ndarray | None = None,
) -> Path:
    """A video of ``frames`` (RGB uint8 arrays of ``size``, one per 1/``fps`` s), encoded
    with ``codec`` and its ``options``, and ``audio`` (16 kHz mono) as AAC beside them."""
    with av.open(str(path), "w") as out:
        video = out.add_stream(codec, rate=fps)
        video.width, video.height = size
        video.pix_fmt = "yuvj420p" if codec == "mjpeg" else "yuv420p"
        if options:
            video.options = options
        sound = out.add_stream("aac", rate=RATE) if audio is not None else None
        if sound is not None:
            sound.layout = "mono"
        for index, pixels in enumerate(frames):
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts = index
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        if sound is not None and audio is not None:
            mux_audio(out, sound, audio)
    return path


def unknown_codec_wav(path: Path, seconds: float = 2.0) -> Path:
    """A WAV whose format tag names no codec FFmpeg knows."""
    data = bytes(int(seconds * RATE * 2))
    fmt = struct.pack("<HHIIHH", 0xABCD, 1, RATE, RATE * 2, 2, 16)
    path.write_bytes(
        b"RIFF"
        + struct.pack("<I", 36 + len(data))
        + b"WAVE"
        + b"fmt "
        + struct.pack("<I", 16)
        + fmt
        + b"data"
        + struct.pack("<I", len(data))
        + data
    )
    return path


def unknown_codec_avi(path: Path, source: Image.Image) -> Path:
    """An AVI (MJPEG inside) whose codec tags are overwritten with an unknown FourCC."""
    make_video(path, [(source, 2.0)], codec="mjpeg", size=(160, 120))
    data = path.read_bytes().replace(b"MJPG", b"ZZZZ").replace(b"mjpg", b"zzzz")
    path.write_bytes(data)
    return path


def png_bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header promises ``width`` x ``height`` pixels (a decompression
    bomb: opening it is cheap, decoding it would take gigabytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def copy_photos(folder: Path) -> Path:
    """A library folder holding writable copies of the real test photos (the checkout's may
    be read-only)."""
    shutil.copytree(PHOTOS, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder
