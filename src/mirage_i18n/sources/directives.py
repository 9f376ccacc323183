"""Source directives: ``<!-- i18n: skip -->``, ``<!-- i18n: note TEXT -->``,
``<!-- i18n: context NAME -->``.

A directive is an HTML comment that forms an HTML block of its own; it applies to the next
block in the same container. One directive per comment; consecutive comments stack. (A ``;``
separator was rejected because notes are free text and may contain ``;``.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_LOOKS_LIKE = re.compile(r"\s*<!--\s*i18n\b")
_COMMENT = re.compile(r"\s*<!--\s*i18n\s*:(?P<body>(?:(?!-->).)*)-->\s*", re.DOTALL)
_NAMES = ("skip", "note", "context")


class DirectiveError(ValueError):
    """A comment that looks like a directive but is not a valid one."""


@dataclass(frozen=True)
class Directive:
    name: str  # "skip", "note" or "context"
    value: str = ""


@dataclass(frozen=True)
class Directives:
    """The directives in force for one segment (merged from enclosing blocks)."""

    skip: bool = False
    note: str | None = None
    context: str | None = None

    @classmethod
    def merge(cls, directives: Iterable[Directive]) -> Directives:
        """Outer to inner: notes accumulate (one per line), the innermost context wins."""
        skip, notes, context = False, [], None
        for d in directives:
            if d.name == "skip":
                skip = True
            elif d.name == "note":
                notes.append(d.value)
            else:
                context = d.value
        return cls(skip, "\n".join(notes) or None, context)


def parse_directive(html: str) -> Directive | None:
    """The directive in an HTML block, ``None`` if it is not an i18n comment at all."""
    if not _LOOKS_LIKE.match(html):
        return None
    m = _COMMENT.fullmatch(html)
    if m is None:
        raise DirectiveError(
            "an i18n directive must be a comment of its own: <!-- i18n: DIRECTIVE -->"
        )
    body = " ".join(m.group("body").split())
    name, _, value = body.partition(" ")
    if name not in _NAMES:
        raise DirectiveError(
            f"unknown i18n directive {name!r} (expected one of: {', '.join(_NAMES)})"
        )
    if name == "skip" and value:
        raise DirectiveError(f"i18n directive 'skip' takes no argument, got {value!r}")
    if name != "skip" and not value:
        raise DirectiveError(f"i18n directive {name!r} needs a value")
    return Directive(name, value)
