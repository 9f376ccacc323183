"""The documents in every language, one language at a time: its catalogues read (each parsed
once), checked by the validation, gated, the documents reassembled from them and their
catalogues compiled; then dropped, before the next language's catalogues are read.

Memory holds one language's catalogues (the validation's project checks need them together),
never the whole project's. What is made from them before every language is known — the
translated bodies, which the pages need with their alternates in every language, and the
compiled catalogues — waits in a :class:`~.spool.Spool` until its file is written; what stays
in memory per document and language is small: the gate's decision and the version's title,
slug, date and front matter.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..catalog.store import catalog_path, load_translation
from ..checks.results import FindingTotals, summarised, withholding
from ..checks.run import Checking, LanguageResult, ValidationReport
from ..checks.util import clear_caches
from ..config import Settings
from ..errors import MirageError, raise_all
from ..fsutil import folders_resolved_once
from ..gcpause import collector_paused
from ..memtrim import release_free_memory
from ..model import Catalog, SourceDocument
from .clean import clean_catalog
from .compiled import jed_chunks, mo_path
from .compiled import json_path as jed_path
from .content import Strings, Version
from .dashboard import MAX_FINDINGS_PER_LANGUAGE
from .gate import GateDecision
from .hugo import hugo_file
from .mofile import compile_mo
from .site import article_path
from .spool import Ref, Spool
from .versions import (
    Versions,
    Withheld,
    gate_one,
    gate_shared_one,
    shared_strings,
    source_decision,
    source_version,
)

SHARED = "shared"  # the shared texts' domain (sources.shared.SHARED_DOMAIN)


@dataclass
class Translated:
    """What the languages gave: the gate's decisions in report order (each document in the
    source language, then in each language; the shared texts last), the published versions
    (domain → lang → version; a translation's body is in the spool, see :meth:`body_of`), the
    shared texts of each language, the notes on control characters left out, the validation's
    report (None when the caller gave the findings), and the compiled catalogues (spooled)."""

    spool: Spool
    source_language: str
    decisions: list[GateDecision] = field(default_factory=list)
    versions: Versions = field(default_factory=dict)
    shared_langs: set[str] = field(default_factory=set)
    strings: dict[str, Strings] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    validation: ValidationReport | None = None
    bodies: dict[tuple[str, str], Ref] = field(default_factory=dict)
    # (domain, lang) → a translated article's Hugo file (path, spooled text)
    hugo: dict[tuple[str, str], tuple[str, Ref]] = field(default_factory=dict)
    mo: dict[str, dict[str, Ref]] = field(default_factory=dict)  # domain → lang → .mo
    jed: dict[str, Ref] = field(default_factory=dict)  # lang → catalogs/<lang>.json

    def body_of(self, version: Version) -> str:
        """The version's Markdown: a translation's is read back from the spool."""
        ref = self.bodies.get((version.domain, version.lang))
        return version.body if ref is None else self.spool.get(ref).decode("utf-8")

    def hugo_files(self, articles: Sequence[SourceDocument]) -> Iterator[tuple[str, str]]:
        """(relative path, text) of every article's Hugo file, in the order
        :func:`.hugo.iter_hugo` gives them: the source language's made now, the translations'
        read back (made while their catalogues were loaded)."""
        src = self.source_language
        for doc in articles:
            for lang, version in self.versions[doc.domain].items():
                if lang == src:
                    yield hugo_file(version, "news")
                else:
                    path, ref = self.hugo[(doc.domain, lang)]
                    yield path, self.spool.get(ref).decode("utf-8")

    def compiled(self) -> Iterator[tuple[str, Iterator[bytes]]]:
        """(relative path, its bytes in chunks) of every compiled catalogue, in the order
        :func:`.compiled.iter_compiled` gives them."""
        spool = self.spool
        for domain, by_lang in self.mo.items():
            for lang, ref in by_lang.items():
                yield mo_path(lang, domain), spool.chunks(ref)
        for lang, ref in self.jed.items():
            yield jed_path(lang), spool.chunks(ref)


def translate(
    settings: Settings,
    docs: Sequence[SourceDocument],
    preview: bool,
    spool: Spool,
    withheld: Withheld | None = None,
) -> Translated:
    """Every language of ``settings``, one after the other (module docstring). ``withheld``:
    the findings of a validation the caller ran; None: each language is checked here, after
    its catalogues are read and before its documents are gated.

    Every broken catalogue is reported at once, as one error, before anything else: a language
    after one is only read, not checked nor gated."""
    src = settings.source_language
    shared = next((d for d in docs if d.kind == "shared"), None)
    gated = [d for d in docs if d.kind == "article"] + [d for d in docs if d.kind == "newsletter"]
    out = Translated(spool, src)
    out.versions = {doc.domain: {src: source_version(doc, src)} for doc in gated}
    by_doc = {doc.domain: [source_decision(doc, src)] for doc in gated}
    shared_decisions = [source_decision(shared, src)] if shared is not None else []
    out.strings[src] = shared_strings(settings, shared, {}, [src], settings.site.title)[src]
    errors: list[MirageError] = []
    pending: list[MirageError] = []  # the validation's error, raised after the catalogues'
    checking: Checking | None = None
    results: list[LanguageResult] = []
    totals: dict[str, FindingTotals] = {}
    with folders_resolved_once():
        for lang in settings.languages:
            catalogs, raw = _read(settings, lang, docs, errors, out.notes)
            if errors or pending:
                continue  # reading on only to report every broken catalogue at once
            if withheld is None:
                try:
                    with collector_paused():  # as validate: the checks make next to no garbage
                        if checking is None:
                            checking = Checking(settings, preview=preview)
                        result = checking.language(lang, raw)
                except MirageError as exc:
                    pending.append(exc)
                    continue
                lang_findings, gates, status, unreadable, ids = result
                found: Withheld = withholding(lang_findings)
                # the dashboard shows 500 of a language's findings: the others are counted
                kept, totals[lang] = summarised(lang_findings, MAX_FINDINGS_PER_LANGUAGE)
                results.append((kept, gates, status, unreadable, ids))
                del result, lang_findings
            else:
                found = withheld
            del raw  # the validation is done with them: only the cleaned ones go on
            decision = _gate(settings, lang, gated, shared, catalogs, preview, found, out, by_doc)
            if decision is not None:
                shared_decisions.append(decision)
            del catalogs
            release_free_memory()  # the language's catalogues: see memtrim
    clear_caches()  # the pages come next: the English facts the checks kept are not needed
    release_free_memory()
    raise_all(errors)
    raise_all(pending)
    if withheld is None:
        checking = checking or Checking(settings, preview=preview)
        out.validation = checking.report(results, totals=totals)
    out.decisions = [d for doc in gated for d in by_doc[doc.domain]] + shared_decisions
    return out


def _read(
    settings: Settings,
    lang: str,
    docs: Sequence[SourceDocument],
    errors: list[MirageError],
    notes: list[str],
) -> tuple[dict[str, Catalog | None], dict[str, Catalog]]:
    """The language's catalogue of every document: as published (cleaned of control
    characters; None where there is none yet), and as parsed (for the validation). Errors go
    to ``errors``, notes to ``notes``."""
    catalogs: dict[str, Catalog | None] = {}
    raw: dict[str, Catalog] = {}
    with collector_paused():  # millions of objects that hold no cycles: no collector walks
        for doc in docs:
            try:
                catalog = load_translation(settings, lang, doc.domain)
            except MirageError as exc:
                errors.append(exc)
                continue
            if catalog is not None:
                raw[doc.domain] = catalog
                shown = settings.rel(catalog_path(settings, lang, doc.domain))
                catalog, found_notes = clean_catalog(catalog, shown)
                notes += found_notes
            catalogs[doc.domain] = catalog
    return catalogs, raw


def _gate(
    settings: Settings,
    lang: str,
    gated: Sequence[SourceDocument],
    shared: SourceDocument | None,
    catalogs: Mapping[str, Catalog | None],
    preview: bool,
    withheld: Withheld,
    out: Translated,
    by_doc: dict[str, list[GateDecision]],
) -> GateDecision | None:
    """Gate every document in ``lang`` (the shared texts' decision is returned); spool the
    published bodies and compiled catalogues."""
    spool = out.spool
    live: dict[str, Catalog] = {}  # what is compiled: the published documents, then shared
    for doc in gated:
        catalog = catalogs.get(doc.domain)
        errors = withheld.get((lang, doc.domain), ())
        decision, version = gate_one(settings, doc, lang, catalog, preview, errors)
        by_doc[doc.domain].append(decision)
        if version is not None:
            key = (doc.domain, lang)
            page = (  # the output the body is for, should the spool fail
                f"site/{article_path(version)}index.html"
                if doc.kind == "article"
                else f"newsletter/{doc.domain.split('/', 1)[-1]}/{lang}.html"
            )
            out.bodies[key] = spool.put(version.body.encode("utf-8"), page)
            if doc.kind == "article":  # its Hugo file now: its front matter is not kept
                path, text = hugo_file(
                    version, "news", out.versions[doc.domain][out.source_language]
                )
                out.hugo[key] = (path, spool.put(text.encode("utf-8"), path))
                version = replace(version, front_matter={})
            out.versions[doc.domain][lang] = replace(version, body="")
            if catalog is not None:
                live[doc.domain] = catalog
    shown: dict[tuple[str, str], Catalog | None] = {}
    shared_decision: GateDecision | None = None
    if shared is not None:
        errors = withheld.get((lang, shared.domain), ())
        catalog = catalogs.get(shared.domain)
        shared_decision = gate_shared_one(settings, shared, lang, catalog, preview, errors)
        if shared_decision.published:
            out.shared_langs.add(lang)
            # a language whose shared texts are withheld shows them in English
            shown[(lang, SHARED)] = catalogs.get(SHARED)
            shared_catalog = catalogs.get(SHARED)
            if shared_catalog is not None:
                live[SHARED] = shared_catalog
    out.strings[lang] = shared_strings(settings, shared, shown, [lang], settings.site.title)[lang]
    if live:
        for domain, catalog in live.items():
            mo = compile_mo(catalog, include_fuzzy=preview)
            out.mo.setdefault(domain, {})[lang] = spool.put(mo, mo_path(lang, domain))
        out.jed[lang] = spool.put_all(jed_chunks(lang, live, preview), jed_path(lang))
    return shared_decision
