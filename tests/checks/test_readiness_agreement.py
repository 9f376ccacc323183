"""status (text and JSON), validate (JSON and exit code), the dashboard and build's publish report
give the same verdict for every document × language: they all ask ``readiness.readiness``.

One project: Swedish with a complete, a half-reviewed, a third-reviewed and a fuzzy-only
article, and a complete one with mojibake in a reviewed entry (an error finding: never
published); Italian with one reviewed entry, and the mojibake in a fuzzy entry (does not
count); French with a catalogue missing; German with no catalogue at all. Run through the CLI
at thresholds 0, 50 and 100, and in preview.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mirage_i18n.catalog.store import catalog_path, load_catalog, save_catalog
from mirage_i18n.config import load_settings
from mirage_i18n.model import Message
from tests.conftest import Run

ARTICLE = """---
title: {title}
date: 2021-0{month}-15
lede: The lede of the {name} story
---

The first paragraph of the {name} story tells what happened.

The second paragraph of the {name} story says who took part.

The third paragraph of the {name} story explains why it matters.

The fourth paragraph of the {name} story says what comes next.
"""
NEWSLETTER = """---
title: The autumn letter
subject: The autumn letter of the project
date: 2021-11-30
articles:
  - complete
---

Dear readers, this letter brings the news of the autumn.
"""
SHARED = """disclaimer: The standard funding disclaimer of the project, kept in English for now.
site:
  title: Project news
  news: News
  languages: Languages
  feed: Atom feed
