"""`build` on the bundled sample, and on broken input (nothing half-written)."""

from __future__ import annotations

import email
import gettext
import json
from email.policy import default
from pathlib import Path

import polib
import pytest

from mirage_i18n.config import load_settings
from mirage_i18n.errors import MirageError
from mirage_i18n.publish.build import build
from mirage_i18n.publish.staging import Staging
from tests.conftest import Run

from .helpers import glibc_lookup
from .test_site import Tree

SEED = (Path(__file__).parent / "fixtures" / "seed_sv.txt").read_text(encoding="utf-8").splitlines()
SV_PAGE = "site/sv/mirage-partnermote-oktober-2021/index.html"


@pytest.fixture
def built(sample_project):
    report = build(load_settings(sample_project))
    return sample_project / "dist", report


def test_swedish_seed_page_reproduces_the_seed(built):
    dist, report = built
    page = Tree((dist / SV_PAGE).read_text(encoding="utf-8"))
    title, lede, *paragraphs = SEED
    text = "".join(page.text)
    html = (dist / SV_PAGE).read_text(encoding="utf-8")
    assert f"<h1>{title}</h1>" in html
    assert f'<p class="lede">{lede}</p>' in html
    for p in paragraphs:
        assert f"<p>{p}</p>" in html
    assert "25 okt. 2021" in text
    assert text.count("Asylum, Migration and Integration Fund") == 1
    assert page.find("a", href="mailto:info@mirageproject.eu")
    assert set(report.published("news/2021-10-partner-meeting")) == {"en", "sv"}


def test_no_page_in_a_language_without_reviewed_text(built):
    dist, report = built
    langs = {p.name for p in (dist / "site").iterdir() if p.is_dir()}
    assert langs == {"en", "sv"}
    assert not (dist / "site/sv/the-mirage-training-toolkit-is-online").exists()
    assert {p.name for p in (dist / "catalogs").glob("*.json")} <= {
        "sv.json",
        "it.json",
        "fr.json",
        "ro.json",
        "bg.json",
        "de.json",
        "el.json",
        "hu.json",
    }
    saved = json.loads((dist / "publish-report.json").read_text())
    it = [
        d
        for d in saved["documents"]
        if d["domain"] == "news/2021-10-partner-meeting" and d["lang"] == "it"
    ][0]
    assert not it["published"] and it["reason"]


def test_catalogues_are_read_by_python_and_glibc(built):
    dist, _ = built
    t = gettext.translation(
        "news/2021-10-partner-meeting", str(dist / "catalogs"), languages=["sv"]
    )
    assert t.gettext("MIraGE partner meeting, October 2021") == SEED[0]
    got = glibc_lookup(
        dist / "catalogs",
        "news/2021-10-partner-meeting",
        "sv",
        [{"msgid": "MIraGE partner meeting, October 2021"}],
    )
    assert got == [SEED[0]]
    data = json.loads((dist / "catalogs/sv.json").read_text())
    assert data["locale_data"]["news/2021-10-partner-meeting"][
        "MIraGE partner meeting, October 2021"
    ] == [SEED[0]]


def test_newsletter_in_english_and_swedish(built):
    dist, _ = built
    issue = dist / "newsletter/2021-11"
    assert sorted(p.name for p in issue.iterdir()) == [
        "en.eml",
        "en.html",
        "en.txt",
        "sv.eml",
        "sv.html",
        "sv.txt",
    ]
    msg = email.message_from_bytes((issue / "sv.eml").read_bytes(), policy=default)
    assert msg["Content-Language"] == "sv" and msg["Subject"].startswith("MIraGE nyhetsbrev")
    html = (issue / "sv.html").read_text(encoding="utf-8")
    assert "https://www.mirageproject.eu/sv/mirage-partnermote-oktober-2021/" in html
    assert "https://www.mirageproject.eu/en/the-mirage-training-toolkit-is-online/" in html
    assert html.count("Asylum, Migration and Integration Fund") == 1


def test_newsletters_in_year_folders_stay_apart(sample_project):
    """newsletters/2021/11.md and newsletters/2022/11.md: two issues, two output folders
    (the last path part alone would have written one over the other)."""
    folder = sample_project / "source_texts/newsletters"
    text = (folder / "2021-11.md").read_text(encoding="utf-8")
    (folder / "2021").mkdir()
    (folder / "2022").mkdir()
    (folder / "2021-11.md").unlink()
    for year in ("2021", "2022"):
        (folder / year / "11.md").write_text(
            text.replace('final conference"', f'final conference {year}"'), encoding="utf-8"
        )
    report = build(load_settings(sample_project))
    dist = sample_project / "dist"
    for year in ("2021", "2022"):
        eml = email.message_from_bytes(
            (dist / f"newsletter/{year}/11/en.eml").read_bytes(), policy=default
        )
        assert eml["Subject"].endswith(f"final conference {year}")
    assert (
        "newsletter/2022/11/en.html" in report.files and "newsletter/11/en.html" not in report.files
    )


