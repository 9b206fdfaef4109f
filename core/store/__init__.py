"""The only package that speaks SQL: one SQLite file holding the catalog and the vectors."""

from mediasift.core.store.store import Store

__all__ = ["Store"]
