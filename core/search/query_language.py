"""A description in a language the search model does not understand: say so in one line.

An English-only CLIP given 海边的狗 returns photos all the same, ranked by noise, and
nothing tells the user why (open_clip's published figures for the default ViT-B-32: 2% of
Chinese captions find their photo, 64% of English ones). So the query's writing system is
read from its characters (:func:`query_script`) and checked against what the search
model understands (:mod:`..models.text_languages`); when it does not, a
:class:`LanguageNote` names the model that would and how to get it. Words still match
(transcripts, text in pictures, names go through the full-text index whatever the model),
and the note says so.

Scripts, not languages: a character's script is a fact (Unicode's Script property, read
with ``regex``, already a dependency), while identifying a language from two or three
words is a guess. py3langid, the small well-kept identifier on PyPI, calls "birthday
cake" Somali, "sunset" German and "cat" Romanian; a warning on those would be wrong. So a
Latin-script query (French, Spanish...) gets no note, and a query mixing English words
with Chinese characters is Chinese.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from ..errors import MediaSiftError
from ..models.catalog import CATALOG, CatalogEntry, ModelFamily
from ..models.clip_source import ClipSource
from ..models.text_languages import clip_languages, languages_label, understands

if TYPE_CHECKING:
    from ..library import Library
    from .query import Query


@dataclass(frozen=True)
class Script:
    code: str
    """ISO 15924 (``Hani``, ``Cyrl``...)."""
    name: str
    """How a note names what was typed: ``Chinese``, ``Cyrillic script``."""
    languages: tuple[str, ...]
    """ISO 639 codes of the languages written in it: a model knowing any of them reads it."""


JAPANESE = Script("Jpan", "Japanese", ("ja",))
SCRIPTS: tuple[tuple[Script, str], ...] = (
    (Script("Hani", "Chinese", ("zh",)), r"\p{Script=Han}"),
    (JAPANESE, r"[\p{Script=Hiragana}\p{Script=Katakana}]"),
    (Script("Hang", "Korean", ("ko",)), r"\p{Script=Hangul}"),
    (
        Script("Cyrl", "Cyrillic script", ("ru", "uk", "bg", "sr", "be", "kk", "mk")),
        r"\p{Cyrillic}",
    ),
    (Script("Arab", "Arabic script", ("ar", "fa", "ur", "ps")), r"\p{Arabic}"),
    (Script("Hebr", "Hebrew", ("he", "yi")), r"\p{Hebrew}"),
    (Script("Grek", "Greek", ("el",)), r"\p{Greek}"),
    (Script("Thai", "Thai", ("th",)), r"\p{Thai}"),
    (Script("Deva", "Devanagari script", ("hi", "mr", "ne")), r"\p{Devanagari}"),
    (Script("Beng", "Bengali script", ("bn", "as")), r"\p{Bengali}"),
    (Script("Taml", "Tamil", ("ta",)), r"\p{Tamil}"),
    (Script("Telu", "Telugu", ("te",)), r"\p{Telugu}"),
    (Script("Geor", "Georgian", ("ka",)), r"\p{Georgian}"),
    (Script("Armn", "Armenian", ("hy",)), r"\p{Armenian}"),
    (Script("Ethi", "Ethiopic script", ("am", "ti")), r"\p{Ethiopic}"),
    (Script("Khmr", "Khmer", ("km",)), r"\p{Khmer}"),
)
_PATTERNS = tuple((script, regex.compile(pattern)) for script, pattern in SCRIPTS)


def query_script(text: str) -> Script | None:
    """The writing system of ``text`` other than the Latin alphabet, or None.

    Latin letters, digits, punctuation and emoji do not count, so ``dog 海边`` is Chinese.
    Kana make Han characters Japanese (Japanese writes both); otherwise the script with the
    most characters wins.
    """
    counts = {script: len(pattern.findall(text)) for script, pattern in _PATTERNS}
    if counts[JAPANESE]:
        return JAPANESE
    script, count = max(counts.items(), key=lambda item: item[1])
    return script if count else None


@dataclass(frozen=True)
class LanguageNote:
    """What the window shows as a banner and the CLI prints on stderr."""

    language: str
    """``Chinese``: what was typed (a :attr:`Script.name`)."""
    search_model: str
    """The label of the model that searched (``ViT-B-32 (laion2b_s34b_b79k)``)."""
    understood: str
    """What that model understands (``English only``)."""
    fix: str | None
    """The catalog model that would understand it (``arch:tag``), or None if none does."""
    fix_present: bool
    """Its weights are in the data dir: using it is the next step, not downloading it."""
    fix_active: bool
    """It is the chosen model already, still embedding the library."""
    line: str


def language_note(
    texts: Iterable[str],
    searching: ClipSource,
    active: ClipSource,
    present: Callable[[CatalogEntry], bool],
) -> LanguageNote | None:
    """The note for descriptions ``texts`` searched with ``searching`` (while the chosen
    model is ``active``), or None when the model understands them or nobody knows."""
    script = next(filter(None, (query_script(text) for text in texts if text)), None)
    if script is None:
        return None
    known = clip_languages(searching)
    if understands(known, script.languages) is not False:
        return None
    fix = next(
        (
            entry
            for entry in CATALOG
            if entry.family == ModelFamily.CLIP and understands(entry.languages, script.languages)
        ),
        None,
    )
    fix_active = fix is not None and active.model_id == fix.name
    fix_present = fix is not None and (fix_active or present(fix))
    known_label = languages_label(known)
    words = "words in transcripts, pictures and names are still found"
    if fix is None:
        line = (
            f"descriptions in {script.name} are not understood by the search model "
            f"{searching.label} ({known_label}) nor by any model MediaSift offers yet; {words}"
        )
    else:
        use = f"mediasift index --clip-model {fix.arch} --clip-weights {fix.tag}"
        if fix_active:
            step = f"{fix.name} takes over once it has embedded the whole library: mediasift index"
        elif fix_present:
            step = f"{fix.name} is downloaded, index with it: {use}"
        else:
            step = f"mediasift models download {fix.name}, then {use}"
        line = (
            f"descriptions in {script.name} need a multilingual model (the search model "
            f"{searching.label} understands {known_label}): {step}; {words}"
        )
    return LanguageNote(
        language=script.name,
        search_model=searching.label,
        understood=languages_label(known),
        fix=fix.name if fix else None,
        fix_present=fix_present,
        fix_active=fix_active,
        line=line,
    )


def note_for_query(library: Library, query: Query) -> LanguageNote | None:
    """The note for ``query`` on ``library`` (the CLI's ``search`` and the engine share it).
    Never fails a search: a model that cannot be resolved gets no note (search says why)."""
    texts = [text for text in (query.text, *query.negatives) if text]
    if not any(query_script(text) for text in texts):
        return None  # the common case costs one scan of the characters
    try:
        searching, active = library.search_source(), library.clip_source
        manager = library.model_manager()
    except MediaSiftError:
        return None
    return language_note(texts, searching, active, lambda e: manager.state(e).present)
