"""Keeping the library in sync while MediaSift runs: file-system events to updates."""
