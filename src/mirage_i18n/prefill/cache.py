"""Persistent machine-translation cache: a second run sends zero requests.

Keyed by engine name, source and target language and the *protected* text (tokens in
place of URLs, names, code), so segments that differ only in a URL share one entry and
the cached answer is restored with each segment's own originals. The value is the engine's
raw answer; it is validated (tokens, service warnings) every time it is used.

SQLite in WAL mode: each :meth:`put_many` is one transaction, so a run killed at any moment
keeps every answer committed before the kill and never a torn one. It is what a rerun
resumes from. One connection per thread (the engine's workers write the answers they
receive); :meth:`close` closes them all.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from ..fsutil import confine

CACHE_FILE = "mt-cache.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    text TEXT NOT NULL,
    translation TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (engine, source, target, text)
) WITHOUT ROWID
"""


class TranslationCache:
    def __init__(self, path: Path) -> None:
        self.path = confine(Path(path), Path(path).parent, str(path), "the cache folder")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._conn()  # create the schema now, so errors surface before any request

    @classmethod
    def in_dir(cls, cache_dir: Path) -> TranslationCache:
        return cls(Path(cache_dir) / CACHE_FILE)

    @staticmethod
    def exists_in(cache_dir: Path) -> bool:
        return (Path(cache_dir) / CACHE_FILE).is_file()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # Used by its thread only; closed by whichever thread calls close().
            conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # durable against process kills
            conn.execute(_SCHEMA)
            conn.commit()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def get_many(
        self, engine: str, source: str, target: str, texts: Iterable[str]
    ) -> dict[str, str]:
        """Cached answers for those of ``texts`` that have one."""
        wanted = list(dict.fromkeys(texts))
        found: dict[str, str] = {}
        conn = self._conn()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT text, translation FROM translations WHERE engine=? AND source=? "
                f"AND target=? AND text IN ({marks})",
                (engine, source, target, *chunk),
            )
            found.update(rows)
        return found

    def get(self, engine: str, source: str, target: str, text: str) -> str | None:
        return self.get_many(engine, source, target, [text]).get(text)

    def put_many(
        self,
        engine: str,
        source: str,
        target: str,
        pairs: Mapping[str, str] | Sequence[tuple[str, str]],
    ) -> None:
        items = list(pairs.items()) if isinstance(pairs, Mapping) else list(pairs)
        if not items:
            return
        now = datetime.now(UTC).isoformat(timespec="seconds")
        conn = self._conn()
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?)",
                [(engine, source, target, text, tr, now) for text, tr in items],
            )

    def put(self, engine: str, source: str, target: str, text: str, translation: str) -> None:
        self.put_many(engine, source, target, [(text, translation)])

    def forget(self, engine: str, source: str, target: str, texts: Iterable[str]) -> None:
        """Drop answers that turned out unusable, so that the next run asks again."""
        rows = [(engine, source, target, text) for text in dict.fromkeys(texts)]
        if rows:
            conn = self._conn()
            with conn:
                conn.executemany(
                    "DELETE FROM translations WHERE engine=? AND source=? AND target=? AND text=?",
                    rows,
                )

    def __len__(self) -> int:
        return self._conn().execute("SELECT COUNT(*) FROM translations").fetchone()[0]

    def close(self) -> None:
        """Close every thread's connection (call when no thread uses the cache any more)."""
        with self._lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()
        self._local = threading.local()
