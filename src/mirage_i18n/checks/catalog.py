"""Catalogue checks: syntax, header fields, duplicates, plural forms."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from ..model import Catalog
from .context import CatalogContext
from .registry import Problem, check

_NPLURALS_RE = re.compile(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$", re.DOTALL)
_CHARSET_RE = re.compile(r"charset\s*=\s*([\w.-]+)", re.IGNORECASE)
SAMPLE_N = range(1201)
# GNU gettext's conventional forms for the project's languages, used until the pinned
# table of catalog/plurals.py is present. Babel alone would be wrong here: its CLDR-derived
# rules give Italian and French three forms, GNU tools and Poedit use two.
_GNU_FALLBACK = {
    "en": "nplurals=2; plural=(n != 1);",
    "sv": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "el": "nplurals=2; plural=(n != 1);",
    "bg": "nplurals=2; plural=(n != 1);",
    "hu": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ro": "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
}


def conventional_plural_forms(lang: str) -> str | None:
    """The GNU gettext Plural-Forms for ``lang`` (pinned table on main; Babel as fallback)."""
    try:
        from ..catalog.plurals import plural_forms

        return plural_forms(lang)
    except ImportError:
        pass
    base = lang.replace("-", "_").split("_")[0]
    if base in _GNU_FALLBACK:
        return _GNU_FALLBACK[base]
    try:
        from babel.messages.plurals import get_plural

        return get_plural(lang.replace("-", "_")).plural_forms
    except (ValueError, LookupError):
        return None


@lru_cache(maxsize=256)
def parse_plural_forms(value: str) -> tuple[int, Callable[[int], int]] | None:
    """(nplurals, function) of a Plural-Forms value, or None if it cannot be read.

    Cached: thousands of catalogues share a handful of formulas (compiling one is costly)."""
    match = _NPLURALS_RE.match(value.strip())
    if match is None:
        return None
    try:
        return int(match.group(1)), gettext.c2py(match.group(2))
    except (ValueError, SyntaxError, RecursionError):
        return None


def nplurals_of(catalog: Catalog, lang: str) -> int | None:
    for value in (catalog.header("Plural-Forms"), conventional_plural_forms(lang)):
        parsed = parse_plural_forms(value) if value else None
        if parsed:
            return parsed[0]
    return None


@check(id="po-syntax", severity="error", title="catalogue is valid PO syntax", scope="catalog")
def po_syntax(catalog: Catalog, ctx: CatalogContext) -> Iterator[Problem]:
    """Reported by the engine when the reader fails (with the reader's line)."""
    return iter(())


def _norm_lang(code: str) -> str:
    return code.strip().replace("-", "_")


@check(
    id="header-language",
    severity="error",
    title="Language header present and matching the catalogue's folder",
    scope="catalog",
)
def header_language(catalog: Catalog, ctx: CatalogContext) -> Iterator[Problem]:
    value = catalog.header("Language")
    if not value:
        yield Problem(f"no Language header (expected {ctx.lang!r})", line=ctx.line_of('msgid ""'))
        return
    have, want = _norm_lang(value), _norm_lang(ctx.lang)
    if have != want and not have.startswith(want + "_"):
        yield Problem(
            f"Language header is {value!r} but the catalogue is in the {ctx.lang!r} folder",
            line=ctx.line_of('"Language:'),
        )


@check(
    id="header-plural-forms",
    severity="error",
    title="Plural-Forms header present and right for the language",
    scope="catalog",
)
def header_plural_forms(catalog: Catalog, ctx: CatalogContext) -> Iterator[Problem]:
    value = catalog.header("Plural-Forms")
    expected = conventional_plural_forms(ctx.lang)
    line = ctx.line_of('"Plural-Forms:')
    if not value:
        hint = f" (for {ctx.lang}: {expected!r})" if expected else ""
        yield Problem(f"no Plural-Forms header{hint}", line=line or ctx.line_of('msgid ""'))
        return
    verdict = _plural_verdict(value, ctx.lang, expected)
    if verdict is not None:
        yield Problem(verdict, line=line)


@lru_cache(maxsize=256)
def _plural_verdict(value: str, lang: str, expected: str | None) -> str | None:
    """Compiling and sampling a plural formula is costly; thousands of catalogues share a few."""
    parsed = parse_plural_forms(value)
    if parsed is None:
        return f"Plural-Forms cannot be parsed: {value!r}"
    conv = parse_plural_forms(expected) if expected else None
    if conv is None:
        return None
    n, func = parsed
    want_n, want_func = conv
    try:
        differs = n != want_n or any(func(i) != want_func(i) for i in SAMPLE_N)
    except ZeroDivisionError:  # "n/0", "n%(n-5)": msgfmt rejects it; it was a traceback here
        return f"Plural-Forms {value!r} can produce a division by zero (msgfmt rejects it); for {lang}: {expected!r}"
    if differs:
        return f"Plural-Forms {value!r} is not the convention for {lang}: {expected!r}"
    return None


@check(
    id="header-charset",
    severity="error",
    title="catalogue declared as UTF-8 (Content-Type charset)",
    scope="catalog",
)
def header_charset(catalog: Catalog, ctx: CatalogContext) -> Iterator[Problem]:
    value = catalog.header("Content-Type")
    match = _CHARSET_RE.search(value or "")
    if match is None:
        yield Problem(
            "no charset in the Content-Type header (expected 'text/plain; charset=UTF-8')",
            line=ctx.line_of('"Content-Type:') or ctx.line_of('msgid ""'),
        )
    elif match.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        yield Problem(
            f"charset is {match.group(1)!r}; catalogues must be UTF-8",
            line=ctx.line_of('"Content-Type:'),
        )


@check(
    id="duplicate-entry",
    severity="error",
    title="no entry (msgctxt + msgid) appears twice",
    scope="catalog",
)
def duplicate_entry(catalog: Catalog, ctx: CatalogContext) -> Iterator[Problem]:
    first: dict[tuple[str | None, str], int | None] = {}
    for msg in catalog.active:
        if msg.key in first:
            where = f" (first at line {first[msg.key]})" if first[msg.key] else ""
            yield Problem(
                f"duplicate entry{where}: msgfmt rejects the catalogue", line=msg.lineno, msg=msg
            )
        else:
            first[msg.key] = msg.lineno


@check(
    id="plural-count",
    severity="error",
    title="plural entries have as many msgstr[n] as the language has plural forms",
    scope="catalog",
)
def plural_count(catalog: Catalog, ctx: CatalogContext) -> Iterator[Problem]:
    n = nplurals_of(catalog, ctx.lang)
    if n is None:
        return
    for msg in catalog.active:
        if msg.msgid_plural is None or not any(msg.msgstr_plural):
            continue
        if len(msg.msgstr_plural) != n:
            yield Problem(
                f"{len(msg.msgstr_plural)} plural form(s), {ctx.lang} has {n}",
                line=msg.lineno,
                msg=msg,
            )
