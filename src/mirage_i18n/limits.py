"""Every size limit on untrusted input, in one place.

Sources, catalogues and returned packs come from people outside the maintainer's control (pull
requests, translators). Each reader checks its input against these figures before the expensive
work, so that a 50 MB title or a zip bomb ends in one clear line instead of gigabytes of memory.
The figures are far above any real news item (the largest article of the sample is 4 KB).
"""

from __future__ import annotations

MAX_SOURCE_BYTES = 2 * 1024 * 1024  # one Markdown article, newsletter or shared.yaml
MAX_TITLE_CHARS = 500  # a title (and every other front-matter value that is a line of text)
MAX_SEGMENT_CHARS = 50_000  # one translatable text (a paragraph, a table cell…)
MAX_TOML_BYTES = 1024 * 1024  # mirage-i18n.toml, glossary.toml
MAX_YAML_DEPTH = 50  # nesting of lists/mappings in front matter and shared.yaml
MAX_MARKDOWN_NESTING = 20  # markdown-it's own limit (block quotes, lists) — deeper is refused


def describe(size: int, unit: str = "bytes") -> str:
    """``2,097,152 bytes`` — figures in messages read like the docs."""
    return f"{size:,} {unit}"
