"""Markdown → HTML for translated text, with raw HTML switched off.

Translations come from outside the consortium's control (PO files edited anywhere), so the
renderer never passes HTML through: ``html=False`` turns ``<script>`` or ``<img onerror=…>`` in
a translation into visible, escaped text, and markdown-it's link validation drops
``javascript:``, ``vbscript:``, ``file:`` and non-image ``data:`` targets. The same renderer is
used for the English original, so an identity translation renders exactly like the source.

The dialect is the one segmentation uses (CommonMark + GFM tables), so an extracted table
renders as a table. HTML comment blocks (``<!-- i18n: note … -->`` directives, an author's
``<!-- TODO -->``) are dropped, as a browser would hide them, instead of shown as text.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markupsafe import Markup


def _comment_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A block that is only an HTML comment (CommonMark HTML block type 2: from ``<!--`` to
    the line holding ``-->``) renders as nothing. Text after the ``-->`` keeps it text."""
    pos = state.bMarks[start] + state.tShift[start]
    if state.sCount[start] - state.blkIndent >= 4 or not state.src.startswith("<!--", pos):
        return False
    for line in range(start, end):
        if line > start and state.sCount[line] < state.blkIndent:
            return False  # left the container before the comment closed
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()
        close = text.find("-->")
        if close >= 0:
            if close + 3 != len(text):
                return False
            if not silent:
                state.line = line + 1
            return True
    return False


def add_comment_rule(md: MarkdownIt) -> MarkdownIt:
    """Drop HTML comment blocks (see :func:`_comment_block`). Placed where ``html_block`` is,
    and like it may interrupt a paragraph, so blocks split as the segmenting parser splits
    them."""
    md.block.ruler.before(
        "html_block",
        "comment_block",
        _comment_block,
        {"alt": ["paragraph", "reference", "blockquote"]},
    )
    return md


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    return add_comment_rule(md.enable("table"))


def render_markdown(text: str) -> Markup:
    """Block Markdown → HTML marked safe for templates (its input was escaped by the parser)."""
    return Markup(_parser().render(text))


def render_inline(text: str) -> Markup:
    """Inline Markdown (a title or lede) → HTML without a wrapping paragraph."""
    return Markup(_parser().renderInline(text))
