"""Facts about a Markdown inline string, read from markdown-it-py tokens (not regexes).

Segments are inline Markdown (a paragraph's or heading's content), so they are parsed with
``parseInline``: a msgid starting with ``2021.`` or ``- `` stays text instead of becoming
a list. Link targets come out normalised by markdown-it, identically on both sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it.rules_inline.autolink import AUTOLINK_RE as _AUTOLINK_RE
from markdown_it.rules_inline.autolink import EMAIL_RE as _EMAIL_RE
from markdown_it.token import Token

from ..mdparser import make_parser
from .util import language_cache, source_cache

_PARSER = make_parser()  # the project's dialect: the checks see exactly what extraction sees
# Link targets are percent-normalised by a pure function of the URL; the same targets recur in
# every language's translation of an entry. (This parser instance is private to the checks.)
_PARSER.normalizeLink = lru_cache(maxsize=16384)(_PARSER.normalizeLink)  # type: ignore[method-assign]
TAG_RE = re.compile(r"^<\s*(/)?\s*([A-Za-z][A-Za-z0-9-]*)([^>]*?)(/)?\s*>$", re.DOTALL)
ATTR_RE = re.compile(r"""\b(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


@dataclass(frozen=True)
class HtmlTag:
    name: str
    closing: bool
    self_closing: bool


@dataclass(frozen=True)
class MdFacts:
    links: tuple[str, ...] = ()  # href of every link (Markdown, autolink, <a href>)
    images: tuple[str, ...] = ()  # src of every image
    code: tuple[str, ...] = ()  # content of every inline code span
    emphasis: int = 0
    strong: int = 0
    html: tuple[HtmlTag, ...] = ()
    text: str = ""  # visible prose: text tokens and image alt text, no code, no URLs of autolinks
    text_parts: tuple[str, ...] = field(default=(), compare=False)
    simple: bool = field(
        default=False, compare=False
    )  # read without the parser: no reference links


_PLAIN = dict(MdFacts(simple=True).__dict__)  # the fields of a string without markup

# Characters that can start or end an inline token in CommonMark (code, emphasis, links,
# images, autolinks, HTML, entities, escapes, line breaks). A string with none of them parses
# to one plain text token, so most prose skips the parser (tested against the parser), and
# the Markdown checks, which compare nothing but tokens, are gated on them.
MARKUP_CHARS = re.compile(r"[`*_\[\]!<>&\\\n\r\0]")
_MARKUP_CHARS = MARKUP_CHARS


_new_object = object.__new__


def _plain_facts(source: str) -> MdFacts:
    """``MdFacts(text=source, text_parts=(source,) if source else (), simple=True)``, built
    without the frozen dataclass's constructor (nine ``object.__setattr__`` calls), as the
    PO reader builds its entries: most strings take this path (tested against the constructor)."""
    facts = _new_object(MdFacts)
    facts.__dict__.update(_PLAIN, text=source, text_parts=(source,) if source else ())
    return facts


@language_cache(16384)
def md_facts(source: str) -> MdFacts:
    if not _MARKUP_CHARS.search(source):
        return _plain_facts(source)
    return _simple_facts(source) or _parse_facts(source)


@source_cache
def source_facts(source: str) -> MdFacts:
    """:func:`md_facts` of an English source text, in a cache of its own.

    Every language compares with the same sources; in the shared cache, a language's
    translations would push them out before the next language needs them again.
    """
    return md_facts.__wrapped__(source)


# The common shapes of markup in news prose, read without the parser: inline links
# ``[label](target)`` with a plain label and a simple target, ``<scheme:...>`` and ``<address>``
# autolinks, single-backtick code spans, and
# ``*…*`` / ``**…**`` spans whose delimiters sit unambiguously between a space and a letter.
# Anything else (or any doubt) returns None and goes to markdown-it; a differential test
# (hypothesis and every CommonMark spec example) holds the two to identical facts.
# Every branch starts with a literal character, so the regex engine skips the positions no
# branch can start at (a set of first characters) instead of trying the six branches at
# every character of the prose: a star run is ``\*`` and the rest, the single markup
# characters one literal each (tested against the character-class form).
_SIMPLE_RE = re.compile(
    r"\[([^`*_\[\]!<>&\\\n\r\0]*)\]\(([^\x00-\x20\x7f()<>\"'\\&`*_\[\]!]+)\)"
    r"|<([^<>\x00-\x20]*)>"
    r"|\*(\**)"
    r"|`([^`\n\r\0 ]|[^`\n\r\0 ][^`\n\r\0]*[^`\n\r\0 ])`(?!`)"
    r"|`|_|\[|\]|!|<|>|&|\\|\n|\r|\0"
)
_OPEN_BEFORE = frozenset(" (")
_CLOSE_AFTER = frozenset(" .,;:?)")


def _simple_facts(source: str) -> MdFacts | None:
    links: list[str] = []
    code: list[str] = []
    seq: list[str | None] = []  # the token stream: text, or None for any other token
    runs: list[int] = []  # delimiter run lengths, alternately opening and closing
    pos = 0
    size = len(source)
    for match in _SIMPLE_RE.finditer(source):
        start, end = match.span()
        if start > pos:
            seq.append(source[pos:start])
        pos = end
        label, target, auto, more_stars, span = match.groups()
        if target is not None:
            href = _PARSER.normalizeLink(target)
            if not _PARSER.validateLink(href):
                return None
            links.append(href)
            seq.append(None)
            if label:
                seq.append(label)
            seq.append(None)
        elif auto is not None:
            if _AUTOLINK_RE.search(auto) is not None:
                href = _PARSER.normalizeLink(auto)
            elif _EMAIL_RE.search(auto) is not None:
                href = _PARSER.normalizeLink("mailto:" + auto)
            else:
                return None
            if not _PARSER.validateLink(href):
                return None
            links.append(href)
            seq.append(None)  # its text is the URL, not prose
            seq.append(None)
        elif span is not None:
            code.append(span)
            seq.append(None)
        elif more_stars is not None:
            width = 1 + len(more_stars)
            before = source[start - 1] if start else " "
            after = source[end] if end < size else " "
            if width > 2:
                return None
            opening = len(runs) % 2 == 0
            if opening:  # must open: after a space or "(", before a letter or digit
                if before not in _OPEN_BEFORE or not after.isalnum():
                    return None
            elif not (before.isalnum() and after in _CLOSE_AFTER and width == runs[-1]):
                return None  # must close the span just opened, with the same width
            runs.append(width)
            # markdown-it leaves an empty text token outside each strong delimiter
            if width == 2 and opening:
                seq.extend(("", None))
            elif width == 2:
                seq.extend((None, ""))
            else:
                seq.append(None)
        else:
            return None  # any other markup character: the parser decides
    if len(runs) % 2:
        return None
    if pos < size:
        seq.append(source[pos:])
    parts: list[str] = []
    joined = False  # adjacent text tokens are joined, as markdown-it's fragments_join does
    for item in seq:
        if item is None:
            joined = False
        elif joined:
            parts[-1] += item
        else:
            parts.append(item)
            joined = True
    closing = runs[1::2]
    return MdFacts(
        links=tuple(links),
        code=tuple(code),
        emphasis=closing.count(1),
        strong=closing.count(2),
        text="".join(parts),
        text_parts=tuple(parts),
        simple=True,
    )


# Reference links ([text][label], [label][], [label], and the image forms) resolve only
# against definitions elsewhere in the document, which an entry does not hold. Parsing with a
# table that resolves every label lets CommonMark's own rules say which spans are references.
_REF_MARK = "\x00ref:"


class _AnyReference(dict[str, Any]):
    def get(self, label: str, default: Any = None) -> dict[str, str]:
        return {"href": _REF_MARK + label, "title": ""}


def _reference_labels(text: str, facts: MdFacts) -> tuple[str, ...]:
    if facts.simple or "]" not in text:
        return ()  # no markup, or every bracket belongs to an inline [text](url) link
    labels: list[str] = []
    for block in _PARSER.parseInline(text, {"references": _AnyReference()}):
        for tok in block.children or []:
            target = str(tok.attrs.get("href" if tok.type == "link_open" else "src", ""))
            if tok.type in ("link_open", "image") and target.startswith(_REF_MARK):
                labels.append(target[len(_REF_MARK) :].lower())
    return tuple(labels)


@language_cache(16384)
def reference_labels(text: str) -> tuple[str, ...]:
    """Labels (normalised as CommonMark matches them: case-folded, spaces collapsed) of every
    reference link and image in ``text``, in order."""
    return _reference_labels(text, md_facts(text))


@source_cache
def source_reference_labels(text: str) -> tuple[str, ...]:
    """:func:`reference_labels` of an English source, beside :func:`source_facts`."""
    return _reference_labels(text, source_facts(text))


def _parse_facts(source: str) -> MdFacts:
    links: list[str] = []
    images: list[str] = []
    code: list[str] = []
    html: list[HtmlTag] = []
    parts: list[str] = []
    em = strong = 0
    in_autolink = False
    tokens = _PARSER.parseInline(source, {})
    children: list[Token] = [c for t in tokens for c in (t.children or [])]
    for tok in children:
        kind = tok.type
        if kind == "link_open":
            links.append(str(tok.attrs.get("href", "")))
            in_autolink = tok.markup == "autolink"
        elif kind == "link_close":
            in_autolink = False
        elif kind == "image":
            images.append(str(tok.attrs.get("src", "")))
            parts.append(tok.content)
        elif kind == "code_inline":
            code.append(tok.content)
        elif kind == "em_open":
            em += 1
        elif kind == "strong_open":
            strong += 1
        elif kind == "html_inline":
            tag = parse_tag(tok.content)
            if tag is not None:
                html.append(tag)
                for match in ATTR_RE.finditer(tok.content):
                    value = next(g for g in match.groups()[1:] if g is not None)
                    (images if match.group(1).lower() == "src" else links).append(value)
        elif kind == "text" and not in_autolink:
            parts.append(tok.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
    return MdFacts(
        links=tuple(links),
        images=tuple(images),
        code=tuple(code),
        emphasis=em,
        strong=strong,
        html=tuple(html),
        text="".join(parts),
        text_parts=tuple(parts),
    )


def parse_tag(raw: str) -> HtmlTag | None:
    """An HTML tag (comments, declarations and processing instructions give None)."""
    match = TAG_RE.match(raw.strip())
    if match is None:
        return None
    name = match.group(2).lower()
    return HtmlTag(
        name=name,
        closing=bool(match.group(1)),
        self_closing=bool(match.group(4)) or name in VOID_TAGS,
    )


def unbalanced_tags(tags: tuple[HtmlTag, ...]) -> list[str]:
    """Tags opened and not closed, or closed and not opened, in document order."""
    stack: list[str] = []
    problems: list[str] = []
    for tag in tags:
        if tag.self_closing and not tag.closing:
            continue
        if not tag.closing:
            stack.append(tag.name)
        elif stack and stack[-1] == tag.name:
            stack.pop()
        elif tag.name in stack:
            while stack and stack[-1] != tag.name:
                problems.append(f"<{stack.pop()}> not closed")
            stack.pop()
        else:
            problems.append(f"</{tag.name}> without <{tag.name}>")
    problems.extend(f"<{name}> not closed" for name in stack)
    return problems
