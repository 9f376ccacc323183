"""Markdown body → segments, and segments' translations → Markdown body.

Segmentation records, for every segment, the exact source span its text came from (see
``_record``). Reassembly replaces each span by the translation and leaves every other byte of
the source alone, so list markers, indentation, fences, HTML blocks and tables keep their
layout. A translation may be longer or hold more lines than the source: each new line gets
the container prefix of the block (``> ``, list indentation) so it lands in the same place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeAlias

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ..mdparser import make_parser
from ..model import Segment, shared_key_init
from . import _text
from ._record import DIRECTIVES, ENV_KEY, LINES, SPAN, Recorder, RefTitle, install
from .directives import Directive, Directives

Translations: TypeAlias = (
    Mapping[tuple[str | None, str], str] | Mapping[str, str] | Callable[[Segment], str | None]
)

_NEWLINES = re.compile(r"\r\n?")
_ORDERED_START = re.compile(r"(\d{1,9})([.)])")
_TRAILING_HASHES = re.compile(r"(^|[ \t])(#+)$")


@cache
def _plain() -> MarkdownIt:
    return make_parser()


@cache
def _recording() -> MarkdownIt:
    """The block parser only: segmentation needs the inline content of a block, not its parse
    (a third of the parsing time); the one place that looks at inline tokens, a paragraph that
    may be a lone image, parses that paragraph's content itself (:func:`_children`)."""
    md = install(make_parser())
    md.core.ruler.disable(["inline", "text_join"])
    return md


@shared_key_init
@dataclass(frozen=True)
class _Slot:
    """Where one segment's text sits in the body, and how a translation is written there."""

    start: int
    end: int
    style: str  # "block", "inline", "heading", "cell", "title"
    prefix: str = ""  # container prefix for lines added by a translation
    closer: str = ""  # title delimiter
    ref_label: str | None = None  # shortcut/collapsed reference image: the label to keep
    pipe_after: bool = False  # a table cell followed directly by "|"
    line_start: bool = False  # a title or alt text that starts its own (continuation) line


@dataclass(frozen=True)
class ParsedMarkdown:
    """A segmented body. ``reassemble`` rebuilds it with translated segments."""

    body: str  # the body, line ends normalised to "\n"
    first_line: int
    segments: tuple[Segment, ...]
    _slots: tuple[_Slot, ...] = field(repr=False, compare=False)

    def reassemble(self, translations: Translations) -> str:
        """The body with every segment replaced by its translation.

        ``translations`` is a function of the segment, or a mapping keyed by
        ``(context, msgid)`` or by msgid. ``None``, missing or ``""`` keeps the source text.
        """
        lookup = translation_lookup(translations)
        out, pos = [], 0
        for segment, slot in zip(self.segments, self._slots, strict=True):
            translation = lookup(segment)
            if not translation:
                continue
            out.append(self.body[pos : slot.start])
            if slot.ref_label is not None and translation == segment.text:
                out.append(self.body[slot.start : slot.end])
            else:
                out.append(_write(slot, translation))
            pos = slot.end
        out.append(self.body[pos:])
        return "".join(out)


def segment_markdown(body: str, first_line: int = 1, *, path: str | None = None) -> ParsedMarkdown:
    """Split a Markdown body into segments (document order) with their source spans.

    ``first_line`` is the file line of the body's first line; ``path`` only labels errors.
    Raises :class:`~mirage_i18n.errors.SourceError` for a bad i18n directive.
    """
    src = _NEWLINES.sub("\n", body).replace("\0", "\ufffd")  # as markdown-it normalises
    recorder = Recorder(first_line, path)
    env: dict[str, Any] = {ENV_KEY: recorder}
    tokens = _recording().parse(src, env)
    recorder.finish()
    del env[ENV_KEY]
    found = list(_from_tokens(src, tokens, env, first_line))
    found += [_ref_title(src, ref, first_line) for ref in recorder.refs if _active(ref)]
    found.sort(key=lambda pair: pair[1].start)
    return ParsedMarkdown(
        src, first_line, tuple(s for s, _ in found), tuple(slot for _, slot in found)
    )


# --- segmentation ----------------------------------------------------------------------

_Found: TypeAlias = tuple[Segment, _Slot]
_NONE = Directives()  # what merging no directive gives (most blocks have none)


def _active(ref: RefTitle) -> bool:
    return not Directives.merge(ref.directives).skip


def _segment(text: str, kind: str, line: int, directives: Directives) -> Segment:
    return Segment(text, kind, line, directives.context, directives.note)


