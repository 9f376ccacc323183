"""Consistency: one source text, one translation, across a language's catalogues."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from ..model import Catalog, EntryState, Message
from .context import CatalogContext
from .registry import Problem, check
from .util import quote


@check(
    id="consistency",
    severity="warning",
    title="the same msgid is translated the same way in all of a language's catalogues",
    scope="project",
)
def consistency(catalogs: Sequence[tuple[Catalog, CatalogContext]], lang: str) -> Iterator[Problem]:
    seen: dict[tuple[str | None, str], list[tuple[Message, CatalogContext]]] = {}
    reviewed = EntryState.REVIEWED
    for catalog, ctx in catalogs:
        for msg in catalog.active:
            # reviewed singular entries: active, translated, not fuzzy
            if msg.msgid_plural is None and msg.state is reviewed:
                key = (msg.context, msg.msgid)
                uses = seen.get(key)
                if uses is None:
                    seen[key] = [(msg, ctx)]
                else:
                    uses.append((msg, ctx))
    for key, uses in seen.items():
        if len(uses) == 1:
            continue  # the usual case: one use
        first = uses[0][0].msgstr
        if all(msg.msgstr == first for msg, _ in uses):
            continue  # one translation, decided without counting
        variants = Counter(msg.msgstr for msg, _ in uses)
        if len(variants) < 2:
            continue
        # The most frequent translation (first seen on a tie) is the reference.
        reference = max(variants, key=lambda s: (variants[s], -_first_index(uses, s)))
        ref_msg, ref_ctx = next((m, c) for m, c in uses if m.msgstr == reference)
        where = f"{ref_ctx.path}:{ref_msg.lineno}" if ref_msg.lineno else ref_ctx.path
        for msg, ctx in uses:
            if msg.msgstr != reference:
                yield Problem(
                    f"{quote(key[1], 40)} is translated differently in {where}: {quote(reference)}",
                    line=msg.lineno,
                    path=ctx.path,
                    msg=msg,
                )


def _first_index(uses: list[tuple[Message, CatalogContext]], text: str) -> int:
    return next(i for i, (m, _) in enumerate(uses) if m.msgstr == text)
