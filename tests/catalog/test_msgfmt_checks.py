"""What msgfmt -c refuses in a catalogue the reader accepts: validate findings and template
errors, with their line and msgfmt's words (issue 13), each checked against msgfmt itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirage_i18n.catalog.plural_formula import read_header
from mirage_i18n.checks.run import validate
from mirage_i18n.config import load_settings
from tests.checks.helpers import add_catalog, add_template, write_project
from tests.gnu import run_tool

HEAD = """msgid ""
msgstr ""
"Language: sv\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: {plural}\\n"

"""
SV = "nplurals=2; plural=(n != 1);"
TEMPLATE_HEAD = """msgid ""
msgstr ""
"Project-Id-Version: Test news/a\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


def msgfmt_says(tmp_path: Path, text: str, suffix: str = ".po") -> str:
    """msgfmt -c's complaint ("" if it accepts the file)."""
    path = tmp_path / f"gnu{suffix}"
    path.write_text(text, encoding="utf-8")
    result = run_tool("msgfmt", "--check", "-o", "/dev/null", str(path))
    return "" if result.returncode == 0 else result.stderr.decode()


def findings(tmp_path: Path, text: str, check_id: str) -> list[tuple[int | None, str]]:
    root = write_project(tmp_path / "p")
    add_catalog(root, "sv", "news/a", text)
    report = validate(load_settings(root))
    return [(f.line, f.message) for f in report.findings if f.check_id == check_id]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('msgid "a"\nmsgstr "\\nb"\n', "'msgid' and 'msgstr' entries do not both begin with '\\n'"),
        ('msgid "a\\n"\nmsgstr "b"\n', "'msgid' and 'msgstr' entries do not both end with '\\n'"),
        (
            'msgid "a"\nmsgid_plural "as\\n"\nmsgstr[0] "b"\nmsgstr[1] "c"\n',
            "'msgid' and 'msgid_plural' entries do not both end with '\\n'",
        ),
        (
            'msgid "\\na"\nmsgid_plural "\\nas"\nmsgstr[0] "\\nb"\nmsgstr[1] "c"\n',
            "'msgid' and 'msgstr[1]' entries do not both begin with '\\n'",
        ),
    ],
)
def test_a_translation_without_the_line_breaks_of_its_msgid(
    tmp_path: Path, body: str, message: str
) -> None:
    """It was a warning (whitespace); msgfmt -c refuses the catalogue, at the msgstr line."""
    text = HEAD.format(plural=SV) + "#. paragraph\n" + body
    lines = text.split("\n")
    start = lines.index("#. paragraph")
    line = next(n for n, t in enumerate(lines, 1) if n > start and t.startswith("msgstr"))
    assert f"gnu.po:{line}: {message}" in msgfmt_says(tmp_path, text)
    assert findings(tmp_path, text, "newline-edges") == [(line, message)]


@pytest.mark.parametrize(
    "body",
    [
        '#, fuzzy\nmsgid "a"\nmsgstr "\\nb"\n',  # msgfmt compiles no fuzzy entry
        'msgid "a\\n"\nmsgstr ""\n',  # nor an untranslated one
        '#~ msgid "a\\n"\n#~ msgstr "b"\n',  # nor an obsolete one
        'msgid "\\na\\n"\nmsgstr "\\nb\\n"\n',
    ],
)
def test_line_breaks_where_msgfmt_does_not_look(tmp_path: Path, body: str) -> None:
    text = HEAD.format(plural=SV) + body
    assert msgfmt_says(tmp_path, text) == ""
    assert findings(tmp_path, text, "newline-edges") == []


@pytest.mark.parametrize(
    "header",
    [
        "",  # none
        'msgid ""\nmsgstr ""\n\n',  # empty
        '#~ msgid ""\n#~ msgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n',  # obsolete
        'msgctxt "x"\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n',
    ],
)
def test_a_catalogue_without_header(tmp_path: Path, header: str) -> None:
    text = header + 'msgid "a"\nmsgstr "b"\n'
    assert "PO file header missing or invalid" in msgfmt_says(tmp_path, text)
    (found,) = findings(tmp_path, text, "header-entry")
    assert "PO file header missing or invalid" in found[1]
    where = [n for n, t in enumerate(text.split("\n"), 1) if 'msgid ""' in t]
    assert found[0] == (where[0] if where else 1)
    # one finding says it: the header field checks do not repeat it three times
    assert findings(tmp_path, text, "header-charset") == []
    assert findings(tmp_path, text, "header-language") == []


