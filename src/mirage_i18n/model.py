"""The data model: frozen dataclasses, free of I/O.

Sources become :class:`SourceDocument` (a sequence of :class:`Segment`); catalogues are
:class:`Catalog` objects holding :class:`Message` entries. Readers and writers live in
``sources/`` and ``catalog/``; everything here is plain data.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from functools import lru_cache
from typing import Any, Generic, TypeVar, overload

_T = TypeVar("_T")


class cached_field(Generic[_T]):
    """A property of a frozen dataclass computed once, then kept in the instance's ``__dict__``
    (where attribute look-up finds it first). ``functools.cached_property`` takes a lock on
    every first access up to Python 3.11: too slow for 100,000 entries."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> cached_field[_T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> _T | cached_field[_T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class EntryState(enum.Enum):
    """What a translator still has to do with an entry."""

    REVIEWED = "reviewed"  # translated and not fuzzy: publishable
    FUZZY = "fuzzy"  # machine prefill or changed source: needs review
    UNTRANSLATED = "untranslated"
    OBSOLETE = "obsolete"  # source gone; kept as #~ for reuse


# Segment and Message, made by the ten thousand per run, write their fields into ``__dict__`` in
# an ``__init__`` of their own: the frozen dataclass's generated one calls
# ``object.__setattr__`` once per field (for Message, 15 calls: 6 µs of the 9 µs an entry took
# to make, in extract, in merge's ``replace``). Same parameters, same defaults, same result
# (tests/test_model.py compares them with the fields). Item by item, in the fields' order: the
# instance dicts then share their keys (``dict.update`` would give each its own table, 2.5×
# the memory).


