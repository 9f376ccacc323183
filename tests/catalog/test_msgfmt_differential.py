"""The mutation differential against GNU ``msgfmt -c`` (issue 13), as an assertion.

Seeded mutants of valid catalogues (``tests/catalog/mutants.py``) go through msgfmt and
through what validate does with a catalogue (``tests/catalog/differential.py``):

* nothing msgfmt rejects may pass: every such mutant is a reader error or an error finding;
* everything we reject and msgfmt accepts is one of the deliberate refusals of
  ``docs/catalogues.md`` ("Stricter than msgfmt"), named in :data:`STRICTER`;
* what msgfmt accepts only because its lexer reads tokens (``#,fuzzy``, ``msgid"x"``, a keyword
  alone on its line…) we accept too, and our writer then gives ``msgcat --no-wrap``'s bytes.

``MIRAGE_DIFFERENTIAL_PER_KIND`` sets the mutants per kind (default 60: the 2,580 mutants of
the table in docs/catalogues.md, ``python -m tests.catalog.differential``; some 15 s on two
cores).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from mirage_i18n.catalog.poreader import read_po_bytes
from mirage_i18n.catalog.powriter import format_po
from tests.catalog.differential import (
    BOTH_ACCEPT,
    BOTH_REJECT,
    WE_ACCEPT,
    WE_REJECT,
    Verdict,
    default_mutants,
    verdicts,
)
from tests.catalog.mutants import MUTATIONS, Mutant, repository_bases
from tests.gnu import REPO, run_tool

PER_KIND = int(os.environ.get("MIRAGE_DIFFERENTIAL_PER_KIND", "60"))

# Our refusals of what msgfmt accepts, each a row of docs/catalogues.md's "Stricter than
# msgfmt" table (the name in backquotes): a pattern on our verdict, "<source>: <message>".
STRICTER: dict[str, str] = {
    "not-utf-8": r"^reader: not valid UTF-8",
    "utf-8-only": r"^(reader: charset is |header-charset: (charset is |no charset))",
    "escape-bytes": r"^reader: (syntax error: escape sequence out of range|escape sequences do "
    r"not form valid UTF-8)",
    "nul": r"^reader: NUL character within string",
    "language": r"^header-language: ",
    "plural-forms-policy": r"^header-plural-forms: (no Plural-Forms header|Plural-Forms .* "
    r"(lacks nplurals= or plural=|is not the convention for))",
    "plural-count": r"^plural-count: ",
    "plural-formula-size": r"^header-plural-forms: plural expression too (long|deeply nested) ",
}

# The constructs of issue 13 that msgfmt refuses: each must be refused by both, somewhere
ISSUE_13 = (
    "line-U+0085",
    "line-U+2028",
    "line-U+2029",
    "EOT-in-string",
    "obsolete-mix",
    "newline-one-side",
    "no-header",
    "plural-formula",
)
# what GNU's lexer accepts and our writer normalises: token-level liberties
TOKEN_LEVEL = (
    "comment-no-space",
    "keyword-no-space",
    "keyword-alone",
    "two-strings-one-line",
    "two-keywords-one-line",
    "trailing-comment",
    "bracket-space",
    "obsolete-no-space",
    "backslash-newline",
    "whitespace",
    "previous-fields",
    "comment-inside-entry",
)


def _in_header(mutant: Mutant) -> bool:
    """Whether the mutation is in the base's header entry (its first block)."""
    base = _BASES[mutant.base]
    end = base.find(b"\n\n", base.find(b'msgid ""'))
    first = next(
        (i for i, (a, b) in enumerate(zip(base, mutant.data, strict=False)) if a != b),
        min(len(base), len(mutant.data)),
    )
    return first <= end


_BASES = {base.name: base.text.encode("utf-8") for base in repository_bases()}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[Verdict]:
    folder = tmp_path_factory.mktemp("mutants")
    return verdicts(default_mutants(PER_KIND), str(folder))


def _show(cases: list[Verdict], limit: int = 5) -> str:
    out = []
    for v in cases[:limit]:
        out.append(
            f"{v.mutant.kind} of {v.mutant.base}:\n  msgfmt: {v.gnu or '-'}\n  ours: {v.ours or '-'}"
        )
    return "\n".join(out) + (f"\n… and {len(cases) - limit} more" if len(cases) > limit else "")


def deliberate(verdict: Verdict) -> str | None:
    """The name of the deliberate refusal the verdict is, or None."""
    return next((name for name, p in STRICTER.items() if re.search(p, verdict.ours)), None)


@pytest.mark.slow
def test_the_mutants_reach_both_sides(results: list[Verdict]) -> None:
    """The differential is not vacuous: every kind ran, each class has its share."""
    classes = Counter(v.klass for v in results)
    assert {v.mutant.kind for v in results} == set(MUTATIONS)
    assert classes[BOTH_REJECT] > len(results) // 4
    assert classes[BOTH_ACCEPT] > len(results) // 4
    for kind in ISSUE_13:
        refused = [v for v in results if v.mutant.kind == kind and v.klass == BOTH_REJECT]
        assert len(refused) >= PER_KIND // 4, kind


@pytest.mark.slow
def test_nothing_msgfmt_rejects_passes(results: list[Verdict]) -> None:
    missed = [v for v in results if v.klass == WE_ACCEPT]
    assert not missed, _show(missed)


@pytest.mark.slow
def test_every_stricter_refusal_is_deliberate_and_documented(results: list[Verdict]) -> None:
    stricter = [v for v in results if v.klass == WE_REJECT]
    undocumented = [v for v in stricter if deliberate(v) is None]
    assert not undocumented, _show(undocumented)
    docs = (REPO / "docs" / "catalogues.md").read_text(encoding="utf-8")
    table = docs[docs.index("### Stricter than msgfmt") :]
    for name in STRICTER:
        assert f"| `{name}` |" in table, name


@pytest.mark.slow
def test_what_only_gnus_lexer_allows_is_written_as_msgcat_writes_it(
    results: list[Verdict], tmp_path: Path
) -> None:
    """On the repository's catalogues (msgcat fixed points): read + write == msgcat --no-wrap."""
    checked = 0
    for v in results:
        if v.mutant.kind not in TOKEN_LEVEL or v.klass != BOTH_ACCEPT:
            continue
        if v.mutant.base.startswith("generated/"):  # not in msgcat's order to begin with
            continue
        if _in_header(v.mutant):  # the header is read as its fields (docs/catalogues.md)
            continue
        path = tmp_path / ("x.pot" if v.mutant.template else "x.po")
        path.write_bytes(v.mutant.data)
        gnu = run_tool("msgcat", "--no-wrap", str(path)).stdout.decode("utf-8")
        # documented: blanks (and a CR) that end a comment line are not kept
        gnu = re.sub(r"(?m)^(#.*?)[ \t\r\f\v]+$", r"\1", gnu)
        ours = format_po(read_po_bytes(v.mutant.data, str(path)))
        assert ours == gnu, (v.mutant.kind, v.mutant.base)
        checked += 1
    assert checked >= len(TOKEN_LEVEL) * PER_KIND // 4
