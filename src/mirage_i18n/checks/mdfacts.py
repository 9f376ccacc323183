"""Facts about a Markdown inline string, read from markdown-it-py tokens (not regexes).

Segments are inline Markdown (a paragraph's or heading's content), so they are parsed with
``parseInline``: a msgid starting with ``2021.`` or ``- `` stays text instead of becoming
a list. Link targets come out normalised by markdown-it, identically on both sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


def _make_parser() -> MarkdownIt:
    try:  # the project's parser factory, so checks see exactly what extraction sees
        from ..sources.markdown import make_parser  # type: ignore[import-not-found]

        return make_parser()
    except ImportError:
        return MarkdownIt("commonmark").enable("table")


_PARSER = _make_parser()
# Link targets are percent-normalised by a pure function of the URL; the same targets recur in
# every language's translation of an entry. (This parser instance is private to the checks.)
_PARSER.normalizeLink = lru_cache(maxsize=16384)(_PARSER.normalizeLink)  # type: ignore[method-assign]
_TAG_RE = re.compile(r"^<\s*(/)?\s*([A-Za-z][A-Za-z0-9-]*)([^>]*?)(/)?\s*>$", re.DOTALL)
_ATTR_RE = re.compile(r"""\b(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
VOID_TAGS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
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


# Characters that can start or end an inline token in CommonMark (code, emphasis, links,
# images, autolinks, HTML, entities, escapes, line breaks). A string with none of them parses
# to one plain text token, so most prose skips the parser (tested against the parser).
_MARKUP_CHARS = re.compile(r"[`*_\[\]!<>&\\\n\r]")


@lru_cache(maxsize=16384)
def md_facts(source: str) -> MdFacts:
    if not _MARKUP_CHARS.search(source):
        return MdFacts(text=source, text_parts=(source,) if source else ())
    return _parse_facts(source)


@lru_cache(maxsize=65536)
def source_facts(source: str) -> MdFacts:
    """:func:`md_facts` of an English source text, in a cache of its own.

    Every language compares with the same sources; in the shared cache, a language's
    123,000 translations would push them out before the next language needs them again.
    """
    return md_facts.__wrapped__(source)


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
                for match in _ATTR_RE.finditer(tok.content):
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
    match = _TAG_RE.match(raw.strip())
    if match is None:
        return None
    name = match.group(2).lower()
    return HtmlTag(name=name, closing=bool(match.group(1)),
                   self_closing=bool(match.group(4)) or name in VOID_TAGS)


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
