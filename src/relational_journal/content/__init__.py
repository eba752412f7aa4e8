"""Bundled and user data through one validated loader: packs, feelings, CCRT, safety phrases."""
