"""The ``build`` stage: gate every document per language, then write catalogues, site, Hugo
sources and newsletters into a staging folder next to ``dist/`` and swap it in at once.

Each file goes to the staging folder as soon as it is rendered, so memory holds one file, not
the whole output (200 MB for 1,000 articles in 9 languages). ``dist/`` itself changes only by
the final swap: a template error, a broken catalogue or a newsletter that features a missing
article removes the staging folder and leaves the previous ``dist/`` untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..catalog.store import load_translation
from ..config import Settings
from ..errors import MirageError, PublishError, UsageError, raise_all
from ..fsutil import make_staging_dir
from ..model import Catalog, Counts, SourceDocument, count_words
from ..slug import slugify
from ..sources.project import load_documents
from .content import Strings, Text, Version
from .gate import GateDecision, decide
from .jsoncat import dumps_jed
from .locale import to_date
from .mofile import compile_mo, publishable
from .newsletter import Featured, NewsletterOptions, render_issue
from .options import publish_options
from .site import SiteOptions, article_path, iter_site
from .templating import make_environment

KEPT_DIRS = ("report",)  # written by other stages (validation dashboard); carried over on swap
MARKER = ".mirage-build"  # marks a folder as ours: only such a folder is ever swapped away
BUILD_ENTRIES = frozenset(
    {
        "site",
        "catalogs",
        "markdown",
        "newsletter",
        "report",
        "publish-report.json",
        "publish-report.txt",
        MARKER,
    }
)


def check_output_folder(out_dir: Path, settings: Settings) -> None:
    """The build replaces its output folder whole: refuse any folder that may hold other work.

    Allowed: a new or empty folder, or one that holds only what a build writes. The project
    itself, a folder containing it, or one with anything else in it is refused.
    """
    target = out_dir.resolve()
    shown = settings.rel(out_dir)
    root = settings.root.resolve()
    if target == root or target in root.parents:
        raise UsageError(
            "the build output folder cannot be the project or a folder containing it", shown
        )
    if not target.exists():
        return
    if not target.is_dir():
        raise UsageError("the build output path exists and is not a folder", shown)
    if (target / MARKER).is_file():
        return
    foreign = sorted(p.name for p in target.iterdir() if p.name not in BUILD_ENTRIES)
    if foreign:
        raise UsageError(
            f"the output folder holds files a build did not write ({foreign[0]}…); "
            "the build replaces the folder whole, so choose a new or empty one",
            shown,
        )


Writer = Callable[[Path, "BuildReport"], None]


@dataclass(frozen=True)
class BuildReport:
    out_dir: Path
    source_language: str
    decisions: tuple[GateDecision, ...]
    files: tuple[str, ...]  # relative to out_dir
    preview: bool = False
    warnings: tuple[str, ...] = ()

    def published(self, domain: str) -> tuple[str, ...]:
        return tuple(d.lang for d in self.decisions if d.domain == domain and d.published)

    def as_dict(self) -> dict[str, Any]:
        return {
            "preview": self.preview,
            "source_language": self.source_language,
            "documents": [d.as_dict() for d in self.decisions],
            "warnings": list(self.warnings),
        }

    def lines(self) -> list[str]:
        """Human summary: one line per document, then why each missing language is missing."""
        out: list[str] = []
        domains = list(dict.fromkeys(d.domain for d in self.decisions))
        for domain in domains:
            mine = [d for d in self.decisions if d.domain == domain]
            live = [d.lang for d in mine if d.published]
            out.append(f"{domain}: published in {', '.join(live) or 'no language'}")
            why: dict[str, list[str]] = {}
            for d in mine:
                if not d.published:
                    why.setdefault(f"not published: {d.reason}", []).append(d.lang)
                elif d.unreviewed:
                    why.setdefault(d.reason, []).append(d.lang)
            out.extend(f"  {', '.join(codes)}: {reason}" for reason, codes in why.items())
        out.extend(f"warning: {w}" for w in self.warnings)
        return out


def _reassemble(
    doc: SourceDocument, table: Mapping[tuple[str | None, str], str]
) -> tuple[dict[Any, Any], str]:
    from ..sources.reader import reassemble_document

    result = reassemble_document(doc, table)
    return dict(result.front_matter), result.body


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
    # first non-empty: an empty slug would put the page at <lang>//, i.e. over the index
    slugs = doc.front_matter.get("slugs")
    own = slugs.get(lang) if isinstance(slugs, Mapping) else None
    candidates = [own if isinstance(own, str) else ""]
    if lang == source_lang and doc.front_matter.get("slug"):
        candidates.append(str(doc.front_matter["slug"]))
    slug = next(filter(None, map(slugify, [*candidates, title])), doc.domain.rsplit("/", 1)[-1])
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


def _disclaimer(
    settings: Settings, strings: Mapping[str, Text], lang: str, source_lang: str
) -> Text:
    approved = settings.language(lang).raw.get("disclaimer") if lang != source_lang else None
    if isinstance(approved, str) and approved.strip():
        return Text(approved.strip(), lang)
    return strings.get("disclaimer") or Text("", source_lang)


def _line_in(path: Path, needle: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return number
    except OSError:
        return None
    return None


def _hugo_file(version: Version, kind_dir: str) -> tuple[str, str]:
    front = {k: v for k, v in version.front_matter.items() if k not in ("slugs",)}
    front.update(
        title=version.title, slug=version.slug, lang=version.lang, translationKey=version.domain
    )
    if version.date:
        front["date"] = version.date.isoformat()
    if version.lede:
        front["lede"] = version.lede
    text = (
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"
    )
    text += version.body.lstrip("\n")
    if not text.endswith("\n"):
        text += "\n"
    return f"markdown/content/{version.lang}/{kind_dir}/{version.slug}.md", text


def build(
    settings: Settings,
    out: Path | None = None,
    preview: bool | None = None,
    writers: Sequence[Writer] = (),
) -> BuildReport:
    """Render everything into a staging folder and swap it in; on any error ``out_dir`` stays as it was."""
    opts = publish_options(settings)
    preview = opts.preview if preview is None else preview
    out_dir = Path(out) if out is not None else settings.dist_dir
    check_output_folder(out_dir, settings)
    src = settings.source_language
    langs = (src, *settings.languages)
    docs = load_documents(settings)
    shared = next((d for d in docs if d.kind == "shared"), None)
    articles = [d for d in docs if d.kind == "article"]
    issues = [d for d in docs if d.kind == "newsletter"]

    errors: list[MirageError] = []
    catalogs: dict[tuple[str, str], Catalog | None] = {}
    for lang in settings.languages:
        for doc in docs:
            try:
                catalogs[(lang, doc.domain)] = load_translation(settings, lang, doc.domain)
            except MirageError as exc:
                errors.append(exc)
    raise_all(errors)

    decisions: list[GateDecision] = []
    versions: dict[str, dict[str, Version]] = {}
    for doc in [*articles, *issues]:
        versions[doc.domain] = {src: _version(doc, src, doc.front_matter, doc.body, src, False)}
        decisions.append(
            GateDecision(doc.domain, src, True, "source language", 100.0, _source_counts(doc))
        )
        for lang in settings.languages:
            catalog = catalogs.get((lang, doc.domain))
            decision = decide(doc.domain, lang, catalog, settings.language(lang).threshold, preview)
            decisions.append(decision)
            if decision.published:
                front, body = _reassemble(doc, _table(catalog, preview))
                versions[doc.domain][lang] = _version(
                    doc, lang, front, body, src, decision.unreviewed
                )
    shared_ready: set[str] = set()  # languages whose shared texts are used (reviewed ones)
    if shared is not None:
        decisions.append(
            GateDecision(shared.domain, src, True, "source language", 100.0, _source_counts(shared))
        )
        for lang in settings.languages:
            threshold = settings.language(lang).threshold
            catalog = catalogs.get((lang, shared.domain))
            decision = decide(shared.domain, lang, catalog, threshold, preview, shared=True)
            decisions.append(decision)
            if decision.published:
                shared_ready.add(lang)

    strings = {
        lang: Strings(lang, _strings(shared, catalogs.get((lang, "shared")), lang, src))
        for lang in langs
    }
    if opts.site_title:
        for lang in langs:
            if "site.title" not in strings[lang].texts:
                strings[lang] = Strings(
                    lang, {**strings[lang].texts, "site.title": Text(opts.site_title, src)}
                )
    disclaimers = {lang: _disclaimer(settings, strings[lang].texts, lang, src) for lang in langs}
    warnings: list[str] = []
    if opts.base_url == "/":
        warnings.append("no [site] base_url: feeds, sitemap and newsletter links are root-relative")

    env = make_environment(opts.templates_dir)
    site_articles = {d.domain: versions[d.domain] for d in articles}
    _check_slugs(site_articles, settings)
    with Staging(out_dir) as files:
        site_opts = SiteOptions(
            base_url=opts.base_url,
            source_language=src,
            contact_email=opts.contact_email,
            feed_title=opts.feed_title,
            author=settings.project_name,
        )
        for path, text in iter_site(env, site_opts, site_articles, strings, disclaimers, langs):
            files[f"site/{path}"] = text.encode("utf-8")
        for doc in articles:
            for version in versions[doc.domain].values():
                path, text = _hugo_file(version, "news")
                files[path] = text.encode("utf-8")

        nl_opts = NewsletterOptions(sender=opts.sender, contact_email=opts.contact_email)
        named: dict[str, list[SourceDocument]] = {}  # "x", "2021/x" and "news/2021/x" all name it
        for d in articles:
            for alias in dict.fromkeys(
                (d.domain.rsplit("/", 1)[-1], d.domain.split("/", 1)[-1], d.domain)
            ):
                named.setdefault(alias, []).append(d)
        by_name = {alias: docs[0] for alias, docs in named.items() if len(docs) == 1}
        for issue in issues:
            featured = issue.front_matter.get("articles") or []
            if not isinstance(featured, list):
                raise PublishError(
                    "'articles' must be a list of article names",
                    issue.path,
                    _line_in(settings.root / issue.path, "articles:"),
                )
            for name in featured:
                if len(named.get(str(name), ())) > 1:
                    raise PublishError(
                        f"newsletter features {name!r}, which names several articles "
                        f"({', '.join(d.domain for d in named[str(name)])}); write the one meant "
                        f"with its folder",
                        issue.path,
                        _line_in(settings.root / issue.path, str(name)),
                    )
                if str(name) not in by_name:
                    raise PublishError(
                        f"newsletter features {name!r}, but there is no such article "
                        f"(known: {', '.join(sorted(k for k in by_name if '/' not in k))})",
                        issue.path,
                        _line_in(settings.root / issue.path, str(name)),
                    )
            for lang, version in versions[issue.domain].items():
                items = []
                for name in featured:
                    article = versions[by_name[str(name)].domain]
                    shown = article.get(lang) or article[src]
                    items.append(
                        Featured(
                            shown.title,
                            shown.lede,
                            site_opts.base_url.rstrip("/") + "/" + article_path(shown),
                            shown.lang,
                        )
                    )
                rendered = render_issue(
                    env, nl_opts, version, items, strings[lang], disclaimers[lang]
                )
                # the issue's path below newsletters/: 2021/11 and 2022/11 stay apart
                base = f"newsletter/{issue.domain.split('/', 1)[-1]}/{lang}"
                files[f"{base}.html"] = rendered.html.encode("utf-8")
                files[f"{base}.txt"] = rendered.text.encode("utf-8")
                files[f"{base}.eml"] = rendered.eml

        for lang in settings.languages:
            live = {
                domain: catalogs[(lang, domain)]
                for domain, vs in versions.items()
                if lang in vs and catalogs.get((lang, domain)) is not None
            }
            shared_cat = catalogs.get((lang, "shared"))
            if shared_cat is not None and lang in shared_ready:
                live["shared"] = shared_cat
            compiled = {d: c for d, c in live.items() if c is not None}
            if not compiled:
                continue
            for domain, catalog in compiled.items():
                files[f"catalogs/{lang}/LC_MESSAGES/{domain}.mo"] = compile_mo(
                    catalog, include_fuzzy=preview
                )
            files[f"catalogs/{lang}.json"] = dumps_jed(
                compiled, lang, include_fuzzy=preview
            ).encode("utf-8")

        files[MARKER] = (
            b"Written by mirage-i18n build; this folder is replaced whole on every build.\n"
        )
        report = BuildReport(
            out_dir, src, tuple(decisions), tuple(sorted(files.names)), preview, tuple(warnings)
        )
        files["publish-report.json"] = (
            json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
        ).encode()
        files["publish-report.txt"] = ("\n".join(report.lines()) + "\n").encode("utf-8")
        report = BuildReport(
            out_dir, src, tuple(decisions), tuple(sorted(files.names)), preview, tuple(warnings)
        )
        files.finish(report, writers)
    return report


def _source_counts(doc: SourceDocument) -> Counts:
    n = len(doc.segments)
    return Counts(total=n, reviewed=n, source_words=sum(count_words(s.text) for s in doc.segments))


def _check_slugs(articles: Mapping[str, Mapping[str, Version]], settings: Settings) -> None:
    seen: dict[tuple[str, str], str] = {}
    errors: list[MirageError] = []
    for domain, by_lang in articles.items():
        for lang, v in by_lang.items():
            if (lang, v.slug) in seen:
                errors.append(
                    PublishError(
                        f"slug {v.slug!r} in {lang} is also used by {seen[(lang, v.slug)]}; "
                        f"give one of them 'slugs: {{{lang}: …}}' in its front matter",
                        domain,
                    )
                )
            seen[(lang, v.slug)] = domain
    raise_all(errors)


class Staging:
    """The next output folder, ``.<dist>.building-*`` beside ``out_dir``: files are written
    into it as they are rendered (``staging[rel] = data``), and :meth:`finish` swaps it into
    place whole. Leaving the ``with`` block by an exception removes it; ``out_dir`` is then
    as it was."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.resolve()
        self.names: set[str] = set()
        self.folder: Path | None = None

    def __enter__(self) -> Staging:
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.folder = make_staging_dir(self.out_dir.parent, f".{self.out_dir.name}.building-")
        return self

    def __setitem__(self, rel: str, data: bytes) -> None:
        assert self.folder is not None, "use Staging in a with block"
        if rel in self.names:
            raise PublishError(f"two outputs would be written to {rel}")
        target = self.folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.names.add(rel)

    def finish(self, report: BuildReport, writers: Iterable[Writer]) -> None:
        assert self.folder is not None
        staging, out_dir, old = self.folder, self.out_dir, None
        for writer in writers:
            writer(staging, report)
        try:
            if out_dir.exists():
                for name in KEPT_DIRS:
                    kept = out_dir / name
                    if kept.exists() and not (staging / name).exists():
                        shutil.copytree(kept, staging / name)
                old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
                os.replace(out_dir, old / "dist")
            os.replace(staging, out_dir)
            self.folder = None
        except BaseException:
            if old is not None and not out_dir.exists() and (old / "dist").exists():
                os.replace(old / "dist", out_dir)
            raise
        finally:
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)

    def __exit__(self, *exc: object) -> None:
        if self.folder is not None:  # not swapped in: an error, or finish() never called
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
