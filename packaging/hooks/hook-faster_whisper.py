"""faster-whisper's Silero VAD model (assets/silero_vad_v6.onnx), read by file path."""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = collect_data_files("faster_whisper") + copy_metadata("faster_whisper")