@pytest.mark.parametrize(
    ("plural", "message"),
    [
        ("nplurals=2; plural=n/0;", "plural expression can produce division by zero"),
        ("nplurals=2; plural=(n%0);", "plural expression can produce division by zero"),
        ("nplurals=2; plural=(n != 1) + 0/(n-5);", "can produce division by zero"),
        ("nplurals=2; plural=(n-1);", "plural expression can produce negative values"),
        ("nplurals=2; plural=n;", "nplurals = 2 but plural expression can produce values as"),
        ("nplurals=2; plural=(n%(n-5));", "nplurals = 2 but plural expression can produce"),
        ("nplurals=x; plural=(n != 1);", "invalid nplurals value"),
        ("nplurals=2; plural=(n !=);", "invalid plural expression"),
        ("nplurals=2; plural=(n = 1);", "invalid plural expression"),
    ],
)
def test_plural_formulas_msgfmt_refuses(tmp_path: Path, plural: str, message: str) -> None:
    """Read with gettext's grammar and unsigned arithmetic; Python's c2py is not that."""
    text = HEAD.format(plural=plural) + 'msgid "a"\nmsgstr "b"\n'
    assert message in msgfmt_says(tmp_path, text)
    line = text.split("\n").index(f'"Plural-Forms: {plural}\\n"') + 1
    found = findings(tmp_path, text, "header-plural-forms")
    assert [(f_line, message in text) for f_line, text in found] == [(line, True)]


@pytest.mark.parametrize(
    "plural",
    [
        "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);",
        "nplurals=1; plural=0;",
        "nplurals=2; plural=n>1 ? !0 : 0;",
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
        ": n%100>=11 ? 4 : 5);",
    ],
)
def test_formulas_msgfmt_accepts_have_no_msgfmt_problem(tmp_path: Path, plural: str) -> None:
    header = (
        f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nPlural-Forms: {plural}\\n"\n'
    )
    assert msgfmt_says(tmp_path, header) == ""
    assert read_header(f"Plural-Forms: {plural}\n", True).problems == ()


def run_validate(tmp_path: Path, template: str) -> tuple[int, str]:
    from tests.clirun import run_cli

    root = write_project(tmp_path / "p")
    add_catalog(root, "sv", "news/a", HEAD.format(plural=SV) + 'msgid "a"\nmsgstr "b"\n')
    add_template(root, "news/a", HEAD.format(plural=SV) + 'msgid "a"\nmsgstr "b"\n')
    (root / "locales/templates/news/a.pot").write_text(template, encoding="utf-8")
    code, out, err = run_cli(root, "validate")
    return code, out + err


@pytest.mark.parametrize(
    ("template", "line", "message"),
    [
        ('msgid "a"\nmsgstr ""\n', 1, "PO file header missing or invalid"),
        (
            'msgctxt "x"\n' + TEMPLATE_HEAD + '\nmsgid "a"\nmsgstr ""\n',
            2,
            "PO file header missing or invalid",
        ),
        (
            TEMPLATE_HEAD + '"Plural-Forms: nplurals=2; plural=n/0;\\n"\n\nmsgid "a"\nmsgstr ""\n',
            7,
            "plural expression can produce division by zero",
        ),
        (
            TEMPLATE_HEAD + '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\n'
            'msgid "a"\nmsgstr ""\n',
            7,
            "invalid nplurals value",
        ),
    ],
)
def test_a_template_msgfmt_refuses_is_an_input_error(
    tmp_path: Path, template: str, line: int, message: str
) -> None:
    """It passed silently: validate ran no check on templates."""
    assert message in msgfmt_says(tmp_path, template, ".pot")
    code, output = run_validate(tmp_path, template)
    assert code == 2
    assert f"error: locales/templates/news/a.pot:{line}: {message}" in output
    assert "mirage-i18n extract" in output


def test_a_good_template_passes(tmp_path: Path) -> None:
    template = TEMPLATE_HEAD + '\nmsgid "a"\nmsgstr ""\n'
    assert msgfmt_says(tmp_path, template, ".pot") == ""
    code, output = run_validate(tmp_path, template)
    assert code == 0, output


@pytest.mark.parametrize(
    ("plural", "message"),
    [
        ("nplurals=2; plural=(" + " && ".join(["n != 1"] * 400) + ");", "too long to check"),
        ("nplurals=2; plural=" + "(" * 300 + "n != 1" + ")" * 300 + ";", "too deeply nested"),
    ],
)
def test_a_formula_too_big_to_evaluate_is_refused(
    tmp_path: Path, plural: str, message: str
) -> None:
    """Stricter than msgfmt (docs/catalogues.md, `plural-formula-size`): evaluating a hostile
    formula a thousand times in Python could take minutes; msgfmt, in C, accepts these."""
    text = HEAD.format(plural=plural) + 'msgid "a"\nmsgstr "b"\n'
    assert msgfmt_says(tmp_path, text) == ""
    (found,) = findings(tmp_path, text, "header-plural-forms")
    assert message in found[1]
