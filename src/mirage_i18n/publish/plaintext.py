"""Markdown → readable plain text for the e-mail's text part, with every link written out."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..mdparser import make_parser


def _inline(children: list[Token]) -> str:
    out: list[str] = []
    hrefs: list[str] = []
    for tok in children:
        if tok.type in ("text", "code_inline", "html_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif tok.type == "link_open":
            hrefs.append(str(tok.attrs.get("href", "")))
        elif tok.type == "link_close":
            href = hrefs.pop() if hrefs else ""
            label = href.removeprefix("mailto:")
            if href and not "".join(out).endswith(label):
                out.append(f" <{href.removeprefix('mailto:')}>")
        elif tok.type == "image":
            out.append(tok.content or "")
    return "".join(out)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """One parser for every call (making one was a third of a call's time); parsing keeps
    no state in it. Comment blocks (i18n directives) are dropped as on the site; tables stay
    as written."""
    return make_parser(html=False, tables=False, drop_comments=True)


def markdown_to_text(text: str) -> str:
    tokens = _parser().parse(text)
    blocks: list[str] = []
    prefix: list[str] = []
    for tok in tokens:
        if tok.type in ("bullet_list_open",):
            prefix.append("- ")
        elif tok.type == "ordered_list_open":
            prefix.append("1. ")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            prefix.pop()
        elif tok.type == "inline":
            lead = prefix[-1] if prefix and tok.level > 1 else ""
            blocks.append(lead + _inline(tok.children or []))
        elif tok.type in ("fence", "code_block"):
            blocks.append(tok.content.rstrip("\n"))
        elif tok.type == "hr":
            blocks.append("----")
    return "\n\n".join(blocks)
