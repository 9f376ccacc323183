"""Source texts → segments, and translated segments → source texts.

``frontmatter`` splits YAML front matter from the Markdown body, ``markdown`` segments and
reassembles the body, ``reader`` ties both to files on disk.
"""

from __future__ import annotations

from ..mdparser import make_parser
from .frontmatter import FrontMatter, decode_source, split_front_matter
from .markdown import ParsedMarkdown, segment_markdown
from .reader import Reassembled, parse_document, read_document, reassemble_document

__all__ = [
    "FrontMatter",
    "ParsedMarkdown",
    "Reassembled",
    "decode_source",
    "make_parser",
    "parse_document",
    "read_document",
    "reassemble_document",
    "segment_markdown",
    "split_front_matter",
]
