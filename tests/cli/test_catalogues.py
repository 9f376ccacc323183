"""extract / update / status through the CLI, on a copy of the bundled sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirun import run_cli, snapshot
from tests.conftest import Run
from tests.gnu import msgcat_fixed_point, msgfmt_check

SEED = "news/2021-10-partner-meeting"


def test_extract_and_update_write_valid_catalogues_for_every_language(
    sample_project: Path, run: Run
) -> None:
    code, out, err = run(sample_project, "extract")
    assert code == 0, err
    code, out, err = run(sample_project, "update")
    assert code == 0, err
    locales = sample_project / "locales"
    pots = sorted(locales.glob("templates/**/*.pot"))
    assert {p.relative_to(locales / "templates").with_suffix("").as_posix() for p in pots} >= {
        "shared",
        SEED,
        "news/2021-06-training-toolkit",
        "news/2021-12-final-conference",
    }
    for lang in ("sv", "it", "fr", "ro", "bg", "de", "el", "hu"):
        for pot in pots:
            po = (
                locales
                / lang
                / "LC_MESSAGES"
                / pot.relative_to(locales / "templates").with_suffix(".po")
            )
            assert po.is_file(), po
    for path in locales.rglob("*.po*"):
        msgfmt_check(path)
        msgcat_fixed_point(path)


def test_running_twice_changes_no_byte(sample_project: Path, run: Run) -> None:
    for cmd in ("extract", "update"):
        assert run(sample_project, cmd)[0] == 0
    before = snapshot(sample_project / "locales")
    mtimes = {p: p.stat().st_mtime_ns for p in (sample_project / "locales").rglob("*.po*")}
    expected = {"extract": "0 template(s) written", "update": "0 created, 0 updated"}
    for cmd, summary in expected.items():
        code, out, _ = run(sample_project, cmd)
        assert code == 0
        assert summary in out, out
    assert snapshot(sample_project / "locales") == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes  # not even rewritten


def test_sample_swedish_seed_catalogue_is_fully_reviewed(sample_project: Path, run: Run) -> None:
    run(sample_project, "extract")
    run(sample_project, "update")
    code, out, err = run(sample_project, "status", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    langs = {entry["language"]: entry for entry in data["languages"]}
    seed = langs["sv"]["documents"][SEED]
    assert seed["total"] == 6 and seed["reviewed"] == 6 and seed["percent_reviewed"] == 100.0
    assert seed["passes"] is True
    assert langs["it"]["documents"][SEED]["reviewed"] == 0
    code, text, _ = run(sample_project, "status", "-l", "sv")
    assert f"ok {SEED}" in text and "100.0%" in text


def test_editing_one_paragraph_changes_only_that_entry(sample_project: Path, run: Run) -> None:
    run(sample_project, "extract")
    run(sample_project, "update")
    src = sample_project / "source_texts" / f"{SEED}.md"
    po = sample_project / "locales" / "sv" / "LC_MESSAGES" / f"{SEED}.po"
    before = po.read_text(encoding="utf-8").split("\n\n")
    text = src.read_text(encoding="utf-8")
    src.write_text(
        text.replace("dissemination activities", "communication activities"), encoding="utf-8"
    )
    run(sample_project, "extract")
    code, out, _ = run(sample_project, "update")
    assert code == 0
    after = po.read_text(encoding="utf-8").split("\n\n")
    assert len(before) == len(after)
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(changed) == 1
    entry = after[changed[0]]
    assert "#, fuzzy" in entry and "#| msgid" in entry and "communication activities" in entry
    assert "drifts- och ledningsfrågor" in entry  # the reviewed Swedish is offered, not lost
    # Other languages: the same single entry changed (empty there, so no fuzzy).
    it = (sample_project / "locales/it/LC_MESSAGES" / f"{SEED}.po").read_text(encoding="utf-8")
    assert "communication activities" in it and "dissemination activities" not in it
    msgfmt_check(po)


def test_status_reports_other_languages_when_one_catalogue_is_broken(
    sample_project: Path, run: Run
) -> None:
    run(sample_project, "extract")
    run(sample_project, "update")
    broken = sample_project / "locales/fr/LC_MESSAGES" / f"{SEED}.po"
    broken.write_text(
        broken.read_text(encoding="utf-8") + '\nmsgid "x\nmsgstr ""\n', encoding="utf-8"
    )
    code, out, err = run(sample_project, "status")
    assert code == 2
    assert f"locales/fr/LC_MESSAGES/{SEED}.po:" in out + err
    assert "sv:" in out and "de:" in out


def _expect_error(project: Path, command: str, where: str, words: str) -> None:
    before = snapshot(project / "locales") if (project / "locales").exists() else {}
    code, out, err = run_cli(project, command)
    assert code == 2, (out, err)
    assert where in err, err
    assert words.lower() in err.lower(), err
    after = snapshot(project / "locales") if (project / "locales").exists() else {}
    assert after == before  # nothing written


BAD_SOURCES = [
    ("invalid YAML", "---\ndate: 2021-01-01\ntitle: a: b\n---\n\nText.\n", ".md:3", "YAML"),
    ("missing title", "---\ndate: 2021-01-01\n---\n\nText.\n", ".md:1", "title"),
    ("BOM", "\ufeff---\ntitle: T\n---\n\nText.\n", ".md:1", "byte order mark"),
    ("CRLF", "---\r\ntitle: T\r\n---\r\n\r\nText.\r\n", ".md:1", "CRLF"),
]


@pytest.mark.parametrize(
    ("name", "content", "where", "words"), BAD_SOURCES, ids=[b[0] for b in BAD_SOURCES]
)
def test_bad_source_gets_path_line_exit_2_and_nothing_written(
    sample_project: Path, name: str, content: str, where: str, words: str, run: Run
) -> None:
    run(sample_project, "extract")
    bad = sample_project / "source_texts/news/bad.md"
    bad.write_bytes(content.encode("utf-8"))
    _expect_error(sample_project, "extract", f"source_texts/news/bad{where}", words)


def test_non_utf8_source(sample_project: Path, run: Run) -> None:
    run(sample_project, "extract")
    (sample_project / "source_texts/news/bad.md").write_bytes(
        "---\ntitle: T\n---\n\nPartnerm\u00f6te\n".encode("latin-1")
    )
    _expect_error(sample_project, "extract", "source_texts/news/bad.md:5", "UTF-8")


def test_two_documents_with_one_slug(sample_project: Path) -> None:
    src = sample_project / "source_texts/news"
    (src / "copy.md").write_text(
        (src / "2021-10-partner-meeting.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    # the slug comes from the title, on line 2: where a distinct `slugs: {en: …}` goes
    _expect_error(sample_project, "extract", "source_texts/news/copy.md:2", "slug")


def test_language_header_contradicting_folder(sample_project: Path, run: Run) -> None:
    run(sample_project, "extract")
    run(sample_project, "update")
    po = sample_project / "locales/de/LC_MESSAGES/shared.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('"Language: de\\n"', '"Language: fr\\n"'),
        encoding="utf-8",
    )
    _expect_error(
        sample_project, "update", "locales/de/LC_MESSAGES/shared.po:5:", "Language header"
    )


def test_duplicate_entries_and_syntax_errors_in_po(sample_project: Path, run: Run) -> None:
    run(sample_project, "extract")
    run(sample_project, "update")
    po = sample_project / "locales/it/LC_MESSAGES/shared.po"
    lines = po.read_text(encoding="utf-8")
    po.write_text(
        lines + '\nmsgctxt "contact"\nmsgid "Contact: <info@mirageproject.eu>"\nmsgstr ""\n',
        encoding="utf-8",
    )
    dup_line = len(lines.split("\n")) + 1
    _expect_error(
        sample_project, "update", f"locales/it/LC_MESSAGES/shared.po:{dup_line}", "duplicate"
    )
    po.write_text(lines.replace('msgstr ""\n', 'msgstr "\n', 2), encoding="utf-8")
    _expect_error(sample_project, "update", "locales/it/LC_MESSAGES/shared.po:", "syntax error")


def test_unknown_language_is_a_usage_error(sample_project: Path, run: Run) -> None:
    run(sample_project, "extract")
    code, _, err = run(sample_project, "update", "-l", "xx")
    assert code == 2 and "not in project.languages" in err


def test_missing_configuration(tmp_path: Path, run: Run) -> None:
    code, _, err = run(tmp_path, "status")
    assert code == 2 and "mirage-i18n.toml" in err


def test_removed_source_keeps_its_catalogues_and_says_so(sample_project: Path, run: Run) -> None:
    run(sample_project, "extract")
    run(sample_project, "update")
    (sample_project / f"source_texts/{SEED}.md").unlink()
    code, out, _ = run(sample_project, "extract")
    assert code == 0 and f"removed locales/templates/{SEED}.pot" in out
    sv = sample_project / "locales/sv/LC_MESSAGES" / f"{SEED}.po"
    before = sv.read_bytes()
    code, out, err = run(sample_project, "update")
    assert code == 0
    assert f"locales/sv/LC_MESSAGES/{SEED}.po: its source text is gone; kept" in err
    assert sv.read_bytes() == before  # reviewed work is never deleted


def test_newsletter_subject_is_translatable_by_default(tmp_path: Path, run: Run) -> None:
    """A project without [extract] (as `init` or a hand-written config makes) still gives
    translators the newsletter's e-mail subject, not only its title."""
    root = tmp_path / "p"
    (root / "source_texts" / "newsletters").mkdir(parents=True)
    (root / "mirage-i18n.toml").write_text(
        '[project]\nname = "T"\nlanguages = ["sv"]\n', encoding="utf-8"
    )
    (root / "source_texts" / "newsletters" / "2022-01.md").write_text(
        "---\ntitle: Newsletter, January\nsubject: News from the partners\ndate: 2022-01-31\n"
        "articles: []\n---\n\nHello readers.\n",
        encoding="utf-8",
    )
    code, _, err = run(root, "extract")
    assert code == 0, err
    pot = (root / "locales" / "templates" / "newsletters" / "2022-01.pot").read_text(
        encoding="utf-8"
    )
    assert "#. front matter: subject\n" in pot and 'msgid "News from the partners"' in pot
    assert 'msgid "Newsletter, January"' in pot
