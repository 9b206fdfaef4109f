"""The engine process and the Qt client that drives it."""
