"""The MediaSift desktop app: a thin PySide6 layer over the engine in ``mediasift.core``.

The engine runs in a child process (:mod:`mediasift.desktop.engine`): importing torch and
loading CLIP hold Python's GIL for up to a quarter of a second at a time (measured: 242 ms
on the CI machine), which would freeze any event loop in the same process. The window
talks to it through two pipes of tagged messages and never opens SQLite or torch itself.
"""
