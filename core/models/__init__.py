"""Models: CLIP for pictures and text, Whisper for speech; loaded lazily, off the GUI thread."""
