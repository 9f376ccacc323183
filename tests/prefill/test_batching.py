"""Batched engines (LibreTranslate, DeepL, Microsoft): limits, split failed batches, faults.

The fakes refuse any request over the real service's limits, so a request count here is
also proof that every request was of an accepted shape and size.
"""

from __future__ import annotations

import socket

import pytest

from mirage_i18n.config import engine_settings
from mirage_i18n.prefill.engine import Budget, Failure, FailureKind, Translation
from mirage_i18n.prefill.factory import create
from mirage_i18n.prefill.languages import engine_language
from tests.fakes.mt_servers import FakeDeepL, FakeLibreTranslate, FakeMicrosoft

KEYS = {"DEEPL_API_KEY": "k-123:fx", "MICROSOFT_API_KEY": "ms-key"}
BATCHED = [("libre", FakeLibreTranslate), ("deepl", FakeDeepL), ("microsoft", FakeMicrosoft)]


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make(name, url, budget=None, batch_size=None, **options):
    sleeps = Sleeps()
    raw = {"backoff": 0.01, "timeout": 2, "retries": 3, "url": url, **options}
    engine = create(name, engine_settings(name, raw), budget, sleeps, KEYS, batch_size)
    return engine, sleeps


def translated(engine, name, texts, out):
    target = engine_language(name, "sv", target=True)
    return [o.text if isinstance(o, Translation) else o for o in out] == [
        f"{target}: {t}" for t in texts
    ]


@pytest.mark.parametrize(
    "name,server_cls,count,per_request",
    [
        ("deepl", FakeDeepL, 120, [50, 50, 20]),
        ("microsoft", FakeMicrosoft, 2500, [1000, 1000, 500]),
        ("libre", FakeLibreTranslate, 120, [50, 50, 20]),
    ],
)
def test_texts_per_request_follow_the_service(name, server_cls, count, per_request):
    texts = [f"Short text {i}." for i in range(count)]
    with server_cls() as server:
        engine, _ = make(name, server.url, workers=1)
        assert engine.plan(texts) == len(per_request)
        out = engine.translate_batch(texts, "en", "sv")
        assert translated(engine, name, texts, out)
        assert [len(r.texts) for r in server.translate_requests] == per_request
        assert engine.stats.requests == len(per_request) == engine.stats.answered


def test_libre_characters_per_request_and_batch_size():
    texts = [f"{i:03d} " + "x" * 96 for i in range(40)]  # 100 characters each
    with FakeLibreTranslate(char_limit=2000) as server:
        engine, _ = make("libre", server.url, workers=1)
        engine.translate_batch(texts, "en", "sv")
        assert [len(r.texts) for r in server.translate_requests] == [20, 20]
    with FakeLibreTranslate() as server:
        engine, _ = make("libre", server.url, workers=1, batch_size=7)
        engine.translate_batch(texts[:10], "en", "sv")
        assert [len(r.texts) for r in server.translate_requests] == [7, 3]
    with FakeLibreTranslate() as server:  # your own server: more texts and characters
        engine, _ = make("libre", server.url, workers=1, batch_size=200, request_chars=10_000)
        engine.translate_batch(texts, "en", "sv")
        assert [len(r.texts) for r in server.translate_requests] == [40]


def test_batch_size_never_exceeds_the_service_maximum():
    texts = [f"Text {i}." for i in range(80)]
    with FakeDeepL() as server:
        engine, _ = make("deepl", server.url, workers=1, batch_size=80)
        out = engine.translate_batch(texts, "en", "sv")
        assert all(isinstance(o, Translation) for o in out)
        assert [len(r.texts) for r in server.translate_requests] == [50, 30]