def _prefix(src: str, content_start: int) -> str:
    """Container prefix for a continuation line: the first line's prefix with list markers
    blanked (``> 1. `` → ``>    ``); blanking keeps columns, so tabs stay correct."""
    line_start = src.rfind("\n", 0, content_start) + 1
    original = src[line_start:content_start]
    if not original:
        return ""  # a block at the margin (most paragraphs)
    out = []
    for i, ch in enumerate(original):
        if ch == ">":
            out.append(ch)
            after = original[i + 1 : i + 2]
            if after and not after.isspace() and after != ">":
                # ">-" becomes ">  ": the first space would be eaten as the optional space
                # after ">", shifting the line one column left; add it back
                out.append(" ")
        else:
            out.append(ch if ch.isspace() else " ")
    return "".join(out)


def _from_tokens(
    src: str, tokens: list[Token], env: dict[str, Any], first_line: int
) -> list[_Found]:
    found: list[_Found] = []
    containers: list[str] = []
    active: list[tuple[int, tuple[Directive, ...]]] = []
    for i, token in enumerate(tokens):
        if token.nesting == 1:
            if token.meta.get(DIRECTIVES):
                active.append((token.level, token.meta[DIRECTIVES]))
            if token.type == "blockquote_open":
                containers.append("blockquote")
            elif token.type == "list_item_open":
                containers.append("list item")
        elif token.nesting == -1:
            if token.type in ("blockquote_close", "list_item_close"):
                containers.pop()
            if active and active[-1][0] == token.level:
                active.pop()
        if token.type != "inline":
            continue
        directives = Directives.merge(d for _, ds in active for d in ds) if active else _NONE
        if directives.skip:
            continue
        opener = tokens[i - 1]
        where = token.map or opener.map
        assert where is not None
        line = where[0] + first_line
        if opener.type == "paragraph_open":
            kind = containers[-1] if containers else "paragraph"
            found += _paragraph(src, opener, token, env, kind, line, directives)
        elif opener.type == "heading_open" and LINES in opener.meta:
            found += _lines_block(src, opener.meta[LINES], env, "heading", line, directives)
        elif opener.type in ("heading_open", "th_open", "td_open") and SPAN in opener.meta:
            start, end = opener.meta[SPAN]
            if start == end:
                continue
            if opener.type == "heading_open":
                kind, slot = "heading", _Slot(start, end, "heading")
            else:
                kind = "table header" if opener.type == "th_open" else "table cell"
                slot = _Slot(start, end, "cell", pipe_after=src[end : end + 1] == "|")
            found.append((_segment(src[start:end], kind, line, directives), slot))
    return found


def _lines_block(
    src: str,
    lines: list[tuple[int, int]],
    env: dict[str, Any],
    kind: str,
    line: int,
    directives: Directives,
) -> list[_Found]:
    """A paragraph or setext heading: its content lines make one segment."""
    if len(lines) == 1:  # one line (most paragraphs): the same, without the lists
        s, e = lines[0]
        piece = src[s:e]
        end = s + len(piece.rstrip(MD_TRIM_CHARS))
        start = s + len(piece) - len(piece.lstrip(MD_TRIM_CHARS))
        if start >= end:
            return []
        slot = _Slot(start, end, "block", prefix=_prefix(src, s))
        return [(_segment(src[start:end], kind, line, directives), slot)]
    pieces = [src[s:e] for s, e in lines]
    end = lines[-1][0] + len(pieces[-1].rstrip(MD_TRIM_CHARS))
    start = lines[0][0] + len(pieces[0]) - len(pieces[0].lstrip(MD_TRIM_CHARS))
    if start >= end:
        return []
    spans = [(max(s, start), min(e, end)) for s, e in lines]
    pieces = [src[s:e] for s, e in spans]
    slot = _Slot(start, end, "block", prefix=_prefix(src, lines[0][0]))
    return [(_segment(_msgid(pieces, env), kind, line, directives), slot)]


def _msgid(pieces: list[str], env: dict[str, Any], *, block: bool = True) -> str:
    """Normalised msgid of multi-line inline text, checked to render like the source: when
    a normalisation would change the rendering, it is not applied. For a ``block`` (the
    text starts a paragraph) the joined text must also still parse as one paragraph:
    ``<a href="x"`` + ``title="y">`` joined on one line would be an HTML block."""
    if len(pieces) == 1:
        return pieces[0]
    raw = "\n".join(pieces)
    want = _render_inline(raw, env)
    for candidate in (
        _text.join_lines(pieces),
        _text.join_lines(pieces, backslash=False),
    ):
        if _render_inline(candidate, env) == want and (not block or _is_paragraph(candidate)):
            return candidate
    return raw


def _render_inline(text: str, env: dict[str, Any]) -> str:
    return _text.normalise_html(_plain().renderInline(text, dict(env)))


