"""The filter row read at a glance: kind chips, date presets (clicked, typed, painted)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette

from mediasift.core.kinds import MediaKind
from mediasift.core.search.query import Query
from mediasift.desktop.ui import theme
from mediasift.desktop.ui.filter_bar import FilterBar
from mediasift.desktop.ui.kind_chips import RING, Chip

PALETTES = {"light": theme.light_palette, "dark": theme.dark_palette}


def _bar(qtbot) -> FilterBar:
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.activateWindow()
    qtbot.waitUntil(bar.isActiveWindow)
    return bar


def _click(qtbot, chip: Chip) -> None:
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton, pos=chip.rect().center())


def _checked(bar: FilterBar) -> list[str]:
    chips = [bar.kind_chips.all, *bar.kinds.values()]
    return [chip.text() for chip in chips if chip.isChecked()]


def test_kind_chips_narrow_combine_and_reset(qtbot) -> None:
    bar = _bar(qtbot)
    assert [bar.kind_chips.all.text(), *(c.text() for c in bar.kinds.values())] == [
        "All",
        "Photos",
        "Videos",
        "Recordings",
    ]
    assert _checked(bar) == ["All"] and bar.apply(Query(text="x")).kinds is None

    with qtbot.waitSignal(bar.changed):
        _click(qtbot, bar.kinds[MediaKind.PHOTO])
    assert _checked(bar) == ["Photos"]
    assert bar.apply(Query(text="x")).kinds == {MediaKind.PHOTO}
    _click(qtbot, bar.kinds[MediaKind.AUDIO])  # a second kind combines with the first
    assert _checked(bar) == ["Photos", "Recordings"]
    assert bar.apply(Query(text="x")).kinds == {MediaKind.PHOTO, MediaKind.AUDIO}
    _click(qtbot, bar.kinds[MediaKind.VIDEO])  # every kind chosen: that is All
    assert _checked(bar) == ["All"] and bar.apply(Query(text="x")).kinds is None

    _click(qtbot, bar.kinds[MediaKind.VIDEO])
    _click(qtbot, bar.kinds[MediaKind.VIDEO])  # the last kind unchosen: All, never nothing
    assert _checked(bar) == ["All"]
    _click(qtbot, bar.kinds[MediaKind.VIDEO])
    _click(qtbot, bar.kind_chips.all)  # All resets, and stays checked when clicked again
    assert _checked(bar) == ["All"]
    _click(qtbot, bar.kind_chips.all)
    assert _checked(bar) == ["All"]

    # The keyboard reaches each chip and Space toggles it.
    bar.kind_chips.all.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(bar.kind_chips.all, Qt.Key.Key_Tab)
    assert bar.kinds[MediaKind.PHOTO].hasFocus()
    qtbot.keyClick(bar.kinds[MediaKind.PHOTO], Qt.Key.Key_Space)
    assert _checked(bar) == ["Photos"]


def _pixel(chip: Chip, x: int) -> QColor:
    image = chip.grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(QPoint(int(x * ratio), int(chip.height() / 2 * ratio)))


def test_a_checked_chip_stands_out_in_light_and_dark_palettes(qtbot) -> None:
    bar = _bar(qtbot)
    photos, videos = bar.kinds[MediaKind.PHOTO], bar.kinds[MediaKind.VIDEO]
    _click(qtbot, photos)
    for name, make in PALETTES.items():
        bar.setPalette(make())
        window = bar.palette().color(QPalette.ColorRole.Window)
        # Painted, the inside of a checked chip differs clearly from an unchecked one's
        # and from the window around it.
        on, off = _pixel(photos, RING + 6), _pixel(videos, RING + 6)
        assert theme.contrast(on, off) >= 2.5, name
        assert theme.contrast(on, window) >= 2.5, name
        for chip in (photos, videos):
            fill, _outline, text = chip.colors()
            assert theme.contrast(text, fill) >= theme.MIN_TEXT_CONTRAST, (name, chip.text())
        # The state is not told by colour alone: the checked chip carries a check mark
        # and keeps its width (its neighbours do not move).
        width = photos.width()
        _click(qtbot, photos)
        assert photos.width() == width
        _click(qtbot, photos)


def test_the_focused_chip_shows_a_ring(qtbot) -> None:
    bar = _bar(qtbot)
    chip = bar.kinds[MediaKind.VIDEO]
    bar.setPalette(theme.dark_palette())
    window = bar.palette().color(QPalette.ColorRole.Window)
    assert theme.contrast(_pixel(chip, 1), window) < 1.2  # no ring without focus
    chip.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(chip.hasFocus)
    ring = _pixel(chip, 1)
    assert theme.contrast(ring, window) >= 2.0
