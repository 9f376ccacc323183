"""Stable ids of catalogue entries: a pack's manifest records them, and the review page and
``unpack`` find an entry again by them, whatever its line or position in the file."""

from __future__ import annotations

import hashlib

from .model import Message


def fingerprint(*parts: str | None) -> str:
    digest = hashlib.sha256("\x00".join(p if p is not None else "\x01" for p in parts).encode())
    return digest.hexdigest()[:16]


def key_id(msg: Message) -> str:
    """Which entry: its context and English."""
    return fingerprint(msg.context, msg.msgid)


def state_id(msg: Message) -> str:
    """What the entry held: translation(s) and whether it was fuzzy."""
    return fingerprint(msg.msgstr, "\x00".join(msg.msgstr_plural), "fuzzy" if msg.fuzzy else "")
