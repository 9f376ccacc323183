"""The translation status dashboard: ``dist/report/index.html`` and one SVG badge per language.

Built from a :class:`ValidationReport`, so the dashboard, ``validate`` and ``status`` show
the same numbers. No timestamps: building twice from the same catalogues writes the same
bytes. Rendered by the site's Jinja2 environment (autoescape on: messages quote translations,
which are data), so a project's ``[site] templates`` folder overrides ``report/index.html`` and
``report/badge.svg`` like any page, and a template error is reported at ``path:line``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import jinja2

from ..catalog.merge import english_language_name
from ..checks.results import shown_first
from ..checks.run import BackgroundValidation, GateResult, ValidationReport, validate
from ..config import Settings
from ..fsutil import atomic_write_bytes, atomic_write_chunks
from ..gcpause import collector_paused
from ..model import Counts
from .report import BuildReport, Writer
from .templating import make_environment, render, render_chunks

MAX_FINDINGS_PER_LANGUAGE = 500  # a page a browser still opens quickly; the CLI has them all
# Verdana 11px widths are about 6.5-7px per character; shields.io uses the same estimate.
CHAR_WIDTH = 7
PADDING = 10


def _widths(c: Counts) -> tuple[float, float, float]:
    """Bar segment widths in %, rounded so that they add up to exactly 100."""
    if c.total == 0:
        return 100.0, 0.0, 0.0
    reviewed = round(100 * c.reviewed / c.total, 1)
    fuzzy = round(100 * c.fuzzy / c.total, 1)
    return reviewed, fuzzy, round(100 - reviewed - fuzzy, 1)


@dataclass(frozen=True, slots=True)
class Cell:
    """One document's cell in a language's row. Attributes rather than a dict's keys: the
    template reads some fifteen per cell, and Jinja tries an attribute first (a dict's key
    costs it a failed attribute lookup each); ``cell["domain"]`` still works in a template."""

    domain: str
    counts: Counts
    passed: bool
    note: str
    title: str
    w_reviewed: float
    w_fuzzy: float
    w_untranslated: float
    errors: list[str]  # the error findings that withhold it, by path:line


def _cell(gate: GateResult) -> Cell:
    c = gate.counts
    w_r, w_f, w_u = _widths(c)
    if gate.unreadable:
        note = "cannot be read"
    elif gate.missing:
        note = "no catalogue yet"
    else:
        note = f"{c.reviewed}/{c.total} · {c.percent_reviewed:.0f}%"
    title = (
        f"{gate.domain}: {c.reviewed} reviewed, {c.fuzzy} fuzzy, {c.untranslated} "
        f"untranslated of {c.total}; threshold {gate.threshold:g}%"
        f" – {'ready' if gate.passed else 'not ready: ' + gate.verdict.summary}"
    )
    # the verdict counts the errors listed
    errors = [f"{f.location} {f.check_id}" for f in gate.errors] if not gate.passed else []
    return Cell(gate.domain, c, gate.passed, note, title, w_r, w_f, w_u, errors)


class _Cells(Sequence[Cell | None]):
    """A language's row of cells, one per document (None where it has no gate), each made when
    the template reaches it: every language's cells at once were 32,000 dicts at N = 4,000."""

    def __init__(self, gates: Mapping[str, GateResult], documents: Sequence[str]) -> None:
        self.gates = gates
        self.documents = documents

    def __len__(self) -> int:
        return len(self.documents)

    @overload
    def __getitem__(self, index: int) -> Cell | None: ...

    @overload
    def __getitem__(self, index: slice) -> list[Cell | None]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self._cell(d) for d in self.documents[index]]
        return self._cell(self.documents[index])

    def __iter__(self) -> Iterator[Cell | None]:
        return map(self._cell, self.documents)

    def _cell(self, domain: str) -> Cell | None:
        gate = self.gates.get(domain)
        return None if gate is None else _cell(gate)


def badge_color(percent: float, passed: bool) -> str:
    if passed:
        return "#2da44e"
    return "#d4a72c" if percent >= 50 else "#cf222e"