def test_newsletter_names_an_article_by_its_folder_when_the_name_is_ambiguous(sample_project):
    news = sample_project / "source_texts/news"
    for year in ("2020", "2021"):
        (news / year).mkdir()
        text = (news / "2021-06-training-toolkit.md").read_text(encoding="utf-8")
        (news / year / "toolkit.md").write_text(
            text.replace("title: ", f"slug: toolkit-{year}\ntitle: ", 1), encoding="utf-8"
        )
    issue = sample_project / "source_texts/newsletters/2021-11.md"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace("  - 2021-06-training-toolkit", "  - toolkit"),
        encoding="utf-8",
    )
    with pytest.raises(
        MirageError, match="several articles .*news/2020/toolkit, news/2021/toolkit"
    ) as info:
        build(load_settings(sample_project))
    assert info.value.path and info.value.path.endswith("2021-11.md") and info.value.line
    issue.write_text(
        issue.read_text(encoding="utf-8").replace("  - toolkit", "  - 2021/toolkit"),
        encoding="utf-8",
    )
    build(load_settings(sample_project))
    text = (sample_project / "dist/newsletter/2021-11/en.txt").read_text(encoding="utf-8")
    assert "toolkit-2021" in text and "toolkit-2020" not in text


def test_hugo_sources(built):
    dist, _ = built
    text = (dist / "markdown/content/sv/news/mirage-partnermote-oktober-2021.md").read_text(
        encoding="utf-8"
    )
    assert "translationKey: news/2021-10-partner-meeting" in text and "lang: sv" in text
    assert f"title: {SEED[0]}" in text or f"title: '{SEED[0]}'" in text


@pytest.mark.parametrize("slugs", ['""', '"???"'])
def test_a_slug_without_letters_falls_back_to_the_title(sample_project, slugs):
    # an empty "slugs: {sv: ...}" gave the path sv//index.html: the language index overwrote
    # the article page, which was silently lost
    src = sample_project / "source_texts/news/2021-10-partner-meeting.md"
    src.write_text(
        src.read_text().replace("date: 2021-10-25", f"slugs:\n  sv: {slugs}\ndate: 2021-10-25", 1)
    )
    build(load_settings(sample_project))
    dist = sample_project / "dist"
    assert (dist / SV_PAGE).is_file()
    assert (dist / "markdown/content/sv/news/mirage-partnermote-oktober-2021.md").is_file()


def _broken_builds(project: Path):
    yield (
        "template",
        lambda: (
            (project / "templates").mkdir()
            or (project / "templates/article.html").write_text(
                "{% extends 'base.html' %}\n{% block main %}{{ article.title }\n{% endblock %}"
            )
        ),
    )
    yield (
        "newsletter",
        lambda: (project / "source_texts/newsletters/2021-11.md").write_text(
            (project / "source_texts/newsletters/2021-11.md")
            .read_text()
            .replace("2021-06-training-toolkit", "no-such-article")
        ),
    )
    yield (
        "catalogue",
        lambda: (project / "locales/sv/LC_MESSAGES/news/2021-10-partner-meeting.po").write_text(
            'msgid ""\nmsgstr ""\n"Language: sv\\n"\n\nmsgid "x"\nmsgstr "unterminated\n'
        ),
    )


@pytest.mark.parametrize("case", ["template", "newsletter", "catalogue"])
def test_bad_input_leaves_previous_dist_untouched(sample_project, case):
    settings = load_settings(sample_project)
    build(settings)
    dist = sample_project / "dist"
    (dist / "report").mkdir()
    (dist / "report/index.html").write_text("dashboard")
    before = {p: p.read_bytes() for p in dist.rglob("*") if p.is_file()}
    dict(_broken_builds(sample_project))[case]()
    with pytest.raises(MirageError) as info:
        build(load_settings(sample_project))
    assert info.value.exit_code == 2
    assert ":" in str(info.value) and info.value.path
    if case != "catalogue":
        assert info.value.line is not None
    assert {p: p.read_bytes() for p in dist.rglob("*") if p.is_file()} == before
    assert not [p for p in sample_project.iterdir() if ".building-" in p.name or ".old-" in p.name]


