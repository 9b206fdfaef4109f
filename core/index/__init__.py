"""Indexing: scan the folders, decode and embed what changed, write it in batches."""
