"""Consistency: one source text, one translation, across a language's catalogues."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from ..model import FUZZY, Catalog, Message
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
    seen: dict[tuple[str | None, str], list[tuple[Message, CatalogContext]]] = defaultdict(list)
    for catalog, ctx in catalogs:
        for msg in catalog.messages:
            # reviewed singular entries: active, translated, not fuzzy (EntryState.REVIEWED)
            if (
                msg.msgid_plural is None
                and msg.msgstr
                and not msg.obsolete
                and FUZZY not in msg.flags
            ):
                seen[(msg.context, msg.msgid)].append((msg, ctx))
    for key, uses in seen.items():
        first = uses[0][0].msgstr
        if all(msg.msgstr == first for msg, _ in uses):
            continue  # the usual case, one use or one translation, decided without counting
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
