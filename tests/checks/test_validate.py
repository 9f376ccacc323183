"""The validate engine: gates, exit codes, selection, suppression, catalogue-level checks."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from mirage_i18n.checks.run import validate
from mirage_i18n.checks.suppress import source_hash
from mirage_i18n.config import load_settings
from mirage_i18n.errors import ConfigError, UsageError
from mirage_i18n.model import Message, counts_for
from tests.gnu import gettext_tool

from .helpers import (
    FIXTURES,
    add_catalog,
    add_template,
    entry_line,
    line_of,
    write_project,
)

HEADER = """msgid ""
msgstr ""
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: {plural}\\n"
"""
SV_PLURAL = "nplurals=2; plural=(n != 1);"


def po(*entries: str, lang: str = "sv", plural: str = SV_PLURAL) -> str:
    return "\n".join([HEADER.format(lang=lang, plural=plural), *entries])


def entry(msgid: str, msgstr: str, *comments: str, flags: str = "", ctx: str = "") -> str:
    lines = [f"# {c}" for c in comments]
    if flags:
        lines.append(f"#, {flags}")
    if ctx:
        lines.append(f'msgctxt "{ctx}"')
    lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
    return "\n".join(lines)


GOOD = entry("Hello world", "Hej världen")


def project(
    tmp_path: Path,
    *catalogs: tuple[str, str],
    config: str = "",
    languages: tuple[str, ...] = ("sv",),
) -> Path:
    root = write_project(tmp_path / "p", config, languages)
    for domain, text in catalogs:
        lang = "sv"
        if ":" in domain:
            lang, domain = domain.split(":")
        add_catalog(root, lang, domain, text)
    return root


def run(root: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return validate(load_settings(root), **kwargs)  # type: ignore[arg-type]


def test_gate_needs_every_entry_reviewed_by_default(tmp_path: Path) -> None:
    text = po(GOOD, entry("Good bye world", "Hej då världen", flags="fuzzy"))
    report = run(project(tmp_path, ("news/a", text)))
    assert report.exit_code == 1
    (gate,) = report.gates
    assert not gate.passed and gate.counts.reviewed == 1 and gate.counts.fuzzy == 1
    assert [f.check_id for f in report.findings] == ["fuzzy"]


def test_threshold_per_language(tmp_path: Path) -> None:
    text = po(GOOD, entry("Good bye world", "Hej då världen", flags="fuzzy"))
    report = run(project(tmp_path, ("news/a", text), config="[languages.sv]\nthreshold = 50\n"))
    assert report.exit_code == 0 and report.gates[0].passed


def test_counts_are_the_model_counts(tmp_path: Path) -> None:
    text = po(
        GOOD, entry("Untranslated text", ""), entry("Good bye world", "Hej då", flags="fuzzy")
    )
    root = project(tmp_path, ("news/a", text))
    report = run(root)
    from mirage_i18n.catalog.store import load_catalog

    expected = counts_for(
        load_catalog(load_settings(root), root / "locales/sv/LC_MESSAGES/news/a.po")
    )
    assert report.languages[0].documents["news/a"] == expected == report.gates[0].counts


def test_missing_catalogue_counts_as_untranslated(tmp_path: Path) -> None:
    root = project(tmp_path, ("news/a", po(GOOD)))
    add_template(root, "news/b", po(GOOD, entry("More text", "Mer text")))
    report = run(root)
    gate = next(g for g in report.gates if g.domain == "news/b")
    assert gate.missing and not gate.passed and gate.counts.untranslated == 2
    assert report.exit_code == 1


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    root = project(tmp_path, ("news/a", po(entry("Hello world", "Hej  världen"))))
    assert run(root).exit_code == 0
    assert [f.check_id for f in run(root).findings] == ["double-space"]
    assert run(root, strict=True).exit_code == 1


def test_errors_in_fuzzy_entries_are_reported_but_do_not_fail(tmp_path: Path) -> None:
    bad = entry("Write to info@a.eu", "Skriv till info@b.eu", flags="fuzzy")
    root = project(tmp_path, ("news/a", po(GOOD, bad)), config="[languages.sv]\nthreshold = 0\n")
    report = run(root)
    email = [f for f in report.findings if f.check_id == "email"]
    assert email and email[0].fuzzy and email[0].severity == "error"
    assert report.exit_code == 0


def test_an_error_finding_in_a_reviewed_entry_withholds_its_document(tmp_path: Path) -> None:
    """Fully reviewed, but an e-mail address changed: not published (the one readiness rule),
    and the reason names the finding's path:line."""
    root = project(tmp_path, ("news/a", po(entry("Write to info@a.eu", "Skriv till info@b.eu"))))
    report = run(root)
    (gate,) = report.gates
    (email,) = [f for f in report.findings if f.check_id == "email"]
    assert email.withholds and gate.errors == (email,)
    assert not gate.passed and report.exit_code == 1
    assert gate.verdict.reason == (
        f"1 error finding in reviewed entries, first at {email.location} (email) "
        "(see 'mirage-i18n validate')"
    )
    assert not report.language_passed("sv")


