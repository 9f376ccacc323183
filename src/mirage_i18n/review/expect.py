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
from ..checks.markup import link_markup
from ..checks.mdfacts import ATTR_RE, TAG_RE, VOID_TAGS, source_facts, source_reference_labels
from ..checks.numbers import (
    DIGITS_RE,
    SPACES,
    explained_digits,
    missing_number_message,
    source_numbers,
    words_pattern,
)
from ..checks.placeholders import (
    BRACE_RE,
    EMAIL_RE,
    FORMAT_FLAGS,
    PRINTF_RE,
    URL_RE,
    URL_TRAILERS,
    emails,
    placeholders,
    urls,
)
from ..checks.registry import all_checks
from ..checks.spelled import MARKS_RE
from ..checks.suppress import ignore_comment, suppressed_ids
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
from .jsregex import every_character, js_regex, space_class

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
# Checks of one entry the page shows only as validate found them when the pack was made, and
# why: their rule is not a list or a pattern the page could match (the page would have to
# re-implement it), or it needs the whole language.
PACKED_ONLY = {
    "mojibake": "ftfy judges whether a text is garbled, and gives the repair",
    "name": "control flow over a name's words (a title, a leading word) and one-letter edits",
    "name-case": "control flow over a name's words, as the name check",
    "truncation": "compares with the length the language's reviewed entries usually have",
    "wrong-paragraph": "compares with the length the language's reviewed entries usually have",
    "wrong-language": "a language identifier (fastText's model), and the language's common words",
    "control-char": "names each character by its Unicode name (unicodedata), which the page lacks",
    "hugo-shortcode": "control flow of Hugo's lexer (mirage_i18n.shortcodes), not a pattern",
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
    "linkShown": {},
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
    "same": False,
    "masks": [],
    "doubled": [],
    "entities": [],
    "runs": [],
    "runWords": [],
}
# Messages that name the entry's suppression comment travel once, as templates: the script
# puts the entry's comment (its "ignore", with the check id) and the quoted text in the marks.
COMMENT = "\x00"  # the suppression comment, as ignore_comment() writes it
TEXT = "\x01"  # what the message shows of the texts (a number as written, English words)
CHECK = "\x02"  # the check id in an entry's "ignore"


def source_expectations(source: str, rules: LanguageRules, msg: Message) -> dict[str, Any]:
    """Everything the live checks need to know about one English text of ``msg``."""
    facts = source_facts(source)
    printf = bool(FORMAT_FLAGS & set(msg.flags)) or bool(PRINTF_RE.search(source))
    numbers = []
    for written, value in source_numbers(source, rules):
        words = words_pattern(value, rules.lang)
        numbers.append([value, written, int(value) if words else None])
    runs = source_runs(source, rules, msg.context)
    chains, odd = _chains(runs)
    out: dict[str, Any] = {
        "numbers": numbers,
        "explained": sorted(explained_digits(source, rules)),
        "rawDigits": sorted(set(DIGITS_RE.findall(source))),
        "urls": list(urls(source)),
        "emails": sorted(set(emails(source))),
        "printf": printf,
        "placeholders": placeholders(source, printf),
        "links": list(facts.links),
        # how md-link-count shows a link whose syntax broke (markup.link_markup)
        "linkShown": {t: link_markup(source, t) for t in facts.links},
        "images": list(facts.images),
        "code": list(facts.code),
        "emphasis": facts.emphasis,
        "strong": facts.strong,
        "html": [[t.name, t.closing, t.self_closing] for t in facts.html],
        "refs": list(source_reference_labels(source)),
        # do-not-translate terms in the English (see the rules' "dnt" for what they accept)
        "dnt": [t for t in rules.do_not_translate if t in source and t not in rules.dnt_exempt],
        "terms": list(mentioned_terms(tuple(rules.terms), source)),
        "lead": edge(source, True),
        "trail": edge(source, False),
        "newline": "\n" in source,
        "innerNewline": "\n" in source.strip(),
        "hardBreaks": len(HARD_BREAK_RE.findall(source)),
        "doubleSpaces": len(DOUBLE_SPACE_RE.findall(source)),
        "marks": list(meaning_marks(source, rules.source_lang)),
        "length": len(source),
        "same": not identical_allowed(source, rules, msg.context),  # identical is an error
        "masks": masks(source),
        "doubled": doubled(source),
        "entities": entity_problems(source),
        "runs": chains,  # english-left's runs, as chains of overlapping runs
        "runWords": odd,
    }
    # Most entries have nothing to compare for most checks: items equal to their default stay
    # out of the page (the script fills them in from the rules' "defaults").
    return {k: v for k, v in out.items() if v != DEFAULTS[k]}


