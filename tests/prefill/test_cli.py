"""``mirage-i18n prefill`` as a user runs it: a subprocess, killed mid-run and resumed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mirage_i18n
from mirage_i18n.prefill.cache import TranslationCache
from tests.fakes.mt_servers import FakeLibreTranslate
from tests.fakes.project import make_project, po_path
from tests.gnu import msgfmt_check

SRC = str(Path(mirage_i18n.__file__).resolve().parents[1])
CLI = [sys.executable, "-c", "from mirage_i18n.cli import main; main()"]


def cli(root: Path, *args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": SRC, "NO_PROXY": "127.0.0.1,localhost"}
    env.pop("LIBRETRANSLATE_API_KEY", None)
    return subprocess.Popen(
        [*CLI, "--project", str(root), "prefill", "-l", "sv", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        **kw,
    )


def project(tmp_path: Path, server, n: int = 24, extra: str = ""):
    from mirage_i18n.model import Message

    catalogs = {
        f"news/a{d}": [Message(f"Sentence {d}-{i} of the news.") for i in range(n // 3)]
        for d in range(3)
    }
    config = (
        f'[prefill]\nengine = "libre"\nbatch_size = 2\nsave_interval = 0.3\n'
        f'[engines.libre]\nurl = "{server.url}"\nworkers = 1\nbackoff = 0\ntimeout = 5\n{extra}'
    )
    make_project(tmp_path / "p", catalogs, config=config)
    return tmp_path / "p", [f"news/a{d}" for d in range(3)]


def machine_filled(root: Path, domains: list[str]) -> set[str]:
    from mirage_i18n.catalog.store import load_catalog
    from mirage_i18n.config import load_settings

    settings = load_settings(root)
    done = set()
    for domain in domains:
        for msg in load_catalog(settings, po_path(root, domain)).active:
            if msg.msgstr:
                assert msg.fuzzy and msg.user_comments[-1].startswith("mirage-mt: libre ")
                done.add(msg.msgid)
    return done


def test_killed_run_leaves_valid_catalogues_and_resumes_without_resending(tmp_path):
    with FakeLibreTranslate(delay=0.25) as server:
        root, domains = project(tmp_path, server)
        proc = cli(root)
        deadline = time.monotonic() + 60

        def saved() -> bool:  # a catalogue was saved with a machine translation in it
            return any(b"mirage-mt" in po_path(root, d).read_bytes() for d in domains)

        while (len(server.requests) < 6 or not saved()) and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        requests = server.translate_requests
        first = [t for r in requests for t in r.texts]
        # In flight: sent, and no answer in the cache yet (the answer may have been on its
        # way). One worker: at most the texts of one request.
        cache = TranslationCache.in_dir(root / ".mirage-cache")
        in_flight = set(first) - set(cache.get_many("libre", "en", "sv", first))
        cache.close()
        assert len(in_flight) <= 2 and in_flight <= set(requests[-1].texts)
        for domain in domains:
            msgfmt_check(po_path(root, domain))
        done = machine_filled(root, domains)
        assert 0 < len(done) < 24  # killed mid-run, catalogues saved on the way

        server.delay = 0
        proc = cli(root)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
        second = server.texts[len(first) :]
        assert not set(second) & done  # nothing already written is sent again
        # Nothing answered is sent again (the cache has it, even if no catalogue had been
        # saved with it yet): exactly the texts in flight at the kill.
        assert set(first) & set(second) == in_flight
        assert len(second) == len(set(second)) == 24 - len(first) + len(set(first) & set(second))
        assert len(machine_filled(root, domains)) == 24
        for domain in domains:
            msgfmt_check(po_path(root, domain))

        proc = cli(root)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0 and len(server.texts) == len(first) + len(second)
        assert b"sent 0 request(s)" in out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_sigint_save_everything_received(tmp_path, sig):
    with FakeLibreTranslate(delay=0.15) as server:
        root, domains = project(tmp_path, server, extra="")
        # Saves every 60 s: what the catalogues hold after the signal was saved by it.
        config = root / "mirage-i18n.toml"
        config.write_text(config.read_text().replace("save_interval = 0.3", "save_interval = 60"))
        proc = cli(root)
        deadline = time.monotonic() + 30
        while len(server.requests) < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 128 + sig, err.decode()
        assert f"interrupted by {sig.name}: everything received is saved".encode() in err
        answered = {t for r in server.translate_requests[:-1] for t in r.texts}
        done = machine_filled(root, domains)
        assert len(answered) >= 8 and answered <= done | set(server.translate_requests[-1].texts)
        assert done <= set(server.texts)
        for domain in domains:
            msgfmt_check(po_path(root, domain))
        sent = len(server.requests)
        time.sleep(0.5)
        assert len(server.requests) == sent  # nothing more was sent after the signal


def test_dead_server_ends_the_run_in_seconds_with_one_line(tmp_path):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    class Gone:
        url = f"http://127.0.0.1:{port}/"

    root, domains = project(tmp_path, Gone, n=30)
    config = root / "mirage-i18n.toml"
    # The default settings: no retries/backoff/timeout tuning.
    config.write_text(config.read_text().replace("workers = 1\nbackoff = 0\ntimeout = 5\n", ""))
    started = time.monotonic()
    proc = cli(root)
    out, err = proc.communicate(timeout=60)
    elapsed = time.monotonic() - started
    assert proc.returncode == 2, err.decode()
    errors = [line for line in err.decode().splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: libre at http://127.0.0.1:{port}/: unreachable after 3 attempts; nothing more sent"
    ]
    assert "not prefilled" not in err.decode()  # no line per entry
    assert b"30 entries not translated: libre stopped" in out
    # Two workers: two requests, then the retry of one; 30 texts, 2 per request.
    assert b"sent 3 request(s) (minimum 15): 0 answered, 3 failed" in out
    assert b"0 characters accepted" in out
    assert elapsed < 30  # the benchmark measures it against the 10 s target


def test_dry_run_and_plain_progress(tmp_path):
    with FakeLibreTranslate() as server:
        root, domains = project(tmp_path, server, n=6)
        before = {d: po_path(root, d).read_bytes() for d in domains}
        proc = cli(root, "--dry-run", "--max-chars", "50")
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
        assert server.requests == []
        assert (
            b"would send 2 of 6 distinct texts (6 entries) in 1 request(s), "
            b"50 of 150 characters to libre" in out
        )
        assert all(po_path(root, d).read_bytes() == before[d] for d in domains)

        proc = cli(root)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
        assert b"prefill sv: 6/6 entries, 150/150 chars" in err  # not a terminal: plain lines
        assert out.count(b"wrote locales/sv/LC_MESSAGES/news/") == 3
        assert (
            b"sent 3 request(s) (minimum 3): 3 answered, 0 failed, 0 retried; "
            b"150 characters accepted (minimum 150)" in out
        )


def test_max_chars_leaving_entries_exits_0_and_says_so(tmp_path):
    with FakeLibreTranslate() as server:
        server.push({"status": 503})  # one retry, to see it in the summary
        root, domains = project(tmp_path, server, n=6)
        proc = cli(root, "--max-chars", "50")
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
        assert b"4 entries left for a later run (--max-chars): run prefill again" in out
        # The 503 was not accepted, so it cost nothing against --max-chars.
        assert b"sent 2 request(s) (minimum 1): 1 answered, 1 failed, 1 retried" in out
        assert b"50 characters accepted (minimum 50)" in out
        assert len(machine_filled(root, domains)) == 2


def test_engine_error_exit_codes(tmp_path):
    with FakeLibreTranslate(api_key="secret") as server:
        root, _ = project(tmp_path, server, n=3)
        proc = cli(root)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 2 and b"authentication failed" in err
        proc = cli(root, "--engine", "nonsense")
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 2 and b"unknown prefill engine 'nonsense'" in err


def test_summary_says_what_the_memory_saved_and_what_it_sent(tmp_path, run):
    from mirage_i18n.model import Message

    with FakeLibreTranslate() as server:
        reviewed = "The partners met in Rome in October 2021."
        make_project(
            tmp_path / "p",
            {
                "news/old": [Message(reviewed, "Partnerna träffades i Rom i oktober 2021.")],
                "news/new": [Message(reviewed), Message("Something else entirely.")],
            },
            config=f'[prefill]\nengine = "libre"\n[engines.libre]\nurl = "{server.url}"\n',
        )
        code, out, err = run(tmp_path / "p", "prefill", "-l", "sv", "--dry-run")
        assert code == 0, err
        assert f"the memory saved {len(reviewed)} characters of machine translation" in out
        assert "would send 1 of 1 distinct texts (1 entries) in 1 request(s)" in out
        code, out, err = run(tmp_path / "p", "prefill", "-l", "sv")
        assert code == 0, err
        assert f"the memory saved {len(reviewed)} characters of machine translation" in out
        assert (
            "sent 1 request(s) (minimum 1): 1 answered, 0 failed, 0 retried; "
            f"{len('Something else entirely.')} characters accepted" in out
        )
