"""The prefill stage: fill untranslated entries of one language, safely.

Order of work, and why:

1. Read every catalogue of the language first; a broken one stops the run before any write.
2. Translation memory (offline): exact, then fuzzy matches from reviewed entries anywhere
   in the project. Saved at once.
3. Machine translation of what is left: each msgid is protected (:mod:`.protect`), identical
   protected texts are sent once, cached answers are reused (:mod:`.cache`), the rest goes
   to the engine in batches. Each answer is cached the moment it arrives and the touched
   catalogues are saved atomically after each batch, so a run killed at any moment leaves
   valid files and the next run re-sends nothing it already received, except answers that
   broke a protected token: those are dropped from the cache, so the next run asks again.

Only untranslated entries are filled (``refresh_mt`` also redoes fuzzy entries that came
from MT). Reviewed entries are never touched; locked entries (the disclaimer, and
``[prefill] locked``) are never prefilled. Every prefilled entry is fuzzy and carries a
translator comment ``mirage-mt: <engine> <date>`` or ``mirage-tm: <n>% from <domain> <date>``.
"""

from __future__ import annotations

import fnmatch
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from ..catalog.merge import check_language
from ..catalog.store import catalog_domains, catalog_path, load_catalog, save_catalog
from ..config import Settings
from ..errors import ConfigError, MirageError, UsageError, raise_all
from ..glossary import load_glossary
from ..model import Catalog, EntryState, Message
from ..sources.shared import LOCKED_KEYS, SHARED_DOMAIN
from .cache import TranslationCache
from .engine import Budget, FailureKind, Outcome, Translation
from .memory import ENGINE_NAME as MEMORY
from .memory import MemoryEntry, TranslationMemory
from .protect import TOKEN_RE, Protected, Protector, RestoreError, restore
from .settings import prefill_settings

MT_MARK = "mirage-mt:"
TM_MARK = "mirage-tm:"
COPY_ENGINE = "copy"  # nothing translatable (only a URL, a number…): the source is kept
_LETTER = re.compile(r"[^\W\d_]")


class Progress(Protocol):
    """What the stage tells a progress display; the CLI renders it, the core never prints."""

    def start(self, entries: int, chars: int) -> None: ...
    def advance(self, entries: int, chars: int) -> None: ...
    def finish(self) -> None: ...


@dataclass(frozen=True)
class NotFilled:
    path: str
    line: int | None
    msgid: str
    reason: str

    def __str__(self) -> str:
        excerpt = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "…"
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: not prefilled ({self.reason}): {excerpt!r}"


@dataclass
class PrefillReport:
    lang: str
    engine: str
    dry_run: bool = False
    candidates: int = 0  # entries prefill could fill
    locked: int = 0  # candidates skipped because locked
    plural: int = 0  # plural entries (left to translators)
    memory_exact: int = 0
    memory_fuzzy: int = 0
    machine: int = 0  # entries filled by MT (cached answers included)
    from_cache: int = 0  # of those, entries whose answer came from the cache
    copied: int = 0  # nothing translatable: source kept (fuzzy)
    # What MT needed to send: unique protected texts not in the cache.
    planned_texts: int = 0
    planned_entries: int = 0
    planned_chars: int = 0
    within_budget_texts: int = 0
    within_budget_chars: int = 0
    budget_skipped: int = 0  # entries left for a later run by --max-chars
    requests: int = 0  # HTTP requests actually sent (retries included)
    chars_sent: int = 0
    not_filled: list[NotFilled] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the engine stopped (auth, quota)

    @property
    def filled(self) -> int:
        return self.memory_exact + self.memory_fuzzy + self.machine + self.copied


@dataclass
class _Doc:
    domain: str
    path: Path
    catalog: Catalog
    messages: list[Message]
    dirty: bool = False


@dataclass
class _Item:
    doc: _Doc
    index: int
    protected: Protected | None = None

    @property
    def message(self) -> Message:
        return self.doc.messages[self.index]


