"""A small content project on disk for prefill tests: config, glossary and .po catalogues."""

from __future__ import annotations

from pathlib import Path

from mirage_i18n.catalog.powriter import format_catalog_bytes
from mirage_i18n.config import load_settings
from mirage_i18n.model import Catalog, Message

DISCLAIMER = (
    "This project was funded by the European Union's Asylum, Migration and Integration "
    "Fund. The content represents the views of the author only."
)


def po(lang: str, messages: list[Message]) -> bytes:
    headers = (
        ("Project-Id-Version", "MIraGE"),
        ("Language", lang),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
    )
    return format_catalog_bytes(Catalog(headers=headers, messages=tuple(messages)))


def make_project(
    root: Path,
    catalogs: dict[str, list[Message]],
    lang: str = "sv",
    config: str = "",
    dnt: tuple[str, ...] = ("MIraGE", "AMIF", "TCN"),
):
    root.mkdir(parents=True, exist_ok=True)
    (root / "mirage-i18n.toml").write_text(
        '[project]\nname = "MIraGE"\nsource_language = "en"\nlanguages = ["sv", "it"]\n' + config,
        encoding="utf-8",
    )
    (root / "glossary.toml").write_text(
        "do_not_translate = [" + ", ".join(f'"{t}"' for t in dnt) + "]\n", encoding="utf-8"
    )
    for domain, messages in catalogs.items():
        path = root / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(po(lang, messages))
    return load_settings(root)


def po_path(root: Path, domain: str, lang: str = "sv") -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
