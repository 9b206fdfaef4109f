"""The MediaSift engine: scan, decode, encode, store and search. Never imports Qt.

Data flows one way: files -> scan -> index -> store <- search <- CLI / window. The
entry point for callers is :class:`mediasift.core.library.Library`.
"""
