"""What the review page's live checks test a translation against, computed from the English.

The page runs a subset of ``validate``'s entry checks while the translator types. Everything
those checks read from the *source* text is computed here, at pack time, by the very functions
the checks call (so the English is read once, by Python, exactly as ``validate`` reads it);
the page's script only analyses the translation and compares. Items a check may accept in
more than one form are lists, so that new accepted forms (numbers written as words, several
glossary renderings) need no change in the script: it matches any of them.

The differential test (``tests/review/test_live_checks_differential.py``) runs ``validate``
and the page's script over the same catalogues and requires the same verdicts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..checks.context import DISCLAIMER_CONTEXT, LanguageRules
from ..checks.glossary import _case_sensitive, _mentioned, _starts_word
from ..checks.mdfacts import source_facts, source_reference_labels
from ..checks.numbers import source_numbers
from ..checks.placeholders import FORMAT_FLAGS, PRINTF_RE, emails, placeholders, urls
from ..checks.registry import all_checks
from ..checks.suppress import suppressed_ids
from ..checks.text import (
    CLOSERS,
    DOUBLE_SPACE_RE,
    FINAL_MARKS,
    HARD_BREAK_RE,
    LANG_MARKS,
    MIN_RATIO_LENGTH,
    SHORT_WORDS,
    _edge,
    _real_words,
    _source_mark,
)
from ..model import Message

# The checks the page runs live, by id: each decides on one entry from its own texts.
LIVE_CHECKS = (
    "number",
    "url",
    "email",
    "placeholder",
    "md-link-count",
    "md-link-target",
    "md-image",
    "md-code",
    "md-emphasis",
    "md-html",
    "md-reference",
    "glossary-dnt",
    "glossary-term",
    "whitespace",
    "double-space",
    "punctuation",
    "same-as-source",
    "length-ratio",
    "disclaimer",
)


def _accepted(target: str | Iterable[str]) -> list[str]:
    """A glossary target as a list of accepted renderings (one today; several allowed)."""
    return [target] if isinstance(target, str) else list(target)


def _term_patterns(target: str) -> dict[str, Any]:
    """What :func:`checks.glossary._starts_word` compiles, as data: the stem and its case rule
    (read back from the compiled pattern, so the script never guesses the stemming rule)."""
    case_sensitive = _case_sensitive(target)
    pattern = _starts_word(target, case_sensitive).pattern
    stems = [s for s in (target, target[:-1]) if pattern == r"(?<!\w)" + re.escape(s)]
    if not stems:
        raise ValueError(f"unexpected glossary pattern {pattern!r}")
    return {"stem": stems[0], "icase": not case_sensitive}


def source_expectations(
    source: str, rules: LanguageRules, flags: tuple[str, ...], context: str | None = None
) -> dict[str, Any]:
    """Everything the live checks need to know about one English text."""
    facts = source_facts(source)
    printf = bool(FORMAT_FLAGS & set(flags)) or bool(PRINTF_RE.search(source))
    terms = []
    if rules.terms:
        for english in _mentioned(tuple(rules.terms), source):
            targets = _accepted(rules.terms[english])
            terms.append(
                {
                    "english": english,
                    "targets": targets,
                    "accept": [_term_patterns(t) for t in targets],
                }
            )
    return {
        # (as written, canonical value, other accepted forms)
        "numbers": [[written, value, []] for written, value in source_numbers(source, rules)],
        "urls": list(urls(source)),
        "emails": sorted(set(emails(source))),
        "printf": printf,
        "placeholders": placeholders(source, printf),
        "links": list(facts.links),
        "images": list(facts.images),
        "code": list(facts.code),
        "emphasis": facts.emphasis,
        "strong": facts.strong,
        "html": [[t.name, t.closing, t.self_closing] for t in facts.html],
        "refs": list(source_reference_labels(source)),
        "dnt": [t for t in rules.do_not_translate if t in source],
        "terms": terms,
        "lead": _edge(source, True),
        "trail": _edge(source, False),
        "newline": "\n" in source,
        "innerNewline": "\n" in source.strip(),
        "hardBreaks": len(HARD_BREAK_RE.findall(source)),
        "doubleSpaces": len(DOUBLE_SPACE_RE.findall(source)),
        "final": _source_mark(source, rules.source_lang),
        "length": len(source),
        # an identical translation is fine: the disclaimer, an allowed text, a name
        "sameOk": context == DISCLAIMER_CONTEXT
        or source in rules.same_as_source_allow
        or len(_real_words(source, rules)) < SHORT_WORDS,
    }


def entry_expectations(msg: Message, rules: LanguageRules) -> dict[str, Any]:
    """Expectations per source text of an entry (msgid, and msgid_plural for plural forms),
    the checks suppressed on it, and whether an exact approved disclaimer skips them."""
    sources = [msg.msgid] if msg.msgid_plural is None else [msg.msgid, msg.msgid_plural]
    return {
        "sources": [source_expectations(s, rules, msg.flags, msg.context) for s in sources],
        "quiet": sorted(suppressed_ids(msg)),
        "disclaimer": msg.context == DISCLAIMER_CONTEXT,
        "approved": rules.disclaimer
        if msg.context == DISCLAIMER_CONTEXT and msg.msgid_plural is None
        else None,
    }


def rules_data(rules: LanguageRules, enabled: Iterable[str]) -> Mapping[str, Any]:
    """The language's rules the script needs to read a translation."""
    known = all_checks()
    return {
        "checks": [c for c in LIVE_CHECKS if c in set(enabled)],
        "severity": {c: known[c].severity for c in LIVE_CHECKS},
        "decimal": rules.decimal,
        "group": rules.group,
        "sourceDecimal": rules.source_decimal,
        "sourceGroup": rules.source_group,
        "urlRewrites": [list(pair) for pair in rules.url_rewrites],
        "closers": CLOSERS,
        "finalMarks": {**FINAL_MARKS, **LANG_MARKS.get(rules.lang.split("_")[0].split("-")[0], {})},
        "minRatioLength": MIN_RATIO_LENGTH,
        "lengthRatio": [rules.length_ratio[0], rules.length_ratio[1]],
        "lengthRatioText": [f"{rules.length_ratio[0]:g}", f"{rules.length_ratio[1]:g}"],
    }
