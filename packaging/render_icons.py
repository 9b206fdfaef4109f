"""Render the app icon's PNG sizes (and the Windows .ico / macOS .icns) from its SVG.

    .venv/bin/python packaging/render_icons.py

Renders ``resources/io.mediasift.MediaSift.svg`` with PySide6's QtSvg into
``resources/icons/<N>x<N>/io.mediasift.MediaSift.png`` for each size of :data:`SIZES`,
then packs those exact renders into ``resources/icons/mediasift.ico`` (Windows) and
``resources/icons/mediasift.icns`` (macOS) with Pillow, the icons PyInstaller puts on the
executables. The outputs are committed; run this again after editing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
APP_ID = "io.mediasift.MediaSift"
SVG = RESOURCES / f"{APP_ID}.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 32, 48, 64, 128, 256)  # 256 is the largest an .ico holds
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def png_path(size: int, resources: Path = RESOURCES) -> Path:
    return resources / "icons" / f"{size}x{size}" / f"{APP_ID}.png"


def render(svg: Path = SVG, resources: Path = RESOURCES) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = png_path(size, resources)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"cannot write {target}")
        written.append(target)
    return written


def pack(resources: Path = RESOURCES) -> list[Path]:
    """The .ico and .icns, made of the exact renders (not one image scaled by Pillow)."""
    from PIL import Image

    icons = resources / "icons"
    ico = [Image.open(png_path(size, resources)) for size in ICO_SIZES]
    ico[-1].save(icons / "mediasift.ico", sizes=[i.size for i in ico], append_images=ico[:-1])
    icns = [Image.open(png_path(size, resources)) for size in ICNS_SIZES]
    icns[-1].save(icons / "mediasift.icns", append_images=icns[:-1])
    return [icons / "mediasift.ico", icons / "mediasift.icns"]


def main() -> int:
    for path in render() + pack():
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
