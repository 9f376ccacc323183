"""The check engine: which checks run on which entry (gates), and running them on catalogues.

No I/O: catalogues come in loaded, findings go out. :mod:`.run` loads, :mod:`.parallel`
spreads languages over processes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..errors import CatalogError
from ..model import Catalog, EntryState, Message
from .context import DISCLAIMER_CONTEXT, CatalogContext, LanguageRules
from .registry import CheckInfo, PerLanguage, Problem, TextTest
from .results import Finding
from .suppress import ignore_comment, suppressed_ids
from .util import pairs

STATE_CATEGORIES = frozenset({"state", "catalog", "suppress"})


def _finding(
    info: CheckInfo, problem: Problem, ctx: CatalogContext, msg: Message | None
) -> Finding:
    return _entry_finding(info, problem.message, problem.line, problem.path, ctx, msg)


_new_object = object.__new__


def _entry_finding(
    info: CheckInfo,
    message: str,
    line: int | None,
    path: str | None,
    ctx: CatalogContext,
    msg: Message | None,
) -> Finding:
    """``Finding(…)`` built without the frozen dataclass's constructor (ten
    ``object.__setattr__`` calls), as the PO reader builds its entries (tested against it)."""
    finding = _new_object(Finding)
    finding.__dict__.update(
        check_id=info.id,
        severity=info.severity,
        path=path or ctx.path,
        line=line if line is not None else (msg.lineno if msg else None),
        message=message,
        lang=ctx.lang,
        domain=ctx.domain,
        fuzzy=msg is not None and msg.fuzzy and info.category not in STATE_CATEGORIES,
        suppress=None if msg is None else f"# {ignore_comment(msg, [info.id])}",
        withholds=info.severity == "error" and msg is not None and msg.state is EntryState.REVIEWED,
    )
    return finding


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


# a language's rules (pinned, as their id keys them), its per-language tests, and what each
# English text passes in it
_Language = tuple[LanguageRules, tuple[tuple[int, TextTest], ...], dict[str, int]]


class CheckPlan:
    """Which of the chosen checks run on an entry, decided once per kind of entry.

    A kind is the entry's state, whether it has text to compare, whether it is the approved
    disclaimer, its msgctxt where a check is gated on it, and one bit per gate (see
    :mod:`.registry`) that its texts pass: news prose has few kinds (76 on the N = 1,000
    benchmark corpus), so the engine looks at each entry once and calls only the checks that
    can report on it. What the English passes is learnt once per msgid (per glossary for the
    per-language tests): every language has the same English. ``gates=False`` calls every
    check on every entry: the reference the gates are tested against. ``reviewed_only``: entry
    and state checks on reviewed entries only (what the publish gates count; ``status``).
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
        gated = self.state + self.entry if gates else []
        # An entry's kind holds one bit per distinct gate: a needs class or a screen's test.
        bit: dict[object, int] = {}
        for info in gated:
            for gate in (info.needs, *info.screen, *info.source_screen):
                if gate is not None:
                    bit.setdefault(gate, 1 << len(bit))
        self._mask = {
            info.id: sum(bit[g] for g in {info.needs, *info.screen, *info.source_screen} if g)
            for info in gated
        }
        self._classes = [(bit[c], c) for c in bit if isinstance(c, re.Pattern)]
        scan = "".join(c.pattern[1:-1] for _, c in self._classes)
        self._scan = re.compile(f"[{scan}]").findall if scan else None
        self._char_bits: dict[str, int] = {}  # a gate character → the bits of its classes
        sources = dict.fromkeys(t for c in gated for t in c.source_screen)
        self._text_tests = tuple(
            (bit[t], t) for t in dict.fromkeys(t for c in gated for t in c.screen)
        )
        self._english_tests = self._text_tests + tuple(
            (bit[t], t) for t in sources if not isinstance(t, PerLanguage)
        )
        self._per_language = tuple((bit[t], t) for t in sources if isinstance(t, PerLanguage))
        self._contexts = frozenset(
            name for c in gated if c.contexts is not None for name in c.contexts
        )
        self._plans: dict[tuple[EntryState, int, int, str | None], tuple[CheckInfo, ...]] = {}
        self._sources: dict[str, int] = {}  # an English text → the bits it sets anywhere
        # Per language (its rules, pinned, as their id is the key): every bit an English text
        # sets in it, shared by the languages whose per-language tests are the same objects.
        self._languages: dict[int, _Language] = {}
        self._by_tests: dict[tuple[tuple[int, TextTest], ...], dict[str, int]] = {}
        self._language: _Language | None = None  # the last one: a language's catalogues in a row

    def checks_for(self, msg: Message, ctx: CatalogContext) -> tuple[CheckInfo, ...]:
        context = msg.context
        if context is not None and context not in self._contexts:
            context = None  # no check is gated on it: one kind for all
        if msg.msgid_plural is not None:
            if not pairs(msg):
                return self._kind(msg.state, 0, 0, context)  # nothing to compare: state checks
            bits = self._plural_gates(msg, ctx) if self.gates else 0
        elif not msg.msgstr:
            return self._kind(msg.state, 0, 0, context)
        elif not self.gates:
            bits = 0
        else:  # nearly every entry: one text and its English, the engine's inner loop
            text = msg.msgstr
            language = self._language
            if language is None or language[0] is not ctx.rules:
                language = self._language_of(ctx.rules)
            english = language[2].get(msg.msgid)
            if english is None:
                english = self._english_in(language, msg.msgid)
            bits = english
            if self._scan:
                found = self._scan(text)
                if found:
                    bits |= self._characters(found)
            for bit, test in self._text_tests:
                if not bits & bit and test(text):  # a test the English passed is not run again
                    bits |= bit
        kind = 1 if msg.context == DISCLAIMER_CONTEXT and _approved_disclaimer(msg, ctx) else 2
        return self._kind(msg.state, kind, bits, context)

    def _kind(
        self, state: EntryState, kind: int, bits: int, context: str | None
    ) -> tuple[CheckInfo, ...]:
        key = (state, kind, bits, context)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._plan(*key)
        return plan

    def _plural_gates(self, msg: Message, ctx: CatalogContext) -> int:
        bits = 0
        language = self._language_of(ctx.rules)
        for text in (msg.msgid, msg.msgid_plural):
            assert text is not None
            source = language[2].get(text)
            bits |= self._english_in(language, text) if source is None else source
        for text in msg.msgstr_plural:
            if self._scan:
                found = self._scan(text)
                if found:
                    bits |= self._characters(found)
            for bit, test in self._text_tests:
                if not bits & bit and test(text):
                    bits |= bit
        return bits

    def _language_of(self, rules: LanguageRules) -> _Language:
        language = self._languages.get(id(rules))
        if language is None:
            tests = tuple((bit, t.test_for(rules)) for bit, t in self._per_language)
            found = tuple((bit, test) for bit, test in tests if test is not None)
            # without per-language tests, what the English sets is the same everywhere
            seen = self._by_tests.setdefault(found, {}) if found else self._sources
            language = self._languages[id(rules)] = (rules, found, seen)
        self._language = language
        return language

    def _english_in(self, language: _Language, text: str) -> int:
        """What an English text sets in a language: learnt once (what does not depend on the
        language, once for all: every language has the same English)."""
        bits = self._sources.get(text)
        if bits is None:
            bits = self._characters(self._scan(text)) if self._scan else 0
            for bit, test in self._english_tests:
                if test(text):
                    bits |= bit
            self._sources[text] = bits
        _, tests, seen = language
        for bit, test in tests:
            if test(text):
                bits |= bit
        seen[text] = bits
        return bits

    def _characters(self, found: list[str]) -> int:
        bits = 0
        known = self._char_bits
        for char in set(found):
            char_bits = known.get(char)
            if char_bits is None:
                char_bits = known[char] = sum(b for b, c in self._classes if c.match(char))
            bits |= char_bits
        return bits

    def _plan(
        self, state: EntryState, kind: int, bits: int, context: str | None
    ) -> tuple[CheckInfo, ...]:
        if self.reviewed_only and state is not EntryState.REVIEWED:
            return ()
        # The configured disclaimer text is approved as a whole; only the disclaimer check applies.
        entry = [] if kind == 0 else [c for c in self.entry if kind == 2 or c.id == "disclaimer"]
        if not self.gates:
            return tuple(self.state + entry)
        return tuple(
            info
            for info in self.state + entry
            if (info.states is None or state in info.states)
            and (info.contexts is None or context in info.contexts)
            and (not self._mask[info.id] or bits & self._mask[info.id])
        )


def _approved_disclaimer(msg: Message, ctx: CatalogContext) -> bool:
    approved = ctx.rules.disclaimer
    return approved is not None and msg.msgstr == approved


def check_catalog(
    catalog: Catalog, ctx: CatalogContext, checks: Iterable[CheckInfo] | CheckPlan
) -> list[Finding]:
    """Entry, state and catalogue checks on one catalogue (pass a :class:`CheckPlan` to share
    its decisions across a language's catalogues)."""
    plan = checks if isinstance(checks, CheckPlan) else CheckPlan(checks)
    findings: list[Finding] = []
    checks_for = plan.checks_for
    for msg in catalog.active:
        run = checks_for(msg, ctx)
        if not run:
            continue
        quiet = suppressed_ids(msg) if msg.user_comments else None
        for info in run:
            if quiet and info.id in quiet:
                continue
            for item in info.func(msg, ctx):
                if isinstance(item, Problem):
                    findings.append(_finding(info, item, ctx, msg))
                else:  # a message: where is the entry's
                    findings.append(_entry_finding(info, str(item), None, None, ctx, msg))
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
