"""Control characters in reviewed translations (issue 13): ``validate`` reports each as an
error at its entry's line; no output of ``build`` holds one (pages, feeds and sitemap parse
as XML, Hugo sources, newsletters, ``.mo`` and JSON); the build says what it left out."""

from __future__ import annotations

import gettext
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.gnu import run_tool

from .buildkit import SUBJECT, SV_ISSUE, SV_NEWS, TITLE, set_translation

# C0 but tab and line feed, DEL, C1, as the test reads them (not mirage_i18n.chars)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\r(?!\n)")
CASES = {
    "vertical tab": "\x0b",
    "start of heading": "\x01",
    "escape": "\x1b",
    "DEL": "\x7f",
    "C1 next line": "\x85",
    "carriage return": "\r",
}


def _ignore(msgid: str) -> tuple[str, ...]:
    """The translator comment that silences the control-char finding (docs/checks.md)."""
    return (f"mirage-ignore: control-char @{hashlib.sha1(msgid.encode()).hexdigest()[:6]}",)


def _poison(project: Path, char: str, suppressed: bool = False) -> dict[int, str]:
    """A reviewed title and newsletter subject holding ``char`` as a raw byte in the PO file
    (as a careless editor writes it; GNU's writer would escape some); returns their lines.
    ``suppressed``: with the comment that silences the finding, so the gate publishes them."""
    mark = "\u00a7CTRL\u00a7"
    news, issue = (_ignore(TITLE), _ignore(SUBJECT)) if suppressed else ((), ())
    lines = {
        set_translation(
            project, SV_NEWS, TITLE, f"MIraGE partner{mark}möte, oktober 2021", news
        ): SV_NEWS,
        set_translation(
            project,
            SV_ISSUE,
            SUBJECT,
            f"MIraGE{mark}-nyhetsbrev: partnermöte, utbildningsverktyg och slutkonferens",
            issue,
        ): SV_ISSUE,
    }
    for rel in (SV_NEWS, SV_ISSUE):
        path = project / rel
        path.write_bytes(path.read_bytes().replace(mark.encode(), char.encode()))
    return lines


def test_a_raw_nul_makes_the_catalogue_unreadable(sample_project: Path, run: Run) -> None:
    """A NUL byte inside a string is refused by our reader (msgfmt would cut the string there,
    silently: a documented stricter refusal), so validate and build stop with its line and
    nothing is published."""
    lines = _poison(sample_project, "\x00")
    code, out, err = run(sample_project, "validate", "-l", "sv")
    assert code == 2, (out, err)
    for rel in lines.values():
        assert re.search(
            rf"^{re.escape(rel)}:\d+: error: po-syntax: NUL character within", out, re.M
        )
    code, out, err = run(sample_project, "build")
    assert code == 2, (out, err)
    assert not (sample_project / "dist").exists()


@pytest.mark.parametrize("char", CASES.values(), ids=CASES.keys())
def test_an_unsilenced_control_character_withholds_its_document(
    sample_project: Path, run: Run, char: str
) -> None:
    _poison(sample_project, char)
    code, out, err = run(sample_project, "build")
    assert code == 0, (out, err)
    assert "sv: not published: 1 error finding in reviewed entries" in out, out
    assert f"{SV_NEWS}:" in out and "(control-char)" in out, out
    assert not list((sample_project / "dist").rglob("sv.eml"))


@pytest.mark.parametrize("char", CASES.values(), ids=CASES.keys())
def test_validate_reports_a_control_character(sample_project: Path, run: Run, char: str) -> None:
    lines = _poison(sample_project, char)
    code, out, err = run(sample_project, "validate", "-l", "sv")
    assert code == 1, (out, err)
    for line, rel in lines.items():
        assert f"{rel}:{line}: error: control-char: the translation holds U+{ord(char):04X}" in out


@pytest.mark.parametrize("char", CASES.values(), ids=CASES.keys())
def test_no_output_holds_a_control_character(sample_project: Path, run: Run, char: str) -> None:
    """The error finding silenced, the gate publishes the entries: the build still leaves the
    character out of everything it writes."""
    lines = _poison(sample_project, char, suppressed=True)
    code, out, err = run(sample_project, "build")
    assert code == 0, (out, err)
    for line, rel in lines.items():
        assert f"warning: {rel}:{line}: U+{ord(char):04X}" in out, out
    dist = sample_project / "dist"
    files = [p for p in dist.rglob("*") if p.is_file()]
    assert any(p.name == "sv.eml" for p in files)
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".mo":
            continue
        assert not CONTROL_BYTES.search(data), path
        if path.suffix == ".eml":
            continue
        text = data.decode("utf-8")
        assert not CONTROL.search(text) and "\r" not in text, path
        if path.suffix in (".xml", ".svg"):
            ET.fromstring(data)  # every feed, the sitemap and the badges are well-formed XML
        if path.suffix == ".json":
            for value in _strings(json.loads(text)):
                assert not CONTROL.search(value), path
    # the translation is there, without the character
    feed = ET.fromstring((dist / "site/sv/feed.xml").read_bytes())
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "MIraGE partnermöte, oktober 2021" in titles
    # .mo: GNU msgunfmt reads it, Python's gettext finds the title without the character
    mo = dist / "catalogs/sv/LC_MESSAGES/news/2021-10-partner-meeting.mo"
    result = run_tool("msgunfmt", str(mo))
    assert result.returncode == 0, result.stderr
    assert not CONTROL.search(result.stdout.decode("utf-8"))
    with mo.open("rb") as fh:
        assert gettext.GNUTranslations(fh).gettext(TITLE) == "MIraGE partnermöte, oktober 2021"


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):  # keys: context U+0004 msgid, Jed's glue (structure, not text)
        return [s for k, v in value.items() for s in (*k.split("\x04"), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_a_control_character_in_the_configuration_is_an_error(
    sample_project: Path, run: Run
) -> None:
    config = sample_project / "mirage-i18n.toml"
    text = config.read_text(encoding="utf-8").replace(
        'name = "MIraGE"', 'name = "MIraGE\\u000b news"'
    )
    config.write_text(text, encoding="utf-8")
    code, out, err = run(sample_project, "build")
    assert code == 2 and "project.name holds U+000B" in err, (out, err)
    assert not (sample_project / "dist").exists()


@pytest.mark.parametrize(
    "template, closing, output",
    [
        ("article.html", "</article>", r"site/\S+/index\.html"),
        # rendered while they are written, a piece at a time
        ("feed.xml", "</feed>", r"site/\w+/feed\.xml"),
        ("sitemap.xml", "</urlset>", r"site/sitemap\.xml"),
    ],
)
def test_a_control_character_from_a_template_stops_the_build(
    sample_project: Path, run: Run, template: str, closing: str, output: str
) -> None:
    """The last line: every file is checked as it is written, whatever made the character."""
    from mirage_i18n.publish.templating import PACKAGED

    assert run(sample_project, "build")[0] == 0
    before = sorted((sample_project / "dist").rglob("*"))
    templates = sample_project / "templates"
    templates.mkdir()
    page = (PACKAGED / template).read_text(encoding="utf-8")
    (templates / template).write_text(page.replace(closing, "\x0b" + closing, 1))
    assert "\x0b" in (templates / template).read_text(encoding="utf-8")
    code, out, err = run(sample_project, "build", "--force")
    assert code == 2, (out, err)
    (line,) = err.strip().splitlines()
    assert re.fullmatch(rf"output {output} would hold U\+000B \(LINE TABULATION\).*", line)
    assert sorted((sample_project / "dist").rglob("*")) == before
