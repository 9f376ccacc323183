"""Catalogue reading, writing and merging (PO files are read by our own reader, see pofile)."""
