"""docs/security.md lists every limit of limits.py with its value: the page cannot drift."""

from __future__ import annotations

import re

from mirage_i18n import limits
from tests.gnu import REPO


def test_the_limits_table_is_the_module() -> None:
    text = (REPO / "docs/security.md").read_text(encoding="utf-8")
    documented = {
        name: int(value.replace(",", ""))
        for name, value in re.findall(r"^\| `([A-Z_]+)` \| ([\d,]+) \|", text, re.MULTILINE)
    }
    actual = {
        name: value
        for name, value in vars(limits).items()
        if name.isupper() and isinstance(value, int)
    }
    assert documented == actual
