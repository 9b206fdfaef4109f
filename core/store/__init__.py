"""The only package that speaks SQL: one SQLite file holding the catalog and the vectors.

Import :class:`~mediasift.core.store.store.Store` from its module: this package's
``records`` are plain values the window also uses, and must not pull in apsw, sqlite-vec
and NumPy with them (the window's process never opens the database).
"""
