"""Mask what machine translation must not change, and put it back exactly.

Protected spans (URLs, e-mail addresses, Markdown link targets, inline code, HTML tags,
``{placeholders}``, printf-style ``%s``/``%(name)s``, glossary do-not-translate terms) are
replaced by tokens ``[X0X]``, ``[X1X]``… before the text goes to an engine.

Why this token shape: it is the one Weblate has long used for the same job across
Google, DeepL, Microsoft, LibreTranslate and MyMemory. Engines treat it as an opaque
bracketed code: it has no letters of a word to translate or inflect, no ``<``/``&`` that
HTML-scraping engines (deep-translator's Google engine parses an HTML page) would
swallow, no whitespace to be reflowed, and digits survive every script. Unlike ``{0}``
it cannot be mistaken for a placeholder the translator must keep.

Restoring is strict: every token must come back exactly once and no unknown token may
appear; otherwise :func:`restore` raises :class:`RestoreError` and the entry stays untranslated.
HTML entities in the answer outside the tokens (``l&#39;ultima``, ``R&amp;D``: MyMemory and
Google's API answer so) were added by the engine, since every entity of the source is masked,
so they are decoded.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

TOKEN_RE = re.compile(r"\[X(\d+)X\]")
# Anything that looks like a damaged token ("[X 1 X]", "[x1x]", "[X1X" …), to report it.
_TOKENISH_RE = re.compile(r"\[\s*[Xx]\s*\d+\s*[Xx]\s*\]?|\[?\s*[Xx]\s*\d+\s*[Xx]\s*\]")

_PATTERNS: tuple[tuple[str, str], ...] = (
    # Existing token-shaped text must not collide with our tokens.
    ("token", r"\[X\d+X\]"),
    ("code", r"(?P<ticks>`+)(?:(?!(?P=ticks)).)+?(?P=ticks)"),
    # Markdown link/image target: "](url "title")"; the link text stays translatable.
    ("link target", r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)"),
    ("reference", r"^\s*\[[^\]]+\]:\s+\S+.*$"),  # link reference definition line
    ("ref link", r"\]\[[^\]]*\]"),  # "][ref" of a reference-style link
    ("html comment", r"<!--.*?-->"),
    ("autolink", r"<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>"),
    ("html tag", r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?\s*/?>"),
    ("entity", r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);"),
    (
        "url",
        r"\b(?:https?|ftp)://[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]]|\bwww\.[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]]",
    ),
    ("email", r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"),
    ("placeholder", r"\{\{[^{}]*\}\}|\{[A-Za-z0-9_.:!\[\]-]*\}"),
    ("printf", r"%(?:\([A-Za-z0-9_]+\))?[-+#0]*\d*(?:\.\d+)?[sdifeEgGxX%](?![A-Za-z])"),
)


@dataclass(frozen=True)
class Protected:
    """A masked text and what each token stands for (index = token number)."""

    masked: str
    originals: tuple[str, ...]
    source: str

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(f"[X{i}X]" for i in range(len(self.originals)))


class Protector:
    """Masks one project's protected spans; build once per run (the regex is compiled once)."""

    def __init__(self, do_not_translate: Iterable[str] = ()) -> None:
        parts = [f"(?P<p{i}>{pattern})" for i, (_, pattern) in enumerate(_PATTERNS)]
        terms = sorted({t for t in do_not_translate if t}, key=lambda t: (-len(t), t))
        if terms:
            # Whole words only, so "TCN" protects "TCN" and "TCNs" but not "ATCNX".
            alternatives = "|".join(re.escape(t) for t in terms)
            parts.append(rf"(?P<dnt>(?<![\w-])(?:{alternatives})(?!\w{{2}}))")
        self._regex = re.compile("|".join(parts), re.MULTILINE)

    def protect(self, text: str) -> Protected:
        """Replace protected spans left to right (first and longest wins) by tokens."""
        originals: list[str] = []

        def repl(match: re.Match[str]) -> str:
            originals.append(match.group(0))  # one token per occurrence: counts are checked
            return f"[X{len(originals) - 1}X]"

        masked = self._regex.sub(repl, text)
        return Protected(masked=masked, originals=tuple(originals), source=text)


class RestoreError(ValueError):
    """The engine dropped, duplicated, invented or damaged a token."""


def restore(protected: Protected, translated: str) -> str:
    """Put the originals back; raise :class:`RestoreError` unless every token is intact."""
    found = [int(m.group(1)) for m in TOKEN_RE.finditer(translated)]
    expected = list(range(len(protected.originals)))
    if sorted(found) != expected:
        missing = sorted(set(expected) - set(found))
        extra = sorted(i for i in set(found) if found.count(i) > 1 or i not in expected)
        parts = []
        if missing:
            parts.append("lost " + ", ".join(repr(protected.originals[i]) for i in missing))
        if extra:
            parts.append("duplicated or unknown token(s) " + ", ".join(f"[X{i}X]" for i in extra))
        raise RestoreError("; ".join(parts) or "tokens out of order")
    rest = TOKEN_RE.sub("", translated)
    damaged = _TOKENISH_RE.search(rest)
    if damaged:
        raise RestoreError(f"damaged token {damaged.group(0)!r}")
    pieces = TOKEN_RE.split(translated)  # text, token number, text, …
    return "".join(
        protected.originals[int(piece)] if i % 2 else _ENTITY_RE.sub(_decode, piece)
        for i, piece in enumerate(pieces)
    )


_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


def _decode(match: re.Match[str]) -> str:
    """One entity the engine wrote; kept as is if it stands for a control or invalid character."""
    text = html.unescape(match.group(0))
    if not text or "\ufffd" in text or any(unicodedata.category(c) == "Cc" for c in text):
        return match.group(0)
    return text
