"""Required target terms (glossary.toml ``[terms.<lang>]``) in machine translation.

DeepL gets them as a glossary; other engines get the English term masked and the target
term put back, flagged for review. Either way the validator's ``glossary-term`` check, run
for real, finds nothing to report on a prefilled entry.
"""

from __future__ import annotations

from pathlib import Path

from mirage_i18n import pipeline
from mirage_i18n.catalog.store import load_catalog
from mirage_i18n.config import load_settings
from mirage_i18n.model import Message
from mirage_i18n.prefill.run import prefill
from tests.fakes.mt_servers import FakeDeepL, FakeLibreTranslate
from tests.fakes.project import make_project, po_path

TODAY = "2026-11-29"
GLOSSARY = (
    'do_not_translate = ["MIraGE", "AMIF", "TCN"]\n'
    "[terms.sv]\n"
    '"third-country nationals" = "tredjelandsmedborgare"\n'
    '"employer" = "arbetsgivare"\n'
)
SOURCE = "Third-country nationals met employers in Rome."
REVIEWED = "Employers want the third-country nationals to stay."


def project(root: Path, engine: str, server, glossary: str = GLOSSARY):
    make_project(
        root,
        {
            "news/a": [
                Message(SOURCE),
                # A translator's text without the terms: the check must report this one.
                Message(REVIEWED, "Företagen vill att de utländska ska stanna."),
            ]
        },
        config=(
            f'[prefill]\nengine = "{engine}"\n'
            f'[engines.{engine}]\nurl = "{server.url}"\nbackoff = 0\ntimeout = 5\n'
        ),
    )
    (root / "glossary.toml").write_text(glossary, encoding="utf-8")
    return load_settings(root)


def entry(root: Path, msgid: str) -> Message:
    return load_catalog(load_settings(root), po_path(root, "news/a")).by_key()[(None, msgid)]


def term_findings(settings) -> dict[str, list[str]]:
    report = pipeline.validate(settings, ["sv"], select=["glossary-term"])
    found: dict[str, list[str]] = {}
    catalog = load_catalog(settings, po_path(settings.root, "news/a"))
    by_line = {m.lineno: m.msgid for m in catalog.messages}
    for finding in report.findings:
        found.setdefault(by_line.get(finding.line, "?"), []).append(finding.message)
    return found


def test_engines_without_glossaries_get_the_terms_put_in_and_flagged(tmp_path):
    with FakeLibreTranslate() as server:
        settings = project(tmp_path / "p", "libre", server)
        report = prefill(settings, "sv", environ={}, today=TODAY)
        assert server.texts == ["[X0X] met [X1X] in Rome."]
        got = entry(settings.root, SOURCE)
        assert got.msgstr == "sv: Tredjelandsmedborgare met arbetsgivare in Rome."
        assert got.fuzzy and got.user_comments == (
            f"mirage-mt: libre {TODAY} (glossary terms inserted as is, check their form: "
            "Tredjelandsmedborgare, arbetsgivare)",
        )
        assert report.terms_inserted == 1
        findings = term_findings(settings)
        assert SOURCE not in findings
        assert len(findings[REVIEWED]) == 2  # the check does report what lacks the terms


def test_without_the_terms_the_check_would_report_the_machine_text(tmp_path):
    # The control for the test above: the same run with an empty [terms.sv] and the terms
    # added afterwards — the machine text lacks them and the check says so.
    with FakeLibreTranslate() as server:
        settings = project(tmp_path / "p", "libre", server, glossary="[terms.sv]\n")
        prefill(settings, "sv", environ={}, today=TODAY)
        (settings.root / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
        assert len(term_findings(load_settings(settings.root))[SOURCE]) == 2


def test_deepl_gets_one_glossary_per_language_pair_and_content(tmp_path):
    env = {"DEEPL_API_KEY": "k-1:fx"}
    with FakeDeepL(api_key="k-1:fx") as server:
        settings = project(tmp_path / "p", "deepl", server)
        report = prefill(settings, "sv", environ=env, today=TODAY)
        assert len(server.glossaries) == 1
        (info,) = server.glossaries.values()
        assert (info["source_lang"], info["target_lang"], info["entry_count"]) == ("en", "sv", 2)
        assert server.entries[info["glossary_id"]] == {
            "employer": "arbetsgivare",
            "third-country nationals": "tredjelandsmedborgare",
        }
        (request,) = server.translate_requests
        assert request.body["glossary_id"] == info["glossary_id"]
        assert request.body["source_lang"] == "EN" and request.texts == [SOURCE]
        got = entry(settings.root, SOURCE)
        assert got.msgstr == "SV: tredjelandsmedborgare met arbetsgivare in Rome."
        assert got.user_comments == (f"mirage-mt: deepl {TODAY}",)  # DeepL applied them
        assert report.terms_inserted == 0
        assert SOURCE not in term_findings(settings)

        # A new entry, the same terms: the glossary is found by name, not created again.
        po = po_path(settings.root, "news/a")
        po.write_text(
            po.read_text(encoding="utf-8") + '\nmsgid "An employer spoke."\nmsgstr ""\n',
            encoding="utf-8",
        )
        prefill(settings, "sv", environ=env, today=TODAY)
        assert len(server.glossaries) == 1
        assert [r.texts for r in server.translate_requests][-1] == ["An employer spoke."]
        posts = [r for r in server.requests if r.path == "/v2/glossaries" and r.method == "POST"]
        assert len(posts) == 1

        # Other terms: another glossary.
        (settings.root / "glossary.toml").write_text(
            GLOSSARY + '"partner" = "partner"\n', encoding="utf-8"
        )
        po.write_text(
            po.read_text(encoding="utf-8") + '\nmsgid "A partner spoke."\nmsgstr ""\n',
            encoding="utf-8",
        )
        prefill(load_settings(settings.root), "sv", environ=env, today=TODAY)
        assert len(server.glossaries) == 2


def test_deepl_without_a_glossary_for_the_pair_masks_the_terms(tmp_path):
    with FakeDeepL(glossary_pairs={("en", "de")}) as server:
        settings = project(tmp_path / "p", "deepl", server)
        report = prefill(settings, "sv", environ={"DEEPL_API_KEY": "k"}, today=TODAY)
        assert server.glossaries == {} and server.texts == ["[X0X] met [X1X] in Rome."]
        got = entry(settings.root, SOURCE)
        assert got.msgstr == "SV: Tredjelandsmedborgare met arbetsgivare in Rome."
        assert report.terms_inserted == 1 and SOURCE not in term_findings(settings)


def test_deepl_answer_without_a_required_term_is_flagged(tmp_path):
    def translate(text, source, target):
        return "Några personer träffades i Rom."  # ignores the glossary

    with FakeDeepL(translate=translate) as server:
        settings = project(tmp_path / "p", "deepl", server)
        prefill(settings, "sv", environ={"DEEPL_API_KEY": "k"}, today=TODAY)
        got = entry(settings.root, SOURCE)
        assert got.user_comments == (
            f"mirage-mt: deepl {TODAY} (glossary terms missing: tredjelandsmedborgare, "
            "arbetsgivare)",
        )
