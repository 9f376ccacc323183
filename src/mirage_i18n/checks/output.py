"""Translations that would harm what the build publishes, whoever reviewed them.

A control character (:mod:`mirage_i18n.chars`) makes an Atom feed invalid XML, ends a ``.mo``
string early at a NUL and has no business in prose; a Hugo shortcode the English does not call
(``{{< param … >}}``, :mod:`mirage_i18n.shortcodes`) would run when Hugo builds the site. Both
are errors here; the build, whatever the gate or a suppression comment says, leaves the
character out and writes the shortcode escaped.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..chars import FORBIDDEN, describe
from ..model import Message
from ..shortcodes import foreign_calls
from .context import EntryContext
from .registry import check
from .util import pairs, quote


@check(
    id="control-char",
    severity="error",
    title="no control characters (NUL, vertical tab, escape, C1…) in the translation",
    needs=FORBIDDEN,
)
def control_char(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for _source, text in pairs(msg):
        found = FORBIDDEN.search(text)
        if found is not None:
            count = len(FORBIDDEN.findall(text))
            more = f" (and {count - 1} more)" if count > 1 else ""
            yield (
                f"the translation holds {describe(found.group())} at character "
                f"{found.start() + 1}{more}: delete it (the build leaves it out)"
            )


@check(
    id="hugo-shortcode",
    severity="error",
    title="no Hugo shortcode ({{< … >}}, {{% … %}}) the English does not call",
    needs="[{]",
)
def hugo_shortcode(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        for call in foreign_calls(source, text):
            yield (
                f"Hugo shortcode {quote(call)} is not in the English: Hugo would run it "
                "(the build writes it escaped); keep the English's shortcodes exactly as they are"
            )