def prefill(
    settings: Settings,
    lang: str,
    engine: str | None = None,
    dry_run: bool = False,
    max_chars: int | None = None,
    refresh_mt: bool = False,
    progress: Progress | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    today: str | None = None,
) -> PrefillReport:
    """Prefill language ``lang``; see the module docstring. Nothing here prints."""
    if lang not in settings.languages:
        raise UsageError(
            f"language {lang!r} is not in project.languages "
            f"({', '.join(settings.languages)}) of {settings.rel(settings.config_path)}"
        )
    conf = prefill_settings(settings)
    engine_name = engine or conf.engine
    max_chars = conf.max_chars if max_chars is None else max_chars
    today = today or date.today().isoformat()
    report = PrefillReport(lang=lang, engine=engine_name, dry_run=dry_run)

    mt = None
    if engine_name != MEMORY:
        mt = _make_engine(settings, engine_name, Budget(max_chars), environ, sleep)

    docs = _load_docs(settings, lang)
    items = _candidates(docs, conf.locked, refresh_mt, report)
    report.candidates = len(items) + report.locked

    # 1. translation memory
    if conf.memory or mt is None:
        memory = TranslationMemory(_reviewed(docs), conf.min_similarity)
        left: list[_Item] = []
        for item in items:
            match = memory.lookup(item.message.msgid) if len(memory) else None
            if match is None:
                left.append(item)
                continue
            if match.similarity == 100.0:
                report.memory_exact += 1
            else:
                report.memory_fuzzy += 1
            comment = f"{TM_MARK} {match.similarity:.0f}% from {match.origin} {today}"
            _fill(item, match.text, comment)
        items = left
        if not dry_run:
            _save(settings, docs, report)
    if mt is None:
        return report

    # 2. machine translation
    protector = Protector(_glossary_terms(settings))
    groups: dict[str, list[_Item]] = {}
    for item in items:
        item.protected = protector.protect(item.message.msgid)
        if not _LETTER.search(TOKEN_RE.sub("", item.protected.masked)):
            report.copied += 1
            _fill(item, item.message.msgid, f"{MT_MARK} {COPY_ENGINE} {today}")
            continue
        groups.setdefault(item.protected.masked, []).append(item)

    source = settings.source_language
    if dry_run and not TranslationCache.exists_in(settings.cache_dir):
        cache, cached = None, {}  # a dry run creates nothing, not even the cache
    else:
        cache = TranslationCache.in_dir(settings.cache_dir)
        cached = cache.get_many(mt.name, source, lang, groups)
    damaged: list[str] = []  # answers that broke a protected token: not kept for the next run
    for key, answer in cached.items():
        for item in groups[key]:
            if _apply(settings, item, answer, mt.name, today, report):
                report.machine += 1
                report.from_cache += 1
            elif key not in damaged:
                damaged.append(key)
    pending = [key for key in groups if key not in cached]
    report.planned_texts = len(pending)
    report.planned_entries = sum(len(groups[k]) for k in pending)
    report.planned_chars = sum(len(k.strip()) for k in pending)
    spent = 0
    for key in pending:
        if max_chars is not None and spent + len(key.strip()) > max_chars:
            continue
        spent += len(key.strip())
        report.within_budget_texts += 1
    report.within_budget_chars = spent
    if dry_run or cache is None:
        if cache is not None:
            cache.close()
        return report
    _save(settings, docs, report)

    if progress is not None:
        progress.start(report.planned_entries, report.planned_chars)
    try:
        for start in range(0, len(pending), conf.batch_size):
            batch = pending[start : start + conf.batch_size]

            def on_result(i: int, outcome: Outcome, batch: list[str] = batch) -> None:
                key = batch[i]
                if isinstance(outcome, Translation):
                    cache.put(mt.name, source, lang, key, outcome.text)
                if progress is not None:
                    progress.advance(len(groups[key]), len(key.strip()))

            outcomes = mt.translate_batch(batch, source, lang, on_result=on_result)
            for key, outcome in zip(batch, outcomes):
                for item in groups[key]:
                    if isinstance(outcome, Translation):
                        if _apply(settings, item, outcome.text, mt.name, today, report):
                            report.machine += 1
                        elif key not in damaged:
                            damaged.append(key)
                    elif outcome.kind is FailureKind.BUDGET:
                        report.budget_skipped += 1
                    else:
                        _not_filled(settings, item, str(outcome), report)
            _save(settings, docs, report)
            if mt.stopped is not None:
                report.stopped = str(mt.stopped)
                for key in pending[start + conf.batch_size :]:
                    for item in groups[key]:
                        _not_filled(
                            settings, item, f"{mt.name} stopped: {mt.stopped.kind.value}", report
                        )
                break
    finally:
        report.requests = mt.stats.requests
        report.chars_sent = mt.stats.chars
        cache.forget(mt.name, source, lang, damaged)
        cache.close()
        if progress is not None:
            progress.finish()
    return report


# ------------------------------------------------------------------------- helpers


