"""The review page as a file: self-contained, escaped, and fed by validate's own functions."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zipfile
from html import unescape
from pathlib import Path

from mirage_i18n.checks.coverage import source_runs
from mirage_i18n.checks.glossary import dnt_message, required_term_message
from mirage_i18n.checks.numbers import missing_number_message
from mirage_i18n.checks.spelled import spelled_pattern
from mirage_i18n.checks.text import same_as_source_message
from mirage_i18n.model import Message
from mirage_i18n.review.expect import (
    CHECK,
    COMMENT,
    LIVE_CHECKS,
    TEXT,
    entry_expectations,
    rules_data,
    source_expectations,
)
from mirage_i18n.review.jsregex import js_regex
from mirage_i18n.review.page import json_for_script, language_info, word_diff
from tests.checks.helpers import rules_for_test

from ..clirun import run_cli


def test_json_for_script_cannot_close_its_block_and_reads_back() -> None:
    data = {"t": "</script><!-- <script>&amp; \u2028\u2029 '\" \\"}
    text = json_for_script(data)
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == data


def test_word_diff_marks_the_changed_words() -> None:
    diff = word_diff("the dissemination activities.", "the communication activities!")
    assert diff == [
        ["=", "the "],
        ["-", "dissemination"],
        ["+", "communication"],
        ["=", " activities"],
        ["-", "."],
        ["+", "!"],
    ]
    assert "".join(t for op, t in diff if op != "+") == "the dissemination activities."
    assert "".join(t for op, t in diff if op != "-") == "the communication activities!"


def test_language_direction_and_name_come_from_cldr() -> None:
    assert language_info("ar")["dir"] == "rtl"
    assert language_info("he")["dir"] == "rtl"
    assert language_info("sv") == {"code": "sv", "name": "svenska", "dir": "ltr"}
    assert language_info("pt-BR")["name"].startswith("português")


def test_expectations_are_what_the_checks_read_from_the_english() -> None:
    rules = rules_for_test(
        "it",
        do_not_translate=("MIraGE", "AMIF"),
        terms={"training": "formazione", "TCNs": "TCN"},
        dnt_renderings={"AMIF": ("FAMI",)},
    )
    source = (
        "MIraGE **trained** 1,250 TCNs in 3 countries: see [results](https://ex.org/en/r), "
        "write to Info@Ex.org, {count} at %d. "
    )
    msg = Message(msgid=source, flags=("python-format",))
    exp = source_expectations(source, rules, msg)
    # [value, as written, the number whose words count (None: in digits only)]
    assert exp["numbers"] == [["1250", "1,250", None], ["3", "3", 3]]
    assert exp["links"] == ["https://ex.org/en/r"] and exp["strong"] == 1
    assert exp["emails"] == ["info@ex.org"]
    assert exp["printf"] is True and exp["placeholders"] == ["{count}", "%d"]
    assert exp["dnt"] == ["MIraGE"]
    assert exp["trail"] == " " and "lead" not in exp  # left out: the default, ""
    # "training" is not in this English ("trained" is not "training…"); TCNs is
    assert exp["terms"] == ["TCNs"]
    assert exp["same"] is True  # an identical translation is an error here
    # english-left's runs: chains whose every four words in a row are one run
    windows = {
        tuple(chain.split()[i : i + 4])
        for chain in exp["runs"]
        for i in range(len(chain.split()) - 3)
    }
    assert windows == source_runs(source, rules, None) and len(exp["runs"]) < len(windows)
    amif = source_expectations("AMIF and MIraGE", rules, Message(msgid="AMIF and MIraGE"))
    assert amif["dnt"] == ["MIraGE", "AMIF"]
    assert "same" not in amif  # one word besides the names: may stay as in English
    entry = entry_expectations(msg, rules)
    messages = rules_data(rules, LIVE_CHECKS, [entry])["messages"]
    # the script puts the entry's comment and the number as written into the template
    comment = entry["ignore"].replace(CHECK, "number")
    assert messages["number"].replace(COMMENT, comment).replace(
        TEXT, "1,250"
    ) == missing_number_message("1,250", "it", msg)
    assert messages["same-as-source"].replace(
        COMMENT, entry["ignore"].replace(CHECK, "same-as-source")
    ) == same_as_source_message(msg)


def test_rules_carry_the_patterns_of_what_the_entries_refer_to() -> None:
    rules = rules_for_test(
        "sv",
        do_not_translate=("TCN",),
        terms={"training": "utbildning"},
        dnt_renderings={"TCN": ("tredjelandsmedborgare",)},
    )
    entry = entry_expectations(Message(msgid="9 trainings in 2021"), rules)
    data = rules_data(rules, ["number"], [entry])
    assert data["checks"] == ["number"]
    assert set(data["spelled"]) == {"9"}  # 2021 is written in digits only
    assert data["spelled"]["9"] == js_regex(spelled_pattern("sv", 9))
    assert set(data["terms"]) == {"utbildning", "tredjelandsmedborgare"}
    assert data["dnt"] == {
        "TCN": [["tredjelandsmedborgare"], dnt_message("TCN", "sv", ("tredjelandsmedborgare",))]
    }
    assert data["required"] == {
        "training": ["utbildning", required_term_message("training", "utbildning", "sv")]
    }
    assert data["fold"]["ß"] == "ss" and data["fold"]["Σ"] == "σ" and data["fold"]["ς"] == "σ"
    assert "ndash" in data["entities"].split()


def test_plural_entries_have_one_expectation_per_source_and_suppressions_listed() -> None:
    msg = Message(
        msgid="%d article",
        msgid_plural="%d articles",
        msgstr_plural=("", ""),
        user_comments=("mirage-ignore: number @" + "0" * 6,),  # wrong hash: lapsed
    )
    exp = entry_expectations(msg, rules_for_test("sv"))
    assert len(exp["sources"]) == 2 and exp["quiet"] == [] and exp["approved"] is None


def prepared(project: Path) -> None:
    assert run_cli(project, "extract")[0] == 0
    assert run_cli(project, "update")[0] == 0


def test_review_command_writes_one_self_contained_page(
    sample_project: Path, tmp_path: Path
) -> None:
    prepared(sample_project)
    out = tmp_path / "sv.html"
    code, stdout, err = run_cli(sample_project, "review", "-l", "sv", "-o", str(out))
    assert code == 0, err
    assert str(out) in stdout
    html = out.read_text(encoding="utf-8")
    # nothing outside the file: no external script, style, font, image or frame
    assert not re.search(r"""<(script|link|img|iframe)[^>]*\s(src|href)=["'](?!data:)""", html)
    assert "@import" not in html and "url(" not in html.split("<style>")[1].split("</style>")[0]
    csp = unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    )
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    blocks = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    for block in (*blocks, style):  # each inline block is allowed by its hash, and only so
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    data = json.loads(
        re.search(
            r'<script type="application/json" id="review-data">(.*?)</script>', html, re.DOTALL
        ).group(1)
    )
    assert data["project"] == "MIraGE" and data["language"]["code"] == "sv"
    assert [d["domain"] for d in data["documents"]][0] == "shared"
    again = tmp_path / "again.html"
    assert run_cli(sample_project, "review", "-l", "sv", "-o", str(again))[0] == 0
    assert again.read_bytes() == out.read_bytes()  # same input, same bytes


def test_review_command_refuses_an_unknown_language(sample_project: Path) -> None:
    prepared(sample_project)
    code, _, err = run_cli(sample_project, "review", "-l", "xx")
    assert code == 2 and "'xx'" in err


def test_every_pack_holds_the_page_and_its_readme_points_there_first(
    sample_project: Path, tmp_path: Path
) -> None:
    prepared(sample_project)
    pack = tmp_path / "de.zip"
    assert run_cli(sample_project, "pack", "-l", "de", "-o", str(pack))[0] == 0
    with zipfile.ZipFile(pack) as zf:
        html = zf.read("review.html").decode()
        readme = zf.read("README-translators.txt").decode()
    assert '"code":"de"' in html
    assert readme.index("review.html") < readme.index("Poedit")
    assert "Save translations" in readme
