"""The AMIF disclaimer: an approved translation, or the English original, nothing else."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Message
from .context import DISCLAIMER_CONTEXT, EntryContext
from .registry import check


def _first_difference(a: str, b: str) -> int:
    for index, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return index
    return min(len(a), len(b))


@check(
    id="disclaimer",
    severity="error",
    title="the disclaimer equals the approved text for the language, or the English original",
    contexts=[DISCLAIMER_CONTEXT],
)
def disclaimer(msg: Message, ctx: EntryContext) -> Iterator[str]:
    if msg.context != DISCLAIMER_CONTEXT or not msg.msgstr or msg.msgstr == msg.msgid:
        return
    approved = ctx.rules.disclaimer
    if approved is None:
        yield (
            f"no approved disclaimer is configured for {ctx.lang} "
            f"([languages.{ctx.lang}] disclaimer): leave it untranslated or identical to English"
        )
    elif msg.msgstr != approved:
        at = _first_difference(msg.msgstr, approved)
        yield (
            f"the disclaimer differs from the approved {ctx.lang} text at character {at + 1} "
            f"({msg.msgstr[at : at + 20]!r} instead of {approved[at : at + 20]!r}); "
            "copy the approved text exactly, or leave it untranslated"
        )
