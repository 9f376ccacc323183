"""docs/architecture.md names every module of the package (one sentence each): a module
added without its line in the map fails here."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "mirage_i18n"
MAP = ROOT / "docs" / "architecture.md"


def _named(doc: str) -> set[str]:
    """Every module a table row names: `pkg/mod.py` in full, and the short `mod.py` names
    listed after it in the same cell (`publish/compiled.py`, `mofile.py`)."""
    names: set[str] = set()
    for row in doc.splitlines():
        if not row.startswith("| `"):
            continue
        cell = row.split("|")[1]
        package = ""
        for name in re.findall(r"`([\w/]+\.py)`", cell):
            if "/" in name:
                package = name.rsplit("/", 1)[0] + "/"
                names.add(name)
            else:
                names.add(package + name)
    return names


def test_every_module_has_its_line_in_the_map() -> None:
    modules = {
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py" or p.parent.name in ("catalog", "config")
    }
    missing = sorted(modules - _named(MAP.read_text(encoding="utf-8")))
    assert not missing, f"docs/architecture.md has no line for: {', '.join(missing)}"