def _paragraph(
    src: str,
    opener: Token,
    inline: Token,
    env: dict[str, Any],
    kind: str,
    line: int,
    directives: Directives,
) -> list[_Found]:
    lines: list[tuple[int, int]] = opener.meta[LINES]
    children = _children(inline, env)
    if len(children) == 1 and children[0].type == "image":
        image = _image(src, lines, env, children[0], line, directives)
        if image is not None:
            return image
    return _lines_block(src, lines, env, kind, line, directives)


def _children(inline: Token, env: dict[str, Any]) -> list[Token]:
    """The inline tokens of a paragraph, as the full parser's core rules would make them, for
    a paragraph that can be only an image: one whose content starts with ``![`` (the first
    inline token starts at its first character, and only the image rule makes an image).
    Others get no parse, and so no children."""
    if not inline.content.startswith("!["):
        return []
    tokens = _plain().parseInline(inline.content, dict(env))
    return tokens[0].children or []


class _Text:
    """Paragraph content as one string (lines joined by "\\n") mapped back to the source."""

    def __init__(self, src: str, lines: list[tuple[int, int]]) -> None:
        self.src = src
        self.bases: list[int] = []
        self.starts: list[int] = []
        parts = []
        pos = 0
        for s, e in lines:
            self.bases.append(pos)
            self.starts.append(s)
            parts.append(src[s:e])
            pos += e - s + 1
        self.text = "\n".join(parts).rstrip(MD_TRIM_CHARS)

    def offset(self, index: int) -> int:
        for base, start in zip(reversed(self.bases), reversed(self.starts), strict=True):
            if index >= base:
                return start + index - base
        raise AssertionError(index)

    def line_of(self, index: int) -> int:
        return sum(1 for base in self.bases if base <= index) - 1


def _image(
    src: str,
    lines: list[tuple[int, int]],
    env: dict[str, Any],
    image: Token,
    line: int,
    directives: Directives,
) -> list[_Found] | None:
    """A paragraph holding only an image: its alt text and title are the segments (the
    URL is not translated). ``None`` if the source does not look as expected."""
    content = _Text(src, lines)
    text, md = content.text, _plain()
    if not text.startswith("!["):
        return None
    state = StateInline(text, md, dict(env), [])
    label_end = md.helpers.parseLinkLabel(state, 1, False)
    if label_end < 0:
        return None
    if _squash(text[2:label_end]) != _squash(image.content):
        return None
    found: list[_Found] = []
    pos, maximum = label_end + 1, len(text)
    ref_label: str | None = None
    alt_end = label_end
    if pos < maximum and text[pos] == "(":
        pos += 1
        while pos < maximum and text[pos] in " \t\n":
            pos += 1
        dest = md.helpers.parseLinkDestination(text, pos, maximum)
        if dest.ok:
            pos = dest.pos
        gap = pos
        while pos < maximum and text[pos] in " \t\n":
            pos += 1
        title = md.helpers.parseLinkTitle(text, pos, maximum, None)
        if pos < maximum and gap != pos and title.ok and title.str:
            if title.str != image.attrGet("title"):
                return None
            found += _span_segment(
                content,
                pos + 1,
                title.pos - 1,
                "image title",
                line,
                directives,
                style="title",
                closer=text[title.pos - 1],
            )
    elif text[pos : pos + 2] == "[]" or pos >= maximum or text[pos] != "[":
        ref_label = text[2:label_end]
        alt_end = label_end + (3 if text[pos : pos + 2] == "[]" else 1)
    alt = _span_segment(
        content,
        2,
        label_end,
        "image alt",
        line,
        directives,
        style="inline",
        ref_label=ref_label,
        slot_end=alt_end,
        env=env,
    )
    return alt + found


def _squash(text: str) -> str:
    return " ".join(text.split())


def _span_segment(
    content: _Text,
    start: int,
    end: int,
    kind: str,
    line: int,
    directives: Directives,
    *,
    style: str,
    closer: str = "",
    ref_label: str | None = None,
    slot_end: int | None = None,
    env: dict[str, Any] | None = None,
) -> list[_Found]:
    """A segment for ``content.text[start:end]`` (whitespace around it stays in place)."""
    raw = content.text[start:end]
    lead = len(raw) - len(raw.lstrip(" \t\n"))
    trail = len(raw) - len(raw.rstrip(" \t\n"))
    if lead == len(raw):
        return []
    start, end = start + lead, end - trail
    pieces = [
        p.lstrip(" \t") if i else p for i, p in enumerate(content.text[start:end].split("\n"))
    ]
    if style == "title":
        msgid = " ".join(p for p in pieces if p)
    else:
        msgid = _msgid(pieces, env or {}, block=False)
    slot = _Slot(
        content.offset(start),
        content.offset(slot_end if ref_label is not None and slot_end else end),
        style,
        prefix=_prefix(content.src, content.starts[0]),
        closer=closer,
        ref_label=ref_label,
        line_start=_at_line_start(content.src, content.offset(start)),
    )
    seg_line = line + content.line_of(start)
    return [(_segment(msgid, kind, seg_line, directives), slot)]


