"""The prefill stage on real catalogues against fake engines on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirage_i18n.catalog.store import load_catalog
from mirage_i18n.errors import ConfigError, UsageError
from mirage_i18n.model import EntryState, Message
from mirage_i18n.prefill.run import is_locked, prefill
from tests.fakes.mt_servers import FakeDeepL, FakeLibreTranslate, FakeMicrosoft
from tests.fakes.project import DISCLAIMER, make_project, po_path
from tests.gnu import msgfmt_check

TODAY = "2026-11-29"


def libre_config(server, **extra) -> str:
    opts = "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in extra.items())
    return (
        f'[prefill]\nengine = "libre"\nbatch_size = 2\n'
        f'[engines.libre]\nurl = "{server.url}"\nbackoff = 0\nretries = 2\ntimeout = 2\n{opts}'
    )


def messages(root: Path, domain: str) -> dict[tuple[str | None, str], Message]:
    settings_root = root
    from mirage_i18n.config import load_settings

    return load_catalog(load_settings(settings_root), po_path(root, domain)).by_key()


def run(settings, **kw):
    kw.setdefault("today", TODAY)
    kw.setdefault("environ", {})
    kw.setdefault("sleep", lambda s: None)
    return prefill(settings, "sv", **kw)


def test_memory_fills_exact_and_fuzzy_with_comments(tmp_path):
    root = tmp_path / "p"
    settings = make_project(
        root,
        {
            "news/old": [
                Message(
                    "The partners met in Rome in October 2021.",
                    "Partnerna träffades i Rom i oktober 2021.",
                )
            ],
            "news/new": [
                Message("The partners met in Rome in October 2021."),
                Message("The partners met in Rome in November 2021."),
                Message("Something entirely different."),
            ],
        },
    )
    report = run(settings)
    assert (report.memory_exact, report.memory_fuzzy, report.machine) == (1, 1, 0)
    # What machine translation would otherwise have had to translate.
    assert report.memory_chars == len("The partners met in Rome in October 2021.") + len(
        "The partners met in Rome in November 2021."
    )
    got = messages(root, "news/new")
    exact = got[(None, "The partners met in Rome in October 2021.")]
    assert exact.msgstr == "Partnerna träffades i Rom i oktober 2021." and exact.fuzzy
    assert exact.user_comments == (f"mirage-tm: 100% from news/old {TODAY}",)
    fuzzy = got[(None, "The partners met in Rome in November 2021.")]
    assert fuzzy.fuzzy and fuzzy.user_comments[0].startswith("mirage-tm: 9")
    assert "from news/old" in fuzzy.user_comments[0]
    assert got[(None, "Something entirely different.")].state is EntryState.UNTRANSLATED
    msgfmt_check(po_path(root, "news/new"))


def test_machine_translation_masks_dedupes_and_never_touches_reviewed(tmp_path):
    root = tmp_path / "p"
    with FakeLibreTranslate() as server:
        settings = make_project(
            root,
            {
                "shared": [
                    Message(DISCLAIMER, context="disclaimer"),
                    Message("Read more", context="site.read_more"),
                ],
                "news/a": [
                    Message("MIraGE met in Rome.", "MIraGE möttes i Rom."),
                    Message(
                        "Visit [our site](https://mirageproject.eu) or write to info@mirageproject.eu."
                    ),
                    Message("Same sentence twice."),
                    Message("A changed sentence.", "En gammal mening.", flags=("fuzzy",)),
                ],
                "news/b": [Message("Same sentence twice."), Message("https://example.org/x")],
            },
            config=libre_config(server),
        )
        before_reviewed = messages(root, "news/a")[(None, "MIraGE met in Rome.")]
        report = run(settings)
        # One request per distinct text; the disclaimer never leaves the machine.
        assert sorted(server.texts) == sorted(
            ["Read more", "Visit [our site[X0X] or write to [X1X].", "Same sentence twice."]
        )
        assert report.machine == 4 and report.copied == 1 and report.locked == 1
        a = messages(root, "news/a")
        assert a[(None, "MIraGE met in Rome.")] == before_reviewed
        fuzzy_before = a[(None, "A changed sentence.")]
        assert fuzzy_before.msgstr == "En gammal mening." and fuzzy_before.user_comments == ()
        link = a[
            (None, "Visit [our site](https://mirageproject.eu) or write to info@mirageproject.eu.")
        ]
        assert (
            link.msgstr
            == "sv: Visit [our site](https://mirageproject.eu) or write to info@mirageproject.eu."
        )
        assert link.fuzzy and link.user_comments == (f"mirage-mt: libre {TODAY}",)
        shared = messages(root, "shared")
        assert shared[("disclaimer", DISCLAIMER)].msgstr == ""
        assert shared[("site.read_more", "Read more")].msgstr == "sv: Read more"
        b = messages(root, "news/b")
        assert b[(None, "Same sentence twice.")].msgstr == "sv: Same sentence twice."
        assert b[(None, "https://example.org/x")].user_comments == (f"mirage-mt: copy {TODAY}",)
        for domain in ("shared", "news/a", "news/b"):
            msgfmt_check(po_path(root, domain))


def test_glossary_terms_are_masked_and_restored(tmp_path):
    root = tmp_path / "p"

    def translate(text, source, target):  # an engine that would "translate" everything
        return text.replace("funded", "finansierat").replace("by", "av")

    with FakeLibreTranslate(translate=translate) as server:
        settings = make_project(
            root,
            {"news/a": [Message("MIraGE is funded by AMIF for TCN `code`.")]},
            config=libre_config(server),
        )
        run(settings)
        assert server.texts == ["[X0X] is funded by [X1X] for [X2X] [X3X]."]
        got = messages(root, "news/a")[(None, "MIraGE is funded by AMIF for TCN `code`.")]
        assert got.msgstr == "MIraGE is finansierat av AMIF for TCN `code`."


def test_mangled_mask_leaves_entry_untranslated_and_reported(tmp_path):
    root = tmp_path / "p"
    with FakeLibreTranslate() as server:
        server.rule("drop", {"mangle": "drop"})
        server.rule("space", {"mangle": "space"})
        settings = make_project(
            root,
            {
                "news/a": [
                    Message("Please drop https://x.org here."),
                    Message("Please space {name} here."),
                    Message("Fine text."),
                ]
            },
            config=libre_config(server),
        )
        report = run(settings)
        got = messages(root, "news/a")
        assert got[(None, "Please drop https://x.org here.")].state is EntryState.UNTRANSLATED
        assert got[(None, "Please space {name} here.")].state is EntryState.UNTRANSLATED
        assert got[(None, "Fine text.")].msgstr == "sv: Fine text."
        reasons = sorted(f.reason for f in report.not_filled)
        assert len(reasons) == 2 and all("protected token" in r for r in reasons)
        assert all(f.line for f in report.not_filled)


def test_damaged_answer_is_not_kept_and_the_next_run_asks_again(tmp_path):
    root = tmp_path / "p"
    with FakeLibreTranslate() as server:
        server.rule("drop", {"mangle": "drop"})
        settings = make_project(
            root,
            {"news/a": [Message("Please drop https://x.org here."), Message("Fine text.")]},
            config=libre_config(server),
        )
        first = run(settings)  # both texts in one request (batch_size = 2)
        assert first.machine == 1 and len(first.not_filled) == 1 and first.requests == 1
        server.clear_rules()  # the engine answers properly now
        second = run(settings)
        assert second.requests == 1 and second.machine == 1 and not second.not_filled
        got = messages(root, "news/a")
        assert (
            got[(None, "Please drop https://x.org here.")].msgstr
            == "sv: Please drop https://x.org here."
        )
        third = run(settings)  # nothing left to fill, and the good answers stay cached
        assert third.requests == 0 and third.machine == 0
        assert server.texts.count("Fine text.") == 1 and len(server.texts) == 3


def test_second_run_sends_zero_requests(tmp_path):
    root = tmp_path / "p"
    with FakeLibreTranslate() as server:
        settings = make_project(
            root,
            {"news/a": [Message(f"Sentence {i}.") for i in range(5)]},
            config=libre_config(server),
        )
        path = po_path(root, "news/a")
        untranslated = path.read_bytes()
        first = run(settings)
        assert first.requests == 3 and first.machine == 5  # batch_size = 2: 2 + 2 + 1
        prefilled = path.read_bytes()
        path.write_bytes(untranslated)  # e.g. a translator threw the prefill away
        second = run(settings)
        assert second.requests == 0 and second.from_cache == 5 and len(server.requests) == 3
        assert path.read_bytes() == prefilled


def test_refresh_mt_redoes_only_machine_entries(tmp_path):
    root = tmp_path / "p"
    with FakeLibreTranslate() as server:
        settings = make_project(
            root,
            {
                "news/a": [
                    Message(
                        "Old machine.",
                        "gammal",
                        flags=("fuzzy",),
                        user_comments=("mirage-mt: google 2025-01-01",),
                    ),
                    Message("Human fuzzy.", "mänsklig", flags=("fuzzy",)),
                ]
            },
            config=libre_config(server),
        )
        assert run(settings).machine == 0
        report = run(settings, refresh_mt=True)
        assert report.machine == 1 and server.texts == ["Old machine."]
        got = messages(root, "news/a")
        assert got[(None, "Old machine.")].msgstr == "sv: Old machine."
        assert got[(None, "Old machine.")].user_comments == (f"mirage-mt: libre {TODAY}",)
        assert got[(None, "Human fuzzy.")].msgstr == "mänsklig"


def test_dry_run_sends_and_writes_nothing(tmp_path):
    root = tmp_path / "p"
    with FakeLibreTranslate() as server:
        settings = make_project(
            root,
            {"news/a": [Message("One two."), Message("Three.")], "news/b": [Message("One two.")]},
            config=libre_config(server),
        )
        before = po_path(root, "news/a").read_bytes()
        report = run(settings, dry_run=True, max_chars=8)
        assert server.requests == [] and po_path(root, "news/a").read_bytes() == before
        assert not (root / ".mirage-cache").exists()
        assert (report.planned_texts, report.planned_entries, report.planned_chars) == (2, 3, 14)
        assert (report.within_budget_texts, report.within_budget_chars) == (1, 8)
        assert report.planned_requests == 1
        assert run(settings, dry_run=True).planned_requests == 1  # both in one (batch_size = 2)


def test_budget_stops_sending_and_next_run_continues(tmp_path):
    root = tmp_path / "p"
    with FakeLibreTranslate() as server:
        texts = [f"Sentence number {i}." for i in range(6)]  # 19 characters each
        settings = make_project(
            root, {"news/a": [Message(t) for t in texts]}, config=libre_config(server, workers=1)
        )
        report = run(settings, max_chars=40)
        assert report.machine == 2 and report.budget_skipped == 4
        assert sum(len(t) for t in server.texts) <= 40
        report = run(settings)
        assert report.machine == 4 and len(server.texts) == 6 == len(set(server.texts))


def test_configured_locks(tmp_path):
    assert is_locked("shared", "disclaimer")
    assert not is_locked("shared", "contact")
    assert is_locked("shared", "contact", ("shared:contact",))
    assert is_locked("news/2021-x", None, ("news/2021-*",))
    root = tmp_path / "p"
    with FakeLibreTranslate() as server:
        settings = make_project(
            root,
            {"news/a": [Message("Hello.", context="legal"), Message("Bye.")]},
            config=libre_config(server).replace(
                "batch_size = 2\n", 'batch_size = 2\nlocked = ["news/*:legal"]\n'
            ),
        )
        report = run(settings)
        assert server.texts == ["Bye."] and report.locked == 1


def test_auth_failure_stops_and_reports(tmp_path):
    root = tmp_path / "p"
    with FakeLibreTranslate(api_key="right") as server:
        settings = make_project(
            root,
            {"news/a": [Message(f"S{i}.") for i in range(5)]},
            config=libre_config(server, workers=1),
        )
        report = run(settings, environ={"LIBRETRANSLATE_API_KEY": "wrong"})
        assert report.stopped and "authentication" in report.stopped
        assert report.stopped.startswith(f"libre at {server.url}: ")
        assert len(server.requests) == 1 and report.machine == 0
        # One line says why; the entries are counted, not listed one by one.
        assert report.left_by_stop == 5 and report.not_filled == []
        assert "wrong" not in report.stopped


def test_broken_catalogue_stops_before_any_write(tmp_path):
    root = tmp_path / "p"
    settings = make_project(root, {"news/a": [Message("A.")], "news/b": [Message("B.", "B.")]})
    po_path(root, "news/c").write_text('msgid "x"\nmsgstr\n', encoding="utf-8")
    before = po_path(root, "news/a").read_bytes()
    with pytest.raises(Exception) as err:
        run(settings)
    assert "news/c.po" in str(err.value)
    assert po_path(root, "news/a").read_bytes() == before


def test_bad_configuration(tmp_path):
    # checked when the configuration is loaded, before any stage runs
    with pytest.raises(ConfigError, match="babelfish"):
        make_project(tmp_path / "p", {}, config='[prefill]\nengine = "babelfish"\n')
    with pytest.raises(ConfigError, match="min_similarity"):
        make_project(tmp_path / "q", {}, config="[prefill]\nmin_similarity = 120\n")
    settings = make_project(tmp_path / "r", {})
    with pytest.raises(UsageError):
        prefill(settings, "xx")
    for config, key in [
        ("[prefill]\nsave_interval = -1\n", "save_interval"),
        ("[prefill]\nbatch_size = 0\n", "batch_size"),
        ('[prefill]\nengine = "libre"\n[engines.libre]\nrequest_chars = 5\n', "request_chars"),
        (
            '[prefill]\nengine = "libre"\n[engines.libre]\nunreachable_after = 0\n',
            "unreachable_after",
        ),
        ('[prefill]\nengine = "libre"\n[engines.libre]\nconnect_timeout = 0\n', "connect_timeout"),
    ]:
        with pytest.raises(ConfigError, match=key):  # at load, with the key's line
            make_project(tmp_path / key, {}, config=config)


def test_html_entities_in_an_answer_are_not_written(tmp_path):
    # MyMemory and Google's Cloud API answer "l&#39;ultima", "R&amp;D": the reviewer must not
    # have to undo entities the English never had.
    root = tmp_path / "p"

    def translate(text, source, target):
        return "Partnernas &quot;sista&quot; möte om FoU &amp; l&#39;ultima"

    with FakeLibreTranslate(translate=translate) as server:
        settings = make_project(
            root,
            {"news/a": [Message('The partners\' "last" R&D meeting.')]},
            config=libre_config(server),
        )
        run(settings)
        got = messages(root, "news/a")[(None, 'The partners\' "last" R&D meeting.')]
        assert got.msgstr == 'Partnernas "sista" möte om FoU & l\'ultima'


@pytest.mark.parametrize(
    "engine,server_cls,env",
    [
        ("deepl", FakeDeepL, {"DEEPL_API_KEY": "k"}),
        ("microsoft", FakeMicrosoft, {"MICROSOFT_API_KEY": "k"}),
    ],
)
def test_broken_tokens_in_a_batch_cost_only_their_entries(tmp_path, engine, server_cls, env):
    root = tmp_path / "p"
    with server_cls() as server:
        server.rule("drop", {"mangle": "drop"})
        server.rule("space", {"mangle": "space"})
        texts = ["Please drop https://x.org here.", "Please space {name} here.", "Fine text."]
        settings = make_project(
            root,
            {"news/a": [Message(t) for t in texts]},
            config=f'[prefill]\nengine = "{engine}"\n[engines.{engine}]\nurl = "{server.url}"\n',
        )
        report = run(settings, environ=env)
        assert len(server.translate_requests) == 1  # all three in one request
        got = messages(root, "news/a")
        assert got[(None, texts[0])].state is EntryState.UNTRANSLATED
        assert got[(None, texts[1])].state is EntryState.UNTRANSLATED
        assert got[(None, texts[2])].msgstr.endswith(": Fine text.")
        assert sorted(f.msgid for f in report.not_filled) == sorted(texts[:2])
        assert all("protected token" in f.reason for f in report.not_filled)
        second = run(settings, environ=env)  # broken answers were not kept: asked again
        assert sorted(server.texts[3:]) == sorted(
            ["Please drop [X0X] here.", "Please space [X0X] here."]
        )
        assert second.requests == 1