def render_badge(env: jinja2.Environment, lang: str, percent: float, passed: bool) -> str:
    value = f"{percent:.0f}%"
    left = len(lang) * CHAR_WIDTH + PADDING
    right = len(value) * CHAR_WIDTH + PADDING
    context = {
        "label": lang,
        "value": value,
        "left": left,
        "right": right,
        "width": left + right,
        "color": badge_color(percent, passed),
    }
    return render(env, "report/badge.svg", context)


def report_files(
    settings: Settings, report: ValidationReport, shown: int = MAX_FINDINGS_PER_LANGUAGE
) -> dict[str, bytes]:
    """Relative path → content of every dashboard file (for a build that stages its output).
    ``shown``: how many of a language's findings are listed; the others are counted.

    The collector is paused: the dashboard makes no cyclic garbage to speak of (40 objects
    at N = 1,000), and its full passes walked everything a build holds (0.4 s there)."""
    with collector_paused():
        files, index = _report_files(settings, report, shown)
        files["index.html"] = b"".join(index)
        return files


def _report_files(
    settings: Settings, report: ValidationReport, shown: int
) -> tuple[dict[str, bytes], Iterator[bytes]]:
    """The badges, and the index's bytes as it renders (a piece at a time)."""
    env = make_environment(settings.site.templates_dir)
    documents = list(dict.fromkeys(gate.domain for gate in report.gates))
    rows = []
    files: dict[str, bytes] = {}
    for ls in report.languages:
        gates = {g.domain: g for g in report.gates if g.lang == ls.lang}
        listed = sorted(report.findings_for(ls.lang), key=shown_first)
        counted = report.totals_for(ls.lang)
        total = ls.total
        percent = round(total.percent_reviewed, 1)
        passed = report.language_passed(ls.lang)
        rows.append(
            {
                "lang": ls.lang,
                "name": english_language_name(ls.lang),
                "passed": passed,
                "percent": f"{percent:g}",
                "threshold": f"{ls.threshold:g}",
                "total": total,
                "cells": _Cells(gates, documents),
                "documents_passed": sum(g.passed for g in gates.values()),
                "documents_total": len(gates),
                "errors": counted.errors,
                "warnings": counted.warnings,
                "fuzzy_findings": counted.fuzzy,
                "findings": listed[:shown],
                "hidden": max(0, counted.total - shown),
            }
        )
        files[f"badges/{ls.lang}.svg"] = render_badge(
            env, ls.lang, total.percent_reviewed, passed
        ).encode("utf-8")
    ready = sum(1 for r in rows if r["passed"])
    verdict = f"{ready} of {len(rows)} languages ready to publish"
    context = {
        "project": settings.project_name,
        "passed": report.passed,
        "verdict": verdict,
        "documents": documents,
        "rows": rows,
    }
    return files, render_chunks(env, "report/index.html", context)


def write_report(settings: Settings, report: ValidationReport, out_dir: Path) -> list[Path]:
    """Write the dashboard under ``out_dir`` (``dist/report``); returns the files changed."""
    changed = []
    for rel, data in sorted(report_files(settings, report).items()):
        path = Path(out_dir) / rel
        if atomic_write_bytes(path, data):
            changed.append(path)
    return changed


def _write_new_report(settings: Settings, report: ValidationReport, out_dir: Path) -> None:
    """:func:`write_report` into a folder the build has just made (nothing in it to keep):
    the index (23 MB at N = 4,000) written as it renders."""
    with collector_paused():
        files, index = _report_files(settings, report, MAX_FINDINGS_PER_LANGUAGE)
        for rel, data in sorted(files.items()):
            atomic_write_bytes(Path(out_dir) / rel, data)
        atomic_write_chunks(Path(out_dir) / "index.html", index)


def build_writer(settings: Settings, background: BackgroundValidation | None = None) -> Writer:
    """A writer for ``publish.build``: validates, then writes the dashboard into ``<staging>/report``.

    With ``background`` (started before the build), the validation ran alongside the build;
    else the validation the build ran (:attr:`BuildReport.validation`), or, with none, one here.
    """

    def write(staging: Path, build_report: BuildReport) -> None:
        if background is not None:
            report = background.result()
        elif build_report.validation is not None:
            report = build_report.validation
        else:
            report = validate(settings)
        _write_new_report(settings, report, Path(staging) / "report")

    return write