"""
STORIES = ("complete", "half", "third", "fuzzy", "mistake")
DOMAINS = ("shared", *(f"news/{s}" for s in STORIES), "newsletters/autumn")
LANGUAGES = ("sv", "it", "fr", "de")
# (lang, domain) → the entry whose translation has a word read back in the wrong encoding
MOJIBAKE = {("sv", "news/mistake"): 3, ("it", "news/mistake"): 2}

# (lang, domain) → the states of its entries in order: r reviewed, f fuzzy, u untranslated.
# Articles have 6 entries (title, lede, 4 paragraphs); shared has 5, the disclaimer (left
# untranslated: shown in English by design, counted as fallback) and 4 strings.
PLAN = {
    ("sv", "news/complete"): "rrrrrr",
    ("sv", "news/half"): "rrrffu",  # 50 %
    ("sv", "news/third"): "rruuuu",  # 33.3 %
    ("sv", "news/fuzzy"): "ffffff",  # nothing reviewed
    ("sv", "newsletters/autumn"): "rrr",
    ("sv", "shared"): "urruu",  # disclaimer untranslated, 2 of 4 strings
    ("sv", "news/mistake"): "rrrrrr",  # complete, but mojibake in entry 3 (MOJIBAKE)
    ("it", "news/complete"): "ruuuuu",  # one entry
    ("it", "news/mistake"): "rrfrrr",  # mojibake in the fuzzy entry: not counted
    ("fr", "news/complete"): "rrrrrr",
    ("fr", "news/half"): None,  # catalogue deleted: missing
}


def _project(root: Path, run: Run) -> Path:
    root.mkdir()
    (root / "mirage-i18n.toml").write_text(
        '[project]\nname = "Agreement"\nsource_language = "en"\n'
        f"languages = {json.dumps(list(LANGUAGES))}\n"
        # the pseudo-translations (the English words reversed) are no language: fastText
        # reads them as German, which wrong-language would rightly report
        '[checks]\nignore = ["wrong-language"]\n',
        encoding="utf-8",
    )
    src = root / "source_texts"
    (src / "news").mkdir(parents=True)
    (src / "newsletters").mkdir()
    (src / "shared.yaml").write_text(SHARED, encoding="utf-8")
    for month, name in enumerate(STORIES, 1):
        title = f"The {name} story of the year"
        (src / "news" / f"{name}.md").write_text(
            ARTICLE.format(title=title, month=month, name=name), encoding="utf-8"
        )
    (src / "newsletters" / "autumn.md").write_text(NEWSLETTER, encoding="utf-8")
    assert run(root, "extract")[0] == 0
    code, _, err = run(root, "update", "-l", "sv", "-l", "it", "-l", "fr")  # de: none
    assert code == 0, err
    settings = load_settings(root)
    for (lang, domain), states in PLAN.items():
        path = catalog_path(settings, lang, domain)
        if states is None:
            path.unlink()
            continue
        catalog = load_catalog(settings, path)
        assert len(catalog.active) == len(states), (domain, len(catalog.active))
        messages = [_state(m, s, lang) for m, s in zip(catalog.active, states)]
        if (lang, domain) in MOJIBAKE:
            at = MOJIBAKE[(lang, domain)]
            garbled = messages[at].msgstr.replace(" ", " pÃ¥ ", 1)  # "på" read as cp1252
            messages[at] = replace(messages[at], msgstr=garbled)
        save_catalog(path, replace(catalog, messages=tuple(messages)))
    return root


def _state(msg: Message, state: str, lang: str) -> Message:
    if state == "u":
        return msg
    # a translation validate finds nothing wrong with: same shape, no English words left
    words = " ".join(w[::-1].lower() for w in msg.msgid.rstrip(".").split())
    translated = replace(
        msg, msgstr=f"{lang.upper()} {words}" + ("." if msg.msgid.endswith(".") else "")
    )
    return translated.with_flag("fuzzy", state == "f")


def _configure(root: Path, threshold: int, preview: bool) -> None:
    config = root / "mirage-i18n.toml"
    text = config.read_text(encoding="utf-8").split("[publish]")[0]
    text += f"[publish]\nthreshold = {threshold}\npreview = {str(preview).lower()}\n"
    config.write_text(text, encoding="utf-8")


Verdicts = dict[tuple[str, str], bool]


def _status_text(out: str) -> Verdicts:
    verdicts: Verdicts = {}
    lang = ""
    for line in out.splitlines():
        head = re.match(r"^([a-z]{2}): ", line)
        if head:
            lang = head.group(1)
            continue
        row = re.match(r"^  (ok |   )(\S+) ", line)
        assert row, line
        verdicts[(lang, row.group(2))] = row.group(1) == "ok "
    return verdicts


def _status_json(out: str) -> Verdicts:
    data = json.loads(out)
    return {
        (ls["language"], domain): doc["passes"]
        for ls in data["languages"]
        for domain, doc in ls["documents"].items()
    }


def _validate_json(out: str) -> Verdicts:
    return {(d["lang"], d["domain"]): d["passed"] for d in json.loads(out)["documents"]}


class _Dashboard(HTMLParser):
    """The matrix of ``dist/report/index.html``: one ``td`` per language × document."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.cells: Verdicts = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and a.get("data-lang"):
            self.lang = str(a["data-lang"])
        if tag == "td" and a.get("data-domain"):
            self.cells[(self.lang, str(a["data-domain"]))] = a.get("class") == "pass"


def _dashboard(html: str) -> Verdicts:
    parser = _Dashboard()
    parser.feed(html)
    return parser.cells


def _publish_report(dist: Path) -> Verdicts:
    data = json.loads((dist / "publish-report.json").read_text(encoding="utf-8"))
    return {
        (d["lang"], d["domain"]): d["published"]
        for d in data["documents"]
        if d["lang"] != data["source_language"]
    }


