"""rapidocr (text in pictures): its PP-OCR models (``models/*.onnx``, 31 MB) and its two
config files (``config.yaml``, ``default_models.yaml``) are read by file path next to its
modules, and its package imports its engine (``rapidocr.main``) lazily through importlib,
which the module graph does not follow."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("rapidocr", includes=["*.yaml", "models/*.onnx"])
hiddenimports = ["rapidocr.main"]
