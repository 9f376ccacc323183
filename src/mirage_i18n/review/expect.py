"""What the review page's live checks test a translation against, computed from the English.

The page runs ``validate``'s entry checks that decide on one entry from its own texts while the
translator types. Everything those checks read from the *source* text, and every rule of the
language, is computed here at pack time by the very functions the checks call: the English is
read once, by Python, exactly as ``validate`` reads it. The page's script only reads the
translation and matches it against what it receives:

* lists (numbers, URLs, masks, the runs of English words english-left looks for…);
* patterns the checks compiled in Python (numbers written as words, glossary renderings and
  targets, masks, doubled punctuation, HTML entities), rewritten for JavaScript by
  :mod:`.jsregex` so that they match the same text;
* messages that depend on the English alone (a missing number, a do-not-translate term, a
  required term, an identical translation), written by the checks' own message functions.

The differential test (``tests/review/test_live_checks_differential.py``) runs ``validate``
and the page's script over the same catalogues and requires the same findings.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ..checks.context import DISCLAIMER_CONTEXT, LanguageRules
from ..checks.coverage import RUN, WORD_RE, english_left_message, source_runs
from ..checks.encoding import KNOWN, NAMED_RE, NO_SEMICOLON_RE, SPACED_RE, entity_problems
from ..checks.glossary import (
    dnt_message,
    mentioned_terms,
    required_term_message,
    term_pattern,
)
from ..checks.leftovers import (
    DOUBLED_RE,
    MASK_RE,
    MAY_DOUBLE_RE,
    SPACES_RE,
    doubled,
    masks,
)
from ..checks.mdfacts import source_facts, source_reference_labels
from ..checks.numbers import (
    DIGITS_RE,
    explained_digits,
    missing_number_message,
    source_numbers,
    words_pattern,
)
from ..checks.placeholders import FORMAT_FLAGS, PRINTF_RE, emails, placeholders, urls
from ..checks.registry import all_checks
from ..checks.spelled import MARKS_RE
from ..checks.suppress import suppressed_ids
from ..checks.text import (
    DOUBLE_SPACE_RE,
    HARD_BREAK_RE,
    MIN_RATIO_LENGTH,
    edge,
    identical_allowed,
    meaning_mark_sets,
    meaning_marks,
    same_as_source_message,
)
from ..model import Message
from .jsregex import js_regex

# The checks the page runs live, by id: each decides on one entry from its own texts.
LIVE_CHECKS = (
    "number",
    "number-added",
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
    "html-entity",
    "mask-token",
    "doubled-punctuation",
    "english-left",
)
# Entry checks the page shows only as validate found them when the pack was made, and why.
PACKED_ONLY = {
    "mojibake": "ftfy decides whether a text is garbled and gives the repair: not a pattern",
    "name": "compares spellings of names (case-insensitive search, one-letter edits)",
    "name-case": "compares spellings of names (case-insensitive search)",
    "truncation": "compares with the length the language's reviewed entries usually have",
    "wrong-paragraph": "compares with the length the language's reviewed entries usually have",
}


# What a source expectation is when the English has none of it (left out of the page).
DEFAULTS: dict[str, Any] = {
    "numbers": [],
    "explained": [],
    "rawDigits": [],
    "urls": [],
    "emails": [],
    "printf": False,
    "placeholders": [],
    "links": [],
    "images": [],
    "code": [],
    "emphasis": 0,
    "strong": 0,
    "html": [],
    "refs": [],
    "dnt": [],
    "terms": [],
    "lead": "",
    "trail": "",
    "newline": False,
    "innerNewline": False,
    "hardBreaks": 0,
    "doubleSpaces": 0,
    "marks": [0, 0],
    "length": 0,
    "same": None,
    "masks": [],
    "doubled": [],
    "entities": [],
    "runs": [],
}
QUOTED = "\x00"  # stands for the quoted words while english-left's message is cut in two


def source_expectations(source: str, rules: LanguageRules, msg: Message) -> dict[str, Any]:
    """Everything the live checks need to know about one English text of ``msg``."""
    facts = source_facts(source)
    printf = bool(FORMAT_FLAGS & set(msg.flags)) or bool(PRINTF_RE.search(source))
    numbers = []
    for written, value in source_numbers(source, rules):
        words = words_pattern(value, rules.lang)
        numbers.append(
            [value, missing_number_message(written, rules.lang, msg), int(value) if words else None]
        )
    dnt = []
    for term in rules.do_not_translate:
        if term in source and term not in rules.dnt_exempt:
            accepted = rules.dnt_renderings.get(term, ())
            dnt.append([term, list(accepted), dnt_message(term, rules.lang, accepted)])
    terms = [
        [rules.terms[english], required_term_message(english, rules.terms[english], rules.lang)]
        for english in mentioned_terms(tuple(rules.terms), source)
    ]
    runs = source_runs(source, rules, msg.context)
    out: dict[str, Any] = {
        "numbers": numbers,
        "explained": sorted(explained_digits(source, rules)),
        "rawDigits": sorted(set(DIGITS_RE.findall(source))),
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
        "dnt": dnt,
        "terms": terms,
        "lead": edge(source, True),
        "trail": edge(source, False),
        "newline": "\n" in source,
        "innerNewline": "\n" in source.strip(),
        "hardBreaks": len(HARD_BREAK_RE.findall(source)),
        "doubleSpaces": len(DOUBLE_SPACE_RE.findall(source)),
        "marks": list(meaning_marks(source, rules.source_lang)),
        "length": len(source),
        # the same-as-source message, or None where an identical translation is fine
        "same": None
        if identical_allowed(source, rules, msg.context)
        else same_as_source_message(msg),
        "masks": masks(source),
        "doubled": doubled(source),
        "entities": entity_problems(source),
        "runs": sorted(" ".join(run) for run in runs),
    }
    # Most entries have nothing to compare for most checks: items equal to their default stay
    # out of the page (the script fills them in from the rules' "defaults").
    return {k: v for k, v in out.items() if v != DEFAULTS[k]}


def entry_expectations(msg: Message, rules: LanguageRules) -> dict[str, Any]:
    """Expectations per source text of an entry (msgid, and msgid_plural for plural forms),
    the checks suppressed on it, and whether an exact approved disclaimer skips them."""
    sources = [msg.msgid] if msg.msgid_plural is None else [msg.msgid, msg.msgid_plural]
    expected = [source_expectations(s, rules, msg) for s in sources]
    out: dict[str, Any] = {
        "sources": expected,
        "quiet": sorted(suppressed_ids(msg)),
        "disclaimer": msg.context == DISCLAIMER_CONTEXT,
        "approved": rules.disclaimer
        if msg.context == DISCLAIMER_CONTEXT and msg.msgid_plural is None
        else None,
    }
    if any("runs" in s for s in expected):
        # english-left's message around the words it quotes: [before, after]
        before, after = english_left_message(QUOTED, msg).split(repr(QUOTED))
        out["englishLeft"] = [before, after]
    return out


@lru_cache(maxsize=1)
def _fold_table() -> dict[str, str]:
    """``str.casefold`` of every character it changes: the page folds with this table, not
    with the browser's own (older or newer) Unicode case data."""
    return {
        chr(c): chr(c).casefold()
        for c in range(sys.maxunicode + 1)
        if not 0xD800 <= c <= 0xDFFF and chr(c).casefold() != chr(c)
    }


