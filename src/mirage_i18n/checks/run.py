"""The validate engine: load each language's catalogues, run the selected checks, apply gates.

Nothing here prints. One unreadable catalogue becomes a finding (``po-syntax``,
``header-charset`` or ``duplicate-entry``, with the reader's line) and the run goes on;
the report's exit code is then 2. Completeness numbers are :func:`model.counts_for` wrapped
in :class:`status.LanguageStatus`, the very objects ``status`` prints.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog.pofile import decode_po, parse_po
from ..catalog.store import (
    catalog_domains,
    catalog_path,
    template_domains,
    template_path,
)
from ..config import Settings
from ..errors import CatalogError, MirageError, UsageError
from ..model import Catalog, Counts, EntryState, Message, counts_for
from ..readiness import Verdict, readiness
from ..sources.shared import SHARED_DOMAIN
from ..status import LanguageStatus
from .context import DISCLAIMER_CONTEXT, CatalogContext, CheckSettings, load_check_settings
from .registry import CheckInfo, Finding, Problem, all_checks, expand, select_checks
from .suppress import suppressed_ids
from .util import pairs

STATE_CATEGORIES = frozenset({"state", "catalog", "suppress"})


@dataclass(frozen=True)
class GateResult:
    """Whether one document may be published in one language."""

    lang: str
    domain: str
    path: str
    counts: Counts
    threshold: float
    missing: bool = False  # no catalogue yet: counted from the template, all untranslated
    unreadable: bool = False
    preview: bool = False  # [publish] preview: fuzzy entries count as ready

    @property
    def verdict(self) -> Verdict:
        """The one readiness rule, as ``status`` and ``build`` apply it."""
        return readiness(
            self.counts,
            self.threshold,
            preview=self.preview,
            shared=self.domain == SHARED_DOMAIN,
            missing=self.missing,
            unreadable=self.unreadable,
        )

    @property
    def passed(self) -> bool:
        return self.verdict.published


@dataclass(frozen=True)
class ValidationReport:
    findings: tuple[Finding, ...]
    languages: tuple[LanguageStatus, ...]
    gates: tuple[GateResult, ...]
    checks: tuple[str, ...]  # ids that ran
    strict: bool = False
    unreadable: tuple[str, ...] = ()  # catalogue paths that could not be read
    errors: tuple[MirageError, ...] = field(default=())  # input errors besides catalogues

    def blocking(self, finding: Finding) -> bool:
        """Does this finding fail the run? Fuzzy entries are not published: theirs never do."""
        if finding.fuzzy:
            return False
        return finding.severity == "error" or self.strict

    def language_passed(self, lang: str) -> bool:
        return all(g.passed for g in self.gates if g.lang == lang) and not any(
            self.blocking(f) for f in self.findings if f.lang == lang
        )

    @property
    def passed(self) -> bool:
        return all(self.language_passed(ls.lang) for ls in self.languages)

    @property
    def exit_code(self) -> int:
        if self.unreadable or self.errors:
            return 2
        return 0 if self.passed else 1

    def findings_for(self, lang: str) -> list[Finding]:
        return [f for f in self.findings if f.lang == lang]


def selected_languages(settings: Settings, langs: Sequence[str] | None) -> tuple[str, ...]:
    """The languages asked for (all when none), refusing unknown codes as a usage error."""
    if not langs:
        return settings.languages
    unknown = [lang for lang in langs if lang not in settings.languages]
    if unknown:
        raise UsageError(
            f"language {unknown[0]!r} is not in project.languages ({', '.join(settings.languages)})"
        )
    return tuple(dict.fromkeys(langs))


def _reader_check_id(error: CatalogError) -> str:
    text = error.message.lower()
    if "duplicate" in text:
        return "duplicate-entry"
    if "charset" in text or "utf-8" in text:
        return "header-charset"
    return "po-syntax"


def resolve_selection(
    settings: Settings,
    conf: CheckSettings,
    select: Sequence[str],
    ignore: Sequence[str],
    known: dict[str, CheckInfo],
) -> dict[str, frozenset[str]]:
    """Check ids per language: command line over configuration over defaults.

    ``--select`` replaces ``[checks] select``; ignores add up (``--ignore``,
    ``[checks] ignore``, ``[languages.X] checks_ignore``), except that a check named by
    ``--select`` runs even where the configuration ignores it.
    """
    try:
        cli_select = expand(known, select)
        base = select_checks(known, select or conf.select, ignore)
        conf_ignore = expand(known, conf.ignore)
        out: dict[str, frozenset[str]] = {}
        for lang in settings.languages:
            lang_ignore = expand(known, conf.lang_ignore.get(lang, ()))
            out[lang] = frozenset(base - ((conf_ignore | lang_ignore) - cli_select))
    except KeyError as exc:
        raise UsageError(f"unknown check {exc.args[0]!r}; see 'validate --list-checks'") from None
    return out


def _finding(
    info: CheckInfo, problem: Problem, ctx: CatalogContext, msg: Message | None
) -> Finding:
    fuzzy = msg is not None and msg.fuzzy and info.category not in STATE_CATEGORIES
    line = problem.line if problem.line is not None else (msg.lineno if msg else None)
    return Finding(
        check_id=info.id,
        severity=info.severity,
        path=problem.path or ctx.path,
        line=line,
        message=problem.message,
        lang=ctx.lang,
        domain=ctx.domain,
        fuzzy=fuzzy,
    )


def _as_problem(item: Problem | str) -> Problem:
    return item if isinstance(item, Problem) else Problem(str(item))


class CheckPlan:
    """Which of the chosen checks run on an entry, decided once per kind of entry.

    A kind is the entry's state, whether it has text to compare, whether it is the approved
    disclaimer, and which gate characters its texts hold (see :mod:`.registry`): about 1,600
    kinds in the 123,000-entry benchmark corpus (digits make most of them), so the engine
    scans each entry once and calls only the checks that can report on it. ``gates=False`` calls every check on every
    entry: the reference the gates are tested against.
    """

    def __init__(self, checks: Iterable[CheckInfo], gates: bool = True) -> None:
        checks = list(checks)
        self.entry = [c for c in checks if c.scope == "entry"]
        self.state = [c for c in checks if c.scope == "state"]
        self.catalog = [c for c in checks if c.scope == "catalog"]
        self.gates = gates
        classes = sorted(
            {c.needs.pattern[1:-1] for c in self.state + self.entry if c.needs is not None}
        )
        self._scan = re.compile(f"[{''.join(classes)}]").findall if gates and classes else None
        self._plans: dict[tuple[EntryState, int, frozenset[str]], tuple[CheckInfo, ...]] = {}

    def checks_for(self, msg: Message, ctx: CatalogContext) -> tuple[CheckInfo, ...]:
        if not pairs(msg):
            kind, found = 0, _NOTHING  # nothing to compare: only the state checks
        else:
            kind = 1 if _approved_disclaimer(msg, ctx) else 2
            found = self._found(msg) if self._scan else _NOTHING
        key = (msg.state, kind, found)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._plan(*key)
        return plan

    def _found(self, msg: Message) -> frozenset[str]:
        assert self._scan is not None
        scan = self._scan
        if msg.msgid_plural is None:  # each text on its own: no separator can be neutral
            return frozenset(scan(msg.msgid) + scan(msg.msgstr))
        return frozenset(c for text in _texts(msg) for c in scan(text))

    def _plan(self, state: EntryState, kind: int, found: frozenset[str]) -> tuple[CheckInfo, ...]:
        # The configured disclaimer text is approved as a whole; only the disclaimer check applies.
        entry = [] if kind == 0 else [c for c in self.entry if kind == 2 or c.id == "disclaimer"]
        out = []
        for info in self.state + entry:
            if self.gates and info.states is not None and state not in info.states:
                continue
            if self.gates and info.needs is not None and not any(map(info.needs.match, found)):
                continue
            out.append(info)
        return tuple(out)


_NOTHING: frozenset[str] = frozenset()


def _texts(msg: Message) -> tuple[str, ...]:
    if msg.msgid_plural is None:
        return (msg.msgid, msg.msgstr)
    return (msg.msgid, msg.msgid_plural, *msg.msgstr_plural)


def check_catalog(
    catalog: Catalog, ctx: CatalogContext, checks: Iterable[CheckInfo] | CheckPlan
) -> list[Finding]:
    """Entry, state and catalogue checks on one catalogue (pass a :class:`CheckPlan` to share
    its decisions across a language's catalogues)."""
    plan = checks if isinstance(checks, CheckPlan) else CheckPlan(checks)
    findings: list[Finding] = []
    for msg in catalog.active:
        quiet = suppressed_ids(msg)
        for info in plan.checks_for(msg, ctx):
            if quiet and info.id in quiet:
                continue
            for item in info.func(msg, ctx):
                findings.append(_finding(info, _as_problem(item), ctx, msg))
    for info in plan.catalog:
        for problem in info.func(catalog, ctx):
            msg = problem.msg
            if msg is not None and info.id in suppressed_ids(msg):
                continue
            findings.append(_finding(info, problem, ctx, msg))
    return findings


def _approved_disclaimer(msg: Message, ctx: CatalogContext) -> bool:
    approved = ctx.rules.disclaimer
    return msg.context == DISCLAIMER_CONTEXT and approved is not None and msg.msgstr == approved


def _load(path: Path, shown: str) -> tuple[Catalog, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read catalogue: {exc.strerror}", shown) from None
    text = decode_po(data, shown)
    return parse_po(text, shown), text


MAX_WORKERS = 2  # the machines this runs on (CI, a laptop) rarely give more; memory stays low
_LangResult = tuple[list[Finding], list[GateResult], LanguageStatus, list[str], set[str]]
_JOB: Callable[[str], _LangResult] | None = None


def _run_job(lang: str) -> _LangResult:
    assert _JOB is not None
    return _JOB(lang)


def map_languages(
    func: Callable[[str], _LangResult], languages: Sequence[str]
) -> list[_LangResult]:
    """Languages are independent: on a machine with several cores, check them in forked worker
    processes (they inherit the loaded settings and templates; only results travel back)."""
    global _JOB
    workers = min(len(languages), os.cpu_count() or 1, MAX_WORKERS)
    if (
        workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
        or os.environ.get("MIRAGE_WORKERS") == "1"
    ):
        return [func(lang) for lang in languages]
    _JOB = func
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run_job, languages))
    finally:
        _JOB = None


