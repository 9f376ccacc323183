"""The status dashboard, opened in headless Chromium (the browser the site tests use)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mirage_i18n.checks.run import validate
from mirage_i18n.config import load_settings
from mirage_i18n.errors import MirageError
from mirage_i18n.publish.dashboard import report_files, write_report
from tests.checks.helpers import FIXTURES, add_catalog, add_template, write_project
from tests.conftest import Run

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

# Loads the dashboard in a frame, then records what the browser laid out: the width of every
# progress-bar segment, whether each badge image decoded, and the findings rows.
HARNESS = """<!DOCTYPE html><html><body>
<iframe id="f" src="%s" style="width:1400px;height:900px"></iframe>
<pre id="out">pending</pre>
<script>
document.getElementById('f').addEventListener('load', () => {
  const doc = document.getElementById('f').contentDocument;
  const cells = [...doc.querySelectorAll('#matrix td[data-domain]')].filter(td => td.dataset.domain);
  const out = {
    title: doc.title,
    cells: cells.map(td => ({
      lang: td.closest('tr').dataset.lang, domain: td.dataset.domain, cls: td.className,
      reviewed: +td.dataset.reviewed, total: +td.dataset.total,
      bar: td.querySelector('.bar').getBoundingClientRect().width,
      seg: td.querySelector('.bar .reviewed').getBoundingClientRect().width,
    })),
    badges: [...doc.querySelectorAll('img.badge')].map(i => ({src: i.getAttribute('src'),
      ok: i.complete && i.naturalWidth > 0})),
    findings: [...doc.querySelectorAll('section[data-lang] tr[data-check]')].map(tr => ({
      lang: tr.closest('section').dataset.lang, check: tr.dataset.check,
      text: tr.textContent.replace(/\\s+/g, ' ').trim()})),
  };
  document.getElementById('out').textContent = JSON.stringify(out);
});
</script></body></html>
"""


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("chromium is missing: install it (apt-get install chromium)")
    return path


def open_in_browser(page: Path, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    harness = tmp_path / "harness.html"
    harness.write_text(HARNESS % page.as_uri(), encoding="utf-8")
    profile = tmp_path / "chromium-profile"
    result = subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--allow-file-access-from-files",
            "--virtual-time-budget=10000",
            "--dump-dom",
            harness.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    match = re.search(r'<pre id="out">(.*?)</pre>', result.stdout.decode(), re.DOTALL)
    assert match and match.group(1) != "pending", result.stdout.decode()[-2000:]
    import html

    return json.loads(html.unescape(match.group(1)))


def _project(tmp_path: Path) -> Path:
    root = write_project(
        tmp_path / "p",
        '[languages.sv]\nurl_rewrites = [["/en/", "/sv/"]]\n',
        languages=("sv", "de"),
    )
    good = (FIXTURES / "sv-rich.po").read_text(encoding="utf-8")
    half = good.replace("webinar.md:8\n", "webinar.md:8\n#, fuzzy\n", 1)
    half = half.replace("Skriv till info@mirageproject.eu", "Skriv till <b>info@example.org</b>")
    add_catalog(root, "sv", "news/rich", half, template=good)
    add_catalog(
        root, "sv", "news/meeting", (FIXTURES / "sv-partner-meeting.po").read_text(encoding="utf-8")
    )
    add_template(root, "news/other", (FIXTURES / "sv-shared.po").read_text(encoding="utf-8"))
    return root


def test_dashboard_in_headless_chromium(tmp_path: Path) -> None:
    root = _project(tmp_path)
    settings = load_settings(root)
    report = validate(settings)
    out = root / "dist" / "report"
    written = write_report(settings, report, out)
    assert {p.relative_to(out).as_posix() for p in written} == {
        "index.html",
        "badges/sv.svg",
        "badges/de.svg",
    }

    seen = open_in_browser(out / "index.html", tmp_path)
    assert seen["title"] == "Translation status · Test"
    cells = {(c["lang"], c["domain"]): c for c in seen["cells"]}
    assert set(cells) == {
        (lang, d) for lang in ("sv", "de") for d in ("news/meeting", "news/other", "news/rich")
    }
    for cell in cells.values():  # the green segment is the reviewed share of the bar
        share = cell["reviewed"] / cell["total"]
        assert cell["seg"] == pytest.approx(cell["bar"] * share, abs=1.5)
    assert cells[("sv", "news/meeting")]["cls"] == "pass"
    assert cells[("sv", "news/rich")]["cls"] == "fail" and 0 < cells[("sv", "news/rich")]["seg"]
    assert cells[("de", "news/rich")]["seg"] == pytest.approx(0, abs=0.5)
    assert sorted(b["src"] for b in seen["badges"]) == ["badges/de.svg", "badges/sv.svg"]
    assert all(b["ok"] for b in seen["badges"])
    assert not any(c["cls"] == "unreadable" for c in cells.values())
    checks = {(f["lang"], f["check"]) for f in seen["findings"]}
    assert ("sv", "email") in checks and ("sv", "fuzzy") in checks
    # Translations quoted in messages are escaped, not markup.
    email = next(f for f in seen["findings"] if f["check"] == "email")
    assert "info@example.org" in email["text"]
    assert "<b>" not in (out / "index.html").read_text(encoding="utf-8").split("<section")[0]


def test_dashboard_is_byte_stable_and_badges_are_svg(tmp_path: Path) -> None:
    root = _project(tmp_path)
    settings = load_settings(root)
    first = report_files(settings, validate(settings))
    assert report_files(settings, validate(settings)) == first
    out = tmp_path / "report"
    assert write_report(settings, validate(settings), out)
    assert write_report(settings, validate(settings), out) == []  # nothing rewritten
    svg = ET.fromstring(first["badges/sv.svg"])
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    total = validate(settings).languages[0].total
    assert texts == ["sv", f"{total.percent_reviewed:.0f}%"]


def test_escaping_of_hostile_catalogue_text(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    text = (
        'msgid ""\nmsgstr ""\n"Language: sv\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "<script>alert(1)</script> text here"\nmsgstr ""\n'
    )
    add_catalog(root, "sv", "news/x", text)
    settings = load_settings(root)
    html = report_files(settings, validate(settings))["index.html"].decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_build_writes_the_dashboard_with_validate_numbers(sample_project: Path, run: Run) -> None:
    code, _, err = run(sample_project, "build")
    assert code == 0, err
    report_dir = sample_project / "dist" / "report"
    settings = load_settings(sample_project)
    expected = report_files(settings, validate(settings))
    assert {
        p.relative_to(report_dir).as_posix(): p.read_bytes()
        for p in report_dir.rglob("*")
        if p.is_file()
    } == expected
    assert sorted(expected) == [
        "badges/" + lang + ".svg" for lang in sorted(settings.languages)
    ] + ["index.html"]


def test_a_project_template_overrides_the_dashboard(tmp_path: Path) -> None:
    """The dashboard renders through the site's environment: ``templates/report/…`` in the
    project wins over the packaged file, and may use the packaged context."""
    root = _project(tmp_path)
    (root / "templates/report").mkdir(parents=True)
    (root / "templates/report/index.html").write_text(
        "<h1>{{ project }}</h1>\n{% for row in rows %}\n<p>{{ row.lang }} {{ row.percent }}</p>\n"
        "{% endfor %}\n",
        encoding="utf-8",
    )
    settings = load_settings(root)
    report = validate(settings)
    files = report_files(settings, report)
    percents = {ls.lang: f"{round(ls.total.percent_reviewed, 1):g}" for ls in report.languages}
    assert files["index.html"].decode() == (
        f"<h1>Test</h1>\n<p>sv {percents['sv']}</p>\n<p>de {percents['de']}</p>\n"
    )
    assert files["badges/sv.svg"].startswith(b"<svg")  # not overridden: the packaged badge


def test_a_broken_dashboard_template_is_reported_at_its_line(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "templates/report").mkdir(parents=True)
    broken = root / "templates/report/badge.svg"
    broken.write_text('<svg xmlns="http://www.w3.org/2000/svg">\n<text>{{ label }</text>\n</svg>\n')
    settings = load_settings(root)
    with pytest.raises(MirageError) as info:
        report_files(settings, validate(settings))
    assert info.value.exit_code == 2
    assert info.value.path == str(broken) and info.value.line == 2
    undefined = root / "templates/report/index.html"
    undefined.write_text("<h1>{{ project }}</h1>\n<p>{{ no_such_name.x }}</p>\n")
    broken.unlink()
    with pytest.raises(MirageError) as info:
        report_files(settings, validate(settings))
    assert info.value.path == str(undefined) and info.value.line == 2


def test_the_build_writes_the_dashboard_write_report_writes(
    sample_project: Path, tmp_path: Path
) -> None:
    """In the build, the index is written as it renders; the files are the ones
    ``write_report`` writes."""
    from mirage_i18n.checks.run import validate
    from mirage_i18n.config import load_settings
    from mirage_i18n.publish.dashboard import _write_new_report, write_report

    settings = load_settings(sample_project)
    report = validate(settings)
    write_report(settings, report, tmp_path / "whole")
    _write_new_report(settings, report, tmp_path / "streamed")
    whole = {
        p.relative_to(tmp_path / "whole"): p.read_bytes()
        for p in (tmp_path / "whole").rglob("*")
        if p.is_file()
    }
    streamed = {
        p.relative_to(tmp_path / "streamed"): p.read_bytes()
        for p in (tmp_path / "streamed").rglob("*")
        if p.is_file()
    }
    assert len(whole) > 2 and whole == streamed
