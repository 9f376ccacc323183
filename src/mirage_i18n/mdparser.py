"""The project's one Markdown dialect: CommonMark plus GFM tables, read by markdown-it-py.

Every parser of the project comes from :func:`make_parser`: segmentation (``sources``), the
checks' facts about a segment (``checks.mdfacts``), the HTML renderer and the e-mail's plain
text (``publish``). What is extracted is then exactly what is checked and what is rendered;
the parameters say only how the output side differs (raw HTML escaped, comment blocks
dropped, tables left as written).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock


def make_parser(
    *, html: bool = True, tables: bool = True, drop_comments: bool = False
) -> MarkdownIt:
    """A new parser (callers that patch it, as the checks do, get their own instance).

    ``html=False`` renders raw HTML as text (published pages); ``tables=False`` keeps a table
    as the paragraph of lines it was written as (the e-mail's text part); ``drop_comments``
    makes a block that is only an HTML comment (an i18n directive) render as nothing.
    """
    md = MarkdownIt("commonmark", {"html": html})
    if not html:
        # both rules begin by returning False when the html option is off: tried at every
        # block line and at every "<", they could only say no
        md.disable(["html_block", "html_inline"])
    if tables:
        md.enable("table")
    if drop_comments:
        # where html_block is, and like it may interrupt a paragraph, so that blocks split as
        # the segmenting parser splits them
        md.block.ruler.before(
            "html_block",
            "comment_block",
            _comment_block,
            {"alt": ["paragraph", "reference", "blockquote"]},
        )
    return md


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
