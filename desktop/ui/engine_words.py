"""The engine's words from its fixed tables, in the app's language.

Some English reaches the window from ``core``'s tables, not from free text: the model
catalog's descriptions (``core/models/catalog.py``), the names of writing systems a
description can be typed in (``core/search/query_language.py``) and what a model's text
side understands (``core/models/text_languages.py``). Each is translated by its exact
English text, listed here for ``pyside6-lupdate``; a text core changes or adds falls back
to its English until it is listed and translated (``tests/desktop/test_translation.py``
checks that every one of core's texts is).

What the engine reports (a file's or folder's failure reason, a note, a model refused or
not here) arrives with a code and its values (``core/reasons.py``): its English template
is translated here and filled with the values (:func:`reason_text`); a code not listed,
or a reason stored before codes, shows its English line. Other free text stays English:
nothing stable identifies it (``tests/desktop/test_engine_reasons.py`` checks that every
code is listed and translated).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from mediasift.core.models.catalog import CatalogEntry
from mediasift.core.models.text_languages import languages_label
from mediasift.core.reasons import TEMPLATES, Reason

CONTEXT = "EngineWords"
REASONS_CONTEXT = "EngineReasons"

CATALOG_TEXTS = (
    QT_TRANSLATE_NOOP("EngineWords", "fast, the default"),
    QT_TRANSLATE_NOOP(
        "EngineWords",
        "35 ms per photo, ~19 photos/s indexing 12 MP JPEGs; 35 ms per typed query",
    ),
    QT_TRANSLATE_NOOP("EngineWords", "ImageNet zero-shot 66.6%, MSCOCO text-to-image 47.8%"),
    QT_TRANSLATE_NOOP("EngineWords", "more accurate, 4x slower to index"),
    QT_TRANSLATE_NOOP(
        "EngineWords", "138 ms per photo (~6 photos/s indexing); 36 ms per typed query"
    ),
    QT_TRANSLATE_NOOP("EngineWords", "ImageNet zero-shot 70.2%, MSCOCO text-to-image 50.9%"),
    QT_TRANSLATE_NOOP("EngineWords", "multilingual queries (Chinese and 100 other languages)"),
    QT_TRANSLATE_NOOP(
        "EngineWords",
        "35 ms per photo (the ViT-B-32 image tower); queries use a larger text tower",
    ),
    QT_TRANSLATE_NOOP(
        "EngineWords", "ImageNet zero-shot 62.4%, MSCOCO text-to-image 45.7% (English)"
    ),
    QT_TRANSLATE_NOOP("EngineWords", "fast, multilingual, the default"),
    QT_TRANSLATE_NOOP("EngineWords", "18-27x real time on 2 cores (tiny.en, same architecture)"),
    QT_TRANSLATE_NOOP("EngineWords", "good on clear speech; misses names and noisy rooms"),
    QT_TRANSLATE_NOOP("EngineWords", "more accurate, multilingual"),
    QT_TRANSLATE_NOOP(
        "EngineWords",
        "about half tiny's speed (roughly 9-13x real time; estimated, not measurable here)",
    ),
    QT_TRANSLATE_NOOP("EngineWords", "noticeably fewer errors than tiny"),
    QT_TRANSLATE_NOOP("EngineWords", "accurate, slow on a laptop"),
    QT_TRANSLATE_NOOP("EngineWords", "about a sixth of tiny's speed (estimated)"),
    QT_TRANSLATE_NOOP("EngineWords", "good on accents and noise"),
    QT_TRANSLATE_NOOP("EngineWords", "English only, fastest"),
    QT_TRANSLATE_NOOP("EngineWords", "18-27x real time on 2 cores (measured)"),
    QT_TRANSLATE_NOOP("EngineWords", "slightly better than tiny on English"),
)
"""The catalog's role, speed and quality of each model."""

