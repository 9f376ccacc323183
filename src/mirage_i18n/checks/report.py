"""Validation report formats: text for people and editors, JSON for tools, GitHub annotations.

The JSON schema is documented in ``docs/checks.md`` and versioned by ``schema_version``:
fields are only ever added within a version.
"""

from __future__ import annotations

import json
from typing import Any

from ..status import counts_data
from .registry import CheckInfo
from .results import Finding, ValidationReport

SCHEMA_VERSION = 1


def _tally(report: ValidationReport, findings: list[Finding]) -> dict[str, int]:
    return {
        "errors": sum(1 for f in findings if not f.fuzzy and f.severity == "error"),
        "warnings": sum(1 for f in findings if not f.fuzzy and f.severity == "warning"),
        "fuzzy_findings": sum(1 for f in findings if f.fuzzy),
    }


def _line(f: Finding) -> str:
    prefix = "[fuzzy] " if f.fuzzy else ""
    return f"{f.location}: {f.severity}: {f.check_id}: {prefix}{f.message}"


# A barely started catalogue would print one line per entry for these; the text report gives
# one line per catalogue instead (JSON and GitHub annotations keep every entry).
GROUPED_STATES = {
    "untranslated": "entries not translated yet",
    "fuzzy": "fuzzy entries need review",
    "machine-translated": "machine translations await review",
}
GROUP_OVER = 3  # more findings of one such check in one catalogue than this: one line
EXPLAIN_HINT = (
    "A finding that is not a fault: 'mirage-i18n validate --explain PATH:LINE' prints the "
    "translator comment that silences it on its entry."
)


def _grouped_lines(findings: list[Finding]) -> list[str]:
    counts: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.check_id in GROUPED_STATES:
            counts.setdefault((f.path, f.check_id), []).append(f)
    lines: list[str] = []
    for f in findings:
        group = counts.get((f.path, f.check_id))
        if group is None or len(group) <= GROUP_OVER:
            lines.append(_line(f))
        elif group[0] is f:
            numbers = [str(g.line) for g in group if g.line is not None]
            shown = ", ".join(numbers[:3]) + (
                f", … {numbers[-1]}" if len(numbers) > 4 else "".join(f", {n}" for n in numbers[3:])
            )
            lines.append(
                f"{f.location}: {f.severity}: {f.check_id}: {len(group)} "
                f"{GROUPED_STATES[f.check_id]} (lines {shown})"
            )
    return lines


def format_text(report: ValidationReport, grouped: bool = True) -> str:
    """``path:line: severity: check-id: message`` lines, then a summary per language.

    ``grouped``: more than :data:`GROUP_OVER` untranslated (fuzzy, machine-translated) entries
    of one catalogue become one line, so that the findings that need a fix stay in sight.
    """
    plain = [f for f in report.findings if not f.fuzzy]
    lines = _grouped_lines(plain) if grouped else [_line(f) for f in plain]
    fuzzy = [f for f in report.findings if f.fuzzy]
    if fuzzy:
        if lines:
            lines.append("")
        lines.append("In fuzzy entries (not published; fix before clearing the fuzzy flag):")
        lines += [_line(f) for f in fuzzy]
    if any(f.suppress for f in report.findings if f.check_id not in GROUPED_STATES):
        lines.append("")
        lines.append(EXPLAIN_HINT)
    if lines:
        lines.append("")
    header = (
        "language",
        "documents",
        "reviewed",
        "fuzzy",
        "untransl.",
        "errors",
        "warnings",
        "result",
    )
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    for ls in report.languages:
        gates = [g for g in report.gates if g.lang == ls.lang]
        tally = _tally(report, report.findings_for(ls.lang))
        total = ls.total
        rows.append(
            (
                ls.lang,
                f"{sum(g.passed for g in gates)}/{len(gates)} ready",
                f"{total.percent_reviewed:.1f}%",
                str(total.fuzzy),
                str(total.untranslated),
                str(tally["errors"]),
                str(tally["warnings"]),
                "pass" if report.language_passed(ls.lang) else "FAIL",
            )
        )
        for gate in gates:
            if not gate.passed:
                notes.append(f"{ls.lang}: {gate.domain}: {gate.verdict.reason}")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    if notes:
        lines.append("")
        lines.append("Not ready to publish:")
        lines += [f"  {n}" for n in notes]
    for err in report.errors:
        lines.append(f"error: {err}")
    verdict = {
        0: "validation passed",
        1: "validation failed",
        2: "validation failed: unreadable input",
    }[report.exit_code]
    if report.strict:
        verdict += " (strict: warnings count)"
    lines.append(verdict)
    return "\n".join(lines) + "\n"


