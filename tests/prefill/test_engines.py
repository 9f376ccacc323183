"""Each engine against a fake of its service on 127.0.0.1: requests, retries, failures, keys."""

from __future__ import annotations

import logging
import threading

import pytest
from deep_translator import DeeplTranslator
from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES
from deep_translator.exceptions import AuthorizationException

from mirage_i18n.config import engine_settings
from mirage_i18n.errors import ConfigError
from mirage_i18n.prefill.engine import Budget, Failure, FailureKind, Translation
from mirage_i18n.prefill.factory import create
from mirage_i18n.prefill.languages import LANGUAGE_CODES, engine_language
from mirage_i18n.prefill.splitting import split_text
from tests.fakes.mt_servers import (
    FakeDeepL,
    FakeGoogle,
    FakeLibreTranslate,
    FakeMicrosoft,
    FakeMyMemory,
)

FAST = {"backoff": 0.01, "timeout": 2, "retries": 3}


class Sleeps(list):
    """Records the waits the engine asks for instead of sleeping them."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make(name, server, env=None, budget=None, **options):
    sleeps = Sleeps()
    raw = {**FAST, "url": server.url, **options}
    engine = create(
        name, engine_settings(name, raw), budget=budget, sleep=sleeps, environ=env or {}
    )
    return engine, sleeps


@pytest.mark.parametrize(
    "name,server_cls,env",
    [
        ("libre", FakeLibreTranslate, {}),
        ("deepl", FakeDeepL, {"DEEPL_API_KEY": "k-123:fx"}),
        ("google", FakeGoogle, {}),
        ("mymemory", FakeMyMemory, {}),
        ("microsoft", FakeMicrosoft, {"MICROSOFT_API_KEY": "ms-key"}),
    ],
)
def test_each_engine_translates(name, server_cls, env):
    with server_cls() as server:
        engine, _ = make(name, server, env)
        texts = ["Hello world.", "  Partners met in Rome.\n", "MIraGE [X0X] news"]
        out = engine.translate_batch(texts, "en", "sv")
        expected_target = engine_language(name, "sv", target=True)
        assert [o.text for o in out] == [
            f"{expected_target}: Hello world.",
            f"  {expected_target}: Partners met in Rome.\n",  # whitespace kept around the text
            f"{expected_target}: MIraGE [X0X] news",
        ]
        assert sorted(server.texts) == sorted(t.strip() for t in texts)
        # Services that take a list get one request; Google and MyMemory one per text.
        assert engine.stats.requests == (3 if name in ("google", "mymemory") else 1)


def test_mymemory_gets_locale_codes():
    with FakeMyMemory() as server:
        engine, _ = make("mymemory", server)
        engine.translate_batch(["Hello"], "en", "sv")
        assert server.requests[0].query["langpair"] == "en-GB|sv-SE"


def test_language_table_covers_eu_plus_ar_fa_uk():
    eu = [
        "bg",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "es",
        "et",
        "fi",
        "fr",
        "ga",
        "hr",
        "hu",
        "it",
        "lt",
        "lv",
        "mt",
        "nl",
        "pl",
        "pt",
        "ro",
        "sk",
        "sl",
        "sv",
        "ar",
        "fa",
        "uk",
    ]
    mymemory_codes = set(MY_MEMORY_LANGUAGES_TO_CODES.values())
    for code in eu:
        for engine in ("libre", "google", "microsoft", "mymemory"):
            assert engine_language(engine, code, target=True), (engine, code)
        assert engine_language("mymemory", code, target=True) in mymemory_codes
    assert engine_language("deepl", "en", target=True) == "EN-GB"
    assert engine_language("deepl", "en", target=False) == "EN"
    assert engine_language("deepl", "fa", target=True) is None
    assert set(LANGUAGE_CODES) == {"libre", "google", "microsoft", "mymemory", "deepl"}


def test_unsupported_language_is_a_failure_not_a_request():
    with FakeDeepL() as server:
        engine, _ = make("deepl", server, {"DEEPL_API_KEY": "k"})
        out = engine.translate_batch(["Hello"], "en", "fa")
        assert out[0].kind is FailureKind.LANGUAGE
        assert server.requests == []


def test_deepl_fix_posts_with_header_and_no_key_in_url():
    with FakeDeepL(api_key="secret-key:fx") as server:
        # deep-translator 1.11.4 as shipped: GET with auth_key; current DeepL refuses it.
        stock = DeeplTranslator(source="en", target="de", api_key="secret-key:fx")
        stock._base_url = server.url
        with pytest.raises(AuthorizationException) as refused:
            stock.translate("Hello")
        assert "secret-key" in str(refused.value)  # 1.11.4 puts the key in its message
        assert server.requests[-1].status == 403
        engine, _ = make("deepl", server, {"DEEPL_API_KEY": "secret-key:fx"})
        out = engine.translate_batch(["Hello"], "en", "de")
        assert out == [Translation("DE: Hello", "deepl")]
        last = server.requests[-1]
        assert (
            last.method == "POST"
            and last.headers["Authorization"] == "DeepL-Auth-Key secret-key:fx"
        )
        assert "secret-key" not in last.path + str(last.query) + str(last.body)


def test_deepl_key_chooses_free_or_pro_endpoint():
    free = create("deepl", engine_settings("deepl", {}), environ={"DEEPL_API_KEY": "abc:fx"})
    pro = create("deepl", engine_settings("deepl", {}), environ={"DEEPL_API_KEY": "abc"})
    assert free.url.startswith("https://api-free.deepl.com/") and pro.url.startswith(
        "https://api.deepl.com/"
    )


def test_retries_429_honouring_retry_after_then_succeeds():
    with FakeLibreTranslate() as server:
        server.push({"status": 429, "headers": {"Retry-After": "3"}}, {"status": 503})
        engine, sleeps = make("libre", server, max_wait=10)
        out = engine.translate_batch(["Hello"], "en", "fr")
        assert out == [Translation("fr: Hello", "libre")]
        assert sleeps == [3.0, 0.02]  # Retry-After first, then exponential backoff (2nd try)
        assert engine.stats.requests == 3


def test_retry_after_as_http_date():
    import email.utils
    import time

    with FakeLibreTranslate() as server:
        when = email.utils.formatdate(time.time() + 30, usegmt=True)
        server.push({"status": 503, "headers": {"Retry-After": when}})
        engine, sleeps = make("libre", server, max_wait=60)
        assert engine.translate_batch(["Hello"], "en", "fr") == [Translation("fr: Hello", "libre")]
        assert len(sleeps) == 1 and 20 < sleeps[0] <= 31


def test_gives_up_after_retries_and_keeps_going_with_other_texts():
    with FakeLibreTranslate() as server:
        server.rule("broken", {"status": 500})
        engine, sleeps = make("libre", server, retries=2, workers=1)
        out = engine.translate_batch(["broken text", "fine text"], "en", "fr")
        assert out[0].kind is FailureKind.SERVER and "gave up after 3 attempts" in out[0].detail
        assert out[1] == Translation("fr: fine text", "libre")
        # Both in one request, which failed and was split; the broken text alone, 3 times.
        assert server.translate_requests[0].texts == ["broken text", "fine text"]
        assert server.texts.count("broken text") == 1 + 3
        assert sleeps == [0.01, 0.02]


def test_retry_after_longer_than_max_wait_gives_up_cleanly():
    with FakeLibreTranslate() as server:
        server.push({"status": 429, "headers": {"Retry-After": "3600"}})
        engine, sleeps = make("libre", server, max_wait=60)
        out = engine.translate_batch(["Hello"], "en", "fr")
        assert out[0].kind is FailureKind.RATE_LIMITED and sleeps == []


def test_timeout_is_retried():
    with FakeLibreTranslate() as server:
        server.push({"delay": 1.0})
        engine, sleeps = make("libre", server, timeout=0.2)
        out = engine.translate_batch(["Hello"], "en", "fr")
        assert out == [Translation("fr: Hello", "libre")]
        assert len(sleeps) == 1 and engine.stats.requests == 2


def test_timeouts_until_give_up():
    with FakeMicrosoft() as server:  # Microsoft's code logs and then crashes on None
        server.rule("Hello", {"delay": 0.6})
        engine, _ = make("microsoft", server, {"MICROSOFT_API_KEY": "k"}, timeout=0.1, retries=1)
        out = engine.translate_batch(["Hello"], "en", "fr")
        assert out[0].kind is FailureKind.TIMEOUT


def test_malformed_json_is_retried_then_fails():
    with FakeLibreTranslate() as server:
        server.rule("Hello", {"malformed": True})
        engine, _ = make("libre", server, retries=1)
        out = engine.translate_batch(["Hello"], "en", "fr")
        assert out[0].kind is FailureKind.MALFORMED
        assert len(server.texts) == 2


def test_auth_failure_stops_engine_and_never_shows_the_key(caplog):
    key = "very-secret-key"
    with FakeLibreTranslate(api_key="other") as server:
        engine, sleeps = make("libre", server, {"LIBRETRANSLATE_API_KEY": key}, workers=1)
        with caplog.at_level(logging.DEBUG):
            out = engine.translate_batch(["one", "two", "three"], "en", "fr")
        assert [o.kind for o in out] == [FailureKind.AUTH] * 3  # all three in that request
        assert engine.stopped.kind is FailureKind.AUTH
        assert len(server.requests) == 1 and sleeps == []
        shown = " ".join(str(o) for o in out) + str(engine.stopped) + caplog.text
        assert key not in shown + repr(engine.options)


def test_connection_refused_is_a_network_failure_without_the_key():
    key = "secret-in-query"
    engine = create(
        "libre",
        engine_settings("libre", {"url": "http://127.0.0.1:9/", "retries": 1, "backoff": 0}),
        sleep=lambda s: None,
        environ={"LIBRETRANSLATE_API_KEY": key},
    )
    out = engine.translate_batch(["Hello"], "en", "fr")
    assert out[0].kind is FailureKind.NETWORK
    assert key not in str(out[0])


def test_mymemory_quota_warning_is_not_a_translation():
    with FakeMyMemory() as server:
        warning = (
            "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. "
            "NEXT AVAILABLE IN  10 HOURS 02 MINUTES 57 SECONDS"
        )
        server.push({"text": warning})
        engine, _ = make("mymemory", server, workers=1)
        out = engine.translate_batch(["Hello", "World"], "en", "sv")
        assert out[0].kind is FailureKind.QUOTA
        assert out[1].kind is FailureKind.STOPPED and len(server.requests) == 1


def test_mymemory_other_warnings_fail_only_that_text():
    with FakeMyMemory() as server:
        server.push({"text": "QUERY LENGTH LIMIT EXCEEDED. MAX ALLOWED QUERY : 500 CHARS"})
        engine, _ = make("mymemory", server, workers=1)
        out = engine.translate_batch(["Hello", "World"], "en", "sv")
        assert out[0].kind is FailureKind.SERVICE_WARNING
        assert out[1] == Translation("sv-SE: World", "mymemory")


def test_google_429_and_unexpected_page():
    with FakeGoogle() as server:
        server.push({"status": 429})
        engine, sleeps = make("google", server)
        assert engine.translate_batch(["Hello"], "en", "de")[0] == Translation(
            "de: Hello", "google"
        )
        assert len(sleeps) == 1


def test_one_translator_per_thread_keeps_answers_with_their_texts():
    # Google keeps the query in the instance: shared across threads, answers get swapped.
    def slow_translate(text, source, target):
        return f"{target}: {text}"

    with FakeGoogle(translate=slow_translate, delay=0.02) as server:
        engine, _ = make("google", server, workers=8)
        texts = [f"Sentence number {i}." for i in range(40)]
        out = engine.translate_batch(texts, "en", "it")
        assert [o.text for o in out] == [f"it: {t}" for t in texts]
        assert sorted(server.texts) == sorted(texts)


def test_long_text_is_split_at_sentences_and_joined():
    text = " ".join(f"Sentence {i} is here." for i in range(60))  # ~1300 characters
    with FakeMyMemory() as server:
        engine, _ = make("mymemory", server)
        out = engine.translate_batch([text], "en", "it")
        assert all(len(t) <= 480 for t in server.texts) and len(server.texts) >= 3
        assert all(t.endswith(".") for t in server.texts)  # cut at sentence ends
        assert out[0].text.replace("it-IT: ", "") == text


def test_split_text_round_trips_and_respects_limit():
    text = "One. Two three four five six seven.\n\nEight [X0X] nine! " + "x" * 45
    for limit in (10, 16, 25, 200):
        pieces = split_text(text, limit)
        assert "".join(c + s for c, s in pieces) == text
        assert all(len(c) <= limit for c, _ in pieces)
        assert not any(c.count("[X") != c.count("X]") for c, _ in pieces)


def test_budget_caps_characters_sent():
    with FakeLibreTranslate() as server:
        budget = Budget(max_chars=12)
        engine, _ = make("libre", server, budget=budget, workers=1)
        out = engine.translate_batch(["Hello", "World!", "Too much"], "en", "fr")
        assert [type(o) for o in out] == [Translation, Translation, Failure]
        assert out[2].kind is FailureKind.BUDGET
        assert sum(len(t) for t in server.texts) <= 12


def test_api_key_in_configuration_is_refused():
    with pytest.raises(ConfigError, match="environment"):
        engine_settings("deepl", {"api_key": "x"})
    with pytest.raises(ConfigError, match="DEEPL_API_KEY"):
        create("deepl", engine_settings("deepl", {}), environ={})
    with pytest.raises(ConfigError, match="MY_KEY"):
        conf = engine_settings("microsoft", {"api_key_env": "MY_KEY"})
        create("microsoft", conf, environ={"MICROSOFT_API_KEY": "k"})


def test_per_thread_instances_differ():
    with FakeGoogle() as server:
        engine, _ = make("google", server)
        seen = []

        def grab():
            # The objects themselves are kept: an id() of a thread's
            # translator can be reused once that thread has ended.
            seen.append(engine.service.translator("en", "fr"))

        threads = [threading.Thread(target=grab) for _ in range(3)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        assert len({id(t) for t in seen}) == 3
