"""The ``build`` stage: gate every document per language, then write site, Hugo sources,
newsletters and compiled catalogues into a staging folder next to ``dist/`` and swap it in.

Everything that can fail on bad input (catalogues, newsletter names, slugs) is checked before
the first file is rendered. Each file goes to the staging folder as soon as it is rendered, so
memory holds one file, not the whole output; ``dist/`` changes only by the final swap
(:mod:`.staging`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..catalog.store import catalog_path, load_translation
from ..checks.parallel import BackgroundValidation
from ..checks.results import withholding
from ..checks.run import validate
from ..config import Settings
from ..errors import MirageError, raise_all
from ..model import Catalog, SourceDocument
from ..sources.project import load_documents
from .clean import clean_catalog
from .compiled import iter_compiled
from .hugo import iter_hugo
from .newsletter import NewsletterOptions, featured_articles, iter_issues
from .report import BuildReport, Writer
from .site import SiteOptions, iter_site
from .staging import MARKER, MARKER_TEXT, Staging, check_output_folder, recover
from .templating import make_environment
from .versions import check_slugs, disclaimer, gate_documents, gate_shared, shared_strings

__all__ = [
    "BuildReport",
    "Inputs",
    "Writer",
    "build",
    "load_inputs",
]  # the report and writer types are part of the signature


@dataclass(frozen=True)
class Inputs:
    """What a build reads, each file read and parsed once: the source documents, and every
    catalogue both as published (``catalogs``: cleaned of control characters, None where a
    language has none yet) and as it is on disk (``parsed``), which the validation checks."""

    docs: tuple[SourceDocument, ...]
    catalogs: Mapping[tuple[str, str], Catalog | None]
    parsed: Mapping[tuple[str, str], Catalog]
    notes: tuple[str, ...]  # one per control character left out of what is published


def load_inputs(settings: Settings) -> Inputs:
    """Read the sources and every catalogue; every broken catalogue is reported at once.

    Read before the validation starts (:func:`build`), so that a validation forked then
    inherits the parsed catalogues instead of parsing them again."""
    docs = tuple(load_documents(settings))
    errors: list[MirageError] = []
    notes: list[str] = []
    catalogs: dict[tuple[str, str], Catalog | None] = {}
    parsed: dict[tuple[str, str], Catalog] = {}
    for lang in settings.languages:
        for doc in docs:
            try:
                catalog = load_translation(settings, lang, doc.domain)
            except MirageError as exc:
                errors.append(exc)
                continue
            if catalog is not None:
                parsed[(lang, doc.domain)] = catalog
                shown = settings.rel(catalog_path(settings, lang, doc.domain))
                catalog, found = clean_catalog(catalog, shown)
                notes += found
            catalogs[(lang, doc.domain)] = catalog
    raise_all(errors)
    return Inputs(docs, catalogs, parsed, tuple(notes))


def build(
    settings: Settings,
    out: Path | None = None,
    preview: bool | None = None,
    writers: Sequence[Writer] = (),
    validation: BackgroundValidation | None = None,
    inputs: Inputs | None = None,
) -> BuildReport:
    """Render everything into a staging folder and swap it in; on any error ``out_dir`` stays
    as it was.

    A document is published where the one readiness rule says so, error findings included:
    ``validation`` is the run whose findings the gates count, and the dashboard shows; without
    one the build runs its own, in this process, before rendering (every page rendered once).
    A validation still running in a forked process when the rendering starts is not waited
    for: the build renders by the shares, then, before the swap, takes the findings; only when
    one of them withholds a document it has rendered does it render again, knowing them
    (docs/publishing.md, "The gate"). An error of the validation ends the build at once: it
    is polled after each file written.

    ``inputs``: the sources and catalogues, when the caller read them (:func:`load_inputs`)
    before starting ``validation`` on them; else they are read here, then the validation
    started.
    """
    site = settings.site
    contact = settings.project.contact_email
    preview = settings.publish.preview if preview is None else preview
    out_dir = Path(out) if out is not None else settings.dist_dir
    check_output_folder(out_dir, settings)
    recovered = recover(out_dir)  # notes on what a killed build left
    src = settings.source_language
    langs = (src, *settings.languages)
    if inputs is None:
        inputs = load_inputs(settings)
    docs = inputs.docs
    catalogs, notes = inputs.catalogs, inputs.notes
    shared = next((d for d in docs if d.kind == "shared"), None)
    articles = [d for d in docs if d.kind == "article"]
    issues = [d for d in docs if d.kind == "newsletter"]
    judge_preview = preview
    own = validation is None
    if validation is None:
        parsed = inputs.parsed
        validation = BackgroundValidation(  # in this process, first: see pipeline.build
            lambda: validate(settings, preview=judge_preview, parsed=parsed), fork=False
        )
    try:
        env = make_environment(site.templates_dir)
        # known at once where the validation is already done (or runs here): one rendering
        known = withholding(validation.result().findings) if validation.ready() else {}
        while True:
            decisions, versions = gate_documents(
                settings, [*articles, *issues], catalogs, preview, known
            )
            shared_decisions = gate_shared(settings, shared, catalogs, preview, known)
            decisions += shared_decisions
            shared_langs = {d.lang for d in shared_decisions if d.published}
            # a language whose shared texts are withheld shows them in English
            shown = {k: c for k, c in catalogs.items() if k[1] != "shared" or k[0] in shared_langs}
            strings = shared_strings(settings, shared, shown, langs, site.title)
            disclaimers = {lang: disclaimer(settings, strings[lang]) for lang in langs}
            warnings: list[str] = [*recovered, *notes]
            if site.base_url == "/":
                warnings.append(
                    "no [site] base_url: feeds, sitemap and newsletter links are root-relative"
                )
            site_articles = {d.domain: versions[d.domain] for d in articles}
            check_slugs(settings, articles, versions)
            featured = featured_articles(settings.root, issues, articles)

            site_opts = SiteOptions(
                base_url=site.base_url,
                source_language=src,
                contact_email=contact,
                feed_title=site.feed_title,
                author=settings.project_name,
            )
            nl_opts = NewsletterOptions(sender=settings.newsletter.sender, contact_email=contact)
            with Staging(out_dir, settings.rel(out_dir), validation.poll) as files:
                for path, text in iter_site(
                    env, site_opts, site_articles, strings, disclaimers, langs
                ):
                    files[f"site/{path}"] = text.encode("utf-8")
                for path, text in iter_hugo(site_articles, src):
                    files[path] = text.encode("utf-8")
                for path, data in iter_issues(
                    env, nl_opts, site_opts.base_url, featured, versions, strings, disclaimers, src
                ):
                    files[path] = data
                for path, data in iter_compiled(
                    settings.languages, catalogs, versions, shared_langs, preview
                ):
                    files[path] = data
                final = withholding(validation.result().findings)
                if any(d.published and (d.lang, d.domain) in final for d in decisions):
                    known = final  # published by the shares, withheld by a finding: again
                    continue
                files[MARKER] = MARKER_TEXT
                report = BuildReport(out_dir, src, tuple(decisions), (), preview, tuple(warnings))
                files["publish-report.json"] = report.json_bytes()
                files["publish-report.txt"] = report.text_bytes()
                report = replace(report, files=tuple(sorted(files.names)))
                files.finish(report, writers)
                return report
    finally:
        if own:
            validation.cancel()