def report_data(report: ValidationReport) -> dict[str, Any]:
    """The JSON document (schema_version 1), as plain data."""
    documents = []
    by_document: dict[tuple[str, str], list[Finding]] = {}
    for f in report.findings:
        by_document.setdefault((f.lang, f.domain), []).append(f)
    for gate in report.gates:
        found = by_document.get((gate.lang, gate.domain), [])
        verdict = gate.verdict
        documents.append(
            {
                "lang": gate.lang,
                "domain": gate.domain,
                "path": gate.path,
                "counts": counts_data(gate.counts),
                "threshold": gate.threshold,
                "passed": verdict.published,
                "reason": verdict.reason,
                "unreviewed": verdict.unreviewed,
                "missing": gate.missing,
                "unreadable": gate.unreadable,
                **_tally(report, found),
            }
        )
    languages = []
    for ls in report.languages:
        gates = [g for g in report.gates if g.lang == ls.lang]
        languages.append(
            {
                "lang": ls.lang,
                "counts": counts_data(ls.total),
                "threshold": ls.threshold,
                "passed": report.language_passed(ls.lang),
                "documents_passed": sum(g.passed for g in gates),
                "documents_total": len(gates),
                **_tally(report, report.findings_for(ls.lang)),
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "passed": report.passed,
        "exit_code": report.exit_code,
        "strict": report.strict,
        "checks": list(report.checks),
        "findings": [f.as_dict() for f in report.findings],
        "documents": documents,
        "languages": languages,
        "errors": [str(e) for e in report.errors],
    }


def format_json(report: ValidationReport) -> str:
    return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: ValidationReport) -> str:
    """GitHub Actions workflow commands: one annotation per finding, then the text summary.

    Findings in fuzzy entries become warnings: they do not fail the run.
    """
    lines = []
    for f in report.findings:
        level = "warning" if f.fuzzy else f.severity
        props = [f"file={_escape_property(f.path)}"]
        if f.line is not None:
            props.append(f"line={f.line}")
        title = f"{f.check_id} ({f.lang}{', fuzzy' if f.fuzzy else ''})"
        props.append(f"title={_escape_property(title)}")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(_with_fix(f))}")
    for gate in report.gates:
        if not gate.passed:
            lines.append(
                f"::error file={_escape_property(gate.path)},"
                f"title={_escape_property('gate (' + gate.lang + ')')}::"
                f"{_escape_data(gate.verdict.reason)}"
            )
    summary = format_text(report).split("\n")
    # The summary table only: the findings are already annotations.
    start = next((i for i, line in enumerate(summary) if line.startswith("language")), 0)
    return "\n".join(lines + summary[start:]).rstrip("\n") + "\n"


def _with_fix(f: Finding) -> str:
    """The message, and the comment that silences it where the message does not give it: an
    annotation is all a translator sees of a pull request's check."""
    if f.suppress is None or f.suppress in f.message or f.check_id in GROUPED_STATES:
        return f.message
    return f"{f.message}\n\nNot a fault? Add above the entry: {f.suppress}"


def format_explain(report: ValidationReport, where: str, checks: dict[str, CheckInfo]) -> str:
    """``validate --explain WHERE``: each finding at ``path:line`` (as the text format prints
    it), in a file, or of a check id, with what the check wants and the translator comment,
    hash included, that silences it on its entry. Empty when nothing matches."""
    path, _, line = where.rpartition(":") if where.rpartition(":")[2].isdigit() else (where, "", "")
    chosen = [
        f
        for f in report.findings
        if f.check_id == where or (f.path == path and (not line or str(f.line) == line))
    ]
    out: list[str] = []
    by_entry: dict[tuple[str, int | None], list[Finding]] = {}
    for f in chosen:
        by_entry.setdefault((f.path, f.line), []).append(f)
    for (_, _), found in by_entry.items():
        for f in found:
            info = checks.get(f.check_id)
            out.append(_line(f))
            if info is not None:
                out.append(f"  {f.check_id} ({f.severity}): {info.title}")
            if f.suppress is None:
                out.append("  fix it: a finding about the whole file cannot be silenced")
                continue
            out.append(
                "  fix the translation; or, if it is right as it is, add this translator comment "
                "above the entry:"
            )
            out.append(f"    {f.suppress}")
        hashes = {f.suppress.rsplit("@", 1)[1] for f in found if f.suppress}
        if len(found) > 1 and len(hashes) == 1:
            ids = ", ".join(dict.fromkeys(f.check_id for f in found if f.suppress))
            out.append(f"  all of them at once: # mirage-ignore: {ids} @{hashes.pop()}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n" if out else ""


def format_check_list(checks: dict[str, CheckInfo]) -> str:
    """``validate --list-checks``: id, severity, category and title, one per line."""
    width = max((len(i) for i in checks), default=10)
    out = []
    for cid, info in checks.items():
        out.append(f"{cid:<{width}}  {info.severity:<7}  {info.category:<12}  {info.title}")
    return "\n".join(out) + "\n"


def format_text_ungrouped(report: ValidationReport) -> str:
    """:func:`format_text` with every finding on its own line."""
    return format_text(report, grouped=False)


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