SCRIPT_NAMES = (
    QT_TRANSLATE_NOOP("EngineWords", "Chinese"),
    QT_TRANSLATE_NOOP("EngineWords", "Japanese"),
    QT_TRANSLATE_NOOP("EngineWords", "Korean"),
    QT_TRANSLATE_NOOP("EngineWords", "Cyrillic script"),
    QT_TRANSLATE_NOOP("EngineWords", "Arabic script"),
    QT_TRANSLATE_NOOP("EngineWords", "Hebrew"),
    QT_TRANSLATE_NOOP("EngineWords", "Greek"),
    QT_TRANSLATE_NOOP("EngineWords", "Thai"),
    QT_TRANSLATE_NOOP("EngineWords", "Devanagari script"),
    QT_TRANSLATE_NOOP("EngineWords", "Bengali script"),
    QT_TRANSLATE_NOOP("EngineWords", "Tamil"),
    QT_TRANSLATE_NOOP("EngineWords", "Telugu"),
    QT_TRANSLATE_NOOP("EngineWords", "Georgian"),
    QT_TRANSLATE_NOOP("EngineWords", "Armenian"),
    QT_TRANSLATE_NOOP("EngineWords", "Ethiopic script"),
    QT_TRANSLATE_NOOP("EngineWords", "Khmer"),
)
"""What a description was typed in (a language note's ``language``)."""

LANGUAGE_LABELS = (
    QT_TRANSLATE_NOOP("EngineWords", "not known"),
    QT_TRANSLATE_NOOP("EngineWords", "Chinese, English and ~100 more languages"),
    QT_TRANSLATE_NOOP("EngineWords", "English only"),
    QT_TRANSLATE_NOOP("EngineWords", "Chinese only"),
    QT_TRANSLATE_NOOP("EngineWords", "Japanese only"),
    QT_TRANSLATE_NOOP("EngineWords", "Korean only"),
)
"""What a model understands (a language note's ``understood``, the Models page)."""


