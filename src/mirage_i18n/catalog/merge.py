"""Template + existing translation → updated translation, msgmerge-style.

Exact matches keep their translation and state untouched (principle 3). New source text that
resembles an old entry of the same document gets its translation as a fuzzy suggestion, with
the old English as previous msgid (``#|``) so reviewers see what changed. Entries whose source
disappeared become obsolete (``#~``) when they hold a translation (a plural entry: in its first
form, as msgmerge and msgcat keep them), and are dropped otherwise.
Matching is per document: tens of entries, so an all-pairs comparison is cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..errors import CatalogError
from ..model import FUZZY, Catalog, Message, shared_key_init
from .plurals import nplurals, plural_forms
from .poreader import header_field_line
from .powriter import kept_when_obsolete

_UTF8_CHARSET = re.compile(r"charset=utf-?8\b", re.IGNORECASE)
PO_BASE_HEADERS = (
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
)


@shared_key_init
@dataclass(frozen=True)
class MergeStats:
    kept: int = 0
    new: int = 0
    fuzzy: int = 0
    obsoleted: int = 0
    revived: int = 0


def english_language_name(lang: str) -> str:
    """English name from CLDR (``sv`` → ``Swedish``); the code itself if Babel does not know it.

    For the coordinator (catalogue header comments, the status dashboard); pages name languages
    in themselves (:func:`mirage_i18n.publish.locale.native_language_name`)."""
    from babel import Locale, UnknownLocaleError  # imported here: extract does not need it

    try:
        return Locale.parse(lang.replace("-", "_")).english_name or lang
    except (ValueError, UnknownLocaleError):
        return lang


def new_catalog(template: Catalog, lang: str) -> Catalog:
    """A fresh, empty translation of ``template`` for ``lang``."""
    project = template.header("Project-Id-Version") or ""
    headers: list[tuple[str, str]] = [("Project-Id-Version", project), ("Language", lang)]
    headers += PO_BASE_HEADERS
    forms = plural_forms(lang)
    if forms:
        headers.append(("Plural-Forms", forms))
    title = template.header_comments[0][2:] if template.header_comments else ""
    comments = (f"# {english_language_name(lang)} translation. {title}".rstrip(),)
    return Catalog(
        headers=tuple(headers),
        header_comments=comments,
        messages=tuple(replace(m, msgstr="", flags=()) for m in template.messages),
    )


def same_language(declared: str, folder: str) -> bool:
    """Whether a ``Language`` header fits the folder: the same code, or the code with a region.

    ``sv``, ``sv_SE`` and ``sv-SE`` (Poedit writes the region) fit ``sv/``; ``pt`` does not fit
    ``pt_BR/``, nor does ``pt_PT``. The rule of validate's ``header-language`` check.
    """
    have = declared.strip().replace("-", "_")
    want = folder.strip().replace("-", "_")
    return have == want or have.startswith(want + "_")


def check_language(catalog: Catalog, lang: str, path: str, text: str | None = None) -> None:
    """A catalogue in the wrong folder is an error, never silently relabelled.

    ``text`` (the file's) lets the error point at the ``Language`` line.
    """
    declared = catalog.header("Language")
    if declared and not same_language(declared, lang):
        raise CatalogError(
            f"Language header says {declared!r} but the catalogue is in the {lang!r} folder",
            path,
            header_field_line(text, "Language") if text is not None else None,
        )


def merge(
    template: Catalog, old: Catalog, lang: str, *, cutoff: float = 0.6, keep_obsolete: bool = True
) -> tuple[Catalog, MergeStats]:
    """Bring ``old`` in line with ``template``; see the module docstring for the rules."""
    active: dict[tuple[str | None, str], Message] = {}
    obsolete: dict[tuple[str | None, str], Message] = {}
    for m in old.messages:
        (obsolete if m.obsolete else active)[(m.context, m.msgid)] = m
    template_keys = {(m.context, m.msgid) for m in template.messages}
    used: set[tuple[str | None, str]] = set()
    stats = {"kept": 0, "new": 0, "fuzzy": 0, "obsoleted": 0, "revived": 0}

    # Fuzzy candidates: translated entries whose source text is gone from the template. Made
    # when a template entry first finds no prior one (most merges never need them).
    candidates: list[Message] | None = None

    out: list[Message] = []
    for tmpl in template.messages:
        key = (tmpl.context, tmpl.msgid)
        prior = active.get(key)
        revived = prior is None and key in obsolete
        if revived:
            prior = replace(obsolete[key], obsolete=False)
        if prior is not None:
            used.add(key)
            if prior.msgid_plural != tmpl.msgid_plural and (
                prior.msgstr or any(prior.msgstr_plural)
            ):
                stats["fuzzy"] += 1
                out.append(_plural_changed(prior, tmpl, _nplurals(old, lang)))
                continue
            stats["revived" if revived else "kept"] += 1
            out.append(_refresh(prior, tmpl))
            continue
        if candidates is None:
            candidates = [
                m
                for m in (*active.values(), *obsolete.values())
                if m.translated and m.key not in template_keys
            ]
        match = best_match(tmpl, candidates, cutoff)
        if match is None:
            stats["new"] += 1
            out.append(replace(tmpl, msgstr="", flags=()))
            continue
        used.add(match.key)
        stats["fuzzy"] += 1
        previous = match.previous_msgid if (match.fuzzy and match.previous_msgid) else match.msgid
        previous_ctx = (
            match.previous_context if (match.fuzzy and match.previous_msgid) else match.context
        )
        msgstr, msgstr_plural = _carried_translation(match, tmpl, _nplurals(old, lang))
        out.append(
            replace(
                tmpl,
                msgstr=msgstr,
                msgstr_plural=msgstr_plural,
                flags=_fuzzy_flags(match.flags),
                user_comments=match.user_comments,
                previous_msgid=previous,
                previous_context=previous_ctx,
                previous_msgid_plural=match.msgid_plural,
            )
        )

    gone = [
        replace(
            m,
            obsolete=True,
            locations=(),
            previous_msgid=None,
            previous_context=None,
            previous_msgid_plural=None,
        )
        for key, m in active.items()
        if key not in template_keys and key not in used
    ]
    gone = [m for m in gone if kept_when_obsolete(m)]  # the writer would drop the others
    stats["obsoleted"] = len(gone)
    if keep_obsolete:
        kept_obsolete = [
            m for key, m in obsolete.items() if key not in used and key not in template_keys
        ]
        out.extend(kept_obsolete)
        out.extend(gone)

    headers = old if _complete_header(old) else _completed_header(old, lang)
    return replace(headers, messages=tuple(out)), MergeStats(**stats)


def _complete_header(catalog: Catalog) -> bool:
    """Whether :func:`_completed_header` would add nothing: the header of nearly every
    catalogue, checked with one pass over its fields instead of six look-ups."""
    present: dict[str, str] = {}
    for key, value in catalog.headers:
        present.setdefault(key.lower(), value)  # Catalog.header: the first field of a name
    content_type = present.get("content-type")
    return bool(
        present.get("plural-forms")
        and present.get("language")
        and present.get("mime-version")
        and present.get("content-transfer-encoding")
        and content_type
        and _UTF8_CHARSET.search(content_type)
    )


def _completed_header(old: Catalog, lang: str) -> Catalog:
    """The header with the fields ``update`` adds when missing: Plural-Forms (when the
    language has a conventional one), Language, and the MIME fields."""
    headers = old
    if not old.header("Plural-Forms") and plural_forms(lang):
        headers = old.with_header("Plural-Forms", plural_forms(lang) or "")
    if not old.header("Language"):
        headers = headers.with_header("Language", lang)
    return _with_base_headers(headers)


def _with_base_headers(catalog: Catalog) -> Catalog:
    """Add the MIME fields a hand-typed header lacks; a charset other than UTF-8 was refused.

    The file was read as UTF-8, so that is what it declares: without a charset (no header,
    or msginit's ``charset=CHARSET``) msgcat and msgmerge refuse the catalogue we write.
    """
    for name, value in PO_BASE_HEADERS:
        current = catalog.header(name)
        if not current or (name == "Content-Type" and not _UTF8_CHARSET.search(current)):
            catalog = catalog.with_header(name, value)
    return catalog


def _refresh(prior: Message, tmpl: Message) -> Message:
    """Same source text: update what the source owns, keep what the translator owns."""
    if (
        prior.auto_comments == tmpl.auto_comments
        and prior.locations == tmpl.locations
        and prior.msgid_plural == tmpl.msgid_plural
        and (
            prior.fuzzy
            or (
                prior.previous_msgid is None
                and prior.previous_context is None
                and prior.previous_msgid_plural is None
            )
        )
    ):
        return prior  # nothing to refresh (most entries): the replaces below would copy it
    refreshed = replace(
        prior,
        auto_comments=tmpl.auto_comments,
        locations=tmpl.locations,
        msgid_plural=tmpl.msgid_plural,
    )
    if prior.fuzzy:
        return refreshed  # the #| previous msgid still tells the reviewer what changed
    return replace(
        refreshed, previous_msgid=None, previous_context=None, previous_msgid_plural=None
    )


def _plural_changed(prior: Message, tmpl: Message, forms: int) -> Message:
    """Same msgid, msgid_plural added, removed or edited: changed English, fuzzy as in msgmerge.

    Refreshing it as unchanged emptied the translation when the entry turned singular or
    plural (the text was in the other field) and left an edited plural reviewed.
    """
    msgstr, msgstr_plural = _carried_translation(prior, tmpl, forms)
    keep = prior.fuzzy and prior.previous_msgid is not None  # it still shows the older English
    return replace(
        _refresh(prior, tmpl),
        msgstr=msgstr,
        msgstr_plural=msgstr_plural,
        flags=_fuzzy_flags(prior.flags),
        previous_msgid=prior.previous_msgid if keep else prior.msgid,
        previous_context=prior.previous_context if keep else prior.context,
        previous_msgid_plural=prior.previous_msgid_plural if keep else prior.msgid_plural,
    )


def _nplurals(catalog: Catalog, lang: str) -> int:
    """The catalogue's own Plural-Forms count (a translator may have set it), else the language's."""
    found = re.search(r"nplurals\s*=\s*(\d+)", catalog.header("Plural-Forms") or "")
    return int(found.group(1)) if found else nplurals(lang) or 2


def _carried_translation(match: Message, tmpl: Message, forms: int) -> tuple[str, tuple[str, ...]]:
    """``match``'s translation in the shape of ``tmpl`` (msgstr, msgstr_plural), as msgmerge does.

    A plural entry's suggestion for a singular one is its ``msgstr[0]``; a singular entry's
    for a plural one fills every plural form of the language. Copying the wrong field gave an
    empty suggestion while the old entry, counted as used, was not kept either: the
    translation was lost.
    """
    if tmpl.msgid_plural is None:
        return (
            match.msgstr_plural[0] if match.msgstr_plural else ""
        ) if match.msgid_plural is not None else match.msgstr, ()
    if match.msgid_plural is not None:
        return "", match.msgstr_plural
    return "", (match.msgstr,) * forms


def _fuzzy_flags(flags: tuple[str, ...]) -> tuple[str, ...]:
    return (FUZZY, *(f for f in flags if f != FUZZY))


def best_match(tmpl: Message, candidates: Iterable[Message], cutoff: float) -> Message | None:
    """The most similar candidate at or above ``cutoff`` (0–1), preferring the same msgctxt."""
    from rapidfuzz import fuzz  # imported here: extract does not need it

    best, best_score = None, cutoff * 100
    for cand in candidates:
        score = fuzz.ratio(tmpl.msgid, cand.msgid)
        if cand.context != tmpl.context:
            score -= 10  # prefer the same role, but a moved heading may still match
        if score >= best_score and (best is None or score > best_score):
            best, best_score = cand, score
    return best


def purge_obsolete(catalog: Catalog) -> Catalog:
    return replace(catalog, messages=tuple(m for m in catalog.messages if not m.obsolete))
