"""Golden files: a source next to the template extract must produce, byte for byte.

Regenerate after an intended change with ``MIRAGE_REGEN_GOLDEN=1 pytest tests/test_golden.py``
and review the diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mirage_i18n.catalog.powriter import format_po
from mirage_i18n.catalog.template import make_template
from mirage_i18n.sources.reader import read_document
from tests.gnu import msgcat_fixed_point, msgfmt_check

GOLDEN = Path(__file__).parent / "golden"
KEYS = ("title", "lede", "summary", "image_alt")


@pytest.mark.parametrize("source", sorted(GOLDEN.glob("*.md")), ids=lambda p: p.name)
def test_extraction_matches_golden_template(source: Path) -> None:
    doc = read_document(source, GOLDEN, f"news/{source.stem}", "article", KEYS)
    got = format_po(make_template(doc, "MIraGE"))
    expected = source.with_suffix(".pot")
    if os.environ.get("MIRAGE_REGEN_GOLDEN"):
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")
    msgfmt_check(expected)
    msgcat_fixed_point(expected)