def test_a_failing_writer_leaves_previous_dist_untouched(sample_project):
    """Files reach the staging folder as they are rendered; a failure at the very end (the
    dashboard writer) still removes it, and dist/ keeps every byte."""
    settings = load_settings(sample_project)
    build(settings)
    dist = sample_project / "dist"
    before = {p: p.read_bytes() for p in dist.rglob("*") if p.is_file()}
    seen: list[Path] = []

    def failing(staging: Path, report) -> None:
        seen.append(staging)
        assert (staging / SV_PAGE).is_file()  # already written when the writers run
        raise MirageError("dashboard failed", "x.po", 3)

    with pytest.raises(MirageError, match="dashboard failed"):
        build(settings, writers=[failing])
    assert seen and not seen[0].exists()
    assert {p: p.read_bytes() for p in dist.rglob("*") if p.is_file()} == before
    assert not [p for p in sample_project.iterdir() if ".building-" in p.name or ".old-" in p.name]


def test_dist_has_ordinary_permissions(sample_project):
    """The staged folder becomes dist/: it must have the mode mkdir gives (a web server reads it
    as another user), not mkdtemp's 0700."""
    from mirage_i18n import fsutil

    build(load_settings(sample_project))
    dist = sample_project / "dist"
    assert dist.stat().st_mode & 0o777 == 0o777 & ~fsutil._UMASK
    assert (dist / "site" / "index.html").stat().st_mode & 0o777 == 0o666 & ~fsutil._UMASK
    if fsutil._UMASK == 0o022:  # the usual umask: others may read and enter
        assert dist.stat().st_mode & 0o005 == 0o005


def test_staging_refuses_two_outputs_at_one_path(tmp_path: Path) -> None:
    with pytest.raises(MirageError, match="two outputs"):
        with Staging(tmp_path / "dist") as files:
            files["site/index.html"] = b"one"
            files["site/index.html"] = b"two"
    assert not (tmp_path / "dist").exists() and list(tmp_path.iterdir()) == []


def test_rebuild_keeps_report_folder_and_changes_no_byte(sample_project):
    settings = load_settings(sample_project)
    build(settings)
    dist = sample_project / "dist"
    (dist / "report").mkdir()
    (dist / "report/index.html").write_text("dashboard")
    first = {p.relative_to(dist): p.read_bytes() for p in dist.rglob("*") if p.is_file()}
    build(settings)
    assert {p.relative_to(dist): p.read_bytes() for p in dist.rglob("*") if p.is_file()} == first


def test_preview_marks_pages(sample_project):
    po = sample_project / "locales/it/LC_MESSAGES/news/2021-10-partner-meeting.po"
    cat = polib.pofile(str(po))
    for e in cat:
        e.msgstr = "Riunione " + e.msgid[:20]
        e.flags.append("fuzzy")
    cat.save()
    settings = load_settings(sample_project)
    normal = build(settings)
    assert "it" not in normal.published("news/2021-10-partner-meeting")
    preview = build(settings, preview=True)
    assert "it" in preview.published("news/2021-10-partner-meeting")
    page = next((sample_project / "dist/site/it").glob("*/index.html")).read_text(encoding="utf-8")
    assert 'class="banner"' in page
    sv = (sample_project / "dist" / SV_PAGE).read_text(encoding="utf-8")
    assert 'class="banner"' not in sv


def test_build_never_replaces_a_folder_holding_other_work(tmp_path: Path, run: Run) -> None:
    """The build swaps its output folder whole; pointing --out at real work must be refused."""
    import shutil

    from tests.conftest import SAMPLE_FILES
    from tests.gnu import REPO

    project = tmp_path / "project"
    project.mkdir()
    for name in SAMPLE_FILES:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "minutes.txt").write_text("keep me", encoding="utf-8")
    for out in (project, tmp_path, notes):
        code, stdout, err = run(project, "build", "--out", out)
        assert code == 2, (out, stdout, err)
    assert (notes / "minutes.txt").read_text(encoding="utf-8") == "keep me"
    assert (project / "mirage-i18n.toml").is_file()
    fresh = tmp_path / "fresh"
    assert run(project, "build", "--out", fresh)[0] == 0
    assert (fresh / ".mirage-build").is_file()
    # a second build into its own output is fine
    assert run(project, "build", "--out", fresh, "--force")[0] == 0
