"""Small text rules shared by segmentation and reassembly: line breaks, escapes."""

from __future__ import annotations

import re

_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_HTML_SPACE = re.compile(r"[ \t\n]+")
ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def odd_backslashes(text: str) -> bool:
    """Does ``text`` end with an unescaped backslash?"""
    return (len(text) - len(text.rstrip("\\"))) % 2 == 1


def break_kind(line: str) -> str | None:
    """How the line end after ``line`` renders inside a paragraph: ``"backslash"`` or
    ``"spaces"`` (a hard break), or ``None`` (a soft break)."""
    if odd_backslashes(line):
        return "backslash"
    if line.endswith("  "):
        return "spaces"
    return None


def join_lines(pieces: list[str], *, soft: bool = True, backslash: bool = True) -> str:
    """Join paragraph lines into a msgid.

    Soft breaks become one space (``soft``); hard breaks stay a line end, the two-space form
    rewritten to the visible backslash form (``backslash``).
    """
    out = []
    for piece in pieces[:-1]:
        kind = break_kind(piece)
        if kind == "spaces" and backslash:
            out.append(piece.rstrip(" ") + "\\\n")
        elif kind is None and soft:
            out.append(piece.rstrip(" \t") + " ")
        else:
            out.append(piece + "\n")
    out.append(pieces[-1])
    return "".join(out)


def collapse_blank_lines(text: str) -> str:
    """A translation cannot hold a blank line inside one block: it would end the block."""
    return _BLANK_LINES.sub("\n", text)


def flatten(text: str) -> str:
    """Single-line form for places without line breaks (ATX headings, cells, titles)."""
    lines = text.split("\n")
    out = []
    for line in lines[:-1]:
        if odd_backslashes(line):
            line = line[:-1]
        out.append(line.strip(" \t"))
    out.append(lines[-1].strip(" \t"))
    return " ".join(part for part in out if part)


def escape_unescaped(text: str, chars: str) -> str:
    """Backslash-escape every unescaped occurrence of ``chars``."""
    out, escaped = [], False
    for ch in text:
        if ch in chars and not escaped:
            out.append("\\")
        out.append(ch)
        escaped = ch == "\\" and not escaped
    return "".join(out)


def balanced_brackets(text: str) -> bool:
    depth, escaped = 0, False
    for ch in text:
        if not escaped:
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth < 0:
                    return False
        escaped = ch == "\\" and not escaped
    return depth == 0


def close_backslash(text: str) -> str:
    """A trailing unescaped backslash would escape the delimiter that follows: double it."""
    return text + "\\" if odd_backslashes(text) else text


def normalise_html(html: str) -> str:
    """Rendered HTML with runs of ASCII whitespace collapsed to one space: the comparison
    used by the lossless guarantee (soft line breaks become spaces in msgids)."""
    return _HTML_SPACE.sub(" ", html).strip()
