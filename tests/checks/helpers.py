"""Shared helpers for the checks tests: run one check on one entry, build a small project."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from mirage_i18n.catalog.plurals import plural_forms
from mirage_i18n.catalog.poreader import parse_po
from mirage_i18n.catalog.powriter import format_po
from mirage_i18n.checks.context import CatalogContext, LanguageRules, number_symbols
from mirage_i18n.checks.engine import check_catalog
from mirage_i18n.checks.registry import all_checks
from mirage_i18n.checks.results import Finding
from mirage_i18n.model import Catalog, Message

FIXTURES = Path(__file__).parent / "fixtures"
SV_HEADERS = (
    ("Project-Id-Version", "test"),
    ("Language", "sv"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
)
APPROVED_SV_DISCLAIMER = (
    "Detta projekt finansierades av Europeiska unionens asyl-, migrations- och integrationsfond. "
    "Innehållet i detta dokument återspeglar endast författarens åsikter och är hans/hennes eget "
    "ansvar. Europeiska kommissionen tar inget ansvar för hur informationen som den innehåller "
    "kan komma att användas."
)
DNT = ("Center for Social Innovation", "Covid-19", "MIraGE", "CARDET", "AMIF", "TCN")


def rules_for_test(lang: str, **kwargs: Any) -> LanguageRules:
    """Rules with the CLDR separators filled in, for a check run without a project."""
    dec, grp = number_symbols(lang)
    src = kwargs.pop("source_lang", "en")
    sdec, sgrp = number_symbols(src)
    return LanguageRules(
        lang=lang,
        source_lang=src,
        decimal=dec,
        group=grp,
        source_decimal=sdec,
        source_group=sgrp,
        **kwargs,
    )


def make_context(
    lang: str,
    rules: LanguageRules | None = None,
    domain: str = "test",
    path: str = "test.po",
    text: str = "",
) -> CatalogContext:
    return CatalogContext(
        lang=lang, domain=domain, path=path, rules=rules or rules_for_test(lang), text=text
    )


def findings_for(
    msg: Message, lang: str = "sv", only: str | None = None, **rules: Any
) -> list[Finding]:
    """Every finding of the entry, or of one check when ``only`` is given."""
    ctx = make_context(lang, rules_for_test(lang, **rules))
    local = {"Language": lang, "Plural-Forms": plural_forms(lang) or ""}
    catalog = Catalog(headers=tuple((k, local.get(k, v)) for k, v in SV_HEADERS), messages=(msg,))
    checks = all_checks()
    chosen = [checks[only]] if only else list(checks.values())
    return check_catalog(catalog, ctx, chosen)


def ids(msgid: str, msgstr: str, lang: str = "sv", **kwargs: Any) -> set[str]:
    context = kwargs.pop("context", None)
    flags = kwargs.pop("flags", ())
    comments = kwargs.pop("comments", ())
    msg = Message(
        msgid=msgid, msgstr=msgstr, context=context, flags=flags, user_comments=comments, lineno=10
    )
    return {f.check_id for f in findings_for(msg, lang, **kwargs)}


def write_project(
    root: Path, config_extra: str = "", languages: tuple[str, ...] = ("sv",), glossary: bool = True
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    langs = ", ".join(f'"{lang}"' for lang in languages)
    (root / "mirage-i18n.toml").write_text(
        f'[project]\nname = "Test"\nsource_language = "en"\nlanguages = [{langs}]\n' + config_extra,
        encoding="utf-8",
    )
    if glossary:
        dnt = ", ".join(f'"{t}"' for t in DNT)
        (root / "glossary.toml").write_text(
            f'do_not_translate = [{dnt}]\n\n[terms.sv]\n"TCNs" = "TCN"\n', encoding="utf-8"
        )
    return root


def add_catalog(root: Path, lang: str, domain: str, text: str, template: bool | str = True) -> Path:
    """Write a translation, and its template (from ``template`` text when given)."""
    path = root / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if template:
        add_template(root, domain, template if isinstance(template, str) else text)
    return path


def add_template(root: Path, domain: str, po_text: str) -> Path:
    """The template a translation came from: same entries, no translations, no header lang."""
    from dataclasses import replace

    catalog = parse_po(po_text, "x.po")
    pot = Catalog(
        headers=tuple(h for h in catalog.headers if h[0] not in ("Language", "Plural-Forms")),
        messages=tuple(
            replace(
                m,
                msgstr="",
                msgstr_plural=("", "") if m.msgid_plural else (),
                flags=tuple(f for f in m.flags if f != "fuzzy"),
                user_comments=(),
            )
            for m in catalog.messages
            if not m.obsolete
        ),
    )
    path = root / "locales" / "templates" / f"{domain}.pot"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_po(pot), encoding="utf-8")
    return path


def copy_fixture(name: str, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / name, dest)
    return dest


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def entry_line(text: str, needle: str) -> int:
    """The first line of the entry whose msgid line contains ``needle`` (as the reader reports)."""
    lines = text.splitlines()
    index = line_of(text, needle) - 1
    while index > 0 and lines[index - 1].strip():
        index -= 1
    return index + 1
