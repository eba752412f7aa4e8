"""Entries in and out: import, one module per source format; export, one module per format."""
