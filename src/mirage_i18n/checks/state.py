"""State checks: what is still to do before a catalogue can be published."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import FALLBACK_CONTEXTS, Catalog, EntryState, Message
from .context import CatalogContext, EntryContext
from .registry import Problem, check
from .util import quote

# How prefill marks machine translation: a translator comment ``mirage-mt: <engine> <date>``
# (flags are dropped by some editors, comments are not). MT flags are recognised too.
MT_FLAGS = frozenset({"mt", "machine-translated", "machine-translation"})
MT_COMMENT_RE = re.compile(r"^\s*(?:mirage[- ])?(?:mt\b|machine[- ]translat)", re.IGNORECASE)


def machine_translated(msg: Message) -> bool:
    return bool(MT_FLAGS & set(msg.flags)) or any(MT_COMMENT_RE.match(c) for c in msg.user_comments)


@check(
    id="untranslated",
    severity="warning",
    title="entry not translated yet",
    scope="state",
    states=[EntryState.UNTRANSLATED],
)
def untranslated(msg: Message, ctx: EntryContext) -> Iterator[str]:
    if msg.state is EntryState.UNTRANSLATED and msg.context not in FALLBACK_CONTEXTS:
        yield f"not translated yet: {quote(msg.msgid)}"


@check(
    id="fuzzy",
    severity="warning",
    title="entry marked fuzzy: needs review (not published until the flag is cleared)",
    scope="state",
    states=[EntryState.FUZZY],
)
def fuzzy(msg: Message, ctx: EntryContext) -> Iterator[str]:
    if msg.state is EntryState.FUZZY and not machine_translated(msg):
        yield "needs review: the entry is fuzzy (source changed or suggested match)"


@check(
    id="machine-translated",
    severity="warning",
    title="machine translation not yet reviewed by a translator",
    scope="state",
    states=[EntryState.FUZZY],
)
def machine(msg: Message, ctx: EntryContext) -> Iterator[str]:
    if msg.state is EntryState.FUZZY and machine_translated(msg):
        yield "machine translation awaiting review: check it, then clear the fuzzy flag"


@check(
    id="obsolete",
    severity="warning",
    title="obsolete entries (#~) left in the catalogue",
    scope="catalog",
)
def obsolete(catalog: Catalog, ctx: CatalogContext) -> Iterator[Problem]:
    for msg in catalog.messages:
        if msg.obsolete:
            yield Problem(
                f"obsolete entry left behind: {quote(msg.msgid)} "
                "(remove it once nothing is to be reused)",
                line=msg.lineno,
                msg=msg,
            )
