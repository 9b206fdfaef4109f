"""A Ctrl+C that a library's failing clean-up turned into another exception still stops
the command: OmegaConf, interrupted while rapidocr imports, raised AttributeError from a
``finally`` block, the text reader reported "rapidocr cannot be imported" and ``watch``
went on running (seen as an intermittent CI failure: watch did not stop on Ctrl+C)."""

from __future__ import annotations

import sys
import types

import pytest

from mediasift.core.cli.signals import Terminated
from mediasift.core.errors import interrupt_behind
from mediasift.core.models import ocr_engine


def _clean_up_failing_under(interrupt: KeyboardInterrupt) -> None:
    """What OmegaConf's flag_override did: its ``finally`` fails while ``interrupt``
    unwinds through it."""
    try:
        raise interrupt
    finally:
        None._invalidate_flags_cache()  # type: ignore[attr-defined]


def test_the_interrupt_behind_a_failed_clean_up_is_found() -> None:
    with pytest.raises(AttributeError) as caught:
        _clean_up_failing_under(Terminated())
    assert isinstance(interrupt_behind(caught.value), Terminated)
    wrapped = RuntimeError("wrapped")
    wrapped.__cause__ = caught.value
    assert isinstance(interrupt_behind(wrapped), Terminated)


def test_an_ordinary_failure_hides_no_interrupt() -> None:
    first, second = ValueError("a"), OSError("b")
    first.__context__, second.__context__ = second, first  # a cycle ends the walk
    assert interrupt_behind(first) is None


def test_ctrl_c_while_rapidocr_imports_stops_instead_of_reading_as_a_broken_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    models = ocr_engine.model_dir()  # the wheel's files, found before rapidocr is replaced
    monkeypatch.setattr(ocr_engine, "model_dir", lambda: models)
    # a rapidocr whose import is interrupted where OmegaConf's clean-up then fails
    (tmp_path / "main.py").write_text(
        "try:\n    raise KeyboardInterrupt\nfinally:\n    None._invalidate_flags_cache()\n"
    )
    interrupted = types.ModuleType("rapidocr")
    interrupted.__path__ = [str(tmp_path)]
    monkeypatch.setitem(sys.modules, "rapidocr", interrupted)
    monkeypatch.delitem(sys.modules, "rapidocr.main", raising=False)
    with pytest.raises(KeyboardInterrupt):
        ocr_engine.load_models(threads=1)
