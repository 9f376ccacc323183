"""Per-entry suppression through translator comments, pinned to the source text.

Syntax (a translator comment, which msgmerge, msgcat, Babel and Poedit all keep, unlike
unknown ``#,`` flags)::

    # mirage-ignore: same-as-source @3f9a1c
    # mirage-ignore: number, punctuation @3f9a1c

The ``@hash`` is :func:`source_hash` of the entry's msgid. When the English text changes,
the hash no longer matches and the suppression lapses: the checks report again, plus a
``suppression`` finding that shows the comment to write once the new text was reviewed.
A comment without a hash never suppresses anything (it would outlive the text it was
written for); the ``suppression`` finding gives the hash to add.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Message
from .context import EntryContext
from .registry import REGISTRY, check
from .util import source_cache

HASH_LENGTH = 6
IGNORE_RE = re.compile(
    r"^\s*mirage-ignore\s*:\s*(?P<ids>[^@]*?)\s*(?:@(?P<hash>[0-9a-fA-F]+))?\s*$"
)
# Any comment meant as one (a reason after the hash, no colon, capitals, a bare "@"): it is
# reported, not skipped, else the translator believes the finding suppressed.
INTENDED_RE = re.compile(r"^\s*mirage-ignore\b\s*:?(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)


def source_hash(msg: Message) -> str:
    """Short, stable fingerprint of the English text (msgid, and msgid_plural if any)."""
    text = msg.msgid if msg.msgid_plural is None else f"{msg.msgid}\x00{msg.msgid_plural}"
    return _text_hash(text)


@source_cache
def _text_hash(text: str) -> str:
    """Every finding names its entry's hash, and every language has the same English."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def ignore_comment(msg: Message, check_ids: list[str]) -> str:
    """The translator comment (without ``# ``) that suppresses ``check_ids`` on ``msg``."""
    return f"mirage-ignore: {', '.join(check_ids)} @{source_hash(msg)}"


@dataclass(frozen=True)
class Suppression:
    ids: tuple[str, ...]
    hash: str | None
    valid: bool  # hash present and matching the current source text
    malformed: bool = False  # names mirage-ignore but does not follow the syntax


def suppressions(msg: Message) -> list[Suppression]:
    out: list[Suppression] = []
    if not msg.user_comments:
        return out  # most entries: no comment, no hash to compute
    current = source_hash(msg)
    for comment in msg.user_comments:
        match = IGNORE_RE.match(comment)
        if match is None:
            intended = INTENDED_RE.match(comment)
            if intended is not None:
                names = re.split(r"[\s,;]+", intended.group("rest").split("@")[0])
                out.append(Suppression(tuple(n for n in names if n), None, False, malformed=True))
            continue
        ids = tuple(i.strip() for i in match.group("ids").split(",") if i.strip())
        digest = match.group("hash")
        out.append(Suppression(ids, digest, digest is not None and digest.lower() == current))
    return out


_NONE: frozenset[str] = frozenset()


def suppressed_ids(msg: Message) -> frozenset[str]:
    """Check ids whose findings on ``msg`` are suppressed right now."""
    if not msg.user_comments:
        return _NONE
    return frozenset(i for s in suppressions(msg) if s.valid for i in s.ids)


@check(
    id="suppression",
    severity="warning",
    title="mirage-ignore comments that are stale (source changed), unpinned or unknown",
    scope="state",
)
def stale_suppression(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for sup in suppressions(msg):
        unknown = [i for i in sup.ids if i not in REGISTRY]
        if unknown:
            yield f"mirage-ignore names unknown check(s): {', '.join(unknown)}"
        known = [i for i in sup.ids if i in REGISTRY] or list(sup.ids)
        if sup.malformed:
            yield (
                f"mirage-ignore comment not understood (nothing suppressed); write "
                f"'# {ignore_comment(msg, known or ['<check-id>'])}', nothing after the hash"
            )
        elif not sup.ids:
            yield "mirage-ignore names no check"
        elif sup.hash is None:
            yield (
                f"mirage-ignore without a source hash never applies; write "
                f"'# {ignore_comment(msg, known)}'"
            )
        elif not sup.valid:
            yield (
                f"mirage-ignore lapsed: the source text changed since it was written; "
                f"review the entry, then write '# {ignore_comment(msg, known)}'"
            )