def _ref_title(src: str, ref: RefTitle, first_line: int) -> _Found:
    raw = src[ref.start : ref.end]
    lead = len(raw) - len(raw.lstrip(" \t\n"))
    start, end = ref.start + lead, ref.start + len(raw.rstrip(" \t\n"))
    msgid = " ".join(p.strip(" \t") for p in src[start:end].split("\n") if p.strip(" \t"))
    directives = Directives.merge(ref.directives)
    line = ref.line + first_line + src.count("\n", ref.start, start)
    closer = src[ref.end : ref.end + 1]
    slot = _Slot(start, end, "title", closer=closer, line_start=_at_line_start(src, start))
    return _segment(msgid, "link title", line, directives), slot


def _at_line_start(src: str, offset: int) -> bool:
    return not src[src.rfind("\n", 0, offset) + 1 : offset].strip(" \t>")


# --- reassembly ------------------------------------------------------------------------


def translation_lookup(translations: Translations) -> Callable[[Segment], str | None]:
    """One way to ask for a segment's translation, whatever form ``translations`` has."""
    if callable(translations):
        return translations
    table: Mapping[Any, str] = translations

    def find(segment: Segment) -> str | None:
        found = table.get((segment.context, segment.text))
        if found is None and segment.context is None:
            found = table.get(segment.text)
        return found

    return find


def _write(slot: _Slot, translation: str) -> str:
    """The source text for a translation at ``slot``."""
    text = translation.strip()
    if slot.style == "heading":
        text = _text.flatten(text)
        m = _TRAILING_HASHES.search(text)
        if m:  # " #" at the end would be read as a closing sequence
            text = text[: m.start(2)] + "\\" + text[m.start(2) :]
        return text
    if slot.style == "cell":
        text = _text.escape_unescaped(_text.flatten(text), "|")
        return text + " " if slot.pipe_after and _text.odd_backslashes(text) else text
    if slot.style == "title":
        delimiters = "()" if slot.closer == ")" else slot.closer
        text = _text.close_backslash(_text.escape_unescaped(_text.flatten(text), delimiters))
        return _indent_if_risky(slot, text)
    text = _text.collapse_blank_lines(text)
    lines = [line if i == 0 else line.lstrip(" \t") for i, line in enumerate(text.split("\n"))]
    if slot.style == "inline":  # image alt text
        if not _text.balanced_brackets(text):
            lines = [_text.escape_unescaped(line, "[]") for line in lines]
        lines[-1] = _text.close_backslash(lines[-1])
        text = _indent_if_risky(slot, _join(lines, slot.prefix, protect=True))
        return text + "][" + slot.ref_label + "]" if slot.ref_label is not None else text
    lines[0] = _protect_first(lines[0])
    protect = len(lines) > 1 and not _is_paragraph("\n".join(lines))
    return _join(lines, slot.prefix, protect)


def _indent_if_risky(slot: _Slot, text: str) -> str:
    """Text starting a continuation line of a paragraph or definition must not open a
    block: five spaces make it indented code, which cannot interrupt (five, not four, as
    one may be eaten as the optional space after a ``>``)."""
    return "     " + text if slot.line_start and not text[:1].isalpha() else text


def _join(lines: list[str], prefix: str, protect: bool) -> str:
    """Join lines, each continuation line behind the container prefix. ``protect`` indents
    lines that might start a block by four more columns: such a line can only continue the
    paragraph (indented code cannot interrupt one)."""
    deep = (prefix + " " if prefix.endswith(">") else prefix) + "    "
    out = [lines[0]]
    for line in lines[1:]:
        risky = protect and line[:1] and not line[0].isalpha()
        out.append((deep if risky else prefix) + line)
    return "\n".join(out)


def _is_paragraph(text: str) -> bool:
    tokens = _plain().parse(text)
    return (
        len(tokens) == 3
        and tokens[0].type == "paragraph_open"
        and tokens[0].map == [0, text.count("\n") + 1]
    )


def _protect_first(line: str) -> str:
    """Escape the start of a translated block that would otherwise open another block
    (``# ``, ``- ``, ``1. ``, ``> ``, a fence, an HTML block, a reference definition…)."""
    if not line or line[0].isalpha() or _is_paragraph(line):
        return line
    m = _ORDERED_START.match(line)
    if m:
        return m.group(1) + "\\" + line[m.end(1) :]
    if line[0] in _text.ASCII_PUNCT:
        return "\\" + line
    return line