def _expected(threshold: int, preview: bool) -> Verdicts:
    """Worked out by hand from the rules in docs/checks.md."""
    out: Verdicts = {(lang, domain): False for lang in LANGUAGES for domain in DOMAINS}
    out[("sv", "news/complete")] = out[("sv", "newsletters/autumn")] = True
    out[("fr", "news/complete")] = True
    out[("sv", "shared")] = True  # shared texts: used one by one once any is reviewed
    out[("sv", "news/half")] = threshold <= (83 if preview else 50)  # 3 reviewed + 2 fuzzy of 6
    out[("sv", "news/third")] = threshold <= 33  # no fuzzy: preview does not help
    out[("sv", "news/fuzzy")] = preview  # nothing reviewed: never, unless fuzzy counts
    out[("it", "news/complete")] = threshold <= 16
    out[("it", "news/mistake")] = threshold <= (100 if preview else 83)  # 5 reviewed of 6
    # ("sv", "news/mistake"): all reviewed, but an error finding: never
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.clirun import run_cli

    return _project(tmp_path_factory.mktemp("agreement") / "p", run_cli)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("threshold", "preview"), [(0, False), (50, False), (100, False), (100, True)]
)
def test_four_commands_one_verdict(project: Path, run: Run, threshold: int, preview: bool) -> None:
    _configure(project, threshold, preview)
    expected = _expected(threshold, preview)

    code, text, err = run(project, "status")
    assert code == 0, err
    code, status_json, err = run(project, "status", "--format", "json")
    assert code == 0, err
    code, validate_json, err = run(project, "validate", "--format", "json")
    assert code == json.loads(validate_json)["exit_code"], err
    dist = project / "dist"
    code, _, err = run(project, "build", "--out", dist, "--force")
    assert code == 0, err

    assert _status_text(text) == expected
    assert _status_json(status_json) == expected
    assert _validate_json(validate_json) == expected
    assert _dashboard((dist / "report" / "index.html").read_text(encoding="utf-8")) == expected
    assert _publish_report(dist) == expected

    # validate's exit code per language: 0 exactly when every document of it is published
    # (the one error finding outside fuzzy entries withholds its document)
    data = json.loads(validate_json)
    (error,) = [f for f in data["findings"] if f["severity"] == "error" and not f["fuzzy"]]
    assert (error["check"], error["lang"], error["domain"]) == ("mojibake", "sv", "news/mistake")
    assert error["withholds"] is True
    where = f"{error['path']}:{error['line']}"
    report = json.loads((dist / "publish-report.json").read_text(encoding="utf-8"))
    (withheld,) = [d for d in report["documents"] if d["errors"]]
    assert (withheld["lang"], withheld["domain"]) == ("sv", "news/mistake")
    assert f"{where}: mojibake: " in (dist / "publish-report.txt").read_text(encoding="utf-8")
    assert f"{where} mojibake" in (dist / "report" / "index.html").read_text(encoding="utf-8")
    assert f"first at {where} (mojibake)" in text  # status names it too
    for lang in LANGUAGES:
        code, out, err = run(project, "validate", "-l", lang, "--format", "json")
        ready = all(v for (lg, _), v in expected.items() if lg == lang)
        assert code == (0 if ready else 1), (lang, err)
        assert json.loads(out)["languages"][0]["passed"] is ready

    # and what build wrote follows its report: pages only where published
    for story in STORIES:
        title = f"-{story[::-1]}-"  # the translated title's slug holds the story's name reversed
        for lang in ("sv", "it", "fr", "de"):
            pages = list((dist / "site" / lang).glob("*/index.html"))
            shown = any(title in p.parent.name for p in pages)
            assert shown is expected[(lang, f"news/{story}")], (lang, story)


def test_reasons_agree(project: Path, run: Run) -> None:
    """The reason text is the rule's too: status JSON, validate JSON and the publish report."""
    _configure(project, 100, False)
    status = json.loads(run(project, "status", "--format", "json")[1])
    validate = json.loads(run(project, "validate", "--format", "json")[1])
    reasons = {
        (ls["language"], domain): doc["reason"]
        for ls in status["languages"]
        for domain, doc in ls["documents"].items()
    }
    assert {(d["lang"], d["domain"]): d["reason"] for d in validate["documents"]} == reasons
    assert reasons[("de", "news/complete")] == "no catalogue yet (run 'mirage-i18n update')"
    assert reasons[("fr", "news/half")] == "no catalogue yet (run 'mirage-i18n update')"
    assert reasons[("sv", "news/fuzzy")].startswith("nothing reviewed yet (6 fuzzy")
    assert reasons[("sv", "news/half")] == (
        "50 % reviewed, threshold 100 % (2 fuzzy, 1 untranslated of 6)"
    )
    assert re.fullmatch(
        r"1 error finding in reviewed entries, first at "
        r"locales/sv/LC_MESSAGES/news/mistake\.po:\d+ \(mojibake\) \(see 'mirage-i18n validate'\)",
        reasons[("sv", "news/mistake")],
    )
