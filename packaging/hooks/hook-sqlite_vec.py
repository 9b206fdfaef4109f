"""sqlite-vec's SQLite extension (vec0.so / vec0.dylib / vec0.dll), loaded by file path
from the package's folder (``sqlite_vec.loadable_path()``), so no import finds it."""

from PyInstaller.utils.hooks import collect_dynamic_libs

binaries = collect_dynamic_libs("sqlite_vec", search_patterns=["vec0.*"])
