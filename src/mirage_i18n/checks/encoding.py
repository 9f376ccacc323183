"""Text that a browser would show garbled: mojibake and broken HTML entities.

Mojibake is UTF-8 read back as Windows-1252 or Latin-1 somewhere on the way (a spreadsheet,
an e-mail, a CAT tool export): "replicabilità" becomes "replicabilitÃ ", "d’activités"
becomes "dâ€™activitÃ©s". Its bytes always leave a lead character (Â Ã Ä Å È Î Ï Ð Ñ â …)
followed by a continuation character; ftfy (the well-kept library that fixes such text)
decides whether a text that has such a pair is really garbled, and gives the repair.

An HTML entity without its semicolon (``&ndash``) or split by a space (``& ndash;``) is
printed as it is by a Markdown renderer; an unknown name (``&ndahs;``) too.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterator

from ..model import Message
from .context import EntryContext
from .registry import check
from .util import pairs, quote

# A UTF-8 lead byte read as cp1252/latin-1, then a continuation byte read the same way
# (0x80–0xBF: cp1252's € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ, or latin-1's
# NBSP…¿), or "Ã" before a space (the NBSP of "à" turned into a space). Written with the lead
# character first in both branches, so that the search skips ahead to a lead character (twice
# as fast as "[lead][continuation]|Ã ", which finds the same; tested).
MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00ef](?:[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039"
    "\u203a\u20ac\u2122]|(?<=\u00c3) )"
)
WORD_RE = re.compile(r"\S+")


def _garbled(text: str) -> bool:
    if MOJIBAKE_RE.search(text) is None:
        return False
    from ftfy.badness import is_bad

    # ftfy judges a whole text; one garbled word in good UTF-8 prose ("ÃŽnscrierile la
    # evenimentele naționale") is judged, and repaired, word by word.
    return bool(is_bad(text)) or bool(_garbled_words(text))


def _garbled_words(text: str) -> list[tuple[str, str]]:
    from ftfy import fix_encoding

    out = []
    for word in WORD_RE.findall(text):
        if MOJIBAKE_RE.search(word + " "):
            fixed = fix_encoding(word + " ").rstrip(" ")  # "replicabilitÃ " needs its space
            if fixed != word:
                out.append((word, fixed))
    return out


@check(
    id="mojibake",
    severity="error",
    title="no mojibake (UTF-8 read with the wrong encoding: 'Ã©', 'â€™')",
    screen=MOJIBAKE_RE,  # what _garbled looks for first
)
def mojibake(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        if not _garbled(text) or _garbled(source):
            continue
        words = _garbled_words(text)
        if words:
            shown = ", ".join(
                f"{quote(bad, 30)} should read {quote(good, 30)}" for bad, good in words[:3]
            )
        else:
            shown = "the text holds characters of a wrong decoding"
        yield f"mojibake (UTF-8 read with the wrong encoding): {shown}; retype or repair the text"


# "&ndash" (no semicolon), "&#8211" / "&#x2013", "& ndash;" (a space after the ampersand)
NO_SEMICOLON_RE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*)(?![;0-9])")
SPACED_RE = re.compile(r"&\s+(#?[A-Za-z0-9]+);")
NAMED_RE = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
KNOWN = frozenset(name[:-1] for name in html.entities.html5 if name.endswith(";"))


def entity_problems(text: str) -> list[str]:
    if "&" not in text:
        return []
    out = []
    for m in NO_SEMICOLON_RE.finditer(text):
        name = m.group(1)
        if not name.startswith("#"):
            # "&nbsppersone": the longest entity name the letters start with (two letters or
            # more, so "R&D" and "AT&T" stay prose)
            name = next((name[:n] for n in range(len(name), 1, -1) if name[:n] in KNOWN), "")
        if name:
            out.append(f"HTML entity {quote('&' + name)} lacks its semicolon: write &{name};")
    for m in SPACED_RE.finditer(text):
        name = m.group(1)
        if name.startswith("#") or name in KNOWN:
            out.append(f"HTML entity {quote(m.group(0))} is split: write &{name};")
    for m in NAMED_RE.finditer(text):
        if m.group(1) not in KNOWN:
            out.append(f"unknown HTML entity {quote(m.group(0))}")
    return out


@check(
    id="html-entity",
    severity="error",
    title="HTML entities complete and known (no '&ndash' without ';', no '& ndash;')",
    needs="[&]",
)
def broken_entities(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        known = set(entity_problems(source))
        for problem in entity_problems(text):
            if problem not in known:
                yield problem
