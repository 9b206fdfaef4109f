"""torchvision's compiled operators (``_C_stable``): not a Python extension module but a
library that ``torchvision.extension`` loads with ``torch.ops.load_library`` at import;
torchvision's meta registrations fail without it ("operator torchvision::nms does not
exist"). Its image-decoding library (``image_stable``, which links nvJPEG) is left out:
MediaSift decodes images with Pillow."""

from PyInstaller.utils.hooks import collect_dynamic_libs

binaries = collect_dynamic_libs(
    "torchvision", search_patterns=["_C*.so", "_C*.pyd", "_C*.dylib", "_C*.dll"]
)