class BackgroundValidation:
    """:func:`validate` in a forked process, started before a build renders, so that both run
    at once; :meth:`result` gives the report (or, should the child fail in any way, runs the
    validation here, which then gives the very same report or raises the very same error)."""

    def __init__(self, settings: Settings, preview: bool = False) -> None:
        self.settings = settings
        self.preview = preview
        self._proc: Any = None
        self._conn: Any = None
        workers = os.environ.get("MIRAGE_WORKERS") == "1"
        if (
            workers
            or (os.cpu_count() or 1) < 2
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return
        ctx = multiprocessing.get_context("fork")
        self._conn, send = ctx.Pipe(duplex=False)
        # forked: the settings are inherited, not pickled; only the report travels back
        self._proc = ctx.Process(
            target=_validate_into, args=(settings, preview, send), daemon=False
        )
        self._proc.start()
        send.close()

    def result(self) -> ValidationReport:
        report = None
        if self._proc is not None:
            try:
                report = self._conn.recv()
            except (EOFError, OSError):
                report = None
            self._proc.join()
            self._conn.close()
            self._proc = None
        if isinstance(report, ValidationReport):
            return report
        return validate(self.settings, preview=self.preview)

    def cancel(self) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.join()
            self._conn.close()
            self._proc = None


def _validate_into(settings: Settings, preview: bool, conn: Any) -> None:
    try:
        report: ValidationReport | None = validate(settings, preview=preview)
    except BaseException:
        report = None  # the parent validates again and gets the error itself
    try:
        conn.send(report)
    except Exception:
        conn.send(None)  # e.g. an error object that cannot be pickled
    conn.close()


@contextmanager
def few_gc_pauses() -> Iterator[None]:
    """Reading 100,000 entries allocates millions of objects that live to the end of the run
    and hold no reference cycles; the cyclic collector would walk them again and again (with
    high thresholds still 0.4 s of the 5.6 s one process spends on the benchmark corpus).
    Checking makes next to no cyclic garbage (15 objects in that whole run), so the collector
    is off while checking (forked workers inherit that) and as before afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate(
    settings: Settings,
    langs: Sequence[str] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    strict: bool = False,
    check_settings: CheckSettings | None = None,
    preview: bool = False,
) -> ValidationReport:
    """Check every catalogue of the selected languages and apply the publish gates.

    ``preview``: judge the gates as ``build --preview`` does (fuzzy entries count as ready).
    """
    with few_gc_pauses():
        return _validate(settings, langs, select, ignore, strict, check_settings, preview)


def _validate(
    settings: Settings,
    langs: Sequence[str] | None,
    select: Sequence[str],
    ignore: Sequence[str],
    strict: bool,
    check_settings: CheckSettings | None,
    preview: bool,
) -> ValidationReport:
    languages = selected_languages(settings, langs)
    conf = check_settings or load_check_settings(settings)
    known = all_checks()
    per_lang = resolve_selection(settings, conf, select, ignore, known)
    errors: list[MirageError] = []
    templates: dict[str, Catalog] = {}
    for domain in template_domains(settings):
        tpath = template_path(settings, domain)
        try:
            templates[domain] = _load(tpath, settings.rel(tpath))[0]
        except MirageError as exc:
            errors.append(exc)

    plans: dict[frozenset[str], CheckPlan] = {}  # languages with the same checks share one

    def one(lang: str) -> _LangResult:
        findings: list[Finding] = []
        gates: list[GateResult] = []
        unreadable: list[str] = []
        ids = per_lang.get(lang, frozenset())
        chosen = [known[i] for i in sorted(ids)]
        plan = plans.get(ids) or plans.setdefault(ids, CheckPlan(chosen))
        rules = conf.rules_for(lang)
        threshold = settings.language(lang).threshold
        documents: dict[str, Counts] = {}
        missing: list[str] = []
        loaded: list[tuple[Catalog, CatalogContext]] = []
        domains = list(templates) + [
            d for d in catalog_domains(settings, lang) if d not in templates
        ]
        for domain in domains:
            path = catalog_path(settings, lang, domain)
            shown = settings.rel(path)
            if not path.exists():
                counts = counts_for(templates[domain])
                documents[domain] = counts
                missing.append(domain)
                gates.append(
                    GateResult(
                        lang, domain, shown, counts, threshold, missing=True, preview=preview
                    )
                )
                continue
            try:
                catalog, text = _load(path, shown)
            except CatalogError as exc:
                unreadable.append(shown)
                cid = _reader_check_id(exc)
                info = known[cid]
                findings.append(
                    Finding(
                        cid, info.severity, exc.path or shown, exc.line, exc.message, lang, domain
                    )
                )
                counts = counts_for(templates[domain]) if domain in templates else Counts()
                documents[domain] = counts
                gates.append(
                    GateResult(
                        lang, domain, shown, counts, threshold, unreadable=True, preview=preview
                    )
                )
                continue
            ctx = CatalogContext(lang=lang, domain=domain, path=shown, rules=rules, text=text)
            loaded.append((catalog, ctx))
            findings.extend(check_catalog(catalog, ctx, plan))
            counts = counts_for(catalog)
            documents[domain] = counts
            gates.append(GateResult(lang, domain, shown, counts, threshold, preview=preview))
        by_path = {ctx.path: ctx for _, ctx in loaded}
        for info in (c for c in chosen if c.scope == "project"):
            for problem in info.func(loaded, lang):
                where = by_path.get(problem.path or "", loaded[0][1] if loaded else None)
                if where is None:
                    continue
                msg = problem.msg
                if msg is not None and info.id in suppressed_ids(msg):
                    continue
                findings.append(_finding(info, problem, where, msg))
        status = LanguageStatus(
            lang=lang,
            threshold=threshold,
            documents=documents,
            missing=tuple(missing),
            preview=preview,
        )
        return findings, gates, status, unreadable, set(ids)

    findings: list[Finding] = []
    gates: list[GateResult] = []
    statuses: list[LanguageStatus] = []
    unreadable: list[str] = []
    ran: set[str] = set()
    for lang_findings, lang_gates, status, lang_unreadable, ids in map_languages(one, languages):
        findings.extend(lang_findings)
        gates.extend(lang_gates)
        statuses.append(status)
        unreadable.extend(lang_unreadable)
        ran |= ids
    lang_order = {lang: i for i, lang in enumerate(languages)}
    findings.sort(key=lambda f: (lang_order.get(f.lang, 0), f.path, f.line or 0, f.check_id))
    return ValidationReport(
        findings=tuple(findings),
        languages=tuple(statuses),
        gates=tuple(gates),
        checks=tuple(sorted(ran)),
        strict=strict,
        unreadable=tuple(unreadable),
        errors=tuple(errors),
    )
