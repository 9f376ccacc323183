"""Names and acronyms that the translation kept, but altered.

Which names a language translates cannot be known ("EU" is "UE" in Italian, "Nicosia" is
"Λευκωσία"), so a name missing from a translation is only an error for the glossary's
do-not-translate terms (``glossary-dnt``). What is never a translation is a name the
translation keeps with other letters: an acronym (two capitals or more: ``PDF``, ``STOP``,
``MIraGE``) or a run of capitalised words (``Anna Lindqvist``) written in other case
(``Pdf``, ``Anna lindqvist``), or an acronym of three letters or more that lost or changed
one letter (``PDF`` → ``PF``, ``STOP`` → ``STP``) where the source's form is gone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Message
from .context import EntryContext
from .registry import check
from .util import pairs, quote, source_cache

ACRONYM_RE = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")
CAPITALISED_RUN_RE = re.compile(r"\b[A-Z][a-z]+(?:[ \u00a0][A-Z][a-z]+)+\b")
CAPS_RE = re.compile(r"\b[A-Z]{2,}\b")


@source_cache
def source_names(source: str) -> tuple[str, ...]:
    found = [m.group(0) for m in ACRONYM_RE.finditer(source)]
    found += [m.group(0) for m in CAPITALISED_RUN_RE.finditer(source)]
    return tuple(dict.fromkeys(found))


def _one_edit(a: str, b: str) -> bool:
    """Levenshtein distance exactly 1 (a transposition is two: EU/UE, AMIF/FAMI differ more)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@check(
    id="name",
    severity="error",
    title="names and acronyms kept by the translation are spelt as in the source (case, letters)",
    source_screen=(ACRONYM_RE, CAPITALISED_RUN_RE),  # source_names() finds something
)
def names_kept(msg: Message, ctx: EntryContext) -> Iterator[str]:
    dnt = ctx.rules.do_not_translate
    for source, text in pairs(msg):
        for name in source_names(source):
            if name in text or name in dnt:
                continue
            words = name.split()
            if len(words) > 1:
                tail = " ".join(words[1:])
                if any(" ".join(words[i:]) in text for i in range(1, len(words) - 1)):
                    continue  # "dr Maria Georgiou": a title or a sentence start changes case
                if len(words) > 2 and not re.search(
                    r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE
                ):
                    name = tail  # "Contact Anna Lindqvist": the name is what follows
            variant = re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE)
            if variant:
                if name.isupper():
                    continue  # "pdf", "Nato": languages write acronyms their way (name-case)
                yield (
                    f"name {quote(name)} is written {quote(variant.group(0))}: keep its letters "
                    f"and capitals as in the source"
                )
                continue
            if len(name) >= 3 and name.isupper():
                near = [t for t in CAPS_RE.findall(text) if _one_edit(name, t)]
                if near:
                    yield f"acronym {quote(name)} of the source is written {quote(near[0])}"


@check(
    id="name-case",
    severity="warning",
    title="acronyms in the case of the source (PDF, not Pdf), unless the language's style differs",
    # an all-capital name of source_names() is a whole word of two capitals or more
    source_screen=CAPS_RE,
)
def acronym_case(msg: Message, ctx: EntryContext) -> Iterator[str]:
    # A warning: Swedish writes "pdf" and "Nato", but "Stop" for "STOP" is a slip.
    dnt = ctx.rules.do_not_translate
    for source, text in pairs(msg):
        for name in source_names(source):
            if not name.isupper() or name in text or name in dnt:
                continue
            variant = re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE)
            if variant and not variant.group(0).islower():
                yield f"acronym {quote(name)} is written {quote(variant.group(0))}"
