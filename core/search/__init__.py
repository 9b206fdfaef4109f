"""Search: a query becomes vectors, KNN per kind, calibrated scores, one grouped list."""
