"""Hugo shortcodes in translations (issue 13): ``validate`` reports a call the English does not
make, as an error at the entry's line; the Hugo sources hold it escaped, so Hugo shows it as
text instead of running it. The English's own calls stay live in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mirage_i18n.shortcodes import escape_shortcodes, foreign_calls, shortcode_calls
from tests.conftest import Run

from .buildkit import CONTENT_CHECKS, SV_NEWS, TITLE, ignore_checks, set_translation

ARTICLE = "source_texts/news/2021-10-partner-meeting.md"
FIRST = "During the meeting the partners discussed operational and management issues"
HOSTILE = [
    "{{< param secret >}}",
    '{{% readfile "/etc/passwd" %}}',
    "{{<param secret>}}",
    '{{< figure src="https://evil.example/x.png" >}}',
]
# Hugo's lexer, as the test reads it (independently of mirage_i18n.shortcodes): an opener
# "{{<" or "{{%" is live unless "/*" follows it at once (the documented escape).
LIVE = re.compile(r"\{\{[<%](?!/\*)")


def _paragraph(root: Path) -> str:
    text = (root / ARTICLE).read_text(encoding="utf-8")
    return next(p for p in text.split("\n\n") if p.startswith(FIRST))


def _with_english_figure(root: Path, run: Run) -> str:
    """The English paragraph gains a figure shortcode; returns its new text."""
    path = root / ARTICLE
    old = _paragraph(root)
    new = old + ' {{< figure src="team.jpg" >}}'
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert run(root, "extract")[0] == 0
    assert run(root, "update")[0] == 0
    return new


def test_validate_reports_a_shortcode_the_english_lacks(sample_project: Path, run: Run) -> None:
    lines = {}
    lines[set_translation(sample_project, SV_NEWS, TITLE, f"MIraGE partnermöte {HOSTILE[0]}")] = (
        HOSTILE[0]
    )
    english = _paragraph(sample_project)
    lines[set_translation(sample_project, SV_NEWS, english, f"Under mötet {HOSTILE[1]} …")] = (
        HOSTILE[1]
    )
    code, out, err = run(sample_project, "validate", "-l", "sv")
    assert code == 1, (out, err)
    found = [line for line in out.splitlines() if ": error: hugo-shortcode:" in line]
    assert len(found) == 2, out
    for line_no, call in lines.items():
        assert any(
            line.startswith(f"{SV_NEWS}:{line_no}: error: hugo-shortcode:") and call in line
            for line in found
        ), (line_no, found)


def test_the_hugo_output_has_no_live_shortcode_but_the_englishs(
    sample_project: Path, run: Run
) -> None:
    english = _with_english_figure(sample_project, run)
    translation = (
        "Under mötet " + " ".join(HOSTILE) + ' och bilden {{< figure src="team.jpg" >}} '
        'och {{< figure src="team.jpg" >}} igen, {{< oavslutad'
    )
    set_translation(sample_project, SV_NEWS, english, translation)
    set_translation(sample_project, SV_NEWS, TITLE, "Partnermöte {{% param title %}}")
    # the gate would withhold the page (hugo-shortcode is an error): the escaping holds even
    # when the checks are switched off
    ignore_checks(sample_project, "hugo-shortcode", *CONTENT_CHECKS)
    code, out, err = run(sample_project, "build")
    assert code == 0, (out, err)
    content = sample_project / "dist/markdown/content"
    (en,) = (content / "en/news").glob("mirage-partner-meeting*.md")
    sv_files = list((content / "sv/news").glob("*.md"))
    assert len(sv_files) == 1
    sv = sv_files[0].read_text(encoding="utf-8")
    assert LIVE.findall(en.read_text(encoding="utf-8")) == ["{{<"]  # the English's figure
    live = [m.start() for m in LIVE.finditer(sv)]
    assert len(live) == 1 and sv[live[0] :].startswith('{{< figure src="team.jpg" >}}')
    # the others are shown as written: Hugo's escape, or the brace as an entity when unclosed
    for call in HOSTILE:
        escaped = call[:3] + "/*" + call[3:-3] + "*/" + call[-3:]
        assert escaped in sv, call
    assert "{{%/* param title */%}}" in sv  # in the front matter's title too
    assert "&#123;{< oavslutad" in sv
    # the static site shows the text as text (never run: it is not Hugo)
    page = next((sample_project / "dist/site/sv").glob("*/index.html")).read_text("utf-8")
    assert "{{&lt; param secret &gt;}}" in page


@pytest.mark.parametrize(
    ("source", "text", "foreign"),
    [
        ("Plain.", "Vanlig {{< x >}}.", ["{{< x >}}"]),
        ("A {{< x >}}.", "B {{<x>}}.", []),  # the same call, other spacing
        ("A {{< x >}}.", "B {{< x >}} {{< x >}}.", ["{{< x >}}"]),  # once only
        ("A.", "B {{</* x */>}}.", []),  # escaped: shown, not run
        ("A.", "B {{% y %}}", ["{{% y %}}"]),
        ("A.", "B {{< y", ["{{< y (not closed)"]),
        ("A.", "B {{</* y", ["{{< /* y (not closed)"]),
        ("A.", "{x} {{ .Site }} {% raw %}", []),  # not shortcode syntax
    ],
)
def test_foreign_calls(source: str, text: str, foreign: list[str]) -> None:
    assert foreign_calls(source, text) == foreign
    escaped = escape_shortcodes(text, shortcode_calls(source))
    assert len(LIVE.findall(escaped)) == len(shortcode_calls(text)) - len(foreign)
    assert "{{</* y" not in escaped  # an unclosed comment is an error to Hugo: escaped too
    assert escape_shortcodes(escaped, shortcode_calls(source)) == escaped  # once is enough
