"""The check registry: every QA check has an id, a severity, a one-line title and a scope.

Like Translate Toolkit's ``pofilter`` checks, a check is a plain function registered by a
decorator, so adding one is one function in one module and ``validate --list-checks``,
the documentation and selection all see it at once.

Scopes and signatures:

* ``entry``   ``func(msg: Message, ctx: EntryContext) -> Iterable[Problem | str]``
  runs on each active, translated entry (fuzzy ones too, reported as fuzzy);
* ``state``   like ``entry`` but runs on every active entry whatever its state
  (untranslated, fuzzy…): checks about the state itself;
* ``catalog`` ``func(catalog: Catalog, ctx: CatalogContext) -> Iterable[Problem]``;
* ``project`` ``func(catalogs: Sequence[tuple[Catalog, CatalogContext]], lang: str)
  -> Iterable[Problem]``, run once per language over all of its catalogues.

A check yields :class:`Problem` objects (or plain strings, for entry checks); the engine
turns them into :class:`.results.Finding` objects with path, line, language and domain filled in.

Gates let the engine skip a check where it cannot report, without calling it (most news prose
has no markup, no e-mail address, no placeholder, no URL, no doubled space). Each is a promise
about the function, so each is tested against running the check everywhere:

* ``needs``: a character class such that the check reports nothing on an entry where no text
  of it (msgid, msgid_plural, msgstr, msgstr[n]) holds one of its characters (one scan of each
  text serves every check's class);
* ``screen``: tests of one text (a regular expression, searched, or a function of the text)
  such that the check reports nothing on an entry where none holds for any text of it: for
  what one character cannot tell (``"  "``, ``://``, a mis-decoded pair of characters);
* ``source_screen``: the same, tested on the English texts only (msgid, msgid_plural): for a
  check about what the source holds (its names, its acronyms); the engine tests each English
  text once, whatever the language, so such a gate costs nothing per translation. A test that
  depends on the language's rules (the glossary's terms) is a :class:`PerLanguage`: tested
  once per English text and language.

A check with several of these may report where any of them holds (``url``: a Markdown
character, as a link or an entity can make a URL of the prose, or ``://`` / ``www.``).
Filters: ``states`` are the only entry states a state check reports on; ``contexts`` the only
msgctxt values an entry check reports on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..model import EntryState

if TYPE_CHECKING:
    from .context import LanguageRules

Severity = Literal["error", "warning"]
Scope = Literal["entry", "state", "catalog", "project"]
SEVERITIES: tuple[str, ...] = ("error", "warning")
SCOPES: tuple[str, ...] = ("entry", "state", "catalog", "project")
TextTest = Callable[[str], object]  # a gate's test of one text: true where the check may report


@dataclass(frozen=True)
class PerLanguage:
    """A source screen's test that depends on the language's rules (its glossary): ``test_for``
    gives the test of an English text, or None where the check cannot report in that language.
    The engine asks once per language, and tests each English text once per language."""

    test_for: Callable[[LanguageRules], TextTest | None]


Screen = str | re.Pattern[str] | TextTest | PerLanguage


@dataclass(frozen=True)
class CheckInfo:
    id: str
    severity: Severity
    title: str
    scope: Scope
    func: Callable[..., Iterable[Any]]
    category: str  # module family: catalog, state, markup, text…; for docs and --list-checks
    needs: re.Pattern[str] | None = None  # gates: see the module docstring
    states: frozenset[EntryState] | None = None
    screen: tuple[TextTest, ...] = ()
    source_screen: tuple[TextTest | PerLanguage, ...] = ()
    contexts: frozenset[str | None] | None = None


@dataclass(frozen=True)
class Problem:
    """What a check yields: a message, and where when the engine cannot know it."""

    message: str
    line: int | None = None
    path: str | None = None
    msg: Any = None  # the Message concerned (for suppression and fuzzy status), if any


REGISTRY: dict[str, CheckInfo] = {}


def check(
    *,
    id: str,
    severity: Severity,
    title: str,
    scope: Scope = "entry",
    needs: str | re.Pattern[str] | None = None,
    states: Iterable[EntryState] | None = None,
    screen: Screen | Iterable[Screen] = (),
    source_screen: Screen | Iterable[Screen] = (),
    contexts: Iterable[str | None] | None = None,
) -> Callable[[Callable[..., Iterable[Any]]], Callable[..., Iterable[Any]]]:
    """Register a check function under ``id``; ids are unique across the project."""
    tests, source_tests = _tests(screen), _tests(source_screen)
    if any(isinstance(t, PerLanguage) for t in tests):
        raise ValueError("a per-language test is for source_screen (the English is learnt once)")
    gated = needs is not None or states is not None or tests or source_tests or contexts is not None
    if gated and scope not in ("entry", "state"):
        raise ValueError("gates (needs, screens, states, contexts) are for entry and state checks")
    gate = re.compile(needs) if isinstance(needs, str) else needs
    if gate is not None and not (
        gate.pattern.startswith("[")
        and gate.pattern.endswith("]")
        and not gate.pattern.startswith("[^")
    ):
        raise ValueError(f"needs must be a character class such as '[@]': {gate.pattern!r}")
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}: {severity!r}")
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}: {scope!r}")

    def register(func: Callable[..., Iterable[Any]]) -> Callable[..., Iterable[Any]]:
        if id in REGISTRY and REGISTRY[id].func.__qualname__ != func.__qualname__:
            raise ValueError(f"check id {id!r} registered twice")
        category = func.__module__.rsplit(".", 1)[-1]
        REGISTRY[id] = CheckInfo(
            id,
            severity,
            title,
            scope,
            func,
            category,
            gate,
            None if states is None else frozenset(states),
            tests,
            source_tests,
            None if contexts is None else frozenset(contexts),
        )
        return func

    return register


def _tests(screen: Screen | Iterable[Screen]) -> tuple[Any, ...]:
    """A screen's tests as functions of a text (a pattern is searched), or per language."""
    if isinstance(screen, (str, re.Pattern, PerLanguage)) or callable(screen):
        screen = (screen,)
    out: list[TextTest | PerLanguage] = []
    for item in screen:
        if isinstance(item, str):
            item = re.compile(item)
        out.append(item.search if isinstance(item, re.Pattern) else item)
    return tuple(out)


def all_checks() -> dict[str, CheckInfo]:
    """Every registered check, importing the check modules on first use."""
    from . import load_all

    load_all()
    return dict(sorted(REGISTRY.items()))


def select_checks(
    known: Mapping[str, CheckInfo],
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> frozenset[str]:
    """The ids that run: ``select`` (all when empty) minus ``ignore``.

    Items may be ids, a category name (``markup``) or ``all``; unknown names raise
    ``KeyError`` naming the culprit so the caller can report a usage error.
    """
    chosen = expand(known, select) if list(select) else set(known)
    return frozenset(chosen - expand(known, ignore))


def expand(known: Mapping[str, CheckInfo], names: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for name in names:
        name = name.strip()
        if not name:
            continue
        if name == "all":
            out |= set(known)
        elif name in known:
            out.add(name)
        else:
            family = {cid for cid, info in known.items() if info.category == name}
            if not family:
                raise KeyError(name)
            out |= family
    return out
