"""The desktop entry and the AppStream metadata carry the app's Chinese name and summary.

A Chinese desktop shows ``Name[zh_CN]`` in its menu and software centres show the
``xml:lang="zh-CN"`` name and summary; an entry left in English, or copied from the
English one, would pass a validator, so the text itself is checked: present, not the
English value, and written in Chinese characters. (The validators run on both files in
test_install_entry.py.)
"""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

import regex

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
APP_ID = "io.mediasift.MediaSift"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HAN = regex.compile(r"\p{Script=Han}")


def _chinese(text: str | None, english: str | None) -> None:
    assert text, "missing"
    assert text != english, f"{text!r} is the English text"
    assert HAN.search(text), f"{text!r} has no Chinese characters"


def test_desktop_entry_has_chinese_name_comment_and_keywords() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive, [zh_CN] included
    parser.read(RESOURCES / f"{APP_ID}.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        _chinese(entry.get(f"{key}[zh_CN]"), entry.get(key))
    keywords = entry["Keywords[zh_CN]"]
    assert keywords.endswith(";")
    assert {"照片", "视频", "录音"} <= set(keywords.split(";"))


def test_metainfo_has_chinese_name_and_summary() -> None:
    root = ET.parse(RESOURCES / f"{APP_ID}.metainfo.xml").getroot()
    for tag in ("name", "summary"):
        english = [e.text for e in root.findall(tag) if e.get(XML_LANG) is None]
        chinese = [e.text for e in root.findall(tag) if e.get(XML_LANG) == "zh-CN"]
        assert len(english) == 1 and len(chinese) == 1, (tag, english, chinese)
        _chinese(chinese[0], english[0])
    keywords = [k.text for k in root.iter("keyword") if k.get(XML_LANG) == "zh-CN"]
    assert "照片" in keywords