def test_deepl_bodies_stay_under_128_kib():
    texts = [f"{i} " + "α" * 4990 for i in range(40)]  # ≈ 10 kB of UTF-8 each
    with FakeDeepL() as server:
        engine, _ = make("deepl", server.url, workers=1)
        out = engine.translate_batch(texts, "en", "sv")
        assert all(isinstance(o, Translation) for o in out)
        sizes = [len(r.raw) for r in server.translate_requests]
        assert all(size <= 128 * 1024 for size in sizes) and len(sizes) == engine.plan(texts)
        assert len(sizes) == -(-sum(len(t.encode()) for t in texts) // (127 * 1024))  # full


def test_microsoft_requests_stay_under_50000_characters():
    texts = [f"{i} " + "y" * 3996 for i in range(30)]  # 4,000 characters each
    with FakeMicrosoft() as server:
        engine, _ = make("microsoft", server.url, workers=1)
        out = engine.translate_batch(texts, "en", "sv")
        assert all(isinstance(o, Translation) for o in out)
        assert [len(r.texts) for r in server.translate_requests] == [12, 12, 6]


def test_a_long_text_is_split_and_its_pieces_share_requests():
    long = " ".join(f"Sentence {i} is here." for i in range(200))  # ≈ 4,200 characters
    texts = ["Before.", long, "After."]
    with FakeLibreTranslate(char_limit=2000) as server:
        engine, _ = make("libre", server.url, workers=1)
        out = engine.translate_batch(texts, "en", "sv")
        assert out[0] == Translation("sv: Before.", "libre")
        assert out[2] == Translation("sv: After.", "libre")
        assert out[1].text.replace("sv: ", "") == long
        assert all(sum(len(t) for t in r.texts) <= 2000 for r in server.translate_requests)


def test_a_server_limit_below_ours_is_met_by_splitting():
    texts = [f"Text number {i}." for i in range(40)]
    with FakeLibreTranslate(batch_limit=10) as server:  # LibreTranslate's --batch-limit 10
        engine, _ = make("libre", server.url, workers=1)
        out = engine.translate_batch(texts, "en", "sv")
        assert translated(engine, "libre", texts, out)
        refused = [r for r in server.requests if r.status == 400]
        # 40 refused, 20 + 20 refused, then 10 + 10 + 10 + 10 answered.
        assert len(refused) == 3 and len(server.requests) == 7
        assert [len(r.texts) for r in server.translate_requests] == [10, 10, 10, 10]


@pytest.mark.parametrize("name,server_cls", BATCHED)
def test_one_bad_text_costs_only_itself(name, server_cls):
    texts = [f"Good text {i}." for i in range(20)]
    texts[13] = "A poison text."
    with server_cls() as server:
        server.rule("poison", {"status": 500})
        engine, sleeps = make(name, server.url, workers=1, retries=1)
        out = engine.translate_batch(texts, "en", "sv")
        assert [i for i, o in enumerate(out) if isinstance(o, Failure)] == [13]
        assert out[13].kind is FailureKind.SERVER and "gave up after 2 attempts" in out[13].detail
        # 20 → 10 → 5 → 3 → 2 → 1 (+ one retry of it alone), plus the good halves.
        assert engine.stats.requests == 12 and server.texts.count("A poison text.") == 7
        assert engine.stats.answered + engine.stats.failed == engine.stats.requests
        assert engine.stats.retried == engine.stats.requests - 1
        assert sleeps == [0.01]


@pytest.mark.parametrize("name,server_cls", BATCHED)
def test_an_answer_of_the_wrong_shape_is_split(name, server_cls):
    texts = [f"Text {i}." for i in range(6)]
    with server_cls() as server:
        server.push({"drop_one": True})
        engine, _ = make(name, server.url, workers=1)
        out = engine.translate_batch(texts, "en", "sv")
        assert translated(engine, name, texts, out)
        assert [len(r.texts) for r in server.translate_requests] == [6, 3, 3]


@pytest.mark.parametrize("name,server_cls", BATCHED)
def test_429_with_retry_after_retries_the_whole_batch(name, server_cls):
    texts = [f"Text {i}." for i in range(6)]
    with server_cls() as server:
        server.push({"status": 429, "headers": {"Retry-After": "2"}}, {"status": 503})
        engine, sleeps = make(name, server.url, workers=1)
        out = engine.translate_batch(texts, "en", "sv")
        assert translated(engine, name, texts, out)
        assert [len(r.texts) for r in server.translate_requests] == [6, 6, 6]
        assert sleeps == [2.0, 0.02]
        stats = engine.stats
        assert (stats.requests, stats.answered, stats.failed, stats.retried) == (3, 1, 2, 2)


@pytest.mark.parametrize("name,server_cls", BATCHED)
def test_a_timeout_splits_the_batch(name, server_cls):
    texts = [f"Text {i}." for i in range(4)]
    with server_cls() as server:
        server.push({"delay": 1.0})
        engine, _ = make(name, server.url, workers=1, timeout=0.3)
        out = engine.translate_batch(texts, "en", "sv")
        assert translated(engine, name, texts, out)
        assert [len(r.texts) for r in server.translate_requests] == [4, 2, 2]


@pytest.mark.parametrize("name,server_cls", BATCHED)
def test_an_empty_translation_fails_only_its_text(name, server_cls):
    texts = ["Fine one.", "Say nothing here.", "Fine two."]
    with server_cls() as server:
        server.rule("nothing", {"empty": True})
        engine, _ = make(name, server.url, workers=1)
        out = engine.translate_batch(texts, "en", "sv")
        assert isinstance(out[0], Translation) and isinstance(out[2], Translation)
        assert out[1].kind is FailureKind.NOT_FOUND
        assert len(server.translate_requests) == 1


@pytest.mark.parametrize("name,server_cls", BATCHED)
def test_a_refused_key_stops_the_engine_after_one_request(name, server_cls):
    with server_cls(api_key="the-right-key") as server:
        engine, sleeps = make(name, server.url, workers=2, batch_size=2)
        out = engine.translate_batch([f"Text {i}." for i in range(10)], "en", "sv")
        kinds = {o.kind for o in out}
        assert kinds <= {FailureKind.AUTH, FailureKind.STOPPED} and FailureKind.AUTH in kinds
        assert engine.stopped.kind is FailureKind.AUTH
        assert len(server.requests) <= 2 and sleeps == []  # the workers' first requests
        assert "k-123" not in str(engine.stopped) and "ms-key" not in str(engine.stopped)


@pytest.mark.parametrize("name", ["libre", "deepl", "microsoft", "google", "mymemory"])
def test_a_dead_server_stops_the_engine_after_unreachable_after_attempts(name):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    engine, sleeps = make(name, url, workers=1, retries=10, batch_size=2)
    out = engine.translate_batch([f"Text {i}." for i in range(10)], "en", "sv")
    assert engine.stats.requests == 3 and engine.stats.failed == 3
    assert engine.stopped.kind is FailureKind.UNREACHABLE
    assert engine.stopped.detail == (
        f"{name} at {url}: unreachable after 3 attempts; nothing more sent"
    )
    assert {o.kind for o in out} == {FailureKind.STOPPED}
    assert sleeps == [0.01, 0.02]  # two waits between the three attempts, then no more


def test_connections_answered_in_between_reset_the_count():
    with FakeLibreTranslate() as server:
        server.push({"delay": 0.5}, {}, {"delay": 0.5}, {}, {"delay": 0.5})
        engine, _ = make("libre", server.url, workers=1, timeout=0.2, batch_size=1)
        out = engine.translate_batch(["One.", "Two.", "Three."], "en", "sv")
        assert all(isinstance(o, Translation) for o in out) and engine.stopped is None


def test_requests_refused_again_and_again_stop_the_engine():
    with FakeLibreTranslate() as server:
        server.rule("Text", {"status": 400})
        engine, _ = make("libre", server.url, workers=1)
        out = engine.translate_batch([f"Text {i}." for i in range(50)], "en", "sv")
        assert engine.stopped.kind is FailureKind.REJECTED
        assert "10 requests in a row refused" in engine.stopped.detail
        assert len(server.requests) == 10
        assert {o.kind for o in out} == {FailureKind.REJECTED, FailureKind.STOPPED}


def test_the_budget_counts_only_what_the_service_accepted():
    texts = ["Fine text one.", "A poison text.", "Fine text two."]
    with FakeLibreTranslate() as server:
        server.rule("poison", {"status": 500})
        budget = Budget(max_chars=1000)
        engine, _ = make("libre", server.url, workers=1, retries=0, budget=budget)
        out = engine.translate_batch(texts, "en", "sv")
        assert [isinstance(o, Translation) for o in out] == [True, False, True]
        assert budget.spent == len("Fine text one.") + len("Fine text two.")
        assert engine.stats.chars_accepted == budget.spent
        assert engine.stats.chars == sum(len(t) for t in server.texts) > budget.spent


def test_over_the_budget_nothing_is_sent_and_later_texts_that_fit_are():
    with FakeDeepL() as server:
        budget = Budget(max_chars=20)
        engine, _ = make("deepl", server.url, workers=1, budget=budget)
        out = engine.translate_batch(
            ["Short one.", "A much longer text here.", "Tiny."], "en", "sv"
        )
        assert [type(o) for o in out] == [Translation, Failure, Translation]
        assert out[1].kind is FailureKind.BUDGET
        assert server.texts == ["Short one.", "Tiny."]
