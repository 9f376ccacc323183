"""Catalogue reading, writing and merging: the only place that imports polib."""
