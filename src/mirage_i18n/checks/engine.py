"""The check engine: which checks run on which entry (gates), and running them on catalogues.

No I/O: catalogues come in loaded, findings go out. :mod:`.run` loads, :mod:`.parallel`
spreads languages over processes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..errors import CatalogError
from ..model import Catalog, EntryState, Message
from .context import DISCLAIMER_CONTEXT, CatalogContext
from .registry import CheckInfo, Problem
from .results import Finding
from .suppress import ignore_comment, suppressed_ids
from .util import pairs

STATE_CATEGORIES = frozenset({"state", "catalog", "suppress"})


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
        suppress=None if msg is None else f"# {ignore_comment(msg, [info.id])}",
        withholds=info.severity == "error" and msg is not None and msg.state is EntryState.REVIEWED,
    )


def _as_problem(item: Problem | str) -> Problem:
    return item if isinstance(item, Problem) else Problem(str(item))


def reader_finding(
    error: CatalogError, known: dict[str, CheckInfo], lang: str, domain: str, shown: str
) -> Finding:
    """A catalogue the reader refused, as a finding of the reader check it failed."""
    text = error.message.lower()
    if "duplicate" in text:
        cid = "duplicate-entry"
    elif "charset" in text or "utf-8" in text:
        cid = "header-charset"
    else:
        cid = "po-syntax"
    return Finding(
        cid, known[cid].severity, error.path or shown, error.line, error.message, lang, domain
    )


class CheckPlan:
    """Which of the chosen checks run on an entry, decided once per kind of entry.

    A kind is the entry's state, whether it has text to compare, whether it is the approved
    disclaimer, and which gate characters its texts hold (see :mod:`.registry`); news prose
    has few kinds (digits make most of them; benchmarks/README.md gives the count on the
    benchmark corpus), so the engine scans each entry once and calls only the checks that can
    report on it. ``gates=False`` calls every check on every entry: the reference the gates
    are tested against. ``reviewed_only``: entry and state checks on reviewed entries only (what
    the publish gates count; ``status``).
    """

    def __init__(
        self, checks: Iterable[CheckInfo], gates: bool = True, reviewed_only: bool = False
    ) -> None:
        checks = list(checks)
        self.reviewed_only = reviewed_only
        self.entry = [c for c in checks if c.scope == "entry"]
        self.state = [c for c in checks if c.scope == "state"]
        self.catalog = [c for c in checks if c.scope == "catalog"]
        self.project = [c for c in checks if c.scope == "project"]
        self.gates = gates
        classes = sorted(
            {c.needs.pattern[1:-1] for c in self.state + self.entry if c.needs is not None}
        )
        self._scan = re.compile(f"[{''.join(classes)}]").findall if gates and classes else None
        self._plans: dict[tuple[EntryState, int, frozenset[str]], tuple[CheckInfo, ...]] = {}
        self._source_found: dict[str, frozenset[str]] = {}

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
            # the English's characters once per msgid (every language has the same msgids)
            source = self._source_found.get(msg.msgid)
            if source is None:
                source = self._source_found[msg.msgid] = frozenset(scan(msg.msgid))
            found = scan(msg.msgstr)
            return source.union(found) if found else source
        return frozenset(c for text in _texts(msg) for c in scan(text))

    def _plan(self, state: EntryState, kind: int, found: frozenset[str]) -> tuple[CheckInfo, ...]:
        if self.reviewed_only and state is not EntryState.REVIEWED:
            return ()
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


def _approved_disclaimer(msg: Message, ctx: CatalogContext) -> bool:
    if msg.context != DISCLAIMER_CONTEXT:
        return False  # nearly every entry: no look at the rules
    approved = ctx.rules.disclaimer
    return approved is not None and msg.msgstr == approved


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


def check_project(
    plan: CheckPlan, loaded: Sequence[tuple[Catalog, CatalogContext]], lang: str
) -> list[Finding]:
    """The project checks (``consistency``) over all of one language's catalogues."""
    findings: list[Finding] = []
    by_path = {ctx.path: ctx for _, ctx in loaded}
    for info in plan.project:
        for problem in info.func(loaded, lang):
            where = by_path.get(problem.path or "", loaded[0][1] if loaded else None)
            if where is None:
                continue
            msg = problem.msg
            if msg is not None and info.id in suppressed_ids(msg):
                continue
            findings.append(_finding(info, problem, where, msg))
    return findings
