"""The update stage: every template merged into each language's catalogue, written atomically.

Everything is read and merged first; errors of all catalogues are raised together before any
file is written (a broken template is named once, not once per language). A content-hash
manifest in the cache folder remembers the bytes each catalogue and template had at the last
update: a pair unchanged since would come out the same, so it is skipped without parsing,
which makes an update with nothing changed cheap on thousands of files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..errors import CatalogError, MirageError, raise_all
from ..fsutil import atomic_write_bytes
from ..manifest import Manifest, content_hash, file_hash
from ..model import Catalog
from .merge import MergeStats, merge, new_catalog, purge_obsolete
from .poreader import read_po_bytes
from .powriter import format_catalog_bytes
from .store import (
    catalog_domains,
    catalog_path,
    load_translation,
    read_catalog_bytes,
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


@dataclass(frozen=True)
class PlannedCatalog:
    """One catalogue as ``update`` would write it."""

    path: Path
    lang: str
    domain: str
    catalog: Catalog
    is_new: bool
    stats: MergeStats | None


def merge_plan(
    settings: Settings,
    domains: Iterable[str],
    template_for: Callable[[str], Catalog],
    langs: tuple[str, ...],
    purge: bool = False,
    skip: Callable[[str, str, Path], bool] | None = None,
) -> tuple[list[PlannedCatalog], list[str]]:
    """What ``update`` would write, and the catalogues ``skip`` let it leave alone; writes nothing.

    ``template_for`` is called at most once per domain that is not skipped, so callers can parse
    templates lazily. All errors are collected and raised together.
    """
    domains = list(domains)
    plan: list[PlannedCatalog] = []
    skipped: list[str] = []
    errors: list[MirageError] = []
    templates: dict[str, Catalog] = {}
    for lang in langs:
        for domain in domains:
            path = catalog_path(settings, lang, domain)
            if skip is not None and skip(lang, domain, path):
                skipped.append(settings.rel(path))
                continue
            try:
                if domain not in templates:
                    templates[domain] = template_for(domain)
                template = templates[domain]
                old = load_translation(settings, lang, domain)
            except MirageError as exc:
                errors.append(exc)
                continue
            if old is None:
                plan.append(
                    PlannedCatalog(path, lang, domain, new_catalog(template, lang), True, None)
                )
                continue
            merged, stats = merge(
                template,
                old,
                lang,
                cutoff=settings.fuzzy_cutoff,
                keep_obsolete=settings.keep_obsolete and not purge,
            )
            if purge:
                merged = purge_obsolete(merged)
            plan.append(PlannedCatalog(path, lang, domain, merged, False, stats))
    raise_all(_unique(errors))
    return plan, skipped


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
    )
    shown = {d: settings.rel(template_path(settings, d)) for d in domains}
    template_bytes = {d: read_catalog_bytes(template_path(settings, d), shown[d]) for d in domains}
    template_hash = {d: content_hash(b) for d, b in template_bytes.items()}

    def parse_template(domain: str) -> Catalog:
        return read_po_bytes(template_bytes[domain], shown[domain])  # the bytes hashed

    def unchanged_since_last_update(lang: str, domain: str, path: Path) -> bool:
        return manifest.unchanged(f"{lang}/{domain}", template_hash[domain], file_hash(path))

    plan, skipped = merge_plan(
        settings, domains, parse_template, langs, purge, skip=unchanged_since_last_update
    )
    written: list[str] = []
    created: list[str] = []
    unchanged: list[str] = list(skipped)
    stats_by: dict[str, MergeStats] = {}
    for item in plan:
        where = settings.rel(item.path)
        data = format_catalog_bytes(item.catalog)
        changed = atomic_write_bytes(item.path, data)
        manifest.record(
            f"{item.lang}/{item.domain}", template_hash[item.domain], content_hash(data)
        )
        if item.is_new:
            created.append(where)
        elif changed:
            written.append(where)
        else:
            unchanged.append(where)
        if item.stats is not None:
            stats_by[where] = item.stats
    manifest.save()
    orphaned = tuple(
        settings.rel(catalog_path(settings, lang, domain))
        for lang in langs
        for domain in catalog_domains(settings, lang)
        if domain not in template_hash
    )
    return UpdateReport(tuple(written), tuple(created), tuple(unchanged), stats_by, orphaned)


def stale_catalogues(settings: Settings, templates: Mapping[str, Catalog]) -> list[str]:
    """Catalogues that ``update`` would create or change for these templates; writes nothing."""
    plan, _ = merge_plan(settings, templates, templates.__getitem__, settings.languages)
    stale: list[str] = []
    for item in plan:
        if item.is_new:
            stale.append(settings.rel(item.path) + " (missing)")
        elif format_catalog_bytes(item.catalog) != item.path.read_bytes():
            stale.append(settings.rel(item.path))
    return stale


def _unique(errors: list[MirageError]) -> list[MirageError]:
    """A broken template is reported once, not once per language."""
    seen: set[str] = set()
    out = []
    for err in errors:
        if str(err) not in seen:
            seen.add(str(err))
            out.append(err)
    return out
