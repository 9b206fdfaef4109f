"""The running engine: one loop that keeps a library in sync (``mediasift watch`` and the
app's engine process both run it), and the engine process itself (no Qt)."""
