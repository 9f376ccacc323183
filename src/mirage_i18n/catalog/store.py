"""Catalogues on disk: where they live, loading with project-relative error paths, atomic saving."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from ..errors import CatalogError
from ..fsutil import atomic_write_bytes, confine
from ..model import Catalog
from .merge import check_language
from .pofile import format_catalog_bytes, read_po_bytes


def template_path(settings: Settings, domain: str) -> Path:
    return confine(settings.templates_dir / f"{domain}.pot", settings.root)


def catalog_path(settings: Settings, lang: str, domain: str) -> Path:
    return confine(settings.catalog_dir(lang) / f"{domain}.po", settings.root)


def template_domains(settings: Settings) -> list[str]:
    """Domains that have a template, in a stable order (shared first, then by path)."""
    root = settings.templates_dir
    if not root.is_dir():
        return []
    domains = [p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.pot")]
    return sorted(domains, key=lambda d: (d != "shared", d))


def catalog_domains(settings: Settings, lang: str) -> list[str]:
    root = settings.catalog_dir(lang)
    if not root.is_dir():
        return []
    return sorted(p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.po"))


def load_catalog(settings: Settings, path: Path) -> Catalog:
    shown = settings.rel(confine(path, settings.root))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read catalogue: {exc.strerror}", shown) from None
    return read_po_bytes(data, shown)


def save_catalog(path: Path, catalog: Catalog) -> bool:
    """Atomic; returns False when the file already had exactly these bytes."""
    return atomic_write_bytes(path, format_catalog_bytes(catalog))


def load_translation(settings: Settings, lang: str, domain: str) -> Catalog | None:
    """The language's catalogue for ``domain``, checked against its folder; None if absent."""
    path = catalog_path(settings, lang, domain)
    if not path.exists():
        return None
    catalog = load_catalog(settings, path)
    check_language(catalog, lang, settings.rel(path))
    return catalog