def _chains(runs: frozenset[tuple[str, ...]]) -> tuple[list[str], list[str]]:
    """english-left's runs (every RUN words in a row of the English) as word sequences whose
    RUN-word windows are exactly the runs: the same set in a fraction of the room. Runs of
    another length (a word that folding split or dropped) can match no window; only their
    words count, towards the vocabulary the check counts first: those come second."""
    full = sorted(r for r in runs if len(r) == RUN)
    by_head: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for run in full:
        by_head.setdefault(run[:-1], []).append(run)
    follows = {n for run in full for n in by_head.get(run[1:], ())}
    seen: set[tuple[str, ...]] = set()
    chains = []
    for start in [r for r in full if r not in follows] + full:
        if start in seen:
            continue
        seen.add(start)
        chain, run = list(start), start
        while (
            nxt := next((n for n in by_head.get(run[1:], ()) if n not in seen), None)
        ) is not None:
            seen.add(nxt)
            chain.append(nxt[-1])
            run = nxt
        chains.append(" ".join(chain))
    odd = sorted({w for r in runs if len(r) != RUN for w in r})
    return chains, odd


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
    if any(s.get("numbers") or s.get("same") or s.get("runs") for s in expected):
        out["ignore"] = ignore_comment(msg, [CHECK])  # for the templates' COMMENT
    return out


def message_templates(lang: str) -> dict[str, str]:
    """The messages that name an entry's suppression comment, with COMMENT and TEXT marks
    where the entry's comment and the text shown go (written by the checks' own functions)."""
    probe = Message(msgid="probe")
    made = {
        "number": missing_number_message(TEXT, lang, probe),
        "same-as-source": same_as_source_message(probe),
        "english-left": english_left_message(TEXT, probe).replace(repr(TEXT), TEXT),
    }
    out = {}
    for check_id, message in made.items():
        out[check_id] = message.replace(ignore_comment(probe, [check_id]), COMMENT)
        assert out[check_id].count(COMMENT) == 1, check_id
    return out


@lru_cache(maxsize=1)
def _fold_table() -> dict[str, str]:
    """``str.casefold`` of every character it changes: the page folds with this table, not
    with the browser's own (older or newer) Unicode case data."""
    every = every_character()
    table: dict[str, str] = {}
    for start in range(0, len(every), 512):  # most blocks have no cased letter at all
        block = every[start : start + 512]
        if block.casefold() != block:
            table.update((c, c.casefold()) for c in block if c.casefold() != c)
    return table


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
    dnt = [t for t in rules.do_not_translate if t not in rules.dnt_exempt]
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
        # do-not-translate term → [renderings the language accepts, validate's message]
        "dnt": {
            t: [
                list(rules.dnt_renderings.get(t, ())),
                dnt_message(t, rules.lang, rules.dnt_renderings.get(t, ())),
            ]
            for t in dnt
        },
        # English term → [the required target, validate's message]
        "required": {
            e: [t, required_term_message(e, t, rules.lang)] for e, t in rules.terms.items()
        },
        "messages": message_templates(rules.lang),
        "marks": {"comment": COMMENT, "text": TEXT, "check": CHECK},
        "fold": _fold_table(),
        "spaceClass": space_class(),
        "urlTrailers": URL_TRAILERS,
        "numberSpaces": SPACES,
        "voidTags": sorted(VOID_TAGS),
        "run": RUN,
        "defaults": DEFAULTS,
        "entities": " ".join(sorted(KNOWN)),
        "patterns": {
            name: js_regex(pattern)
            for name, pattern in (
                ("url", URL_RE),
                ("email", EMAIL_RE),
                ("brace", BRACE_RE),
                ("printf", PRINTF_RE),
                ("digits", DIGITS_RE),
                ("hardBreak", HARD_BREAK_RE),
                ("doubleSpace", DOUBLE_SPACE_RE),
                ("tag", TAG_RE),
                ("attr", ATTR_RE),
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