def rules_data(
    rules: LanguageRules, enabled: Iterable[str], entries: Iterable[Mapping[str, Any]] = ()
) -> Mapping[str, Any]:
    """The language's rules the script needs to read a translation, with the patterns for the
    numbers-in-words and glossary terms that ``entries`` (their expectations) refer to."""
    known = all_checks()
    spelled: dict[int, list[str]] = {}
    for entry in entries:
        for source in entry["sources"]:
            for value, _message, key in source.get("numbers", ()):
                if key is not None and key not in spelled:
                    pattern = words_pattern(value, rules.lang)
                    assert pattern is not None
                    spelled[key] = js_regex(pattern)
    glossary = {*rules.terms.values()} | {r for rs in rules.dnt_renderings.values() for r in rs}
    question, exclamation = meaning_mark_sets(rules.lang)
    return {
        "checks": [c for c in LIVE_CHECKS if c in set(enabled)],
        "severity": {c: known[c].severity for c in LIVE_CHECKS},
        "decimal": rules.decimal,
        "group": rules.group,
        "sourceDecimal": rules.source_decimal,
        "sourceGroup": rules.source_group,
        "urlRewrites": [list(pair) for pair in rules.url_rewrites],
        "minRatioLength": MIN_RATIO_LENGTH,
        "lengthRatio": [rules.length_ratio[0], rules.length_ratio[1]],
        "lengthRatioText": [f"{rules.length_ratio[0]:g}", f"{rules.length_ratio[1]:g}"],
        "questionMarks": "".join(sorted(question)),
        "exclamationMarks": "".join(sorted(exclamation)),
        "spelled": {str(k): v for k, v in sorted(spelled.items())},
        "terms": {t: js_regex(term_pattern(t)) for t in sorted(glossary)},
        "fold": _fold_table(),
        "run": RUN,
        "defaults": DEFAULTS,
        "entities": sorted(KNOWN),
        "patterns": {
            name: js_regex(pattern)
            for name, pattern in (
                ("mask", MASK_RE),
                ("doubled", DOUBLED_RE),
                ("mayDouble", MAY_DOUBLE_RE),
                ("entityNoSemicolon", NO_SEMICOLON_RE),
                ("entitySpaced", SPACED_RE),
                ("entityNamed", NAMED_RE),
                ("word", WORD_RE),
                ("foldMarks", MARKS_RE),
                ("spaces", SPACES_RE),
            )
        },
    }
