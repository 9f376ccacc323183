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
from collections.abc import Iterable, Mapping
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
    """A masked text and what each token stands for (index = token number).

    ``restores`` is what each token becomes in the translation: its original, except for a
    required glossary term, which becomes the language's term (``inserted`` lists them).
    """

    masked: str
    originals: tuple[str, ...]
    source: str
    restores: tuple[str, ...] = ()
    inserted: tuple[str, ...] = ()  # target terms put in place of English ones

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(f"[X{i}X]" for i in range(len(self.originals)))


# How the glossary-term check (checks/glossary.py) sees an English term used in a source: a
# word starting with the term (so "employers" uses "employer"), a final vowel of a term of
# five letters or more optional (inflection), case ignored unless the term has capitals after
# its first letter (TCN, MIraGE). Prefill masks exactly those words, so that the check finds
# nothing to report on a prefilled entry (tests/prefill/test_glossary.py holds them together).
_VOWELS = frozenset("aeiouyåäöéèàìòùáíóúőűâêîôûæøœ")


def term_pattern(term: str, whole_word: bool = True) -> str:
    """A regex for the words that use ``term`` (see above); ``whole_word``: to the word's end."""
    stem = term[:-1] if len(term) >= 5 and term[-1].lower() in _VOWELS else term
    case_sensitive = any(c.isupper() for c in term[1:])
    scoped = re.escape(stem) if case_sensitive else f"(?i:{re.escape(stem)})"
    return rf"(?<!\w){scoped}" + (r"\w*" if whole_word else "")


def missing_terms(source: str, text: str, terms: Mapping[str, str]) -> list[str]:
    """The required target terms of ``terms`` that ``source`` calls for and ``text`` lacks."""
    return [
        target
        for english, target in terms.items()
        if re.search(term_pattern(english), source)
        and not re.search(term_pattern(target, whole_word=False), text)
    ]


class Protector:
    """Masks one project's protected spans; build once per run (the regex is compiled once).

    ``required`` maps English glossary terms to the target language's terms, for engines
    that cannot apply a glossary themselves: the English term is masked like a name and
    the target term restored in its place, grammatical form aside.
    """

    def __init__(
        self, do_not_translate: Iterable[str] = (), required: Mapping[str, str] | None = None
    ) -> None:
        parts = [f"(?P<p{i}>{pattern})" for i, (_, pattern) in enumerate(_PATTERNS)]
        required = dict(required or {})
        terms: dict[str, str | None] = {t: None for t in do_not_translate if t}
        terms.update({english: target for english, target in required.items() if english})
        self._targets: list[str | None] = []
        for i, term in enumerate(sorted(terms, key=lambda t: (-len(t), t))):
            target = terms[term]
            if target is None:
                # Whole words, one letter of suffix allowed: "TCN" protects "TCN" and "TCNs"
                # ("pre-TCN", "TCN-funded" too) but not "ATCNX".
                parts.append(rf"(?P<t{i}>(?<!\w){re.escape(term)}(?!\w{{2}}))")
            else:
                parts.append(rf"(?P<t{i}>{term_pattern(term)})")
            self._targets.append(target)
        self._regex = re.compile("|".join(parts), re.MULTILINE)

    def protect(self, text: str) -> Protected:
        """Replace protected spans left to right (first and longest wins) by tokens."""
        originals: list[str] = []
        restores: list[str] = []
        inserted: list[str] = []

        def repl(match: re.Match[str]) -> str:
            original = match.group(0)
            originals.append(original)  # one token per occurrence: counts are checked
            group = match.lastgroup or ""
            target = self._targets[int(group[1:])] if group.startswith("t") else None
            if target is None:
                restores.append(original)
            else:
                if original[:1].isupper() and target[:1].islower():
                    target = target[:1].upper() + target[1:]  # a sentence starts with it
                restores.append(target)
                inserted.append(target)
            return f"[X{len(originals) - 1}X]"

        masked = self._regex.sub(repl, text)
        return Protected(masked, tuple(originals), text, tuple(restores), tuple(inserted))


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
    restores = protected.restores or protected.originals
    pieces = TOKEN_RE.split(translated)  # text, token number, text, …
    return "".join(
        restores[int(piece)] if i % 2 else _ENTITY_RE.sub(_decode, piece)
        for i, piece in enumerate(pieces)
    )


_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


def _decode(match: re.Match[str]) -> str:
    """One entity the engine wrote; kept as is if it stands for a control or invalid character."""
    text = html.unescape(match.group(0))
    if not text or "\ufffd" in text or any(unicodedata.category(c) == "Cc" for c in text):
        return match.group(0)
    return text
