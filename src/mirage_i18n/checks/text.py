"""Text checks: whitespace, sentence-final punctuation, untranslated copies, length."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Message
from .context import DISCLAIMER_CONTEXT, EntryContext, LanguageRules
from .mdfacts import md_facts
from .placeholders import BRACE_RE, EMAIL_RE, PRINTF_RE, URL_RE, may_hold_url
from .registry import check
from .suppress import ignore_comment
from .util import pairs, quote, source_cache

HARD_BREAK_RE = re.compile(r"(?: {2,}|\\)\n")
DOUBLE_SPACE_RE = re.compile(r"(?<=\S) {2,}(?=\S)")
# Closing quotes of every convention the project's languages use („…“ de, «…» fr/it/el,
# „…” hu/ro/bg, ”…” sv), brackets and emphasis markers: the mark before them is what counts.
CLOSERS = "\"'”’“‘»«›‹)]*_ \u00a0\u202f\t\n"
# Final marks per language that mean the same as the source's. Greek writes the question
# mark as ";" (U+037E GREEK QUESTION MARK, or a plain semicolon).
FINAL_MARKS = {
    ".": ".",
    "!": "!",
    "?": "?",
    ":": ":",
    ";": ";",
    "…": "…",
    "。": ".",
    "！": "!",
    "？": "?",
    "：": ":",
    "；": ";",
    "\u037e": "?",
}
LANG_MARKS = {"el": {";": "?"}}
MIN_RATIO_LENGTH = 30
SHORT_WORDS = 2  # sources with fewer real words may stay as in English (names, "OK", "Facebook")
WORD_RE = re.compile(r"[^\W\d_]{2,}")


def edge(text: str, leading: bool) -> str:
    """The leading (or trailing) whitespace of ``text``."""
    # str.strip() strips exactly what the regex \s matches (every code point, tested)
    if leading:
        return text[: len(text) - len(text.lstrip())]
    return text[len(text.rstrip()) :]


_edge = edge


def _edged(text: str) -> bool:
    """Whitespace at an edge, or a line break: where ``whitespace`` may report."""
    return text[:1].isspace() or text[-1:].isspace() or "\n" in text


def _double_spaced(text: str) -> bool:
    return "  " in text


@check(
    id="whitespace",
    severity="warning",
    title="leading/trailing whitespace and line breaks consistent with the source",
    screen=_edged,
)
def whitespace(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        for leading, where in ((True, "leading"), (False, "trailing")):
            want, got = _edge(source, leading), _edge(text, leading)
            if want != got:
                yield f"{where} whitespace differs: source {want!r}, translation {got!r}"
        if "\n" not in source and "\n" not in text:
            continue  # no line break, no hard break on either side
        if "\n" not in source.strip() and "\n" in text.strip():
            yield "the translation breaks a line the source does not break"
        want_hb, got_hb = len(HARD_BREAK_RE.findall(source)), len(HARD_BREAK_RE.findall(text))
        if want_hb != got_hb:
            yield f"the source has {want_hb} hard line break(s), the translation {got_hb}"


@check(
    id="double-space",
    severity="warning",
    title="no double spaces inside the translation",
    screen=_double_spaced,
)
def double_space(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        if "  " not in text:
            continue  # no double space in the translation: nothing to report
        if len(DOUBLE_SPACE_RE.findall(text)) > len(DOUBLE_SPACE_RE.findall(source)):
            match = DOUBLE_SPACE_RE.search(text)
            assert match is not None
            around = text[max(0, match.start() - 15) : match.end() + 15]
            yield f"double space in the translation: {quote(around)}"


def final_mark(text: str, lang: str) -> str:
    """The sentence-final mark of ``text`` normalised across scripts, or '' if none."""
    prose = md_facts(text).text.rstrip(CLOSERS)
    if prose.endswith("..."):
        return "…"
    if not prose:
        return ""
    char = prose[-1]
    mark = LANG_MARKS.get(lang.split("_")[0].split("-")[0], {}).get(char) or FINAL_MARKS.get(
        char, ""
    )
    return mark


_source_mark = source_cache(final_mark)  # the same English for every language

# Marks that change what a sentence means. Greek writes the question mark as ";" (or U+037E),
# and uses "·" (ano teleia) as its semicolon, so a Greek ";" is always a question mark.
QUESTION = frozenset("?？\u037e")
EXCLAMATION = frozenset("!！")


def meaning_mark_sets(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """The characters that are question marks, and exclamation marks, in ``lang``."""
    greek = lang.split("_")[0].split("-")[0] == "el"
    return (QUESTION | {";"} if greek else QUESTION), EXCLAMATION


def meaning_marks(text: str, lang: str) -> tuple[int, int]:
    """How many question and exclamation marks the visible prose holds."""
    prose = md_facts(text).text
    if may_hold_url(prose):
        prose = URL_RE.sub(" ", prose)
    question, exclamation = meaning_mark_sets(lang)
    return sum(1 for c in prose if c in question), sum(1 for c in prose if c in exclamation)


_source_marks = source_cache(meaning_marks)


@check(
    id="punctuation",
    severity="warning",
    title="question and exclamation marks as in the source (a final full stop may come and go)",
    needs="[?!;\u037e？！]",
)
def punctuation(msg: Message, ctx: EntryContext) -> Iterator[str]:
    # A list item or a parenthesis gains or loses a final full stop as each language's
    # typography wants ("(subscribe!)" → "(prenumerera!)."): only ? and ! change the meaning.
    for source, text in pairs(msg):
        want = _source_marks(source, ctx.rules.source_lang)
        got = meaning_marks(text, ctx.lang)
        for (w, g), name in zip(zip(want, got), ("question mark", "exclamation mark")):
            if w != g:
                yield (
                    f"the source has {w} {name}(s), the translation {g}: "
                    f"{'a question became a statement' if name == 'question mark' and g < w else 'the tone changed'}?"
                )


def _real_words(text: str, rules: LanguageRules) -> list[str]:
    prose = md_facts(text).text
    for term in rules.do_not_translate:
        prose = prose.replace(term, " ")
    for pattern in (URL_RE, EMAIL_RE, BRACE_RE, PRINTF_RE):
        prose = pattern.sub(" ", prose)
    return WORD_RE.findall(prose)


@check(
    id="same-as-source",
    severity="error",
    title="translation identical to the source (names and short items allowed)",
)
def same_as_source(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        if text != source or identical_allowed(source, ctx.rules, msg.context):
            continue
        yield same_as_source_message(msg)


def identical_allowed(source: str, rules: LanguageRules, context: str | None) -> bool:
    """May a translation equal this English? The disclaimer (English is its approved
    fallback: the disclaimer check decides), an allowed text, names and short items."""
    return (
        context == DISCLAIMER_CONTEXT
        or source in rules.same_as_source_allow
        or len(_real_words(source, rules)) < SHORT_WORDS
    )


def same_as_source_message(msg: Message) -> str:
    return (
        "the translation is identical to the source (English left); translate it, or allow "
        "it in checks.same_as_source_allow, or add "
        f"'# {ignore_comment(msg, ['same-as-source'])}'"
    )


@check(
    id="length-ratio",
    severity="warning",
    title="translation length within checks.length_ratio of the source's",
)
def length_ratio(msg: Message, ctx: EntryContext) -> Iterator[str]:
    low, high = ctx.rules.length_ratio
    for source, text in pairs(msg):
        if len(source) < MIN_RATIO_LENGTH or text == source:
            continue
        ratio = len(text) / len(source)
        if not low <= ratio <= high:
            yield (
                f"the translation is {ratio:.2f}× the source's length "
                f"(allowed {low:g}–{high:g}); is something missing or added?"
            )