def test_a_suppressed_error_finding_does_not_withhold(tmp_path: Path) -> None:
    msgid = "Write to info@a.eu"
    comment = f"mirage-ignore: email @{hashlib.sha1(msgid.encode()).hexdigest()[:6]}"
    root = project(tmp_path, ("news/a", po(entry(msgid, "Skriv till info@b.eu", comment))))
    report = run(root)
    assert report.gates[0].passed and report.exit_code == 0


# ------------------------------------------------------------------ catalogue-level checks
def test_language_header_must_match_folder(tmp_path: Path) -> None:
    text = po(GOOD, lang="de")
    report = run(project(tmp_path, ("news/a", text)))
    (f,) = [f for f in report.findings if f.check_id == "header-language"]
    assert f.line == line_of(text, '"Language:')


def test_plural_forms(tmp_path: Path) -> None:
    bad = po(GOOD, lang="fr", plural="nplurals=2; plural=(n != 1);")
    equivalent = po(GOOD, lang="fr", plural="nplurals=2; plural=n>1;")
    missing = po(GOOD, lang="fr").replace('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', "")
    root = project(
        tmp_path,
        ("fr:news/a", bad),
        ("fr:news/b", equivalent),
        ("fr:news/c", missing),
        languages=("fr",),
    )
    found = {(f.domain, f.line) for f in run(root).findings if f.check_id == "header-plural-forms"}
    assert found == {
        ("news/a", line_of(bad, "Plural-Forms")),
        ("news/c", line_of(missing, 'msgid ""')),
    }


@pytest.mark.parametrize(
    "plural",
    [
        "nplurals=2; plural=n/0;",
        "nplurals=2; plural=(n%0);",
        "nplurals=2; plural=(n != 1) + 0/(n-5);",
    ],
)
def test_plural_forms_dividing_by_zero_is_a_finding(tmp_path: Path, plural: str) -> None:
    # msgfmt rejects such a formula; validate stopped with a ZeroDivisionError traceback.
    text = po(GOOD, plural=plural)
    found = [
        f
        for f in run(project(tmp_path, ("news/a", text))).findings
        if f.check_id == "header-plural-forms"
    ]
    assert [(f.line, "division by zero" in f.message) for f in found] == [
        (line_of(text, "Plural-Forms"), True)
    ]


def test_plural_count(tmp_path: Path) -> None:
    text = po(
        'msgid "%d day"\nmsgid_plural "%d days"\nmsgstr[0] "%d dag"\n'
        'msgstr[1] "%d dagar"\nmsgstr[2] "%d dagarna"\n'
    )
    report = run(project(tmp_path, ("news/a", text)))
    assert [(f.check_id, f.line) for f in report.findings] == [("plural-count", 9)]


@pytest.mark.parametrize(
    ("mutation", "check_id"),
    [
        (lambda t: t + "\n" + GOOD, "duplicate-entry"),
        (lambda t: t.replace("charset=UTF-8", "charset=ISO-8859-1"), "header-charset"),
        (lambda t: t.replace('msgstr "Hej världen"', 'msgstr "Hej världen'), "po-syntax"),
        (lambda t: t.replace('msgstr "Hej världen"', "msgstr Hej"), "po-syntax"),
    ],
)
def test_unreadable_catalogue_is_a_finding_with_exit_2(
    tmp_path: Path, mutation, check_id: str
) -> None:
    good = po(GOOD)
    bad = mutation(good)
    root = project(
        tmp_path, ("news/a", good), ("news/b", po(entry("Go to x@a.eu", "Gå till y@a.eu")))
    )
    (root / "locales/sv/LC_MESSAGES/news/a.po").write_text(bad, encoding="utf-8")
    report = run(root)
    ids = {(f.check_id, f.domain) for f in report.findings}
    assert (check_id, "news/a") in ids and ("email", "news/b") in ids
    assert report.exit_code == 2


