"""GNU ``msgfmt -c`` against our reader and catalogue checks, on mutated catalogues.

Each mutant (``tests/catalog/mutants.py``) goes through ``msgfmt -c -o /dev/null`` and
through what ``validate`` does with a catalogue (the reader, then the error checks of the
catalogue category; for a template, the template checks), and lands in one of four classes:
both reject, both accept, we accept what msgfmt rejects, we reject what msgfmt accepts.

``python -m tests.catalog.differential [--per-kind N]`` prints the counts per mutation kind
(the table of ``docs/catalogues.md``) and the disagreements.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from mirage_i18n.catalog.poreader import decode_po, parse_po
from mirage_i18n.checks.catalog import template_problems
from mirage_i18n.checks.context import CatalogContext, LanguageRules
from mirage_i18n.checks.engine import CheckPlan, check_catalog
from mirage_i18n.checks.registry import all_checks
from mirage_i18n.errors import CatalogError
from tests.catalog.mutants import Mutant, generated_bases, mutants, repository_bases
from tests.gnu import gettext_tool

BOTH_REJECT = "both reject"
BOTH_ACCEPT = "both accept"
WE_ACCEPT = "we accept, msgfmt rejects"
WE_REJECT = "we reject, msgfmt accepts"
CLASSES = (BOTH_REJECT, BOTH_ACCEPT, WE_ACCEPT, WE_REJECT)


@dataclass(frozen=True)
class Verdict:
    mutant: Mutant
    gnu: str  # msgfmt's stderr when it rejects, "" when it accepts
    ours: str  # our first error ("reader: …" or "<check-id>: …"), "" when we accept

    @property
    def klass(self) -> str:
        if self.gnu and self.ours:
            return BOTH_REJECT
        if not self.gnu and not self.ours:
            return BOTH_ACCEPT
        return WE_ACCEPT if self.gnu else WE_REJECT


def _catalogue_plan() -> CheckPlan:
    checks = all_checks().values()
    return CheckPlan(
        [c for c in checks if c.category == "catalog" and c.severity == "error"], gates=False
    )


def our_verdict(mutant: Mutant, plan: CheckPlan | None = None) -> str:
    """Our first error on the mutant, as validate would report it; "" if it passes."""
    path = "x.pot" if mutant.template else f"locales/{mutant.lang}/LC_MESSAGES/x.po"
    try:
        text = decode_po(mutant.data, path)
        catalog = parse_po(text, path)
    except CatalogError as exc:
        return f"reader: {exc.message}"
    if mutant.template:
        problems = template_problems(catalog, text, path)
        return f"template: {problems[0].message}" if problems else ""
    ctx = CatalogContext(
        lang=mutant.lang, domain="x", path=path, rules=LanguageRules(mutant.lang), text=text
    )
    for finding in check_catalog(catalog, ctx, plan or _catalogue_plan()):
        if finding.severity == "error":
            return f"{finding.check_id}: {finding.message}"
    return ""


def gnu_verdict(mutant: Mutant, msgfmt: str, folder: str) -> str:
    """msgfmt's complaint ("" when ``msgfmt -c`` accepts the mutant)."""
    fd, name = tempfile.mkstemp(suffix=".pot" if mutant.template else ".po", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(mutant.data)
        result = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", name], capture_output=True, check=False
        )
    finally:
        os.unlink(name)
    if result.returncode == 0:
        return ""
    lines = result.stderr.decode("utf-8", "replace").replace(name, "FILE").splitlines()
    return "\n".join(line for line in lines if "warning:" not in line) or "rejected"


def default_mutants(per_kind: int, generated: int = 40) -> list[Mutant]:
    return mutants(repository_bases() + generated_bases(generated), per_kind)


def verdicts(items: Iterable[Mutant], folder: str) -> list[Verdict]:
    msgfmt = gettext_tool("msgfmt")
    plan = _catalogue_plan()
    items = list(items)
    with ThreadPoolExecutor(max_workers=4) as pool:
        gnu = list(pool.map(lambda m: gnu_verdict(m, msgfmt, folder), items))
    return [Verdict(m, g, our_verdict(m, plan)) for m, g in zip(items, gnu, strict=True)]


def table(results: list[Verdict]) -> str:
    """Markdown: one row per mutation kind, one column per class."""
    kinds = list(dict.fromkeys(v.mutant.kind for v in results))
    counts = Counter((v.mutant.kind, v.klass) for v in results)
    rows = ["| mutation | " + " | ".join(CLASSES) + " |", "| --- |" + " ---: |" * len(CLASSES)]
    for kind in kinds:
        rows.append(f"| {kind} | " + " | ".join(str(counts[kind, c]) for c in CLASSES) + " |")
    total = Counter(v.klass for v in results)
    rows.append(
        f"| **all {len(results)}** | " + " | ".join(f"**{total[c]}**" for c in CLASSES) + " |"
    )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-kind", type=int, default=60)
    parser.add_argument("--show", type=int, default=3, help="disagreements shown per kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = verdicts(default_mutants(args.per_kind), folder)
    print(table(results))
    shown: Counter[tuple[str, str]] = Counter()
    for v in results:
        if v.klass in (WE_ACCEPT, WE_REJECT):
            key = (v.mutant.kind, v.klass)
            shown[key] += 1
            if shown[key] <= args.show:
                print(f"\n## {v.klass}: {v.mutant.kind} ({v.mutant.base})")
                print("msgfmt:", v.gnu or "-")
                print("ours:  ", v.ours or "-")
                print(_context(v))


def _context(v: Verdict) -> str:
    """The mutant's lines around the first line msgfmt or we name (or its first lines)."""
    text = v.mutant.data.decode("utf-8", "replace")
    lines = text.split("\n")
    found = re.search(r"FILE:(\d+)", v.gnu) or re.search(r"line (\d+)", v.ours)
    at = int(found.group(1)) if found else 1
    return "\n".join(
        f"  {n:4}| {lines[n - 1]!r}" for n in range(max(1, at - 2), min(len(lines), at + 2) + 1)
    )


if __name__ == "__main__":
    main()
