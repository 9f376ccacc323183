"""Markdown checks: the translation keeps the source's links, images, code and markup."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from ..model import Message
from .context import EntryContext
from .mdfacts import (
    MARKUP_CHARS,
    md_facts,
    reference_labels,
    source_facts,
    source_reference_labels,
    unbalanced_tags,
)
from .placeholders import urls
from .registry import check
from .util import pairs, quote, unmatched


def _non_mail(links: tuple[str, ...]) -> list[str]:
    # mailto: targets are compared by the e-mail check, which knows case rules.
    return [link for link in links if not link.lower().startswith("mailto:")]


def link_markup(source: str, target: str) -> str:
    """How the source writes its link to ``target``: ``[text](target)`` (the first such
    inline link), else ``<target>``; for a message that shows the translator what to restore."""
    found = re.search(r"\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?" + re.escape(target) + r">?[\s)]", source)
    return f"[{found.group(1)}]({target})" if found else f"<{target}>"


def lost_syntax(source: str, text: str, rewrites: Sequence[tuple[str, str]]) -> list[str]:
    """Link targets of the source that the translation has lost as links but still holds as a
    bare URL: ``[text] (https://…)``, ``[text](https://…``, ``text (https://…)``. One fault,
    reported once, by md-link-count (the url check leaves such a URL alone)."""
    missing, _ = unmatched(_non_mail(source_facts(source).links), md_facts(text).links, rewrites)
    if not missing:
        return []
    bare = urls(text)
    return [t for t in missing if not unmatched([t], bare, rewrites)[0]]


def lost_syntax_message(source: str, target: str) -> str:
    return (
        f"the link `{link_markup(source, target)}` lost its Markdown syntax: write it as "
        f"`[translated text]({target})`, with no space between `]` and `(`"
    )


@check(
    id="md-link-count",
    severity="error",
    title="same number of links as the source",
    needs=MARKUP_CHARS,
)
def link_count(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        want, got = len(source_facts(source).links), len(md_facts(text).links)
        if want == got:
            continue
        broken = lost_syntax(source, text, ctx.rules.url_rewrites) if want > got else []
        for target in broken:
            yield lost_syntax_message(source, target)
        if want - len(broken) != got:  # something else besides: the count says it
            yield f"the source has {want} link(s), the translation {got}"


@check(
    id="md-link-target",
    severity="error",
    title="link targets identical to the source's (or rewritten by a url_rewrites rule)",
    needs=MARKUP_CHARS,
)
def link_target(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        missing, extra = unmatched(
            _non_mail(source_facts(source).links),
            _non_mail(md_facts(text).links),
            ctx.rules.url_rewrites,
        )
        if len(missing) == 1 and len(extra) == 1:
            yield f"link target changed: {quote(missing[0])} → {quote(extra[0])}"
        else:
            for item in extra:  # a lost link is md-link-count's finding
                yield f"link target {quote(item)} is not in the source"


@check(
    id="md-image",
    severity="error",
    title="same images (count and targets) as the source",
    needs=MARKUP_CHARS,
)
def images(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        src, tgt = source_facts(source).images, md_facts(text).images
        if len(src) != len(tgt):
            yield f"the source has {len(src)} image(s), the translation {len(tgt)}"
            continue
        missing, extra = unmatched(src, tgt, ctx.rules.url_rewrites)
        for old, new in zip(missing, extra):
            yield f"image target changed: {quote(old)} → {quote(new)}"


@check(
    id="md-code", severity="error", title="inline code spans kept and unchanged", needs=MARKUP_CHARS
)
def inline_code(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        src, tgt = source_facts(source).code, md_facts(text).code
        if len(src) != len(tgt):
            yield f"the source has {len(src)} inline code span(s), the translation {len(tgt)}"
            continue
        missing, extra = unmatched(src, tgt)
        for old, new in zip(missing, extra):
            yield f"inline code changed: `{old}` → `{new}` (code is never translated)"


@check(
    id="md-emphasis",
    severity="warning",
    title="same number of emphasis and strong spans as the source",
    needs=MARKUP_CHARS,
)
def emphasis(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        s, t = source_facts(source), md_facts(text)
        if s.emphasis != t.emphasis:
            yield f"the source has {s.emphasis} emphasis span(s) (*…*), the translation {t.emphasis}"
        if s.strong != t.strong:
            yield f"the source has {s.strong} strong span(s) (**…**), the translation {t.strong}"


@check(
    id="md-html",
    severity="error",
    title="inline HTML tags balanced and the same set as the source",
    needs=MARKUP_CHARS,
)
def html_tags(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        s, t = source_facts(source).html, md_facts(text).html
        if not s and not t:
            continue
        want = Counter((tag.name, tag.closing) for tag in s)
        got = Counter((tag.name, tag.closing) for tag in t)
        if want != got:

            def show(c: Counter[tuple[str, bool]]) -> str:
                return (
                    " ".join(
                        f"<{'/' if closing else ''}{name}>"
                        for (name, closing), n in sorted(c.items())
                        for _ in range(n)
                    )
                    or "none"
                )

            yield (
                f"HTML tags differ: the source has {show(want - got)} "
                f"where the translation has {show(got - want)}"
            )
            continue
        known = unbalanced_tags(s)
        for problem in unbalanced_tags(t):
            if problem not in known:
                yield f"unbalanced HTML: {problem}"


@check(
    id="md-reference",
    severity="warning",
    title="reference link labels ([text][label], [label]) kept as in the source",
    needs=r"[\]]",
)
def reference_kept(msg: Message, ctx: EntryContext) -> Iterator[str]:
    # A warning, not an error: without the document's definitions, a bracketed word ("[sic]")
    # cannot be told from a shortcut reference link, and translating the former is fine.
    for source, text in pairs(msg):
        missing, _ = unmatched(source_reference_labels(source), reference_labels(text))
        for label in missing:
            yield (
                f"[{label}] of the source is gone from the translation: if it is a reference link, "
                f"its label must stay as it is for the link to find its definition; "
                f"translate the link text as [translated text][{label}]"
            )