def _make_engine(
    settings: Settings,
    name: str,
    budget: Budget,
    environ: Mapping[str, str] | None,
    sleep: Callable[[float], None],
) -> Any:
    # Imported here, not at the top: requests and deep-translator add 0.2 s to the start of
    # every command, and only this one translates. No cycle: factory never imports run.
    from . import factory

    if name not in factory.MT_ENGINES:
        known = ", ".join((MEMORY, *factory.MT_ENGINES))
        raise ConfigError(
            f"unknown prefill engine {name!r}; known: {known}", settings.rel(settings.config_path)
        )
    engines = settings.section("engines")
    raw = engines.get(name, {})
    if not isinstance(raw, Mapping):
        raise ConfigError(f"[engines.{name}] must be a table", settings.rel(settings.config_path))
    try:
        return factory.create(name, raw, budget=budget, sleep=sleep, environ=environ)
    except ConfigError as exc:
        raise ConfigError(exc.message, settings.rel(settings.config_path)) from None


def _load_docs(settings: Settings, lang: str) -> list[_Doc]:
    docs: list[_Doc] = []
    errors: list[MirageError] = []
    for domain in catalog_domains(settings, lang):
        path = catalog_path(settings, lang, domain)
        try:
            catalog = load_catalog(settings, path)
            check_language(catalog, lang, settings.rel(path))
        except MirageError as exc:
            errors.append(exc)
            continue
        docs.append(_Doc(domain, path, catalog, list(catalog.messages)))
    raise_all(errors)
    return docs


def is_locked(domain: str, context: str | None, patterns: tuple[str, ...] = ()) -> bool:
    """The disclaimer (and any shared text the sources lock), plus configured patterns."""
    if domain == SHARED_DOMAIN and context in LOCKED_KEYS:
        return True
    key = f"{domain}:{context or ''}"
    return any(fnmatch.fnmatchcase(key if ":" in p else domain, p) for p in patterns)


def _candidates(
    docs: list[_Doc], locked: tuple[str, ...], refresh_mt: bool, report: PrefillReport
) -> list[_Item]:
    items: list[_Item] = []
    for doc in docs:
        for index, msg in enumerate(doc.messages):
            if msg.obsolete or not msg.msgid.strip():
                continue
            state = msg.state
            wanted = state is EntryState.UNTRANSLATED or (
                refresh_mt
                and state is EntryState.FUZZY
                and any(c.startswith(MT_MARK) for c in msg.user_comments)
            )
            if not wanted:
                continue
            if is_locked(doc.domain, msg.context, locked):
                report.locked += 1
            elif msg.msgid_plural is not None:
                report.plural += 1
            else:
                items.append(_Item(doc, index))
    return items


def _reviewed(docs: list[_Doc]) -> list[MemoryEntry]:
    return [
        MemoryEntry(m.msgid, m.msgstr, d.domain)
        for d in docs
        for m in d.messages
        if m.state is EntryState.REVIEWED and m.msgid_plural is None
    ]


def _glossary_terms(settings: Settings) -> tuple[str, ...]:
    return load_glossary(settings.glossary_path).do_not_translate


def _fill(item: _Item, text: str, comment: str) -> None:
    msg = item.message
    comments = tuple(c for c in msg.user_comments if not c.startswith((MT_MARK, TM_MARK)))
    new = replace(msg, msgstr=text, user_comments=(*comments, comment)).with_flag("fuzzy")
    item.doc.messages[item.index] = new
    item.doc.dirty = True


def _apply(
    settings: Settings, item: _Item, answer: str, engine: str, today: str, report: PrefillReport
) -> bool:
    assert item.protected is not None
    try:
        text = restore(item.protected, answer)
    except RestoreError as exc:
        _not_filled(settings, item, f"{engine} broke a protected token: {exc}", report)
        return False
    _fill(item, text, f"{MT_MARK} {engine} {today}")
    return True


def _not_filled(settings: Settings, item: _Item, reason: str, report: PrefillReport) -> None:
    msg = item.message
    report.not_filled.append(NotFilled(settings.rel(item.doc.path), msg.lineno, msg.msgid, reason))


def _save(settings: Settings, docs: list[_Doc], report: PrefillReport) -> None:
    for doc in docs:
        if not doc.dirty:
            continue
        doc.catalog = replace(doc.catalog, messages=tuple(doc.messages))
        if save_catalog(doc.path, doc.catalog):
            shown = settings.rel(doc.path)
            if shown not in report.written:
                report.written.append(shown)
        doc.dirty = False


__all__ = ["NotFilled", "PrefillReport", "Progress", "is_locked", "prefill"]
