"""The prefill stage: fill untranslated entries of one language, safely.

Order of work, and why:

1. Read every catalogue of the language first; a broken one stops the run before any write.
2. Translation memory (offline): exact, then fuzzy matches from reviewed entries anywhere
   in the project. Saved at once.
3. Machine translation of what is left: each msgid is protected (:mod:`.protect`; required
   glossary terms go to the engine as a glossary where it takes one, else are masked and
   put back in the language's form), identical protected texts are sent once, cached
   answers are reused (:mod:`.cache`), the rest goes to the engine in requests as full as
   the service allows (:mod:`.machine`). Each answer is cached the moment it arrives; the
   catalogues are saved atomically every few seconds, at the end and on SIGINT/SIGTERM
   (:mod:`.live`), so a run killed at any moment leaves valid files and the next run
   re-sends only what was in flight, except answers that broke a protected token: those
   are dropped from the cache, so the next run asks again.

Only untranslated entries are filled (``refresh_mt`` also redoes fuzzy entries that came
from MT). Reviewed entries are never touched; locked entries (the disclaimer, and
``[prefill] locked``) are never prefilled. Every prefilled entry is fuzzy and carries a
translator comment ``mirage-mt: <engine> <date>`` or ``mirage-tm: <n>% from <domain> <date>``;
a machine translation with glossary terms put in as they are says so in its comment.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..catalog.merge import check_language
from ..catalog.store import catalog_domains, catalog_path, load_catalog, save_catalog
from ..config import Settings
from ..errors import ConfigError, MirageError, raise_all
from ..model import Catalog, EntryState, Message
from ..sources.shared import LOCKED_KEYS, SHARED_DOMAIN
from .cache import TranslationCache
from .engine import Budget, Failure, FailureKind, Outcome, Translation
from .live import translate_live
from .memory import ENGINE_NAME as MEMORY
from .memory import MemoryEntry, TranslationMemory
from .protect import TOKEN_RE, Protected, Protector, RestoreError, missing_terms, restore

if TYPE_CHECKING:  # imported when an engine is made (see _make_engine)
    from .machine import MachineEngine

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
    memory_chars: int = 0  # characters of the distinct texts the memory filled: not sent
    machine: int = 0  # entries filled by MT (cached answers included)
    from_cache: int = 0  # of those, entries whose answer came from the cache
    copied: int = 0  # nothing translatable: source kept (fuzzy)
    # What MT needed to send: unique protected texts not in the cache.
    planned_texts: int = 0
    planned_entries: int = 0
    planned_chars: int = 0
    within_budget_texts: int = 0
    within_budget_chars: int = 0
    planned_requests: int = 0  # requests the texts within the budget take if none fails
    budget_skipped: int = 0  # entries left for a later run by --max-chars
    requests: int = 0  # HTTP requests actually sent (retries included)
    answered: int = 0  # … answered with a readable 2xx
    failed_requests: int = 0  # … without a usable answer
    retried: int = 0  # … carrying texts sent before (a retry, half of a failed batch)
    chars_sent: int = 0  # characters sent, retries included
    chars_accepted: int = 0  # characters in requests the service answered (2xx)
    terms_inserted: int = 0  # entries with glossary terms put in as is (flagged for review)
    not_filled: list[NotFilled] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the engine stopped: key refused, quota, unreachable…
    left_by_stop: int = 0  # entries not filled because the engine stopped
    interrupted: int | None = None  # the signal (SIGINT, SIGTERM) that ended the run early

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
    sleep: Callable[[float], None] | None = None,
    today: str | None = None,
) -> PrefillReport:
    """Prefill language ``lang``; see the module docstring. Nothing here prints."""
    settings.selected_languages([lang])
    conf = settings.prefill
    engine_name = engine or conf.engine
    max_chars = conf.max_chars if max_chars is None else max_chars
    today = today or date.today().isoformat()
    report = PrefillReport(lang=lang, engine=engine_name, dry_run=dry_run)

    mt = None
    if engine_name != MEMORY:
        mt = _make_engine(settings, engine_name, Budget(max_chars), environ, sleep, conf.batch_size)

    docs = _load_docs(settings, lang)
    items = _candidates(docs, conf.locked, refresh_mt, report)
    report.candidates = len(items) + report.locked

    # 1. translation memory
    if conf.memory or mt is None:
        memory = TranslationMemory(_reviewed(docs), conf.min_similarity)
        left: list[_Item] = []
        saved: set[str] = set()
        for item in items:
            match = memory.lookup(item.message.msgid) if len(memory) else None
            if match is None:
                left.append(item)
                continue
            if match.similarity == 100.0:
                report.memory_exact += 1
            else:
                report.memory_fuzzy += 1
            saved.add(item.message.msgid)
            comment = f"{TM_MARK} {match.similarity:.0f}% from {match.origin} {today}"
            _fill(item, match.text, comment)
        report.memory_chars = sum(len(msgid.strip()) for msgid in saved)
        items = left
        if not dry_run:
            _save(settings, docs, report)
    if mt is None:
        return report

    # 2. machine translation
    source = settings.source_language
    glossary = settings.glossary
    terms = dict(glossary.terms_for(lang))
    cache_name = mt.name
    native: Mapping[str, str] = {}  # terms the engine applies itself (a DeepL glossary)
    if terms and mt.supports_glossary:
        digest = "dry-run" if dry_run else mt.use_glossary(source, lang, terms)
        if digest is not None:
            native, cache_name = terms, f"{mt.name}+glossary:{digest}"
    protector = Protector(glossary.do_not_translate, {} if native else terms)
    groups: dict[str, list[_Item]] = {}
    for item in items:
        item.protected = protector.protect(item.message.msgid)
        if not _LETTER.search(TOKEN_RE.sub("", item.protected.masked)):
            report.copied += 1
            _fill(item, item.message.msgid, f"{MT_MARK} {COPY_ENGINE} {today}")
            continue
        groups.setdefault(item.protected.masked, []).append(item)

    if dry_run and not TranslationCache.exists_in(settings.cache_dir):
        cache, cached = None, {}  # a dry run creates nothing, not even the cache
    else:
        cache = TranslationCache.in_dir(settings.cache_dir)
        cached = cache.get_many(cache_name, source, lang, groups)
    answers = _Answers(settings, mt.name, today, native, report, groups, progress)
    for key, answer in cached.items():
        for item in groups[key]:
            if answers.apply(item, key, answer):
                report.from_cache += 1
    pending = [key for key in groups if key not in cached]
    report.planned_texts = len(pending)
    report.planned_entries = sum(len(groups[k]) for k in pending)
    report.planned_chars = sum(len(k.strip()) for k in pending)
    within: list[str] = []
    spent = 0
    for key in pending:
        if max_chars is not None and spent + len(key.strip()) > max_chars:
            continue
        spent += len(key.strip())
        within.append(key)
    report.within_budget_texts = len(within)
    report.within_budget_chars = spent
    report.planned_requests = mt.plan(within)
    if dry_run or cache is None:
        if cache is not None:
            cache.close()
        return report
    if mt.stopped is not None:  # the glossary could not be set up: the key was refused…
        pending = []
    _save(settings, docs, report)

    if progress is not None:
        progress.start(sum(len(groups[k]) for k in within), report.within_budget_chars)
    try:
        report.interrupted = translate_live(
            mt,
            pending,
            source,
            lang,
            keep=lambda key, text: cache.put(cache_name, source, lang, key, text),
            take=answers.take,
            save=lambda: _save(settings, docs, report),
            save_interval=conf.save_interval,
        )
    finally:
        stats = mt.stats
        report.requests, report.answered = stats.requests, stats.answered
        report.failed_requests, report.retried = stats.failed, stats.retried
        report.chars_sent, report.chars_accepted = stats.chars, stats.chars_accepted
        cache.forget(cache_name, source, lang, answers.damaged)
        cache.close()
        if progress is not None:
            progress.finish()
    if mt.stopped is not None and report.interrupted is None:
        report.stopped = mt.stopped.detail or str(mt.stopped)
    return report


class _Answers:
    """Puts answers into entries: restored, checked, commented; counts what it did."""

    def __init__(
        self,
        settings: Settings,
        engine: str,
        today: str,
        native: Mapping[str, str],
        report: PrefillReport,
        groups: dict[str, list[_Item]],
        progress: Progress | None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.today = today
        self.native = native
        self.report = report
        self.groups = groups
        self.progress = progress
        self.damaged: list[str] = []  # answers that broke a token: not kept for the next run

    def take(self, key: str, outcome: Outcome) -> None:
        """The engine's outcome for the protected text ``key``, into all its entries."""
        items = self.groups[key]
        if isinstance(outcome, Failure) and outcome.kind is FailureKind.BUDGET:
            self.report.budget_skipped += len(items)  # left for a later run: not progress
            return
        for item in items:
            if isinstance(outcome, Translation):
                self.apply(item, key, outcome.text)
            elif outcome.kind is FailureKind.STOPPED or outcome.kind.fatal:
                self.report.left_by_stop += 1
            else:
                _not_filled(self.settings, item, str(outcome), self.report)
        if self.progress is not None:
            self.progress.advance(len(items), len(key.strip()))

    def apply(self, item: _Item, key: str, answer: str) -> bool:
        assert item.protected is not None
        try:
            text = restore(item.protected, answer)
        except RestoreError as exc:
            reason = f"{self.engine} broke a protected token: {exc}"
            _not_filled(self.settings, item, reason, self.report)
            if key not in self.damaged:
                self.damaged.append(key)
            return False
        comment = f"{MT_MARK} {self.engine} {self.today}"
        inserted = list(dict.fromkeys(item.protected.inserted))
        missing = missing_terms(item.message.msgid, text, self.native) if self.native else []
        if inserted:
            self.report.terms_inserted += 1
            comment += f" (glossary terms inserted as is, check their form: {', '.join(inserted)})"
        elif missing:
            comment += f" (glossary terms missing: {', '.join(missing)})"
        _fill(item, text, comment)
        self.report.machine += 1
        return True


