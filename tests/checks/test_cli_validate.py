"""``mirage-i18n validate`` end to end: formats, exit codes, the sample project."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mirage_i18n import pipeline
from mirage_i18n.checks.registry import all_checks
from mirage_i18n.config import load_settings
from mirage_i18n.errors import UsageError
from tests.conftest import Run

from .helpers import FIXTURES, add_catalog, write_project

SEED = "news/2021-10-partner-meeting"
LINE_RE = re.compile(
    r"^(?P<path>[^:]+\.po):(?P<line>\d+): (?P<sev>error|warning): (?P<id>[a-z-]+): .+$"
)


def test_list_checks_needs_no_project(tmp_path: Path, run: Run) -> None:
    code, out, _ = run(tmp_path / "nowhere", "validate", "--list-checks")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == sorted(all_checks())
    assert {"po-syntax", "md-link-target", "number", "glossary-dnt", "disclaimer"} <= set(listed)


def test_the_cli_prints_the_pipeline_formats(sample_project: Path, run: Run) -> None:
    """cli.py asks pipeline for the check list and the report formats (it imports no stage)."""
    assert run(None, "validate", "--list-checks")[1] == pipeline.list_checks_text()
    report = pipeline.validate(load_settings(sample_project), ["it"])
    for fmt in ("text", "json", "github"):
        _, out, _ = run(sample_project, "validate", "-l", "it", "--format", fmt)
        assert out == pipeline.format_validation(report, fmt)
    _, each, _ = run(sample_project, "validate", "-l", "it", "--each")
    assert each == pipeline.format_validation(report, "text", each=True)
    assert each != pipeline.format_validation(report, "text")  # grouping is a real difference
    with pytest.raises(UsageError, match="unknown report format 'xml'"):
        pipeline.format_validation(report, "xml")


def test_sample_swedish_seed_article_has_no_finding(sample_project: Path, run: Run) -> None:
    code, out, err = run(sample_project, "validate", "-l", "sv", "--format", "json")
    assert code == 1, err  # other Swedish articles are not translated yet
    data = json.loads(out)
    assert not [f for f in data["findings"] if f["severity"] == "error"]
    assert not [f for f in data["findings"] if f["domain"] == SEED]
    seed = next(d for d in data["documents"] if d["domain"] == SEED)
    assert seed["passed"] and seed["counts"]["percent_reviewed"] == 100.0


def test_sample_has_no_error_in_any_language(sample_project: Path, run: Run) -> None:
    code, out, _ = run(sample_project, "validate", "--format", "json")
    assert code == 1
    assert [f for f in json.loads(out)["findings"] if f["severity"] == "error"] == []


def test_status_and_validate_share_numbers(sample_project: Path, run: Run) -> None:
    _, status_out, _ = run(sample_project, "status", "--format", "json")
    _, validate_out, _ = run(sample_project, "validate", "--format", "json")
    status = {ls["language"]: ls for ls in json.loads(status_out)["languages"]}
    validate = json.loads(validate_out)
    for lang in validate["languages"]:
        assert lang["counts"] == status[lang["lang"]]["total"]
    verdict = ("passes", "reason", "unreviewed")
    for doc in validate["documents"]:
        counts = status[doc["lang"]]["documents"][doc["domain"]]
        assert doc["counts"] == {k: v for k, v in counts.items() if k not in verdict}
        assert (doc["passed"], doc["reason"], doc["unreviewed"]) == tuple(
            counts[k] for k in verdict
        )


def _project(tmp_path: Path, rich: str | None = None) -> Path:
    root = write_project(
        tmp_path / "p",
        '[languages.sv]\nurl_rewrites = [["/en/", "/sv/"]]\nchecks_ignore = ["disclaimer"]\n',
    )
    good = (FIXTURES / "sv-rich.po").read_text(encoding="utf-8")
    add_catalog(root, "sv", "news/rich", rich or good, template=good)
    return root


def test_exit_0_and_text_summary_when_ready(tmp_path: Path, run: Run) -> None:
    code, out, _ = run(_project(tmp_path), "validate")
    assert code == 0
    assert out.splitlines()[0].split() == [
        "language",
        "documents",
        "reviewed",
        "fuzzy",
        "untransl.",
        "errors",
        "warnings",
        "result",
    ]
    assert out.splitlines()[1].split()[0] == "sv" and "pass" in out.splitlines()[1]


def test_text_lines_are_editor_jumpable(tmp_path: Path, run: Run) -> None:
    good = (FIXTURES / "sv-rich.po").read_text(encoding="utf-8")
    bad = good.replace("Skriv till info@mirageproject.eu", "Skriv till info@example.org")
    bad = bad.replace("Publicerad {date}", "Publicerad  {date}")
    code, out, _ = run(_project(tmp_path, bad), "validate")
    assert code == 1
    matches = [LINE_RE.match(line) for line in out.splitlines() if line.startswith("locales/")]
    assert matches and all(matches)
    assert {(m["id"], m["sev"]) for m in matches if m} == {
        ("email", "error"),
        ("double-space", "warning"),
    }
    assert all(m and m["path"] == "locales/sv/LC_MESSAGES/news/rich.po" for m in matches)


def test_strict_and_select_on_the_command_line(tmp_path: Path, run: Run) -> None:
    good = (FIXTURES / "sv-rich.po").read_text(encoding="utf-8")
    root = _project(tmp_path, good.replace("Publicerad {date}", "Publicerad  {date}"))
    assert run(root, "validate")[0] == 0
    assert run(root, "validate", "--strict")[0] == 1
    assert run(root, "validate", "--strict", "--ignore", "double-space")[0] == 0
    assert run(root, "validate", "--strict", "--select", "email,url")[0] == 0


def test_usage_errors_exit_2(tmp_path: Path, run: Run) -> None:
    root = _project(tmp_path)
    code, _, err = run(root, "validate", "--select", "bogus")
    assert code == 2 and "bogus" in err
    code, _, err = run(root, "validate", "-l", "xx")
    assert code == 2 and "xx" in err
    assert run(tmp_path / "nothing-here", "validate")[0] == 2


def test_github_annotations(tmp_path: Path, run: Run) -> None:
    good = (FIXTURES / "sv-rich.po").read_text(encoding="utf-8")
    bad = good.replace("Skriv till info@mirageproject.eu", "Skriv till info@example.org")
    code, out, _ = run(_project(tmp_path, bad), "validate", "--format", "github")
    assert code == 1
    line, gate = [x for x in out.splitlines() if x.startswith("::")]
    found = re.fullmatch(
        r"::error file=locales/sv/LC_MESSAGES/news/rich\.po,line=(\d+),"
        r"title=email \(sv\)::e-mail address changed: .+"
        r"%0A%0ANot a fault\? Add above the entry: # mirage-ignore: email @[0-9a-f]{6}",
        line,
    )
    assert found, line
    # the document is withheld, and the gate's annotation says by which finding
    assert gate.startswith("::error file=locales/sv/LC_MESSAGES/news/rich.po,title=gate (sv)::")
    assert f"first at locales/sv/LC_MESSAGES/news/rich.po:{found.group(1)} (email)" in gate


def test_json_schema(tmp_path: Path, run: Run) -> None:
    good = (FIXTURES / "sv-rich.po").read_text(encoding="utf-8")
    bad = good.replace("Skriv till info@mirageproject.eu", "Skriv till info@example.org")
    code, out, _ = run(_project(tmp_path, bad), "validate", "--format", "json")
    data = json.loads(out)
    assert data["schema_version"] == 1 and data["exit_code"] == code == 1 and not data["passed"]
    assert set(data) == {
        "schema_version",
        "passed",
        "exit_code",
        "strict",
        "checks",
        "findings",
        "documents",
        "languages",
        "errors",
    }
    (finding,) = data["findings"]
    assert set(finding) == {
        "check",
        "severity",
        "path",
        "line",
        "message",
        "lang",
        "domain",
        "fuzzy",
        "suppress",
        "withholds",
    }
    assert finding["check"] == "email" and isinstance(finding["line"], int)
    assert re.fullmatch(r"# mirage-ignore: email @[0-9a-f]{6}", finding["suppress"])
    assert finding["withholds"] is True
    (doc,) = data["documents"]
    assert doc["errors"] == 1 and doc["passed"] is False  # the finding withholds the document
    assert doc["reason"].startswith("1 error finding in reviewed entries, first at ")
    (lang,) = data["languages"]
    assert lang["passed"] is False and lang["documents_passed"] == 0
    assert "disclaimer" not in data["checks"]


def test_broken_catalogue_reported_others_checked_exit_2(tmp_path: Path, run: Run) -> None:
    root = _project(tmp_path)
    add_catalog(
        root,
        "sv",
        "news/broken",
        'msgid ""\nmsgstr ""\n"Language: sv\\n"\n\nmsgid "x\nmsgstr "y"\n',
        template=False,
    )
    good = (FIXTURES / "sv-rich.po").read_text(encoding="utf-8")
    (root / "locales/sv/LC_MESSAGES/news/rich.po").write_text(
        good.replace("Skriv till info@mirageproject.eu", "Skriv till info@example.org"),
        encoding="utf-8",
    )
    code, out, _ = run(root, "validate")
    assert code == 2
    assert "locales/sv/LC_MESSAGES/news/broken.po:5: error: po-syntax:" in out
    assert ": error: email:" in out


def test_docs_describe_every_check() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "checks.md").read_text(encoding="utf-8")
    for cid, info in all_checks().items():
        assert f"| `{cid}` | {info.severity} | {info.category} |" in docs, cid


def test_text_groups_untranslated_entries_per_catalogue(sample_project: Path, run: Run) -> None:
    """The sample's Italian has nothing translated: one line per catalogue, not per entry,
    with the count and the lines; --each and JSON keep every entry."""
    _, grouped, _ = run(sample_project, "validate", "-l", "it")
    _, each, _ = run(sample_project, "validate", "-l", "it", "--each")
    _, as_json, _ = run(sample_project, "validate", "-l", "it", "--format", "json")
    entries = [f for f in json.loads(as_json)["findings"] if f["check"] == "untranslated"]
    per_file: dict[str, list[int]] = {}
    for f in entries:
        per_file.setdefault(f["path"], []).append(f["line"])
    grouped_lines = [line for line in grouped.splitlines() if ": untranslated: " in line]
    assert len(grouped_lines) == len(per_file) < len(entries)
    for line in grouped_lines:
        path, first = line.split(":")[:2]
        lines = per_file[path]
        assert int(first) == lines[0]
        assert f"untranslated: {len(lines)} entries not translated yet (lines {lines[0]}, " in line
        assert line.endswith(f"{lines[-1]})")
    each_lines = [line for line in each.splitlines() if ": untranslated: " in line]
    assert len(each_lines) == len(entries) and all(LINE_RE.match(x) for x in each_lines)
    # everything after the findings is the same report
    assert grouped.split("\n\nlanguage")[1] == each.split("\n\nlanguage")[1]


def test_a_few_untranslated_entries_keep_their_own_lines(tmp_path: Path, run: Run) -> None:
    good = (FIXTURES / "sv-rich.po").read_text(encoding="utf-8")
    root = _project(tmp_path)
    # three entries without translation: at the threshold, each keeps its line and text
    text = good
    for msgid in re.findall(r'^msgid "(.+)"$', good, re.M)[:3]:
        text = re.sub(rf'(msgid "{re.escape(msgid)}"\nmsgstr )".*"', r'\1""', text, count=1)
    add_catalog(root, "sv", "news/rich", text, template=good)
    _, out, _ = run(root, "validate")
    lines = [line for line in out.splitlines() if ": untranslated: " in line]
    assert len(lines) == 3 and all("not translated yet: '" in line for line in lines)


def test_explain_gives_the_comment_that_silences_a_finding(tmp_path: Path, run: Run) -> None:
    """The text output stays one line per finding and says how to get the comment; --explain
    PATH:LINE prints it, hash included, and the comment pasted above the entry silences it."""
    good = (FIXTURES / "sv-rich.po").read_text(encoding="utf-8")
    bad = good.replace("Skriv till info@mirageproject.eu", "Skriv till info@example.org")
    root = _project(tmp_path, bad)
    code, out, _ = run(root, "validate")
    assert code == 1 and "--explain PATH:LINE" in out
    (where,) = [line.split(": ")[0] for line in out.splitlines() if ": error: email:" in line]

    code, text, err = run(root, "validate", "--explain", where)
    assert code == 0, err
    comment = text.splitlines()[-1].strip()
    assert re.fullmatch(r"# mirage-ignore: email @[0-9a-f]{6}", comment), text
    assert text.startswith(f"{where}: error: email: e-mail address changed")
    assert run(root, "validate", "--explain", "email")[1] == text  # by check id: the same

    code, _, err = run(root, "validate", "--explain", "locales/sv/LC_MESSAGES/news/rich.po:1")
    assert code == 2 and "no finding" in err

    po = root / "locales/sv/LC_MESSAGES/news/rich.po"
    line = int(where.rsplit(":", 1)[1])
    lines = po.read_text(encoding="utf-8").split("\n")
    lines.insert(line - 1, comment)
    po.write_text("\n".join(lines), encoding="utf-8")
    assert run(root, "validate")[0] == 0
