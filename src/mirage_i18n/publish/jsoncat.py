"""JSON catalogues for JavaScript front ends, in Jed 1.x's ``locale_data`` shape.

The shape is the one ``wp i18n make-json`` writes (WordPress' ``@wordpress/i18n`` and Jed 1.x
read it); one file per language holds every domain of that language, so the page's script
calls ``i18n.dgettext("news/<name>", msgid)`` or ``setLocaleData(data.locale_data[domain],
domain)``. Keys are ``msgid`` or ``context + "\\u0004" + msgid``; values are arrays of
translations (one per plural form). Only publishable entries are written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .. import __version__
from ..jsontext import dumps_indented, key_text
from ..model import Catalog
from .mofile import publishable

CONTEXT_GLUE = "\x04"
DEFAULT_DOMAIN = "shared"


def domain_data(
    catalog: Catalog, domain: str, lang: str, include_fuzzy: bool = False
) -> dict[str, Any]:
    """One domain's ``locale_data`` entry: the ``""`` header object, then keys in sorted order."""
    head: dict[str, Any] = {"domain": domain, "lang": catalog.header("Language") or lang}
    plural = catalog.header("Plural-Forms")
    if plural:
        head["plural-forms"] = plural
    entries: dict[str, list[str]] = {}
    for msg in catalog.active:
        if not msg.msgid or not publishable(msg, include_fuzzy):
            continue
        key = msg.msgid if msg.context is None else f"{msg.context}{CONTEXT_GLUE}{msg.msgid}"
        entries[key] = list(msg.msgstr_plural) if msg.msgid_plural is not None else [msg.msgstr]
    return {"": head, **{k: entries[k] for k in sorted(entries)}}


def jed_document(
    catalogs: Mapping[str, Catalog], lang: str, include_fuzzy: bool = False
) -> dict[str, Any]:
    """The whole per-language file: ``{translation-revision-date, generator, domain, locale_data}``."""
    domains = sorted(catalogs)
    return {
        **_jed_head(catalogs, domains),
        "locale_data": {d: domain_data(catalogs[d], d, lang, include_fuzzy) for d in domains},
    }


def _jed_head(catalogs: Mapping[str, Catalog], domains: list[str]) -> dict[str, str]:
    dates = sorted(filter(None, (catalogs[d].header("PO-Revision-Date") for d in domains)))
    default = (
        DEFAULT_DOMAIN
        if DEFAULT_DOMAIN in catalogs
        else (domains[0] if domains else DEFAULT_DOMAIN)
    )
    return {
        "translation-revision-date": dates[-1] if dates else "",
        "generator": f"mirage-i18n/{__version__}",
        "domain": default,
    }


def jed_pieces(
    catalogs: Mapping[str, Catalog], lang: str, include_fuzzy: bool = False
) -> Iterator[str]:
    """The text of :func:`jed_document` as ``json.dumps(..., ensure_ascii=False, indent=1)``
    writes it, with a final newline, one domain at a time: a language's file holds every
    entry it publishes (12–16 MB at N = 4,000 articles), which the build need not hold whole."""
    domains = sorted(catalogs)
    head = dumps_indented(_jed_head(catalogs, domains), 1)  # "{ … \n}": three keys, never empty
    if not domains:
        yield head[:-2] + ',\n "locale_data": {}\n}\n'
        return
    yield head[:-2] + ',\n "locale_data": {'
    sep = "\n  "
    for d in domains:
        data = domain_data(catalogs[d], d, lang, include_fuzzy)
        yield sep + key_text(d) + ": " + dumps_indented(data, 1, level=2)
        sep = ",\n  "
    yield "\n }\n}\n"


def dumps_jed(catalogs: Mapping[str, Catalog], lang: str, include_fuzzy: bool = False) -> str:
    # json.dumps(..., ensure_ascii=False, indent=1), written at C speed (mirage_i18n.jsontext)
    return "".join(jed_pieces(catalogs, lang, include_fuzzy))