# ------------------------------------------------------------------------- helpers


def _make_engine(
    settings: Settings,
    name: str,
    budget: Budget,
    environ: Mapping[str, str] | None,
    sleep: Callable[[float], None] | None,
    batch_size: int | None,
) -> MachineEngine:
    # Imported here, not at the top: requests and deep-translator add 0.2 s to the start of
    # every command, and only this one translates. No cycle: factory never imports run.
    from . import factory

    if name not in factory.MT_ENGINES:
        known = ", ".join((MEMORY, *factory.MT_ENGINES))
        raise ConfigError(
            f"unknown prefill engine {name!r}; known: {known}", settings.rel(settings.config_path)
        )
    try:
        return factory.create(name, settings.engine(name), budget, sleep, environ, batch_size)
    except ConfigError as exc:  # no API key in the environment: point at where the engine is named
        if name in settings.engines:
            keys: tuple[str, ...] = ("engines", name)
        else:
            keys = ("prefill", "engine") if name == settings.prefill.engine else ()
        raise settings.config_error(keys, exc.message) from None


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


def _fill(item: _Item, text: str, comment: str) -> None:
    msg = item.message
    comments = tuple(c for c in msg.user_comments if not c.startswith((MT_MARK, TM_MARK)))
    new = replace(msg, msgstr=text, user_comments=(*comments, comment)).with_flag("fuzzy")
    item.doc.messages[item.index] = new
    item.doc.dirty = True


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