def shared_key_init(cls: type[_T]) -> type[_T]:
    """Give a dataclass made by the thousand (entries, segments, catalogues) an ``__init__``
    with the generated one's parameters and defaults that writes each field into ``__dict__``
    in order: a frozen dataclass's own calls ``object.__setattr__`` per field (6 of the 9 µs a
    ``Message`` took), and filling item by item keeps CPython's key-sharing instance dicts
    (``__dict__.update`` made each 464 bytes instead of 184). Put above ``@dataclass``."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    defaults: dict[str, object] = {}
    params = []
    for f in fields(cls):  # type: ignore[arg-type]
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: no default factories")
        if f.default is MISSING:
            params.append(f.name)
        else:
            defaults[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    body = "".join(f"    fields[{name!r}] = {name}\n" for name in names)
    source = f"def __init__(self, {', '.join(params)}):\n    fields = self.__dict__\n{body}"
    made: dict[str, Any] = {}
    exec(source, defaults, made)  # the code dataclasses writes, one statement per field
    init = made["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    setattr(cls, "__init__", init)  # noqa: B010 (mypy refuses assigning to a method)
    return cls


@shared_key_init
@dataclass(frozen=True)
class Segment:
    """One translatable unit of a source document: it becomes one catalogue entry."""

    text: str  # the msgid (Markdown inline syntax kept)
    kind: (
        str  # what it is, for the extracted comment: "heading", "list item", "front matter: title"…
    )
    line: int  # 1-based line in the source file
    context: str | None = None  # msgctxt from a source directive
    note: str | None = None  # translator note from a source directive


@dataclass(frozen=True)
class SourceDocument:
    """A source text after reading: its identity, metadata and translatable segments."""

    path: str  # POSIX path relative to the project root, used in references
    domain: str  # catalogue name: locales/<lang>/LC_MESSAGES/<domain>.po
    kind: str  # "article", "newsletter" or "shared"
    front_matter: Mapping[str, Any]
    segments: tuple[Segment, ...]
    body: str = ""  # Markdown body (articles, newsletters)
    body_line: int = 1  # line of the body's first line in the file
    # the segmented body (sources.markdown.ParsedMarkdown), kept so that building a
    # translation does not parse the source again; None when built by hand
    parsed: Any = field(default=None, compare=False, repr=False)


FUZZY = "fuzzy"

# Entries whose English original is an acceptable final state: the locked AMIF disclaimer is
# shown in English until an approved translation is reviewed (seeds/README). Untranslated,
# they count as ``fallback``, not against a language's gate.
FALLBACK_CONTEXTS = frozenset({"disclaimer"})


@shared_key_init
@dataclass(frozen=True)
class Message:
    """One gettext entry, with every comment kind a PO file can hold."""

    msgid: str
    msgstr: str = ""
    context: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    auto_comments: tuple[str, ...] = ()  # "#." extracted comments, from the source
    user_comments: tuple[str, ...] = ()  # "# " translator comments
    locations: tuple[str, ...] = ()  # "#:" references, "path:line" or "path"
    previous_context: str | None = None  # "#| msgctxt"
    previous_msgid: str | None = None  # "#| msgid"
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    lineno: int | None = field(default=None, compare=False)  # where it was read, for messages

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return FUZZY in self.flags

    @property
    def translated(self) -> bool:
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return bool(self.msgstr)

    @cached_field
    def state(self) -> EntryState:
        # cached in the instance's __dict__ (fields are frozen; equality compares fields only):
        # the engine, the gates and the counts ask each entry for it several times
        if self.obsolete:
            return EntryState.OBSOLETE
        if not self.translated:
            return EntryState.UNTRANSLATED
        if self.fuzzy:
            return EntryState.FUZZY
        return EntryState.REVIEWED

    def with_flag(self, flag: str, on: bool = True) -> Message:
        flags = tuple(f for f in self.flags if f != flag)
        if on:
            flags = (flag, *flags) if flag == FUZZY else (*flags, flag)
        return replace(self, flags=flags)


@shared_key_init
@dataclass(frozen=True)
class Catalog:
    """A template or a translation: header plus entries in document order."""

    headers: tuple[tuple[str, str], ...] = ()
    header_comments: tuple[str, ...] = ()  # raw "#…" lines above the header entry
    header_fuzzy: bool = False
    messages: tuple[Message, ...] = ()
    path: str | None = field(default=None, compare=False)

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None

    def with_header(self, name: str, value: str) -> Catalog:
        """Set a header field, keeping the position of an existing one."""
        out, seen = [], False
        for key, val in self.headers:
            if key.lower() == name.lower():
                out.append((key, value))
                seen = True
            else:
                out.append((key, val))
        if not seen:
            out.append((name, value))
        return replace(self, headers=tuple(out))

    @cached_field
    def active(self) -> tuple[Message, ...]:
        # cached (messages are frozen): every check of a catalogue walks them
        return tuple(m for m in self.messages if not m.obsolete)

    def by_key(self) -> dict[tuple[str | None, str], Message]:
        return {m.key: m for m in self.active}


@dataclass(frozen=True)
class Counts:
    """Completeness numbers shared by ``status``, ``validate`` and the build report."""

    total: int = 0
    reviewed: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    fallback: int = 0  # untranslated entries shown in English by design (the disclaimer)
    source_words: int = 0
    reviewed_words: int = 0

    @property
    def percent_reviewed(self) -> float:
        return 100.0 if self.total == 0 else 100.0 * self.reviewed / self.total

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.total + other.total,
            self.reviewed + other.reviewed,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
            self.obsolete + other.obsolete,
            self.fallback + other.fallback,
            self.source_words + other.source_words,
            self.reviewed_words + other.reviewed_words,
        )


@lru_cache(maxsize=65536)
def count_words(text: str) -> int:
    """Words of an English text (cached: every language's catalogue counts the same msgids)."""
    return len(text.split())


def counts_for(catalog: Catalog) -> Counts:
    reviewed = fuzzy = untranslated = obsolete = fallback = words = rwords = 0
    for m in catalog.messages:
        state = m.state
        if state is EntryState.OBSOLETE:
            obsolete += 1
            continue
        if state is EntryState.UNTRANSLATED and m.context in FALLBACK_CONTEXTS:
            fallback += 1
            continue
        w = count_words(m.msgid)
        words += w
        if state is EntryState.REVIEWED:
            reviewed += 1
            rwords += w
        elif state is EntryState.FUZZY:
            fuzzy += 1
        else:
            untranslated += 1
    return Counts(
        total=reviewed + fuzzy + untranslated,
        reviewed=reviewed,
        fuzzy=fuzzy,
        untranslated=untranslated,
        obsolete=obsolete,
        fallback=fallback,
        source_words=words,
        reviewed_words=rwords,
    )
