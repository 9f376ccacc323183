"""Slugs: the one rule that names a page, for every command that needs it.

A slug is a title lower-cased and folded to ASCII, as the consortium's real URLs were. It is
cut at a word boundary to :data:`MAX_SLUG` characters, with a short hash of the whole slug
appended, so that two long titles that share their first words still get two pages, and the
same title always gets the same slug. Being ASCII and short, a slug never comes near the file
system's limit of 255 bytes per name (``<lang>/<slug>/index.html``, ``<slug>.md``), whatever
the translator wrote.

Which text a page's slug comes from (:func:`page_slug`): ``slugs: {<lang>: …}`` in the front
matter, then ``slug`` (source language only), then the title (translated for a translation),
then the file name. ``sources.project`` checks the source language's slugs when the sources
are read, the build every language's, both with :func:`clashes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

_NON_WORD = re.compile(r"[^a-z0-9]+")

MAX_SLUG = 80  # characters (ASCII): short enough for a URL, far below 255 bytes per name
HASH_LENGTH = 6
T = TypeVar("T")


def slugify(title: str, max_length: int = MAX_SLUG) -> str:
    """``MIraGE partnermöte, Oktober 2021`` → ``mirage-partnermote-oktober-2021``.

    Longer than ``max_length``: cut at the last ``-`` that leaves room for ``-<hash>``, the
    first six hex digits of the SHA-1 of the whole slug (so never two long titles on one page).
    """
    slug = _NON_WORD.sub("-", _ascii(title).lower()).strip("-")
    if len(slug) <= max_length:
        return slug
    digest = _sha1_hex(slug.encode("ascii"))[:HASH_LENGTH]
    room = max_length - HASH_LENGTH - 1
    head = slug[: room + 1]
    head = head.rsplit("-", 1)[0] if "-" in head.rstrip("-") else head[:room]
    return f"{head[:room].rstrip('-')}-{digest}"


def page_slug(
    front_matter: Mapping[Any, Any], lang: str, source_lang: str, title: str, name: str
) -> tuple[str, str | None]:
    """The slug of a page in ``lang``, and the front matter key it comes from (None: ``name``,
    the file name).

    The first that folds to a non-empty slug: ``slugs: {<lang>: …}``, ``slug`` (source
    language only), ``title`` (the page's title in ``lang``), the file name; an empty slug
    would put the page at ``<lang>//``, over the index. Nothing folds to nothing: a name
    without a letter or digit becomes ``page-<hash>``.
    """
    slugs = front_matter.get("slugs")
    own = slugs.get(lang) if isinstance(slugs, Mapping) else None
    candidates: list[tuple[str, str]] = [("slugs", own if isinstance(own, str) else "")]
    if lang == source_lang and front_matter.get("slug"):
        candidates.append(("slug", str(front_matter["slug"])))
    candidates.append(("title", title))
    for key, text in candidates:
        slug = slugify(text)
        if slug:
            return slug, key
    return slugify(name) or f"page-{_sha1_hex(name.encode())[:HASH_LENGTH]}", None


# anyascii (through importlib.resources: tempfile, shutil, the compressors) and hashlib
# (OpenSSL) are imported when first needed: 6 ms of every extract, whose titles are mostly
# ASCII and short.


def _ascii(text: str) -> str:
    """``anyascii(text)``, which returns an ASCII text as it is."""
    if text.isascii():
        return text
    from anyascii import anyascii

    return str(anyascii(text))


def _sha1_hex(data: bytes) -> str:
    import hashlib

    return hashlib.sha1(data).hexdigest()


def clashes(pages: Iterable[tuple[T, str, str]]) -> list[tuple[T, str, str, T]]:
    """``(document, lang, slug)`` items → ``(document, lang, slug, first)`` for each document
    whose slug in ``lang`` an earlier one (``first``) already has: two pages at one path."""
    seen: dict[tuple[str, str], T] = {}
    out: list[tuple[T, str, str, T]] = []
    for doc, lang, slug in pages:
        first = seen.setdefault((lang, slug), doc)
        if first is not doc:
            out.append((doc, lang, slug, first))
    return out


def clash_message(slug: str, lang: str, other: str) -> str:
    """What to say about a clash, and how to resolve it."""
    return (
        f"slug {slug!r} in {lang} is also used by {other}; give one of them "
        f"'slugs: {{{lang}: …}}' in its front matter"
    )
