"""``mirage-i18n prefill`` as a user runs it: a subprocess, killed mid-run and resumed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import mirage_i18n
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


def project(tmp_path: Path, server, n: int = 24):
    from mirage_i18n.model import Message

    catalogs = {
        f"news/a{d}": [Message(f"Sentence {d}-{i} of the news.") for i in range(n // 3)]
        for d in range(3)
    }
    config = (
        f'[prefill]\nengine = "libre"\nbatch_size = 2\n'
        f'[engines.libre]\nurl = "{server.url}"\nworkers = 1\nbackoff = 0\ntimeout = 5\n'
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
    with FakeLibreTranslate(delay=0.15) as server:
        root, domains = project(tmp_path, server)
        proc = cli(root)
        deadline = time.monotonic() + 30
        while len(server.requests) < 9 and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        first = list(server.texts)
        for domain in domains:
            msgfmt_check(po_path(root, domain))
        done = machine_filled(root, domains)
        assert 0 < len(done) < 24  # killed mid-run, something was saved

        server.delay = 0
        proc = cli(root)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
        second = server.texts[len(first) :]
        assert not set(second) & done  # nothing already written is sent again
        assert len(set(first) & set(second)) <= 1  # at most the request in flight at the kill
        assert len(second) == len(set(second))
        assert len(machine_filled(root, domains)) == 24
        for domain in domains:
            msgfmt_check(po_path(root, domain))

        proc = cli(root)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0 and len(server.texts) == len(first) + len(second)
        assert b"sent 0 request(s)" in out


def test_dry_run_and_plain_progress(tmp_path):
    with FakeLibreTranslate() as server:
        root, domains = project(tmp_path, server, n=6)
        before = {d: po_path(root, d).read_bytes() for d in domains}
        proc = cli(root, "--dry-run", "--max-chars", "50")
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
        assert server.requests == []
        assert b"would send 2 of 6 distinct texts (6 entries), 50 of 150 characters to libre" in out
        assert all(po_path(root, d).read_bytes() == before[d] for d in domains)

        proc = cli(root)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
        assert b"prefill sv: 6/6 entries, 150/150 chars" in err  # not a terminal: plain lines
        assert out.count(b"wrote locales/sv/LC_MESSAGES/news/") == 3


def test_engine_error_exit_codes(tmp_path):
    with FakeLibreTranslate(api_key="secret") as server:
        root, _ = project(tmp_path, server, n=3)
        proc = cli(root)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 2 and b"authentication failed" in err
        proc = cli(root, "--engine", "nonsense")
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 2 and b"unknown prefill engine 'nonsense'" in err