REASON_TEMPLATES = (
    QT_TRANSLATE_NOOP("EngineReasons", "file disappeared before it could be read"),
    QT_TRANSLATE_NOOP("EngineReasons", "permission denied"),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot read: {detail}"),
    QT_TRANSLATE_NOOP("EngineReasons", "empty file"),
    QT_TRANSLATE_NOOP("EngineReasons", "not a photo, video or recording (content is {format})"),
    QT_TRANSLATE_NOOP("EngineReasons", "internal error: {detail}"),
    QT_TRANSLATE_NOOP("EngineReasons", "failed"),
    QT_TRANSLATE_NOOP("EngineReasons", "image has no pixels"),
    QT_TRANSLATE_NOOP("EngineReasons", "image too large to decode safely ({detail})"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "image too large to decode safely ({width}x{height}, {megapixels} megapixels)",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons", "HEIC/AVIF photo: install the optional pillow-heif plugin to index it"
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "corrupt image: the {format} data cannot be decoded"),
    QT_TRANSLATE_NOOP("EngineReasons", "not a decodable image (content is {format})"),
    QT_TRANSLATE_NOOP("EngineReasons", "truncated image (the file ends early)"),
    QT_TRANSLATE_NOOP("EngineReasons", "corrupt image: {detail}"),
    QT_TRANSLATE_NOOP("EngineReasons", "corrupt or truncated {what} (FFmpeg cannot parse it)"),
    QT_TRANSLATE_NOOP("EngineReasons", "truncated {what} (it ends early)"),
    QT_TRANSLATE_NOOP("EngineReasons", "unsupported codec in this {what}"),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot decode this {what}: {detail}"),
    QT_TRANSLATE_NOOP("EngineReasons", "unsupported video codec (FFmpeg has no decoder for it)"),
    QT_TRANSLATE_NOOP("EngineReasons", "unsupported audio codec (FFmpeg has no decoder for it)"),
    QT_TRANSLATE_NOOP("EngineReasons", "no decodable video frames"),
    QT_TRANSLATE_NOOP("EngineReasons", "no audio track"),
    QT_TRANSLATE_NOOP("EngineReasons", "no speech found"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "audio ends early (truncated or damaged after {at} s); transcribed what is there",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "audio ends early (truncated or damaged after {at} s of {duration} s); "
        "transcribed what is there",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "no text-tower folder {folder}"),
    QT_TRANSLATE_NOOP("EngineReasons", "{file} is missing"),
    QT_TRANSLATE_NOOP("EngineReasons", "{files} are missing"),
    QT_TRANSLATE_NOOP("EngineReasons", "{file} is not valid JSON ({detail})"),
    QT_TRANSLATE_NOOP("EngineReasons", "{file} is not a tokenizer ({detail})"),
    QT_TRANSLATE_NOOP("EngineReasons", "symlink loop"),
    QT_TRANSLATE_NOOP("EngineReasons", "symlink loop (links back to a folder above it)"),
    QT_TRANSLATE_NOOP("EngineReasons", "broken symlink (its target is missing)"),
    QT_TRANSLATE_NOOP("EngineReasons", "not a regular file (device, pipe or socket)"),
    QT_TRANSLATE_NOOP("EngineReasons", "folder skipped: {cause}"),
    QT_TRANSLATE_NOOP("EngineReasons", "its folder cannot be listed"),
    QT_TRANSLATE_NOOP("EngineReasons", "{cause}; its files are kept"),
    QT_TRANSLATE_NOOP("EngineReasons", "folder not found (an unplugged drive?)"),
    QT_TRANSLATE_NOOP("EngineReasons", "its link points to a folder that is not there"),
    QT_TRANSLATE_NOOP("EngineReasons", "no longer a folder"),
    QT_TRANSLATE_NOOP("EngineReasons", "the drive mounted here is not mounted"),
    QT_TRANSLATE_NOOP("EngineReasons", "looks empty where it held files (an unmounted drive?)"),
    QT_TRANSLATE_NOOP("EngineReasons", "another drive is mounted here"),
    QT_TRANSLATE_NOOP("EngineReasons", "no files found where it held files (an unmounted drive?)"),
    QT_TRANSLATE_NOOP("EngineReasons", "{path} cannot be used as {what}: {detail}"),
    QT_TRANSLATE_NOOP("EngineReasons", "{path} cannot be used as {what}: {cause}"),
    QT_TRANSLATE_NOOP("EngineReasons", "{folder} is not a complete {name}: {cause}"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "the speech model {model} is English only; recordings set to '{language}' need a "
        "multilingual one (tiny, base, small)",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "'{language}' is not a language Whisper knows; use a code such as zh, en, ja, de, "
        "or auto to detect it per file",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "to import it, copy the files of {page} ({files}, vocabulary.*) into a folder and run "
        "mediasift models import FOLDER --as {name} (or pass --whisper-model /path/to/folder)",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "{model} is not on this machine (looked in {folder}) and downloads are off; {cause}",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "{model} is not on this machine (looked in {folder}) and cannot be downloaded: "
        "{detail}; {cause}",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "to import it, download {url} on a machine with internet, then run mediasift models "
        "import FILE --as {name} (or pass --clip-weights /path/to/file)",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "CLIP weights {model} are not on this machine (looked for {target}) and downloads are "
        "off; {cause}",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "CLIP weights {model} are not on this machine (looked for {target}) and cannot be "
        "downloaded: {detail}; {cause}",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "the disk holding {where} is full; what was done so far is kept: free some space, "
        "then run the same command again to resume",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "cannot write in the data dir {where} ({detail}): indexing needs to write there; "
        "search, similar, status and show still work, or choose another --data-dir",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "folder {path} does not exist"),
    QT_TRANSLATE_NOOP("EngineReasons", "{path} is not a folder"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "the data dir {data_dir} is inside {path}; MediaSift never writes into library "
        "folders, so choose another --data-dir",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "{path} is inside the data dir; add your media folders"),
    QT_TRANSLATE_NOOP("EngineReasons", "data dir {path} exists but is not a folder"),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot create the data dir {path}: {detail}"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "another MediaSift (process {pid}) is already indexing the library in {path}; "
        "search and status work meanwhile, or use another --data-dir",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "this library was made by an older MediaSift (schema {found}, now {latest}): run  "
        "mediasift index  once to update it",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "this library was written by a newer MediaSift (schema {found}, this version knows "
        "up to {latest}); upgrade MediaSift or use another --data-dir",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "the library database {path} is damaged ({detail}): run  mediasift repair  to set it "
        "aside and rebuild the index from your folders (downloaded models and thumbnails are "
        "kept)",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot reach {host} ({detail})"),
    QT_TRANSLATE_NOOP("EngineReasons", "{url} does not exist (HTTP 404)"),
    QT_TRANSLATE_NOOP("EngineReasons", "download of {url} failed: HTTP {status}"),
    QT_TRANSLATE_NOOP("EngineReasons", "download of {url} failed: {detail}"),
    QT_TRANSLATE_NOOP("EngineReasons", "download of {url} failed: [Errno {errno}] {detail}"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "download of {url} is damaged (checksum mismatch); try again",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "{cause}; {how_to}"),
    QT_TRANSLATE_NOOP("EngineReasons", "the text tower of {model} from {hub} is unusable: {cause}"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "copy the model from a machine with internet: mediasift models export {name} FILE "
        "there, then mediasift models import FILE --as {name} here",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "the text tower of {model} is not on this machine ({cause}) and downloads are off; "
        "{how_to}",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "the text tower of {model} is not on this machine ({cause}) and cannot be "
        "downloaded: {detail}; {how_to}",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot load CLIP weights {weights} into {arch}: {detail}"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "unknown CLIP model '{arch}': use one of open_clip's architectures (for example "
        "ViT-B-32) or the path of a model-config JSON",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "'{tag}' is not a pretrained tag of CLIP model {arch} (known tags: {known}); or "
        "pass a weights file with --clip-weights",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "CLIP weights for {model} are missing"),
    QT_TRANSLATE_NOOP("EngineReasons", "CLIP model config {path} does not exist"),
    QT_TRANSLATE_NOOP("EngineReasons", "CLIP model config {path} is not valid JSON: {detail}"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "CLIP model config {path} is not an open_clip model config (it needs embed_dim, "
        "vision_cfg and text_cfg)",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "CLIP model config {path} needs weights: pass --clip-weights FILE (or set "
        "MEDIASIFT_CLIP_WEIGHTS)",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "CLIP weights file {path} for {arch} does not exist; pass the path of a downloaded "
        "open_clip checkpoint with --clip-weights",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "'{weights}' is not a weights file; a custom model config needs --clip-weights FILE",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "CLIP model {arch} has no known pretrained weights; pass --clip-weights FILE",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "{folder} is not a faster-whisper (CTranslate2) model folder: no model.bin",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "unknown Whisper model '{name}': use a size ({sizes}) or the path of a CTranslate2 "
        "model folder",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot load {model} from {folder}: {detail}"),
    QT_TRANSLATE_NOOP("EngineReasons", "{model}: {folder} lacks model files"),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot write {path}: {detail}"),
    QT_TRANSLATE_NOOP("EngineReasons", "{path} is not a MediaSift model archive"),
    QT_TRANSLATE_NOOP("EngineReasons", "{path} has no valid manifest"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "{path} is damaged: its files do not match its manifest (missing {missing}, extra {extra})",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "{path} is damaged or not a model archive ({detail})"),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot unpack {path}: {detail}"),
    QT_TRANSLATE_NOOP("EngineReasons", "{path} holds {held}, not {name}; import it --as {held}"),
    QT_TRANSLATE_NOOP("EngineReasons", "{path} is damaged: {file} is missing"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "{path} is damaged: {file} does not match the SHA-256 in its manifest",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "{manifest} is damaged ({detail})"),
    QT_TRANSLATE_NOOP("EngineReasons", "{manifest} is not the manifest of {name}"),
    QT_TRANSLATE_NOOP("EngineReasons", "{path} is not a CLIP checkpoint file ({suffixes})"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "{path} is not a CLIP checkpoint file ({suffixes}) nor a folder holding one",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot install {name} into {path}: {detail}"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "expected {file} of {size} with SHA-256 {checksum}, got {got}",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "expected {file} of {size} with SHA-256 {checksum}, got the same size with SHA-256 "
        "{found} (damaged or another file)",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "{name} is a Whisper model: copy its folder {path} and import that instead",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "{name} is not installed ({path}); run mediasift models download {name} first",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "{name} is not complete ({cause}); run mediasift models download {name} first",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "{path} is a folder; give a file name"),
    QT_TRANSLATE_NOOP("EngineReasons", "{name} is not installed ({path})"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "unknown model '{name}'; choose one of: {known}",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "give a description to search for, or an example image"),
    QT_TRANSLATE_NOOP("EngineReasons", "--limit must be between 1 and {most}"),
    QT_TRANSLATE_NOOP("EngineReasons", "--after must be earlier than --before"),
    QT_TRANSLATE_NOOP("EngineReasons", "{option} must be a number from 0 to {most}, not {weight}"),
    QT_TRANSLATE_NOOP("EngineReasons", "--min-score must be a number, not {value}"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "{option} expects a date like 2024-05-01 or 2024-05-01T18:30, not {value}",
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "the query weights cancel out; give a positive weight"),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot read the example image {path}: {detail}"),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot use {path} as an example: {cause}"),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot use the example image as an example: {cause}"),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot read it: {detail}"),
    QT_TRANSLATE_NOOP("EngineReasons", "the file is empty"),
    QT_TRANSLATE_NOOP("EngineReasons", "it is not a complete safetensors file ({detail})"),
    QT_TRANSLATE_NOOP(
        "EngineReasons", "it holds Python objects besides tensors, which MediaSift does not load"
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons", "it is damaged or truncated (its PyTorch zip archive is incomplete)"
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "it is damaged or truncated (the file ends too early)"),
    QT_TRANSLATE_NOOP("EngineReasons", "it is not a PyTorch or safetensors checkpoint"),
    QT_TRANSLATE_NOOP("EngineReasons", "it holds a {type}, not a model's weights (a state dict)"),
    QT_TRANSLATE_NOOP("EngineReasons", "it holds no tensors, so no model weights"),
    QT_TRANSLATE_NOOP("EngineReasons", "it lacks {count} of {arch}'s tensors ({keys})"),
    QT_TRANSLATE_NOOP("EngineReasons", "it has {count} tensors {arch} does not have ({keys})"),
    QT_TRANSLATE_NOOP("EngineReasons", "its {key} is {have}, {arch} needs {need}"),
    QT_TRANSLATE_NOOP("EngineReasons", "it does not fit {arch}: its tensors differ"),
    QT_TRANSLATE_NOOP("EngineReasons", "it does not fit {arch}: {detail}"),
    QT_TRANSLATE_NOOP("EngineReasons", "it has no {tower} text tower, which {arch} has"),
    QT_TRANSLATE_NOOP(
        "EngineReasons", "it does not hold CLIP weights (its first tensors: {sample}), not {arch}'s"
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons", "this file holds a {holds} checkpoint ({found}), not {arch} ({wanted})"
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons", "this file holds a different CLIP model ({found}), not {arch} ({wanted})"
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "cannot read {file}: {detail}"),
    QT_TRANSLATE_NOOP(
        "EngineReasons", "it is not a folder (import the model's folder, not a file in it)"
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "it lacks {files}"),
    QT_TRANSLATE_NOOP("EngineReasons", "its {file} is not a JSON document (damaged or truncated?)"),
    QT_TRANSLATE_NOOP("EngineReasons", "its model.bin {cause}"),
    QT_TRANSLATE_NOOP(
        "EngineReasons",
        "its vocabulary has {words} entries but model.bin has {vocabulary} (files of two "
        "different models?)",
    ),
    QT_TRANSLATE_NOOP(
        "EngineReasons", "this folder holds {holds} ({found}), not {name} ({wanted})"
    ),
    QT_TRANSLATE_NOOP("EngineReasons", "is not a CTranslate2 model file"),
    QT_TRANSLATE_NOOP("EngineReasons", "holds a CTranslate2 {spec} model, not Whisper"),
    QT_TRANSLATE_NOOP("EngineReasons", "is truncated (its tensors end past the file's end)"),
    QT_TRANSLATE_NOOP("EngineReasons", "is damaged or truncated (its tensor headers are cut)"),
    QT_TRANSLATE_NOOP("EngineReasons", "lacks the tensors of a Whisper model"),
)
"""Each reason code's English template (``core/reasons.py``'s ``TEMPLATES``)."""

