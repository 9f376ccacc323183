"""Catalogues on disk: where they live, loading with project-relative error paths, atomic saving."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from ..errors import CatalogError
from ..fsutil import atomic_write_bytes
from ..model import Catalog
from .merge import check_language
from .pofile import decode_po, format_catalog_bytes, parse_po


def template_path(settings: Settings, domain: str) -> Path:
    return settings.templates_dir / f"{domain}.pot"


def catalog_path(settings: Settings, lang: str, domain: str) -> Path:
    return settings.catalog_dir(lang) / f"{domain}.po"


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
    return load_catalog_text(settings, path)[0]


def load_catalog_text(settings: Settings, path: Path) -> tuple[Catalog, str]:
    """The catalogue and its decoded text (validate's header checks find their lines in it)."""
    shown = settings.rel(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read catalogue: {exc.strerror}", shown) from None
    text = decode_po(data, shown)
    return parse_po(text, shown), text


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
