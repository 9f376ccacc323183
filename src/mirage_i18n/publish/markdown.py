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
from markupsafe import Markup

from ..mdparser import make_parser


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = make_parser(html=False, drop_comments=True)
    # Link targets and texts are percent-normalised by pure functions of the text (mdurl, a
    # few Python calls per character); the same links recur in every language's version of
    # an article. (This parser instance is the renderer's own; the checks have theirs.)
    parser.normalizeLink = lru_cache(maxsize=16384)(parser.normalizeLink)  # type: ignore[method-assign]
    parser.normalizeLinkText = lru_cache(maxsize=16384)(parser.normalizeLinkText)  # type: ignore[method-assign]
    return parser


def render_markdown(text: str) -> Markup:
    """Block Markdown → HTML marked safe for templates (its input was escaped by the parser)."""
    return Markup(_parser().render(text))


def render_inline(text: str) -> Markup:
    """Inline Markdown (a title or lede) → HTML without a wrapping paragraph."""
    return Markup(_parser().renderInline(text))