WHAT_WORDS = (
    QT_TRANSLATE_NOOP("EngineReasons", "file"),
    QT_TRANSLATE_NOOP("EngineReasons", "audio"),
    QT_TRANSLATE_NOOP("EngineReasons", "video"),
)
"""The values of ``{what}`` (``core/reasons.py``'s ``WHAT_WORDS``)."""


def reason_text(why: Reason | None, english: str) -> str:
    """What the engine reported, in the app's language: the code's template translated
    and filled with its values (a wrapped reason translated too); ``english`` when there
    is no code, or one this version does not know."""
    template = TEMPLATES.get(why.code) if why is not None else None
    if why is None or template is None:
        return english
    values = why.values
    if why.cause is not None:  # a reason that wraps another: that one in words too
        values["cause"] = reason_text(why.cause, str(why.cause))
    for name, part in why.parts:  # and each other one it wraps
        values[name] = reason_text(part, str(part))
    if values.get("what") in WHAT_WORDS:
        values["what"] = QCoreApplication.translate(REASONS_CONTEXT, values["what"])
    try:
        return QCoreApplication.translate(REASONS_CONTEXT, template).format(**values)
    except (KeyError, IndexError, ValueError):  # a translation naming a value not given
        return english


def engine_text(text: str) -> str:
    """One of core's fixed texts above, translated; any other text as it is."""
    return QCoreApplication.translate(CONTEXT, text)


def languages_text(entry: CatalogEntry) -> str:
    """The languages ``entry``'s text side understands (descriptions for a search model,
    speech for Whisper), in words."""
    return engine_text(languages_label(entry.languages))
