"""The ``build`` stage: gate every document per language, then write site, Hugo sources,
newsletters and compiled catalogues into a staging folder next to ``dist/`` and swap it in.

The languages come one at a time (:mod:`.translated`): a language's catalogues are read, checked
by the validation (whose error findings the gates count, and which the dashboard shows), gated
and compiled, then dropped; memory holds one language's catalogues, not the project's.
Everything that can fail on bad input (catalogues, newsletter names, slugs) is checked before
the first file is written. Each file goes to the staging folder as soon as it is rendered, so
memory holds one file, not the whole output; ``dist/`` changes only by the final swap
(:mod:`.staging`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..checks.parallel import BackgroundValidation
from ..checks.results import withholding
from ..config import Settings
from ..gcpause import collector_paused
from ..memtrim import release_free_memory
from ..sources.project import load_documents
from .newsletter import NewsletterOptions, featured_articles, iter_issues
from .report import BuildReport, Writer
from .site import SiteOptions, iter_site
from .spool import Spool
from .staging import MARKER, MARKER_TEXT, Staging, check_output_folder, recover
from .templating import make_environment
from .translated import translate
from .versions import check_slugs, disclaimer

# pages between two returns of free memory to the system: a page's HTML and its Markdown
# tokens are freed into the C heap, where the pages' few survivors keep it from shrinking
# (the pages raised a 4,000-article build's resident memory by 70 MB; by 60 MB with this)
TRIM_EVERY = 1000

__all__ = [
    "BuildReport",
    "Writer",
    "build",
]  # the report and writer types are part of the signature


def build(
    settings: Settings,
    out: Path | None = None,
    preview: bool | None = None,
    writers: Sequence[Writer] = (),
    validation: BackgroundValidation | None = None,
) -> BuildReport:
    """Render everything into a staging folder and swap it in; on any error ``out_dir`` stays
    as it was.

    A document is published where the one readiness rule says so, error findings included:
    the build checks each language's catalogues when it has read them, before gating its
    documents (every page is rendered once), and its report (:attr:`BuildReport.validation`)
    is the one the dashboard shows. ``validation``: a run the caller started instead, whose
    findings the gates count (the build waits for it before gating).
    """
    site = settings.site
    contact = settings.project.contact_email
    preview = settings.publish.preview if preview is None else preview
    out_dir = Path(out) if out is not None else settings.dist_dir
    check_output_folder(out_dir, settings)
    recovered = recover(out_dir)  # notes on what a killed build left
    src = settings.source_language
    langs = (src, *settings.languages)
    docs = tuple(load_documents(settings))
    with Spool(out_dir.parent, settings.rel(out_dir)) as spool:
        known = withholding(validation.result().findings) if validation is not None else None
        done = translate(settings, docs, preview, spool, known)
        # every translation is reassembled: the sources' segmented bodies are not needed again
        docs = tuple(replace(d, parsed=None) for d in docs)
        articles = [d for d in docs if d.kind == "article"]
        issues = [d for d in docs if d.kind == "newsletter"]
        checked = validation.result() if validation is not None else done.validation
        versions, strings = done.versions, done.strings
        disclaimers = {lang: disclaimer(settings, strings[lang]) for lang in langs}
        warnings: list[str] = [*recovered, *done.notes]
        if site.base_url == "/":
            warnings.append(
                "no [site] base_url: feeds, sitemap and newsletter links are root-relative"
            )
        site_articles = {d.domain: versions[d.domain] for d in articles}
        check_slugs(settings, articles, versions)
        featured = featured_articles(settings.root, issues, articles)
        env = make_environment(site.templates_dir)
        site_opts = SiteOptions(
            base_url=site.base_url,
            source_language=src,
            contact_email=contact,
            feed_title=site.feed_title,
            author=settings.project_name,
        )
        nl_opts = NewsletterOptions(sender=settings.newsletter.sender, contact_email=contact)
        body_of = done.body_of
        with Staging(out_dir, settings.rel(out_dir)) as files:
            # the pages make no cyclic garbage, but the collector's full passes while they
            # were rendered walked every object the languages left (0.25 s at N = 1,000)
            with collector_paused():
                for n, (path, text) in enumerate(
                    iter_site(env, site_opts, site_articles, strings, disclaimers, langs, body_of),
                    1,
                ):
                    if isinstance(text, str):
                        files.write_text(f"site/{path}", text)
                    else:  # a feed or the sitemap: written as it renders
                        files.write_text_chunks(f"site/{path}", text)
                    if n % TRIM_EVERY == 0:
                        release_free_memory()
            for path, text in done.hugo_files(articles):
                files.write_text(path, text)
            for path, data in iter_issues(
                env,
                nl_opts,
                site_opts.base_url,
                featured,
                versions,
                strings,
                disclaimers,
                src,
                body_of,
            ):
                files[path] = data
            for path, chunks in done.compiled():
                files.write_chunks(path, chunks)
            files[MARKER] = MARKER_TEXT
            decisions = tuple(done.decisions)
            report = BuildReport(out_dir, src, decisions, (), preview, tuple(warnings), checked)
            files.write_chunks("publish-report.json", report.json_chunks())
            files["publish-report.txt"] = report.text_bytes()
            report = replace(report, files=tuple(sorted(files.names)))
            files.finish(report, writers)
            return report
