"""The filter row read at a glance: kind chips, date presets (clicked, typed, painted)."""

from __future__ import annotations

from datetime import datetime

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


def _pick(qtbot, combo, text: str) -> None:
    """Choose ``text`` in ``combo`` with the keyboard, as a person does (Up/Down)."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, f"{text!r} is not offered"
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(combo.count()):
        if combo.currentIndex() == target:
            return
        qtbot.keyClick(combo, key)
    raise AssertionError(f"could not reach {text!r}")


def _type_date(qtbot, field, text: str) -> None:
    """Select the field's text and type over it, then leave the field (Tab)."""
    field.line.setFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.line, text)
    qtbot.keyClick(field.line, Qt.Key.Key_Tab)


def test_date_presets_years_and_a_typed_custom_range(qtbot) -> None:
    bar = _bar(qtbot)
    dates = bar.dates
    this_year = datetime.now().year
    bar.set_years([this_year, this_year - 3, this_year - 9])
    offered = [dates.preset.itemText(i) for i in range(dates.preset.count())]
    assert [t for t in offered if t] == [
        "Any time",
        "This year",
        "Last year",
        str(this_year - 3),
        str(this_year - 9),
        "Custom range…",
    ]
    assert bar.apply(Query(text="x")).after is None
    assert not dates.date_from.isEnabled() and not dates.date_to.isEnabled()

    _pick(qtbot, dates.preset, "This year")
    query = bar.apply(Query(text="x"))
    assert (query.after, query.before) == (
        datetime(this_year, 1, 1).timestamp(),
        datetime(this_year + 1, 1, 1).timestamp(),
    )
    # The unused fields show the preset's range, and cannot be edited.
    assert dates.date_from.date().toString("yyyy-MM-dd") == f"{this_year}-01-01"
    assert dates.date_to.date().toString("yyyy-MM-dd") == f"{this_year}-12-31"
    assert not dates.date_from.isEnabled()

    _pick(qtbot, dates.preset, str(this_year - 9))
    assert bar.apply(Query(text="x")).after == datetime(this_year - 9, 1, 1).timestamp()

    _pick(qtbot, dates.preset, "Custom range…")
    assert dates.date_from.isEnabled() and dates.date_to.isEnabled()
    _type_date(qtbot, dates.date_from, "2023-05-01")
    _type_date(qtbot, dates.date_to, "2023-06-30")
    query = bar.apply(Query(text="x"))
    assert (query.after, query.before) == (
        datetime(2023, 5, 1).timestamp(),
        datetime(2023, 7, 1).timestamp(),  # the end day is included
    )
    # Typed the wrong way round, the range is still the days between them.
    _type_date(qtbot, dates.date_from, "2023-08-01")
    query = bar.apply(Query(text="x"))
    assert (query.after, query.before) == (
        datetime(2023, 6, 30).timestamp(),
        datetime(2023, 8, 2).timestamp(),
    )

    # Not a date: the last good one stays, and is shown again on leaving the field.
    _type_date(qtbot, dates.date_to, "2023-13-45")
    assert dates.date_to.line.text() == "2023-06-30"
    assert bar.apply(Query(text="x")).before == query.before

    _pick(qtbot, dates.preset, "Any time")
    assert not dates.date_from.isEnabled()
    assert bar.apply(Query(text="x")).before is None
