"""What the engine reports (why a file or folder failed, a note, why a model cannot be used)
as a stable code with its values, beside its English line.

The CLI prints a reason's English line; the desktop app shows the same news in the
window's language. Matching the English text would break with every rewording, so each
reason is made from a :class:`ReasonCode` and named values (``detail``, ``format``...):
``str(reason)`` renders the English line from :data:`TEMPLATES`, and the app renders its
own translated template of the code with the same values (``desktop/ui/engine_words.py``).
A code the app does not know, or a reason stored before codes existed, shows its English.

Values are kept as text: a file format's name, an OS or decoder message (itself English:
it comes from the system or a library), a number already formatted. A reason that wraps
another ("folder skipped: permission denied") holds it as its ``cause`` (``{cause}``); one
that wraps more (a failed download, then how to import the model by hand) holds the others
as named ``parts``: a value given to :meth:`Reason.of` as a Reason is one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum


class ReasonCode(StrEnum):
    """What went wrong (or is worth telling), whatever the words."""

    DISAPPEARED = "disappeared"
    PERMISSION = "permission"
    CANNOT_READ = "cannot_read"
    EMPTY = "empty"
    NOT_MEDIA = "not_media"
    INTERNAL = "internal"
    FAILED = "failed"
    NO_PIXELS = "no_pixels"
    TOO_LARGE = "too_large"
    TOO_LARGE_SIZE = "too_large_size"
    HEIF_PLUGIN = "heif_plugin"
    UNDECODABLE_PHOTO = "undecodable_photo"
    NOT_IMAGE = "not_image"
    TRUNCATED_IMAGE = "truncated_image"
    CORRUPT_IMAGE = "corrupt_image"
    CORRUPT_MEDIA = "corrupt_media"
    TRUNCATED_MEDIA = "truncated_media"
    UNSUPPORTED_CODEC = "unsupported_codec"
    CANNOT_DECODE = "cannot_decode"
    NO_VIDEO_DECODER = "no_video_decoder"
    NO_AUDIO_DECODER = "no_audio_decoder"
    NO_FRAMES = "no_frames"
    NO_AUDIO = "no_audio"
    NO_SPEECH = "no_speech"
    AUDIO_ENDS_EARLY = "audio_ends_early"
    AUDIO_ENDS_EARLY_OF = "audio_ends_early_of"
    NO_TEXT_TOWER = "no_text_tower"
    TEXT_FILE_MISSING = "text_file_missing"
    TEXT_FILES_MISSING = "text_files_missing"
    TEXT_FILE_NOT_JSON = "text_file_not_json"
    NOT_A_TOKENIZER = "not_a_tokenizer"
    SYMLINK_LOOP = "symlink_loop"
    SYMLINK_LOOP_UP = "symlink_loop_up"
    BROKEN_LINK = "broken_link"
    NOT_REGULAR = "not_regular"
    FOLDER_SKIPPED = "folder_skipped"
    FOLDER_UNLISTABLE = "folder_unlistable"
    FILES_KEPT = "files_kept"
    FOLDER_NOT_FOUND = "folder_not_found"
    LINK_TARGET_GONE = "link_target_gone"
    NOT_A_FOLDER = "not_a_folder"
    DRIVE_NOT_MOUNTED = "drive_not_mounted"
    LOOKS_EMPTY = "looks_empty"
    OTHER_DRIVE = "other_drive"
    NO_FILES_FOUND = "no_files_found"
    MODEL_REFUSED = "model_refused"
    MODEL_REFUSED_BECAUSE = "model_refused_because"
    MODEL_INCOMPLETE = "model_incomplete"
    SPEECH_ENGLISH_ONLY = "speech_english_only"
    SPEECH_LANGUAGE_UNKNOWN = "speech_language_unknown"
    WHISPER_HOW_TO = "whisper_how_to"
    WHISPER_OFFLINE = "whisper_offline"
    WHISPER_UNREACHABLE = "whisper_unreachable"
    CLIP_HOW_TO = "clip_how_to"
    CLIP_OFFLINE = "clip_offline"
    CLIP_UNREACHABLE = "clip_unreachable"
    DISK_FULL = "disk_full"
    NOT_WRITABLE = "not_writable"
    NO_SUCH_FOLDER = "no_such_folder"
    NOT_A_FOLDER_PATH = "not_a_folder_path"
    DATA_DIR_INSIDE = "data_dir_inside"
    DATA_DIR_NOT_A_FOLDER = "data_dir_not_a_folder"
    DATA_DIR_CANNOT_CREATE = "data_dir_cannot_create"
    WRITER_BUSY = "writer_busy"
    LIBRARY_OUTDATED = "library_outdated"
    LIBRARY_TOO_NEW = "library_too_new"
    LIBRARY_DAMAGED = "library_damaged"
    INSIDE_DATA_DIR = "inside_data_dir"
    CANNOT_REACH = "cannot_reach"
    DOWNLOAD_NOT_FOUND = "download_not_found"
    DOWNLOAD_HTTP = "download_http"
    DOWNLOAD_FAILED = "download_failed"
    DOWNLOAD_DISK_FULL = "download_disk_full"
    DOWNLOAD_DAMAGED = "download_damaged"
    DOWNLOAD_HOW_TO = "download_how_to"
    TEXT_TOWER_UNUSABLE = "text_tower_unusable"
    TEXT_TOWER_HOW_TO = "text_tower_how_to"
    TEXT_TOWER_OFFLINE = "text_tower_offline"
    TEXT_TOWER_UNREACHABLE = "text_tower_unreachable"
    CLIP_LOAD_FAILED = "clip_load_failed"
    CLIP_UNKNOWN_ARCH = "clip_unknown_arch"
    CLIP_UNKNOWN_TAG = "clip_unknown_tag"
    CLIP_WEIGHTS_MISSING = "clip_weights_missing"
    CLIP_CONFIG_MISSING = "clip_config_missing"
    CLIP_CONFIG_NOT_JSON = "clip_config_not_json"
    CLIP_CONFIG_NOT_OPEN_CLIP = "clip_config_not_open_clip"
    CLIP_CONFIG_NEEDS_WEIGHTS = "clip_config_needs_weights"
    CLIP_WEIGHTS_FILE_MISSING = "clip_weights_file_missing"
    CLIP_CONFIG_NEEDS_FILE = "clip_config_needs_file"
    CLIP_NO_PRETRAINED = "clip_no_pretrained"
    WHISPER_NO_MODEL_BIN = "whisper_no_model_bin"
    WHISPER_UNKNOWN = "whisper_unknown"
    WHISPER_LOAD_FAILED = "whisper_load_failed"
    WHISPER_LACKS_FILES = "whisper_lacks_files"
    CANNOT_WRITE_FILE = "cannot_write_file"
    NOT_A_MODEL_ARCHIVE = "not_a_model_archive"
    NO_VALID_MANIFEST = "no_valid_manifest"
    ARCHIVE_MISMATCH = "archive_mismatch"
    ARCHIVE_DAMAGED = "archive_damaged"
    CANNOT_UNPACK = "cannot_unpack"
    ARCHIVE_OTHER_MODEL = "archive_other_model"
    SET_FILE_MISSING = "set_file_missing"
    SET_FILE_CHECKSUM = "set_file_checksum"
    MANIFEST_DAMAGED = "manifest_damaged"
    MANIFEST_OTHER_MODEL = "manifest_other_model"
    NOT_A_CHECKPOINT = "not_a_checkpoint"
    NOT_A_CHECKPOINT_NOR_FOLDER = "not_a_checkpoint_nor_folder"
    CANNOT_INSTALL = "cannot_install"
    KNOWN_FILE_SIZE = "known_file_size"
    WHISPER_CANNOT_READ = "whisper_cannot_read"
    WHISPER_NOT_A_FOLDER = "whisper_not_a_folder"
    WHISPER_LACKS = "whisper_lacks"
    WHISPER_NOT_JSON = "whisper_not_json"
    WHISPER_BIN_DAMAGED = "whisper_bin_damaged"
    WHISPER_VOCABULARY = "whisper_vocabulary"
    WHISPER_OTHER_SIZE = "whisper_other_size"
    BIN_NOT_CTRANSLATE2 = "bin_not_ctranslate2"
    BIN_NOT_WHISPER = "bin_not_whisper"
    BIN_TRUNCATED = "bin_truncated"
    BIN_HEADERS_CUT = "bin_headers_cut"
    BIN_NOT_WHISPER_TENSORS = "bin_not_whisper_tensors"
    CKPT_CANNOT_READ = "ckpt_cannot_read"
    CKPT_EMPTY = "ckpt_empty"
    CKPT_NOT_SAFETENSORS = "ckpt_not_safetensors"
    CKPT_PYTHON_OBJECTS = "ckpt_python_objects"
    CKPT_ZIP_DAMAGED = "ckpt_zip_damaged"
    CKPT_ENDS_EARLY = "ckpt_ends_early"
    CKPT_NOT_CHECKPOINT = "ckpt_not_checkpoint"
    CKPT_NOT_STATE_DICT = "ckpt_not_state_dict"
    CKPT_NO_TENSORS = "ckpt_no_tensors"
    CKPT_LACKS = "ckpt_lacks"
    CKPT_EXTRA = "ckpt_extra"
    CKPT_SHAPE = "ckpt_shape"
    CKPT_TENSORS_DIFFER = "ckpt_tensors_differ"
    CKPT_DOES_NOT_FIT = "ckpt_does_not_fit"
    CKPT_NO_TEXT_TOWER = "ckpt_no_text_tower"
    CKPT_NOT_CLIP = "ckpt_not_clip"
    CKPT_OTHER_ARCH = "ckpt_other_arch"
    CKPT_OTHER_MODEL = "ckpt_other_model"
    KNOWN_FILE_DIGEST = "known_file_digest"
    WHISPER_EXPORT = "whisper_export"
    NOT_INSTALLED_DOWNLOAD = "not_installed_download"
    NOT_COMPLETE_DOWNLOAD = "not_complete_download"
    DEST_IS_FOLDER = "dest_is_folder"
    NOT_INSTALLED = "not_installed"
    UNKNOWN_MODEL = "unknown_model"
    NEED_QUERY = "need_query"
    LIMIT_RANGE = "limit_range"
    AFTER_BEFORE = "after_before"
    WEIGHT_RANGE = "weight_range"
    MIN_SCORE_NAN = "min_score_nan"
    BAD_DATE = "bad_date"
    WEIGHTS_CANCEL = "weights_cancel"
    EXAMPLE_UNREADABLE = "example_unreadable"
    EXAMPLE_UNUSABLE = "example_unusable"
    EXAMPLE_DATA_UNUSABLE = "example_data_unusable"


TEMPLATES: dict[str, str] = {
    ReasonCode.DISAPPEARED: "file disappeared before it could be read",
    ReasonCode.PERMISSION: "permission denied",
    ReasonCode.CANNOT_READ: "cannot read: {detail}",
    ReasonCode.EMPTY: "empty file",
    ReasonCode.NOT_MEDIA: "not a photo, video or recording (content is {format})",
    ReasonCode.INTERNAL: "internal error: {detail}",
    ReasonCode.FAILED: "failed",
    ReasonCode.NO_PIXELS: "image has no pixels",
    ReasonCode.TOO_LARGE: "image too large to decode safely ({detail})",
    ReasonCode.TOO_LARGE_SIZE: (
        "image too large to decode safely ({width}x{height}, {megapixels} megapixels)"
    ),
    ReasonCode.HEIF_PLUGIN: "HEIC/AVIF photo: install the optional pillow-heif plugin to index it",
    ReasonCode.UNDECODABLE_PHOTO: "corrupt image: the {format} data cannot be decoded",
    ReasonCode.NOT_IMAGE: "not a decodable image (content is {format})",
    ReasonCode.TRUNCATED_IMAGE: "truncated image (the file ends early)",
    ReasonCode.CORRUPT_IMAGE: "corrupt image: {detail}",
    ReasonCode.CORRUPT_MEDIA: "corrupt or truncated {what} (FFmpeg cannot parse it)",
    ReasonCode.TRUNCATED_MEDIA: "truncated {what} (it ends early)",
    ReasonCode.UNSUPPORTED_CODEC: "unsupported codec in this {what}",
    ReasonCode.CANNOT_DECODE: "cannot decode this {what}: {detail}",
    ReasonCode.NO_VIDEO_DECODER: "unsupported video codec (FFmpeg has no decoder for it)",
    ReasonCode.NO_AUDIO_DECODER: "unsupported audio codec (FFmpeg has no decoder for it)",
    ReasonCode.NO_FRAMES: "no decodable video frames",
    ReasonCode.NO_AUDIO: "no audio track",
    ReasonCode.NO_SPEECH: "no speech found",
    ReasonCode.AUDIO_ENDS_EARLY: (
        "audio ends early (truncated or damaged after {at} s); transcribed what is there"
    ),
    ReasonCode.AUDIO_ENDS_EARLY_OF: (
        "audio ends early (truncated or damaged after {at} s of {duration} s); "
        "transcribed what is there"
    ),
    ReasonCode.NO_TEXT_TOWER: "no text-tower folder {folder}",
    ReasonCode.TEXT_FILE_MISSING: "{file} is missing",
    ReasonCode.TEXT_FILES_MISSING: "{files} are missing",
    ReasonCode.TEXT_FILE_NOT_JSON: "{file} is not valid JSON ({detail})",
    ReasonCode.NOT_A_TOKENIZER: "{file} is not a tokenizer ({detail})",
    ReasonCode.SYMLINK_LOOP: "symlink loop",
    ReasonCode.SYMLINK_LOOP_UP: "symlink loop (links back to a folder above it)",
    ReasonCode.BROKEN_LINK: "broken symlink (its target is missing)",
    ReasonCode.NOT_REGULAR: "not a regular file (device, pipe or socket)",
    ReasonCode.FOLDER_SKIPPED: "folder skipped: {cause}",
    ReasonCode.FOLDER_UNLISTABLE: "its folder cannot be listed",
    ReasonCode.FILES_KEPT: "{cause}; its files are kept",
    ReasonCode.FOLDER_NOT_FOUND: "folder not found (an unplugged drive?)",
    ReasonCode.LINK_TARGET_GONE: "its link points to a folder that is not there",
    ReasonCode.NOT_A_FOLDER: "no longer a folder",
    ReasonCode.DRIVE_NOT_MOUNTED: "the drive mounted here is not mounted",
    ReasonCode.LOOKS_EMPTY: "looks empty where it held files (an unmounted drive?)",
    ReasonCode.OTHER_DRIVE: "another drive is mounted here",
    ReasonCode.NO_FILES_FOUND: "no files found where it held files (an unmounted drive?)",
    ReasonCode.MODEL_REFUSED: "{path} cannot be used as {what}: {detail}",
    ReasonCode.MODEL_REFUSED_BECAUSE: "{path} cannot be used as {what}: {cause}",
    ReasonCode.MODEL_INCOMPLETE: "{folder} is not a complete {name}: {cause}",
    ReasonCode.SPEECH_ENGLISH_ONLY: (
        "the speech model {model} is English only; recordings set to '{language}' need a "
        "multilingual one (tiny, base, small)"
    ),
    ReasonCode.SPEECH_LANGUAGE_UNKNOWN: (
        "'{language}' is not a language Whisper knows; use a code such as zh, en, ja, de, "
        "or auto to detect it per file"
    ),
    ReasonCode.WHISPER_HOW_TO: (
        "to import it, copy the files of {page} ({files}, vocabulary.*) into a folder and run "
        "mediasift models import FOLDER --as {name} (or pass --whisper-model /path/to/folder)"
    ),
    ReasonCode.WHISPER_OFFLINE: (
        "{model} is not on this machine (looked in {folder}) and downloads are off; {cause}"
    ),
    ReasonCode.WHISPER_UNREACHABLE: (
        "{model} is not on this machine (looked in {folder}) and cannot be downloaded: "
        "{detail}; {cause}"
    ),
    ReasonCode.CLIP_HOW_TO: (
        "to import it, download {url} on a machine with internet, then run mediasift models "
        "import FILE --as {name} (or pass --clip-weights /path/to/file)"
    ),
    ReasonCode.CLIP_OFFLINE: (
        "CLIP weights {model} are not on this machine (looked for {target}) and downloads are "
        "off; {cause}"
    ),
    ReasonCode.CLIP_UNREACHABLE: (
        "CLIP weights {model} are not on this machine (looked for {target}) and cannot be "
        "downloaded: {detail}; {cause}"
    ),
    ReasonCode.DISK_FULL: (
        "the disk holding {where} is full; what was done so far is kept: free some space, "
        "then run the same command again to resume"
    ),
    ReasonCode.NOT_WRITABLE: (
        "cannot write in the data dir {where} ({detail}): indexing needs to write there; "
        "search, similar, status and show still work, or choose another --data-dir"
    ),
    ReasonCode.NO_SUCH_FOLDER: "folder {path} does not exist",
    ReasonCode.NOT_A_FOLDER_PATH: "{path} is not a folder",
    ReasonCode.DATA_DIR_INSIDE: (
        "the data dir {data_dir} is inside {path}; MediaSift never writes into library "
        "folders, so choose another --data-dir"
    ),
    ReasonCode.INSIDE_DATA_DIR: "{path} is inside the data dir; add your media folders",
    ReasonCode.DATA_DIR_NOT_A_FOLDER: "data dir {path} exists but is not a folder",
    ReasonCode.DATA_DIR_CANNOT_CREATE: "cannot create the data dir {path}: {detail}",
    ReasonCode.WRITER_BUSY: (
        "another MediaSift (process {pid}) is already indexing the library in {path}; "
        "search and status work meanwhile, or use another --data-dir"
    ),
    ReasonCode.LIBRARY_OUTDATED: (
        "this library was made by an older MediaSift (schema {found}, now {latest}): run  "
        "mediasift index  once to update it"
    ),
    ReasonCode.LIBRARY_TOO_NEW: (
        "this library was written by a newer MediaSift (schema {found}, this version knows "
        "up to {latest}); upgrade MediaSift or use another --data-dir"
    ),
    ReasonCode.LIBRARY_DAMAGED: (
        "the library database {path} is damaged ({detail}): run  mediasift repair  to set it "
        "aside and rebuild the index from your folders (downloaded models and thumbnails are "
        "kept)"
    ),
    ReasonCode.CANNOT_REACH: "cannot reach {host} ({detail})",
    ReasonCode.DOWNLOAD_NOT_FOUND: "{url} does not exist (HTTP 404)",
    ReasonCode.DOWNLOAD_HTTP: "download of {url} failed: HTTP {status}",
    ReasonCode.DOWNLOAD_FAILED: "download of {url} failed: {detail}",
    ReasonCode.DOWNLOAD_DISK_FULL: "download of {url} failed: [Errno {errno}] {detail}",
    ReasonCode.DOWNLOAD_DAMAGED: "download of {url} is damaged (checksum mismatch); try again",
    ReasonCode.DOWNLOAD_HOW_TO: "{cause}; {how_to}",
    ReasonCode.TEXT_TOWER_UNUSABLE: "the text tower of {model} from {hub} is unusable: {cause}",
    ReasonCode.TEXT_TOWER_HOW_TO: (
        "copy the model from a machine with internet: mediasift models export {name} FILE "
        "there, then mediasift models import FILE --as {name} here"
    ),
    ReasonCode.TEXT_TOWER_OFFLINE: (
        "the text tower of {model} is not on this machine ({cause}) and downloads are off; {how_to}"
    ),
    ReasonCode.TEXT_TOWER_UNREACHABLE: (
        "the text tower of {model} is not on this machine ({cause}) and cannot be downloaded: "
        "{detail}; {how_to}"
    ),
    ReasonCode.CLIP_LOAD_FAILED: "cannot load CLIP weights {weights} into {arch}: {detail}",
    ReasonCode.CLIP_UNKNOWN_ARCH: (
        "unknown CLIP model '{arch}': use one of open_clip's architectures (for example "
        "ViT-B-32) or the path of a model-config JSON"
    ),
    ReasonCode.CLIP_UNKNOWN_TAG: (
        "'{tag}' is not a pretrained tag of CLIP model {arch} (known tags: {known}); or pass "
        "a weights file with --clip-weights"
    ),
    ReasonCode.CLIP_WEIGHTS_MISSING: "CLIP weights for {model} are missing",
    ReasonCode.CLIP_CONFIG_MISSING: "CLIP model config {path} does not exist",
    ReasonCode.CLIP_CONFIG_NOT_JSON: "CLIP model config {path} is not valid JSON: {detail}",
    ReasonCode.CLIP_CONFIG_NOT_OPEN_CLIP: (
        "CLIP model config {path} is not an open_clip model config (it needs embed_dim, "
        "vision_cfg and text_cfg)"
    ),
    ReasonCode.CLIP_CONFIG_NEEDS_WEIGHTS: (
        "CLIP model config {path} needs weights: pass --clip-weights FILE (or set "
        "MEDIASIFT_CLIP_WEIGHTS)"
    ),
    ReasonCode.CLIP_WEIGHTS_FILE_MISSING: (
        "CLIP weights file {path} for {arch} does not exist; pass the path of a downloaded "
        "open_clip checkpoint with --clip-weights"
    ),
    ReasonCode.CLIP_CONFIG_NEEDS_FILE: (
        "'{weights}' is not a weights file; a custom model config needs --clip-weights FILE"
    ),
    ReasonCode.CLIP_NO_PRETRAINED: (
        "CLIP model {arch} has no known pretrained weights; pass --clip-weights FILE"
    ),
    ReasonCode.WHISPER_NO_MODEL_BIN: (
        "{folder} is not a faster-whisper (CTranslate2) model folder: no model.bin"
    ),
    ReasonCode.WHISPER_UNKNOWN: (
        "unknown Whisper model '{name}': use a size ({sizes}) or the path of a CTranslate2 "
        "model folder"
    ),
    ReasonCode.WHISPER_LOAD_FAILED: "cannot load {model} from {folder}: {detail}",
    ReasonCode.WHISPER_LACKS_FILES: "{model}: {folder} lacks model files",
    ReasonCode.CANNOT_WRITE_FILE: "cannot write {path}: {detail}",
    ReasonCode.NOT_A_MODEL_ARCHIVE: "{path} is not a MediaSift model archive",
    ReasonCode.NO_VALID_MANIFEST: "{path} has no valid manifest",
    ReasonCode.ARCHIVE_MISMATCH: (
        "{path} is damaged: its files do not match its manifest (missing {missing}, extra {extra})"
    ),
    ReasonCode.ARCHIVE_DAMAGED: "{path} is damaged or not a model archive ({detail})",
    ReasonCode.CANNOT_UNPACK: "cannot unpack {path}: {detail}",
    ReasonCode.ARCHIVE_OTHER_MODEL: "{path} holds {held}, not {name}; import it --as {held}",
    ReasonCode.SET_FILE_MISSING: "{path} is damaged: {file} is missing",
    ReasonCode.SET_FILE_CHECKSUM: (
        "{path} is damaged: {file} does not match the SHA-256 in its manifest"
    ),
    ReasonCode.MANIFEST_DAMAGED: "{manifest} is damaged ({detail})",
    ReasonCode.MANIFEST_OTHER_MODEL: "{manifest} is not the manifest of {name}",
    ReasonCode.NOT_A_CHECKPOINT: "{path} is not a CLIP checkpoint file ({suffixes})",
    ReasonCode.NOT_A_CHECKPOINT_NOR_FOLDER: (
        "{path} is not a CLIP checkpoint file ({suffixes}) nor a folder holding one"
    ),
    ReasonCode.CANNOT_INSTALL: "cannot install {name} into {path}: {detail}",
    ReasonCode.WHISPER_CANNOT_READ: "cannot read {file}: {detail}",
    ReasonCode.WHISPER_NOT_A_FOLDER: (
        "it is not a folder (import the model's folder, not a file in it)"
    ),
    ReasonCode.WHISPER_LACKS: "it lacks {files}",
    ReasonCode.WHISPER_NOT_JSON: "its {file} is not a JSON document (damaged or truncated?)",
    ReasonCode.WHISPER_BIN_DAMAGED: "its model.bin {cause}",
    ReasonCode.WHISPER_VOCABULARY: (
        "its vocabulary has {words} entries but model.bin has {vocabulary} (files of two "
        "different models?)"
    ),
    ReasonCode.WHISPER_OTHER_SIZE: "this folder holds {holds} ({found}), not {name} ({wanted})",
    ReasonCode.BIN_NOT_CTRANSLATE2: "is not a CTranslate2 model file",
    ReasonCode.BIN_NOT_WHISPER: "holds a CTranslate2 {spec} model, not Whisper",
    ReasonCode.BIN_TRUNCATED: "is truncated (its tensors end past the file's end)",
    ReasonCode.BIN_HEADERS_CUT: "is damaged or truncated (its tensor headers are cut)",
    ReasonCode.BIN_NOT_WHISPER_TENSORS: "lacks the tensors of a Whisper model",
    ReasonCode.CKPT_CANNOT_READ: "cannot read it: {detail}",
    ReasonCode.CKPT_EMPTY: "the file is empty",
    ReasonCode.CKPT_NOT_SAFETENSORS: "it is not a complete safetensors file ({detail})",
    ReasonCode.CKPT_PYTHON_OBJECTS: (
        "it holds Python objects besides tensors, which MediaSift does not load"
    ),
    ReasonCode.CKPT_ZIP_DAMAGED: (
        "it is damaged or truncated (its PyTorch zip archive is incomplete)"
    ),
    ReasonCode.CKPT_ENDS_EARLY: "it is damaged or truncated (the file ends too early)",
    ReasonCode.CKPT_NOT_CHECKPOINT: "it is not a PyTorch or safetensors checkpoint",
    ReasonCode.CKPT_NOT_STATE_DICT: "it holds a {type}, not a model's weights (a state dict)",
    ReasonCode.CKPT_NO_TENSORS: "it holds no tensors, so no model weights",
    ReasonCode.CKPT_LACKS: "it lacks {count} of {arch}'s tensors ({keys})",
    ReasonCode.CKPT_EXTRA: "it has {count} tensors {arch} does not have ({keys})",
    ReasonCode.CKPT_SHAPE: "its {key} is {have}, {arch} needs {need}",
    ReasonCode.CKPT_TENSORS_DIFFER: "it does not fit {arch}: its tensors differ",
    ReasonCode.CKPT_DOES_NOT_FIT: "it does not fit {arch}: {detail}",
    ReasonCode.CKPT_NO_TEXT_TOWER: "it has no {tower} text tower, which {arch} has",
    ReasonCode.CKPT_NOT_CLIP: (
        "it does not hold CLIP weights (its first tensors: {sample}), not {arch}'s"
    ),
    ReasonCode.CKPT_OTHER_ARCH: (
        "this file holds a {holds} checkpoint ({found}), not {arch} ({wanted})"
    ),
    ReasonCode.CKPT_OTHER_MODEL: (
        "this file holds a different CLIP model ({found}), not {arch} ({wanted})"
    ),
    ReasonCode.KNOWN_FILE_SIZE: "expected {file} of {size} with SHA-256 {checksum}, got {got}",
    ReasonCode.KNOWN_FILE_DIGEST: (
        "expected {file} of {size} with SHA-256 {checksum}, got the same size with SHA-256 "
        "{found} (damaged or another file)"
    ),
    ReasonCode.WHISPER_EXPORT: (
        "{name} is a Whisper model: copy its folder {path} and import that instead"
    ),
    ReasonCode.NOT_INSTALLED_DOWNLOAD: (
        "{name} is not installed ({path}); run mediasift models download {name} first"
    ),
    ReasonCode.NOT_COMPLETE_DOWNLOAD: (
        "{name} is not complete ({cause}); run mediasift models download {name} first"
    ),
    ReasonCode.DEST_IS_FOLDER: "{path} is a folder; give a file name",
    ReasonCode.NOT_INSTALLED: "{name} is not installed ({path})",
    ReasonCode.UNKNOWN_MODEL: "unknown model '{name}'; choose one of: {known}",
    ReasonCode.NEED_QUERY: "give a description to search for, or an example image",
    ReasonCode.LIMIT_RANGE: "--limit must be between 1 and {most}",
    ReasonCode.AFTER_BEFORE: "--after must be earlier than --before",
    ReasonCode.WEIGHT_RANGE: "{option} must be a number from 0 to {most}, not {weight}",
    ReasonCode.MIN_SCORE_NAN: "--min-score must be a number, not {value}",
    ReasonCode.BAD_DATE: (
        "{option} expects a date like 2024-05-01 or 2024-05-01T18:30, not {value}"
    ),
    ReasonCode.WEIGHTS_CANCEL: "the query weights cancel out; give a positive weight",
    ReasonCode.EXAMPLE_UNREADABLE: "cannot read the example image {path}: {detail}",
    ReasonCode.EXAMPLE_UNUSABLE: "cannot use {path} as an example: {cause}",
    ReasonCode.EXAMPLE_DATA_UNUSABLE: "cannot use the example image as an example: {cause}",
}
"""The English line of each code (the CLI's words, and the app's source texts)."""

WHAT_WORDS = ("file", "audio", "video")
"""The values of ``{what}``: which part of a file FFmpeg could not read."""


@dataclass(frozen=True)
class Reason:
    """A code and its values; ``str()`` is the English line."""

    code: str
    params: tuple[tuple[str, str], ...] = ()
    cause: Reason | None = None
    """The reason this one wraps (its template's ``{cause}``)."""
    parts: tuple[tuple[str, Reason], ...] = ()
    """Other reasons it wraps, by the name of their value in its template."""

    @classmethod
    def of(cls, code: ReasonCode, cause: Reason | None = None, **params: object) -> Reason:
        texts = tuple((k, str(v)) for k, v in params.items() if not isinstance(v, Reason))
        parts = tuple((k, v) for k, v in params.items() if isinstance(v, Reason))
        return cls(str(code), texts, cause, parts)

    @property
    def values(self) -> dict[str, str]:
        return dict(self.params)

    def __str__(self) -> str:
        template = TEMPLATES.get(self.code)
        if template is None:
            return self.code
        return template.format(**self.values, **dict(self.parts), cause=self.cause)

    def to_json(self) -> str:
        return json.dumps(self._as_dict(), ensure_ascii=False)

    def _as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"code": self.code, "params": self.values}
        if self.cause is not None:
            data["cause"] = self.cause._as_dict()
        if self.parts:
            data["parts"] = {name: part._as_dict() for name, part in self.parts}
        return data

    @classmethod
    def from_json(cls, text: str | None) -> Reason | None:
        """A stored reason; None for nothing stored or anything not understood."""
        if not text:
            return None
        try:
            return cls._from_dict(json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    @classmethod
    def _from_dict(cls, data: dict) -> Reason:
        params = data.get("params") or {}
        cause = data.get("cause")
        parts = data.get("parts") or {}
        return cls(
            str(data["code"]),
            tuple((str(k), str(v)) for k, v in params.items()),
            cls._from_dict(cause) if cause is not None else None,
            tuple((str(k), cls._from_dict(v)) for k, v in parts.items()),
        )


def stored_reason(text: str | None, why: str | None) -> Reason | None:
    """The reason stored beside the English ``text``, when it still says that text (a line
    written by another path, or before codes existed, has none that matches)."""
    reason = Reason.from_json(why)
    return reason if reason is not None and text is not None and str(reason) == text else None


def why_json(reason: Reason | str | None) -> str | None:
    """What to store beside a reason's English line."""
    return reason.to_json() if isinstance(reason, Reason) else None
