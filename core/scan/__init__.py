"""Finding files and telling what they are: walk, sniff, fingerprint, reconcile."""
