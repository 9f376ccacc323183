"""Catalogue checks: syntax, header fields, duplicates, plural forms.

What ``msgfmt -c`` refuses in a catalogue the reader accepts is a finding here, in msgfmt's
words: no header, a plural formula that divides by zero, a translation that does not begin
and end with a line break as its msgid does. The same header checks run on templates
(:func:`template_problems`): ``msgfmt -c`` refuses a ``.pot`` for them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..catalog.plural_formula import formula_values, read_header
from ..catalog.powriter import header_text
from ..model import Catalog, Message
from .context import CatalogContext, LanguageRules
from .registry import Problem, check

_CHARSET_RE = re.compile(r"charset\s*=\s*([\w.-]+)", re.IGNORECASE)
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


@lru_cache(maxsize=64)
def conventional_plural_forms(lang: str) -> str | None:
    """The GNU gettext Plural-Forms for ``lang`` (pinned table on main; Babel as fallback);
    cached: every catalogue of a language asks."""
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


def nplurals_of(catalog: Catalog, lang: str) -> int | None:
    """The header's nplurals as msgfmt reads it, else the language's convention."""
    nplurals = read_header(header_text(catalog)).nplurals
    if nplurals is not None:
        return nplurals
    conventional = conventional_plural_forms(lang)
    return read_header(conventional).nplurals if conventional else None


def _header_line(ctx: CatalogContext) -> int | None:
    return ctx.line_of('msgid ""')


@check(id="po-syntax", severity="error", title="catalogue is valid PO syntax", scope="catalog")
def po_syntax(catalog: Catalog, ctx: CatalogContext) -> Iterator[Problem]:
    """Reported by the engine when the reader fails (with the reader's line)."""
    return iter(())


@check(
    id="header-entry",
    severity="error",
    title="catalogue has a header entry with its fields (msgfmt -c refuses one without)",
    scope="catalog",
)
def header_entry(catalog: Catalog, ctx: CatalogContext) -> Iterator[Problem]:
    yield from _header_entry_problems(catalog, ctx, "run 'mirage-i18n update' to write one")


def _header_entry_problems(catalog: Catalog, ctx: CatalogContext, hint: str) -> Iterator[Problem]:
    if not catalog.headers:  # none, an obsolete or a msgctxt one, or one without any field
        yield Problem(
            f"PO file header missing or invalid (msgfmt rejects it); {hint}",
            line=_header_line(ctx) or 1,
        )


def _norm_lang(code: str) -> str:
    return code.strip().replace("-", "_")


@check(
    id="header-language",
    severity="error",
    title="Language header present and matching the catalogue's folder",
    scope="catalog",
)
def header_language(catalog: Catalog, ctx: CatalogContext) -> Iterator[Problem]:
    if not catalog.headers:
        return  # header-entry says so
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
    if not catalog.headers:
        return  # header-entry says so
    value = catalog.header("Plural-Forms")
    expected = conventional_plural_forms(ctx.lang)
    problems = _msgfmt_plural_problems(catalog)
    if problems:
        line = _plural_forms_line(ctx)
        for problem in problems:
            yield Problem(f"{problem} (msgfmt rejects it; for {ctx.lang}: {expected!r})", line=line)
        return
    if not value:
        hint = f" (for {ctx.lang}: {expected!r})" if expected else ""
        yield Problem(f"no Plural-Forms header{hint}", line=_plural_forms_line(ctx))
        return
    verdict = _plural_verdict(value, ctx.lang, expected)
    if verdict is not None:
        yield Problem(verdict, line=_plural_forms_line(ctx))


def _plural_forms_line(ctx: CatalogContext) -> int | None:
    """The header's Plural-Forms line: looked for only when there is something to report
    (each look reads the whole file)."""
    return ctx.line_of('"Plural-Forms:') or ctx.line_of("Plural-Forms:") or _header_line(ctx)


def _translated_plural(msg: Message) -> bool:
    """A plural entry msgfmt compiles: translated (its first form), not fuzzy."""
    return (
        msg.msgid_plural is not None
        and bool(msg.msgstr_plural)
        and bool(msg.msgstr_plural[0])
        and not msg.fuzzy
    )


def _msgfmt_plural_problems(catalog: Catalog) -> tuple[str, ...]:
    """What msgfmt -c says of the header's plural formula (nothing: it is fine)."""
    has_plural = any(m.msgid_plural is not None and _translated_plural(m) for m in catalog.active)
    return read_header(header_text(catalog), has_plural).problems


@lru_cache(maxsize=256)
def _plural_verdict(value: str, lang: str, expected: str | None) -> str | None:
    """Sampling a plural formula is costly; thousands of catalogues share a few."""
    have = read_header(value)
    if have.nplurals is None or have.expression is None:
        return f"Plural-Forms {value!r} lacks nplurals= or plural=" + (
            f"; for {lang}: {expected!r}" if expected else ""
        )
    want = read_header(expected) if expected else None
    if want is None or want.nplurals is None or want.expression is None:
        return None
    if have.nplurals != want.nplurals or formula_values(have.expression) != formula_values(
        want.expression
    ):
        return f"Plural-Forms {value!r} is not the convention for {lang}: {expected!r}"
    return None


@check(
    id="header-charset",
    severity="error",
    title="catalogue declared as UTF-8 (Content-Type charset)",
    scope="catalog",
)
def header_charset(catalog: Catalog, ctx: CatalogContext) -> Iterator[Problem]:
    if not catalog.headers:
        return  # header-entry says so
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


@check(
    id="newline-edges",
    severity="error",
    title="a translation begins and ends with a line break where its msgid does (msgfmt -c)",
    scope="catalog",
)
def newline_edges(catalog: Catalog, ctx: CatalogContext) -> Iterator[Problem]:
    """msgfmt -c's first two tests (``check_pair``), on the entries it compiles: translated,
    not fuzzy. It names the msgstr line; so do we."""
    lines: list[str] | None = None
    for msg in catalog.active:
        for problem in _newline_problems(msg):
            if lines is None:
                lines = ctx.file_text.split("\n")
            yield Problem(problem, line=_msgstr_line(lines, msg), msg=msg)


def _newline_problems(msg: Message) -> list[str]:
    if msg.fuzzy or not msg.msgid:
        return []
    if msg.msgid_plural is None:
        text, msgid = msg.msgstr, msg.msgid
        if not text or (
            (text[0] == "\n") is (msgid[0] == "\n") and (text[-1] == "\n") is (msgid[-1] == "\n")
        ):
            return []  # nearly every entry: no list built
        others = [("msgstr", text)]
    else:
        if not msg.msgstr_plural or not msg.msgstr_plural[0]:
            return []
        others = [("msgid_plural", msg.msgid_plural)]
        others += [(f"msgstr[{i}]", text) for i, text in enumerate(msg.msgstr_plural)]
    out = []
    for where, index in (("begin", 0), ("end", -1)):
        want = msg.msgid[index] == "\n"
        for name, text in others:
            if (bool(text) and text[index] == "\n") != want:
                out.append(f"'msgid' and '{name}' entries do not both {where} with '\\n'")
    return out


def _msgstr_line(lines: list[str], msg: Message) -> int | None:
    """The line of the entry's msgstr keyword, where msgfmt reports a translation's problems."""
    start = msg.lineno or 1
    for number in range(start, len(lines) + 1):
        if lines[number - 1].lstrip(" \t").startswith("msgstr"):
            return number
    return msg.lineno


def template_problems(catalog: Catalog, text: str, path: str) -> list[Problem]:
    """What ``msgfmt -c`` refuses in a template the reader accepts: no header, a plural
    formula it cannot use, and (in a template someone translated) what it refuses in a
    translation. ``validate`` reports them as input errors, ``path:line``, exit 2."""
    ctx = CatalogContext(lang="", domain="", path=path, rules=LanguageRules(""), text=text)
    hint = "run 'mirage-i18n extract' to write the template again"
    out = list(_header_entry_problems(catalog, ctx, hint))
    if not out:
        line = ctx.line_of("Plural-Forms:") or _header_line(ctx)
        problems = _msgfmt_plural_problems(catalog)
        out += [Problem(f"{p} (msgfmt rejects it); {hint}", line=line) for p in problems]
        if not problems:
            out += _msgfmt_count_problems(catalog, ctx, line)
    out += newline_edges(catalog, ctx)
    return out


def _msgfmt_count_problems(
    catalog: Catalog, ctx: CatalogContext, line: int | None
) -> list[Problem]:
    """msgfmt's rule for the number of msgstr[n]: that of the header, in every entry it compiles."""
    nplurals = read_header(header_text(catalog)).nplurals
    counts = [len(m.msgstr_plural) for m in catalog.active if _translated_plural(m)]
    if nplurals is None or not counts:
        return []
    fewest, most = min(counts), max(counts)
    if fewest < nplurals:
        forms = "only one plural form" if fewest == 1 else f"only {fewest} plural forms"
    elif most > nplurals:
        forms = "one plural form" if most == 1 else f"{most} plural forms"
    else:
        return []
    return [Problem(f"nplurals = {nplurals}, but some messages have {forms}", line=line)]
