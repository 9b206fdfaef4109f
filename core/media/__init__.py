"""Decoders: bytes on disk to pixels and samples the models can take."""
