"""open_clip's model configs (model_configs/*.json) and BPE vocabulary, read by path."""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = collect_data_files("open_clip") + copy_metadata("open_clip_torch")
