"""Tokens a translator must copy verbatim: URLs, e-mail addresses, placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Message
from .context import EntryContext
from .mdfacts import MARKUP_CHARS, md_facts, source_facts
from .registry import check
from .util import pairs, quote, source_cache, unmatched

URL_RE = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"'`\]\[(){}]+", re.IGNORECASE)
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
BRACE_RE = re.compile(
    r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_.]*(?:![rsa])?(?::[^{}\s]*)?\}(?!\})|(?<!\{)\{\d+\}(?!\})"
)
PRINTF_RE = re.compile(
    r"(?<!%)%(?:\((?P<name>\w+)\))?(?:\d+\$)?[-#0+]*(?:\d+|\*)?(?:\.\d+)?[sdifFeEgGxXc](?![A-Za-z])"
)
URL_TRAILERS = ".,;:!?…»«”“’‘›‹"  # sentence marks and closing quotes after a bare URL
FORMAT_FLAGS = frozenset({"python-format", "c-format", "python-brace-format", "php-format"})


def may_hold_url(text: str) -> bool:
    """False when :data:`URL_RE` cannot match (it needs ``://`` or ``www.`` in any case):
    far cheaper than letting the pattern try every position of every translation."""
    if "://" in text:
        return True
    # only "W" lower-cases to "w": most translations have neither, and need no lower-cased copy
    return ("w" in text or "W" in text) and "www." in text.lower()


def urls(text: str) -> list[str]:
    """Bare URLs in prose (not Markdown link targets: those are md-link-target's job)."""
    prose = md_facts(text).text
    if not may_hold_url(prose):
        return []
    # Closing marks of every quote convention of the project's languages („…“ and ‚…‘ de,
    # »…« de, ‹…› fr) end the URL, not only the English ones: a German „https://…“ was an error.
    return [m.group(0).rstrip(URL_TRAILERS) for m in URL_RE.finditer(prose)]


_source_urls = source_cache(lambda text: tuple(urls(text)))  # same English, every language


def emails(text: str) -> list[str]:
    """Every e-mail address, including in ``mailto:`` links; lower-cased."""
    if "@" not in text:
        return []
    return [m.group(0).lower() for m in EMAIL_RE.finditer(text)]


# A Markdown character may make a URL of the prose (an entity, an escape, emphasis between
# "https:" and "//"); without one, the prose is the text, and urls() needs may_hold_url.
@check(
    id="url",
    severity="error",
    title="URLs in the text identical to the source's",
    needs=MARKUP_CHARS,
    screen=may_hold_url,
)
def url_identical(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        missing, extra = unmatched(_source_urls(source), urls(text), ctx.rules.url_rewrites)
        if extra:
            # a link of the source whose syntax broke ([text] (https://…)) leaves its target
            # as a bare URL: md-link-count reports the broken link, not a foreign URL here
            targets = source_facts(source).links
            extra = [u for u in extra if unmatched(targets, [u], ctx.rules.url_rewrites)[1]]
        if len(missing) == 1 and len(extra) == 1:
            yield f"URL changed: {quote(missing[0])} → {quote(extra[0])}"
            continue
        for item in missing:
            yield f"URL {quote(item)} of the source is missing"
        for item in extra:
            yield f"URL {quote(item)} is not in the source"


_source_emails = source_cache(lambda text: frozenset(emails(text)))


@check(
    id="email", severity="error", title="e-mail addresses identical to the source's", needs="[@]"
)
def email_identical(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        want, got = _source_emails(source), set(emails(text))
        missing, extra = sorted(want - got), sorted(got - want)
        if len(missing) == 1 and len(extra) == 1:
            yield f"e-mail address changed: {missing[0]} → {extra[0]}"
            continue
        for item in missing:
            yield f"e-mail address {item} of the source is missing"
        for item in extra:
            yield f"e-mail address {item} is not in the source"


def placeholders(text: str, printf: bool) -> list[str]:
    found = [m.group(0) for m in BRACE_RE.finditer(text)] if "{" in text else []
    if printf and "%" in text:
        found += [m.group(0) for m in PRINTF_RE.finditer(text)]
    return found


@check(
    id="placeholder",
    severity="error",
    title="{placeholders} and %s-style placeholders identical to the source's",
    needs="[{%]",
)
def placeholder_identical(msg: Message, ctx: EntryContext) -> Iterator[str]:
    flagged = bool(FORMAT_FLAGS & set(msg.flags))
    for source, text in pairs(msg):
        # printf markers only count where the source uses them (or a format flag says so):
        # "20% off" is prose, not a "%o" conversion.
        printf = flagged or bool(PRINTF_RE.search(source))
        missing, extra = unmatched(placeholders(source, printf), placeholders(text, printf))
        if len(missing) == 1 and len(extra) == 1:
            yield f"placeholder changed: {missing[0]} → {extra[0]} (placeholders are never translated)"
            continue
        for item in missing:
            yield f"placeholder {item} of the source is missing"
        for item in extra:
            yield f"placeholder {item} is not in the source"
