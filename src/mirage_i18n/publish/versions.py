"""Documents in the languages they are published in: the gate's decision per language, the
text reassembled from reviewed entries (or, in a preview, fuzzy ones too), the page's slug,
and the shared texts of each language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..errors import MirageError, PublishError, raise_all
from ..model import Catalog, Counts, SourceDocument, count_words
from ..slug import clash_message, clashes, page_slug
from ..sources.project import front_matter_line as front_matter_line  # newsletter's import
from ..sources.reader import reassemble_document
from .content import Strings, Text, Version
from .gate import GateDecision, decide
from .locale import to_date
from .mofile import publishable

if TYPE_CHECKING:
    from ..checks.results import Finding

Catalogs = Mapping[tuple[str, str], Catalog | None]  # (lang, domain) → catalogue, None: none yet
Versions = dict[str, dict[str, Version]]  # domain → lang → version, published ones only
# (lang, domain) → the validation's findings that withhold it (checks.results.withholding)
Withheld = Mapping[tuple[str, str], Sequence["Finding"]]


def gate_documents(
    settings: Settings,
    docs: Sequence[SourceDocument],
    catalogs: Catalogs,
    preview: bool,
    withheld: Withheld | None = None,
) -> tuple[list[GateDecision], Versions]:
    """Every document in the source language, and in each language whose gate it passes."""
    withheld = withheld or {}
    src = settings.source_language
    decisions: list[GateDecision] = []
    versions: Versions = {}
    for doc in docs:
        versions[doc.domain] = {src: source_version(doc, src)}
        decisions.append(source_decision(doc, src))
        for lang in settings.languages:
            catalog = catalogs.get((lang, doc.domain))
            errors = withheld.get((lang, doc.domain), ())
            decision, version = gate_one(settings, doc, lang, catalog, preview, errors)
            decisions.append(decision)
            if version is not None:
                versions[doc.domain][lang] = version
    return decisions, versions


def source_version(doc: SourceDocument, src: str) -> Version:
    """The document as written, in the source language."""
    return _version(doc, src, doc.front_matter, doc.body, src, False)


def source_decision(doc: SourceDocument, src: str) -> GateDecision:
    return GateDecision(doc.domain, src, True, "source language", 100.0, _source_counts(doc))


def gate_one(
    settings: Settings,
    doc: SourceDocument,
    lang: str,
    catalog: Catalog | None,
    preview: bool,
    errors: Sequence[Finding] = (),
) -> tuple[GateDecision, Version | None]:
    """One document's gate in one language, and its version there where it passes
    (``errors``: the validation's findings that withhold it)."""
    threshold = settings.language(lang).threshold
    decision = decide(doc.domain, lang, catalog, threshold, preview, errors=errors)
    if not decision.published:
        return decision, None
    result = reassemble_document(doc, _table(catalog, preview))
    src = settings.source_language
    front = dict(result.front_matter)
    return decision, _version(doc, lang, front, result.body, src, decision.unreviewed)


def gate_shared(
    settings: Settings,
    shared: SourceDocument | None,
    catalogs: Catalogs,
    preview: bool,
    withheld: Withheld | None = None,
) -> list[GateDecision]:
    """The shared texts' gate per language: no threshold (each text falls back to English on
    its own), published once any is reviewed and none has an error finding — the rule status
    and validate apply too."""
    if shared is None:
        return []
    withheld = withheld or {}
    src = settings.source_language
    decisions = [source_decision(shared, src)]
    for lang in settings.languages:
        catalog = catalogs.get((lang, shared.domain))
        errors = withheld.get((lang, shared.domain), ())
        decisions.append(gate_shared_one(settings, shared, lang, catalog, preview, errors))
    return decisions


def gate_shared_one(
    settings: Settings,
    shared: SourceDocument,
    lang: str,
    catalog: Catalog | None,
    preview: bool,
    errors: Sequence[Finding] = (),
) -> GateDecision:
    """The shared texts' gate in one language (:func:`gate_shared`)."""
    threshold = settings.language(lang).threshold
    return decide(shared.domain, lang, catalog, threshold, preview, shared=True, errors=errors)


def _table(catalog: Catalog | None, include_fuzzy: bool) -> dict[tuple[str | None, str], str]:
    if catalog is None:
        return {}
    return {
        m.key: m.msgstr
        for m in catalog.active
        if m.msgid_plural is None and m.msgid and publishable(m, include_fuzzy)
    }


def _version(
    doc: SourceDocument,
    lang: str,
    front: Mapping[Any, Any],
    body: str,
    source_lang: str,
    unreviewed: bool,
) -> Version:
    title = (
        str(front.get("subject") or front.get("title") or doc.domain)
        if doc.kind == "newsletter"
        else str(front.get("title") or doc.domain)
    )
    slug, _ = page_slug(doc.front_matter, lang, source_lang, title, doc.domain.rsplit("/", 1)[-1])
    lede = front.get("lede") or front.get("summary") or ""
    return Version(
        domain=doc.domain,
        lang=lang,
        title=title,
        lede=str(lede),
        slug=slug,
        date=to_date(front.get("date")),
        body=body,
        front_matter=dict(front),
        unreviewed=unreviewed,
    )


def _source_counts(doc: SourceDocument) -> Counts:
    n = len(doc.segments)
    return Counts(total=n, reviewed=n, source_words=sum(count_words(s.text) for s in doc.segments))


def check_slugs(
    settings: Settings,
    articles: Sequence[SourceDocument],
    versions: Mapping[str, Mapping[str, Version]],
) -> None:
    """Two articles with one slug in one language would share a page: an error for each, at the
    front matter line the slug comes from (``slugs``, ``slug`` or ``title``); the rule is
    :func:`slug.page_slug`, which the sources' own check uses too."""
    src = settings.source_language
    pages = [(doc, lang, v.slug) for doc in articles for lang, v in versions[doc.domain].items()]
    errors: list[MirageError] = []
    for doc, lang, slug, first in clashes(pages):
        title = versions[doc.domain][lang].title
        key = page_slug(doc.front_matter, lang, src, title, doc.domain.rsplit("/", 1)[-1])[1]
        errors.append(
            PublishError(
                clash_message(slug, lang, first.domain),
                doc.path,
                front_matter_line(settings.root, doc, key or "title"),
            )
        )
    raise_all(errors)


def shared_strings(
    settings: Settings,
    shared: SourceDocument | None,
    catalogs: Catalogs,
    languages: Sequence[str],
    site_title: str | None,
) -> dict[str, Strings]:
    """The shared texts of each language; ``site_title`` where shared.yaml has no site.title."""
    src = settings.source_language
    out = {}
    for lang in languages:
        texts = _strings(shared, catalogs.get((lang, "shared")), lang, src)
        if site_title and "site.title" not in texts:
            texts = {**texts, "site.title": Text(site_title, src)}
        out[lang] = Strings(lang, texts)
    return out


def _strings(
    shared: SourceDocument | None, catalog: Catalog | None, lang: str, source_lang: str
) -> dict[str, Text]:
    """Shared texts in ``lang`` where reviewed, else the source text marked as such."""
    if shared is None:
        return {}
    table = _table(catalog, include_fuzzy=False) if lang != source_lang else {}
    out = {}
    for seg in shared.segments:
        key = seg.context or seg.text
        found = table.get((seg.context, seg.text))
        out[key] = Text(found, lang) if found else Text(seg.text, source_lang)
    return out


def disclaimer(settings: Settings, strings: Strings) -> Text:
    """The approved translation from the configuration, else a reviewed shared text, else the
    English original: never a fuzzy one, not even in a preview."""
    lang, src = strings.lang, settings.source_language
    approved = settings.language(lang).disclaimer if lang != src else None
    if approved is not None:
        return Text(approved.strip(), lang)
    return strings.texts.get("disclaimer") or Text("", src)
