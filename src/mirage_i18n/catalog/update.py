"""The update stage: every template merged into each language's catalogue, written atomically.

Catalogues are merged one at a time, document by document (a template is parsed once, used for
every language, and dropped), and each result goes straight to a temporary file
(:class:`~mirage_i18n.fsutil.StagedWrites`): memory holds one catalogue, not the corpus. Errors
of all catalogues are collected and raised together at the end, which removes the temporary
files, so bad input still writes nothing (a broken template is named once, not once per
language); without errors the files are flushed together and renamed. A content-hash
manifest in the cache folder remembers the bytes each catalogue and template had at the last
update: a pair unchanged since would come out the same, so it is skipped without parsing,
which makes an update with nothing changed cheap on thousands of files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..errors import CatalogError, MirageError, raise_all
from ..fsutil import StagedWrites
from ..manifest import Manifest, content_hash, file_hash
from ..model import Catalog, shared_key_init
from .merge import MergeStats, merge, new_catalog, purge_obsolete
from .poreader import read_po_bytes
from .powriter import SourceLines, format_catalog_bytes
from .store import (
    catalog_domains,
    catalog_path,
    read_catalog_bytes,
    read_translation,
    template_domains,
    template_path,
)

UPDATE_MANIFEST = "update-manifest.json"


@dataclass(frozen=True)
class UpdateReport:
    written: tuple[str, ...] = ()
    created: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    stats: dict[str, MergeStats] = field(default_factory=dict)  # catalogue path → stats
    orphaned: tuple[str, ...] = ()  # catalogues whose template is gone: kept, never deleted


@shared_key_init
@dataclass(frozen=True)
class PlannedCatalog:
    """One catalogue as ``update`` would write it."""

    path: Path
    lang: str
    domain: str
    catalog: Catalog
    is_new: bool
    stats: MergeStats | None
    current: bytes | None = field(default=None, repr=False)  # the file's bytes, as read
    order: int = 0  # its place in language-major order (all of one language, then the next)


def merge_plan(
    settings: Settings,
    domains: Iterable[str],
    template_for: Callable[[str], Catalog],
    langs: tuple[str, ...],
    purge: bool = False,
    skip: Callable[[str, str, Path], bool] | None = None,
    skipped: list[tuple[int, str]] | None = None,
) -> Iterator[PlannedCatalog]:
    """What ``update`` would write, one catalogue at a time; writes nothing.

    Document by document: ``template_for`` is called once per domain that is not skipped
    (so callers can read templates lazily), and its result dropped after the domain's
    languages. Each item's ``order`` is its place in language-major order, the order reports
    list catalogues in; catalogues that ``skip`` lets alone are appended to ``skipped`` as
    ``(order, path)``. All errors are collected and raised together, in that order, after the
    last item: a caller that writes stages its writes until the iteration ends.
    """
    domains = list(domains)
    errors: list[tuple[int, MirageError]] = []
    for d_index, domain in enumerate(domains):
        template: Catalog | None = None
        for l_index, lang in enumerate(langs):
            order = l_index * len(domains) + d_index
            path = catalog_path(settings, lang, domain)
            if skip is not None and skip(lang, domain, path):
                if skipped is not None:
                    skipped.append((order, settings.rel(path)))
                continue
            try:
                if template is None:
                    template = template_for(domain)
                found = read_translation(settings, lang, domain, path)
            except MirageError as exc:
                errors.append((order, exc))
                continue
            if found is None:
                catalog = new_catalog(template, lang)
                yield PlannedCatalog(path, lang, domain, catalog, True, None, None, order)
                continue
            old, current = found
            merged, stats = merge(
                template,
                old,
                lang,
                cutoff=settings.fuzzy_cutoff,
                keep_obsolete=settings.keep_obsolete and not purge,
            )
            if purge:
                merged = purge_obsolete(merged)
            yield PlannedCatalog(path, lang, domain, merged, False, stats, current, order)
    errors.sort(key=lambda pair: pair[0])
    raise_all(_unique([exc for _, exc in errors]))


def update_catalogues(
    settings: Settings, langs: tuple[str, ...], purge: bool = False
) -> UpdateReport:
    """Merge every template into the catalogues of ``langs``; see the module docstring."""
    domains = template_domains(settings)
    if not domains:
        raise CatalogError(
            "no templates yet: run 'mirage-i18n extract' first",
            settings.rel(settings.templates_dir),
        )
    manifest = Manifest(
        settings.cache_dir / UPDATE_MANIFEST,
        f"cutoff={settings.fuzzy_cutoff};obsolete={settings.keep_obsolete};purge={purge}",
        settings.rel(settings.cache_dir / UPDATE_MANIFEST),
    )
    template_bytes: dict[str, bytes] = {}  # the current domain's, read once
    template_hash: dict[str, str] = {}
    template_shown: dict[str, str] = {}

    def read_template(domain: str) -> bytes:
        if domain not in template_bytes:
            template_bytes.clear()
            template_shown.clear()
            path = template_path(settings, domain)
            shown = template_shown[domain] = settings.rel(path)
            template_bytes[domain] = read_catalog_bytes(path, shown)
            template_hash[domain] = content_hash(template_bytes[domain])
        return template_bytes[domain]

    def parse_template(domain: str) -> Catalog:
        data = read_template(domain)
        return read_po_bytes(data, template_shown[domain])  # the bytes hashed

    def unchanged_since_last_update(lang: str, domain: str, path: Path) -> bool:
        key = f"{lang}/{domain}"
        read_template(domain)
        if manifest.get(key) is None:  # no record (no cache): no need to hash the file
            return False
        return manifest.unchanged(key, template_hash[domain], file_hash(path))

    skipped: list[tuple[int, str]] = []
    done: list[tuple[int, str, str, MergeStats | None]] = []  # (order, outcome, path, stats)
    shared: SourceLines = {}  # the current template's source lines, formatted once
    shared_domain = ""
    with StagedWrites() as batch:
        for item in merge_plan(
            settings,
            domains,
            parse_template,
            langs,
            purge,
            skip=unchanged_since_last_update,
            skipped=skipped,
        ):
            if item.domain != shared_domain:  # items come document by document
                shared, shared_domain = {}, item.domain
            data = format_catalog_bytes(item.catalog, shared)
            changed = batch.write(item.path, data, item.current)
            manifest.record(
                f"{item.lang}/{item.domain}", template_hash[item.domain], content_hash(data)
            )
            outcome = "created" if item.is_new else "written" if changed else "unchanged"
            done.append((item.order, outcome, settings.rel(item.path), item.stats))
    manifest.save()
    skipped.sort()
    done.sort(key=lambda row: row[0])
    known = set(domains)
    orphaned = tuple(
        settings.rel(catalog_path(settings, lang, domain))
        for lang in langs
        for domain in catalog_domains(settings, lang)
        if domain not in known
    )
    return UpdateReport(
        written=tuple(where for _, outcome, where, _ in done if outcome == "written"),
        created=tuple(where for _, outcome, where, _ in done if outcome == "created"),
        unchanged=tuple(where for _, where in skipped)
        + tuple(where for _, outcome, where, _ in done if outcome == "unchanged"),
        stats={where: stats for _, _, where, stats in done if stats is not None},
        orphaned=orphaned,
    )


def stale_catalogues(settings: Settings, templates: Mapping[str, Catalog]) -> list[str]:
    """Catalogues that ``update`` would create or change for these templates; writes nothing."""
    stale: list[tuple[int, str]] = []
    for item in merge_plan(settings, templates, templates.__getitem__, settings.languages):
        if item.is_new:
            stale.append((item.order, settings.rel(item.path) + " (missing)"))
        elif format_catalog_bytes(item.catalog) != item.current:
            stale.append((item.order, settings.rel(item.path)))
    stale.sort(key=lambda pair: pair[0])
    return [where for _, where in stale]


def _unique(errors: list[MirageError]) -> list[MirageError]:
    """A broken template is reported once, not once per language."""
    seen: set[str] = set()
    out = []
    for err in errors:
        if str(err) not in seen:
            seen.add(str(err))
            out.append(err)
    return out