def test_obsolete_entries(tmp_path: Path) -> None:
    text = po(GOOD, '#~ msgid "Old text"\n#~ msgstr "Gammal text"\n')
    report = run(project(tmp_path, ("news/a", text)))
    assert [(f.check_id, f.line) for f in report.findings] == [
        ("obsolete", line_of(text, "#~ msgid"))
    ]
    assert report.exit_code == 0


def test_consistency_across_catalogues(tmp_path: Path) -> None:
    a = po(entry("Read more", "Läs mer"))
    b = po(entry("Read more", "Läs vidare"))
    c = po(entry("Read more", "Läs mer"))
    report = run(project(tmp_path, ("news/a", a), ("news/b", b), ("news/c", c)))
    assert [(f.check_id, f.domain) for f in report.findings] == [("consistency", "news/b")]
    assert "locales/sv/LC_MESSAGES/news/a.po" in report.findings[0].message


def test_machine_translation_marker(tmp_path: Path) -> None:
    text = po(GOOD, entry("New text", "Ny text", "machine translation: google", flags="fuzzy"))
    report = run(project(tmp_path, ("news/a", text)))
    assert [f.check_id for f in report.findings] == ["machine-translated"]


# ------------------------------------------------------------------ selection
def _ids(report) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.check_id for f in report.findings}


FAULTY = po(entry("Hello world, see info@a.eu", "Hej  världen, se info@b.eu"))


def test_select_and_ignore_from_command_line(tmp_path: Path) -> None:
    root = project(tmp_path, ("news/a", FAULTY))
    assert _ids(run(root)) == {"email", "double-space"}
    assert _ids(run(root, select=["email"])) == {"email"}
    assert _ids(run(root, ignore=["email"])) == {"double-space"}
    assert _ids(run(root, select=["text"])) == {"double-space"}  # a category


def test_select_and_ignore_from_configuration(tmp_path: Path) -> None:
    root = project(tmp_path, ("news/a", FAULTY), config='[checks]\nignore = ["email"]\n')
    assert _ids(run(root)) == {"double-space"}
    assert _ids(run(root, select=["email"])) == {"email"}  # the command line wins


def test_ignore_per_language(tmp_path: Path) -> None:
    config = '[languages.sv]\nchecks_ignore = ["double-space"]\n'
    root = project(
        tmp_path,
        ("news/a", FAULTY),
        ("it:news/a", FAULTY.replace("sv", "it")),
        config=config,
        languages=("sv", "it"),
    )
    report = run(root)
    assert {(f.lang, f.check_id) for f in report.findings} == {
        ("sv", "email"),
        ("it", "email"),
        ("it", "double-space"),
    }


def test_unknown_check_is_a_usage_error(tmp_path: Path) -> None:
    root = project(tmp_path, ("news/a", FAULTY))
    with pytest.raises(UsageError):
        run(root, select=["no-such-check"])
    with pytest.raises(UsageError):
        run(root, langs=["xx"])


def test_bad_configuration_is_a_config_error(tmp_path: Path) -> None:
    root = project(tmp_path, ("news/a", FAULTY), config="[checks]\nlength_ratio = [2, 1]\n")
    with pytest.raises(ConfigError):
        run(root)
    root = project(
        tmp_path / "x", ("news/a", FAULTY), config='[languages.sv]\nurl_rewrites = ["/en/"]\n'
    )
    with pytest.raises(ConfigError):
        run(root)


@pytest.mark.parametrize(
    "glossary",
    [
        'do_not_translated = ["MIraGE"]\n',  # a misspelt key silently dropped every term
        '[term.sv]\n"TCNs" = "TCN"\n',  # likewise [term.sv] for [terms.sv]
        '[terms.sv]\n"" = "TCN"\n',  # an empty English term: every entry "uses" it
        '[terms.sv]\n"TCNs" = ""\n',  # an empty target term: always "used"
    ],
)
def test_bad_glossary_is_a_config_error(tmp_path: Path, glossary: str) -> None:
    root = project(tmp_path, ("news/a", po(GOOD)))
    (root / "glossary.toml").write_text(glossary, encoding="utf-8")
    with pytest.raises(ConfigError, match="glossary.toml"):
        run(root)


# ------------------------------------------------------------------ suppression
SAME = Message("The meeting was held online")


def _same_entry(comment: str = "") -> str:
    comments = (comment,) if comment else ()
    return entry(SAME.msgid, SAME.msgid, *comments)


