"""Slugs: a title, lower-cased and folded to ASCII, as the consortium's real URLs were."""

from __future__ import annotations

import re

from anyascii import anyascii

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """``MIraGE partnermöte, Oktober 2021`` → ``mirage-partnermote-oktober-2021``."""
    return _NON_WORD.sub("-", anyascii(title).lower()).strip("-")
