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


# Returned packs and saved review files: they come by e-mail from outside the project. A real
# pack of one language is a few hundred kilobytes (the sample's largest .po is under 5 KB).
# Every figure is read from this module at the time of use (``limits.X``), so a test can lower it.
MAX_PACK_FILE_BYTES = 64 * 1024 * 1024  # the .zip or the review page's saved .json, on disk
MAX_PACK_MEMBERS = 10_000  # files in one zip (a pack holds one .po per article, plus three)
MAX_PACK_MEMBER_BYTES = 16 * 1024 * 1024  # one file, unzipped (a .po, the manifest)
MAX_PACK_TOTAL_BYTES = 256 * 1024 * 1024  # every file of the zip together, unzipped
MAX_COMPRESSION_RATIO = 100  # unzipped : zipped, one file; catalogues and pages deflate ~2-3 : 1
RATIO_CHECKED_FROM_BYTES = 1024 * 1024  # smaller files are never refused for their ratio
MAX_JSON_DEPTH = 32  # nesting of the manifest (it needs 4 levels) and of a review file
MAX_JSON_NUMBER_DIGITS = 20  # a number in a manifest or review file (Python refuses > 4,300)
MAX_DOMAIN_CHARS = 200  # a catalogue's domain (its path below the locales folder) in a manifest