def test_suppression_with_hash(tmp_path: Path) -> None:
    plain = run(project(tmp_path / "a", ("news/a", po(_same_entry()))))
    assert _ids(plain) == {"same-as-source"}
    ok = f"mirage-ignore: same-as-source @{source_hash(SAME)}"
    assert _ids(run(project(tmp_path / "b", ("news/a", po(_same_entry(ok)))))) == set()


def test_suppression_without_hash_does_not_apply(tmp_path: Path) -> None:
    report = run(project(tmp_path, ("news/a", po(_same_entry("mirage-ignore: same-as-source")))))
    assert _ids(report) == {"same-as-source", "suppression"}
    hint = next(f.message for f in report.findings if f.check_id == "suppression")
    assert f"@{source_hash(SAME)}" in hint


@pytest.mark.parametrize(
    "template",
    [
        "mirage-ignore: same-as-source @{h} (product names)",  # a reason after the hash
        "mirage-ignore same-as-source @{h}",  # no colon
        "Mirage-Ignore: same-as-source @{h}",  # capitals
        "mirage-ignore: same-as-source @",  # hash left out after the @
    ],
)
def test_malformed_suppression_is_reported(tmp_path: Path, template: str) -> None:
    # Such a comment used to be skipped without a word: the translator believed the
    # finding suppressed, and saw it again with no hint why.
    comment = template.format(h=source_hash(SAME))
    report = run(project(tmp_path, ("news/a", po(_same_entry(comment)))))
    assert _ids(report) == {"same-as-source", "suppression"}
    hint = next(f.message for f in report.findings if f.check_id == "suppression")
    assert f"mirage-ignore: same-as-source @{source_hash(SAME)}" in hint


def _gettext(*args: str) -> None:
    result = subprocess.run([gettext_tool(args[0]), *args[1:]], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()


def test_suppression_survives_msgcat_and_msgmerge_and_lapses_when_source_changes(
    tmp_path: Path,
) -> None:
    comment = f"mirage-ignore: same-as-source @{source_hash(SAME)}"
    root = project(tmp_path, ("news/a", po(_same_entry(comment))))
    path = root / "locales/sv/LC_MESSAGES/news/a.po"
    pot = root / "locales/templates/news/a.pot"
    _gettext("msgcat", "--no-wrap", "-o", str(path), str(path))
    _gettext("msgmerge", "--quiet", "--no-wrap", "-U", "--backup=off", str(path), str(pot))
    assert comment in path.read_text(encoding="utf-8")
    assert _ids(run(root)) == set()

    # The English changes a little: msgmerge keeps the comment on a fuzzy match.
    changed = "The meeting was held online."
    pot.write_text(pot.read_text(encoding="utf-8").replace(SAME.msgid, changed), encoding="utf-8")
    _gettext("msgmerge", "--quiet", "--no-wrap", "-U", "--backup=off", str(path), str(pot))
    text = path.read_text(encoding="utf-8")
    assert comment in text and f'msgid "{changed}"' in text
    report = run(root)
    assert {"suppression", "fuzzy"} <= _ids(report)
    lapsed = next(f for f in report.findings if f.check_id == "suppression")
    assert lapsed.line == entry_line(text, changed)
    assert "lapsed" in lapsed.message


def test_validate_reads_sample_fixture_in_place(tmp_path: Path) -> None:
    """The Swedish seed catalogue alone, in a project without glossary: still no finding."""
    root = write_project(tmp_path / "p", glossary=False)
    add_catalog(
        root, "sv", "news/m", (FIXTURES / "sv-partner-meeting.po").read_text(encoding="utf-8")
    )
    assert run(root).findings == ()


def test_a_header_finding_is_located_by_reading_the_file_again(tmp_path: Path) -> None:
    """The checks keep no catalogue's text (a build's were 45 MB per language at N = 4,000):
    a finding at a header field reads the file again for its line, and one whose file is gone
    by then is still reported, at no line."""
    from mirage_i18n.catalog.store import catalog_path, load_catalog
    from mirage_i18n.checks.run import Checking

    text = po(GOOD, lang="de")
    settings = load_settings(project(tmp_path, ("news/a", text)))
    path = catalog_path(settings, "sv", "news/a")
    parsed = {"news/a": load_catalog(settings, path)}  # as the build gives them
    checking = Checking(settings, select=["header-language"])
    (found,) = checking.language("sv", parsed)[0]
    assert found.line == line_of(text, '"Language:') and found.line > 1
    path.unlink()
    (gone,) = checking.language("sv", parsed)[0]
    assert gone.line is None and gone.message == found.message
