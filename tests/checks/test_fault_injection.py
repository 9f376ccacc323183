"""Precision and recall on real catalogues.

Precision: the good human Swedish translations (the seed article, a constructed article
using every construct the checks know) give no error at all. Recall: one fault of each kind
injected into a copy is found with the right check id and the right line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mirage_i18n.checks.run import validate
from mirage_i18n.config import load_settings

from .helpers import (
    APPROVED_SV_DISCLAIMER,
    FIXTURES,
    add_catalog,
    entry_line,
    line_of,
    write_project,
)

CONFIG = f"""
[languages.sv]
url_rewrites = [["/en/", "/sv/"]]
disclaimer = "{APPROVED_SV_DISCLAIMER}"
"""
RICH = "news/2021-05-webinar"
MEETING = "news/2021-10-partner-meeting"


def make(tmp_path: Path, rich: str | None = None, meeting: str | None = None) -> Path:
    root = write_project(tmp_path / "p", CONFIG)
    good_rich = (FIXTURES / "sv-rich.po").read_text(encoding="utf-8")
    good_meeting = (FIXTURES / "sv-partner-meeting.po").read_text(encoding="utf-8")
    add_catalog(root, "sv", RICH, rich or good_rich, template=good_rich)
    add_catalog(root, "sv", MEETING, meeting or good_meeting, template=good_meeting)
    # The shared catalogue carries the approved disclaimer too, as the constructed article
    # does: one language, one disclaimer (the consistency check would say otherwise).
    shared = (FIXTURES / "sv-shared.po").read_text(encoding="utf-8")
    english = 'msgstr "This project was funded'
    start = shared.index(english)
    end = shared.index("\n", start)
    shared = shared[:start] + f'msgstr "{APPROVED_SV_DISCLAIMER}"' + shared[end:]
    add_catalog(root, "sv", "shared", shared)
    return root


def test_good_swedish_translations_give_no_finding(tmp_path: Path) -> None:
    report = validate(load_settings(make(tmp_path)))
    assert report.findings == ()
    assert report.exit_code == 0
    assert [g.passed for g in report.gates] == [True, True, True]


def inject(text: str, old: str, new: str) -> str:
    """Replace ``old`` in exactly one msgstr line: the fault is in the translation."""
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if line.startswith("msgstr") and old in line]
    assert len(hits) == 1, f"{old!r} found in {len(hits)} msgstr lines"
    lines[hits[0]] = lines[hits[0]].replace(old, new, 1)
    return "\n".join(lines)


FAULTS = [
    # (name, file, old, new, check id, msgid that identifies the entry)
    (
        "changed link URL",
        RICH,
        "funding/amif_en) före",
        "funding/amif_sv) före",
        "md-link-target",
        "Read the [full programme]",
    ),
    (
        "changed bare URL",
        RICH,
        "besök https://mirageproject.eu/sv/contact/",
        "besök https://mirageproject.eu/sv/kontakt/",
        "url",
        "Questions? Write to",
    ),
    (
        "changed e-mail",
        RICH,
        "till info@mirageproject.eu",
        "till info@mirageprojekt.eu",
        "email",
        "Questions? Write to",
    ),
    (
        "a link lost",
        RICH,
        "[AMIF-utlysningen](https://ec.europa.eu/home-affairs/funding/amif_en)",
        "AMIF-utlysningen",
        "md-link-count",
        "Read the [full programme]",
    ),
    (
        "a number changed",
        RICH,
        "1\u00a0250 TCN:s",
        "1\u00a0350 TCN:s",
        "number",
        "The project trained 1,250",
    ),
    (
        "a date changed in the seed",
        MEETING,
        "den 15 oktober",
        "den 16 oktober",
        "number",
        "The last meeting that gathered",
    ),
    (
        "a do-not-translate term translated",
        RICH,
        "Covid-19-pandemin",
        "Covid-pandemin",
        "glossary-dnt",
        "The Covid-19 pandemic",
    ),
    (
        "an organisation name translated in the seed",
        MEETING,
        "Center for Social Innovation",
        "Centrum för social innovation",
        "glossary-dnt",
        "The last meeting that gathered",
    ),
    (
        "the disclaimer altered",
        RICH,
        "eget ansvar",
        "enda ansvar",
        "disclaimer",
        'msgid "This project was funded',
    ),
    ("a broken placeholder", RICH, "{date}", "{datum}", "placeholder", "Published on {date}"),
    (
        "a broken printf placeholder",
        RICH,
        '"%d artiklar"',
        '"% artiklar"',
        "placeholder",
        'msgid "%d article"',
    ),
    (
        "inline code translated",
        RICH,
        "`SUBSCRIBE mirage-news`",
        "`PRENUMERERA mirage-news`",
        "md-code",
        "To subscribe",
    ),
    (
        "an image lost",
        RICH,
        "![MIraGE-logotypen](/img/logo.png) ",
        "",
        "md-image",
        "**Important:**",
    ),
    ("an HTML tag broken", RICH, "<kbd>F5</kbd>", "<kbd>F5", "md-html", "Press <kbd>"),
]


@pytest.mark.parametrize(
    ("name", "domain", "old", "new", "check_id", "entry"), FAULTS, ids=[f[0] for f in FAULTS]
)
def test_injected_fault_is_found(
    tmp_path: Path, name: str, domain: str, old: str, new: str, check_id: str, entry: str
) -> None:
    fixture = "sv-rich.po" if domain == RICH else "sv-partner-meeting.po"
    good = (FIXTURES / fixture).read_text(encoding="utf-8")
    bad = inject(good, old, new)
    root = make(tmp_path, **({"rich": bad} if domain == RICH else {"meeting": bad}))
    report = validate(load_settings(root))
    path = f"locales/sv/LC_MESSAGES/{domain}.po"
    errors = {(f.check_id, f.path, f.line) for f in report.findings if f.severity == "error"}
    line = entry_line(good, entry)
    assert (check_id, path, line) in errors
    # Nothing else is blamed: other findings (a lost name also loses its digits) stay on the entry.
    assert {(p, n) for _, p, n in errors} == {(path, line)}
    assert report.exit_code == 1


def test_syntax_error_is_found_with_its_line_and_others_still_checked(tmp_path: Path) -> None:
    good = (FIXTURES / "sv-rich.po").read_text(encoding="utf-8")
    broken = good.replace('prenumerera."', "prenumerera.", 1)  # unterminated string
    meeting = inject(
        (FIXTURES / "sv-partner-meeting.po").read_text(encoding="utf-8"),
        "den 15 oktober",
        "den 16 oktober",
    )
    report = validate(load_settings(make(tmp_path, rich=broken, meeting=meeting)))
    found = {(f.check_id, f.path, f.line) for f in report.findings}
    assert (
        "po-syntax",
        f"locales/sv/LC_MESSAGES/{RICH}.po",
        line_of(broken, "prenumerera."),
    ) in found
    assert (
        "number",
        f"locales/sv/LC_MESSAGES/{MEETING}.po",
        entry_line(meeting, "The last meeting"),
    ) in found
    assert report.unreadable == (f"locales/sv/LC_MESSAGES/{RICH}.po",)
    assert report.exit_code == 2
