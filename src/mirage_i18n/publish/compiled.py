"""The compiled catalogues of a build: ``catalogs/<lang>/LC_MESSAGES/<domain>.mo`` and
``catalogs/<lang>.json`` (Jed), holding only what is published in that language.

A domain is compiled for a language only where its document passed the gate there, so a front
end cannot show half an article; the shared texts where their gate passed (once any of them is reviewed).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence

from ..model import Catalog
from .jsoncat import jed_pieces
from .mofile import compile_mo


def iter_compiled(
    languages: Sequence[str],
    catalogs: Mapping[tuple[str, str], Catalog | None],
    published: Mapping[str, Collection[str]],
    shared_langs: Collection[str],
    include_fuzzy: bool,
) -> Iterator[tuple[str, bytes]]:
    """(relative path, bytes) of every compiled file. ``catalogs``: (lang, domain) → catalogue;
    ``published``: domain → the languages it is published in, in the order the JSON lists
    domains; ``shared_langs``: the languages whose shared texts passed their gate."""
    live_of: dict[str, dict[str, Catalog]] = {}
    for lang in languages:
        live: dict[str, Catalog] = {}
        for domain, langs in published.items():
            catalog = catalogs.get((lang, domain))
            if lang in langs and catalog is not None:
                live[domain] = catalog
        shared = catalogs.get((lang, "shared"))
        if shared is not None and lang in shared_langs:
            live["shared"] = shared
        if live:
            live_of[lang] = live
    # document by document, its languages one after the other: their catalogues share their
    # msgids, whose .mo hashes are then computed once (mofile.hash_string remembers a few)
    for domain in dict.fromkeys(d for live in live_of.values() for d in live):
        for lang, live in live_of.items():
            if domain in live:
                yield mo_path(lang, domain), compile_mo(live[domain], include_fuzzy=include_fuzzy)
    for lang, live in live_of.items():
        yield json_path(lang), jed_bytes(lang, live, include_fuzzy)


def mo_path(lang: str, domain: str) -> str:
    return f"catalogs/{lang}/LC_MESSAGES/{domain}.mo"


def json_path(lang: str) -> str:
    return f"catalogs/{lang}.json"


def jed_bytes(lang: str, live: Mapping[str, Catalog], include_fuzzy: bool) -> bytes:
    """``catalogs/<lang>.json``: ``live`` is domain → catalogue published in ``lang``, in the
    order the JSON lists them (the documents', then ``shared``)."""
    return b"".join(jed_chunks(lang, live, include_fuzzy))


def jed_chunks(lang: str, live: Mapping[str, Catalog], include_fuzzy: bool) -> Iterator[bytes]:
    """:func:`jed_bytes`, a domain at a time."""
    return (piece.encode("utf-8") for piece in jed_pieces(live, lang, include_fuzzy))
