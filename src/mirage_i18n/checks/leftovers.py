"""What tools leave behind in a translation: masks, doubled punctuation.

Machine-translation prefill masks what an engine must not touch with ``[X0X]`` tokens
(``prefill/protect.py``); an engine that damaged a token (``[X 1 X]``, ``[x0x]``), or a
translator who pasted an engine's answer by hand, leaves them in the text. Other tools mask
with ``{{0}}``, ``{1}``, ``[1]`` or ``<x1/>``. Any such token that the source does not have
is an error: the page would show it.

Doubled punctuation (",,", "..", "::", "!!") that the source does not have is a typing slip
or a joint between two pasted pieces; "..." is an ellipsis and is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..model import Message
from .context import EntryContext
from .placeholders import URL_RE, may_hold_url
from .registry import check
from .util import pairs, quote

MASK_RE = re.compile(
    r"\[\s*[A-Za-z]{0,3}\s*\d+\s*[A-Za-z]{0,3}\s*\]"  # [X0X] [X 1 X] [x0x] [T1] [1]
    r"|\{\{\s*\w*\s*\}\}"  # {{0}} {{name}}
    r"|\{\s*\d+\s*\}"  # {0}
    r"|</?\s*[xX]\s*\d+\s*/?>"  # <x1/> (XLIFF-style inline codes)
)


SPACES_RE = re.compile(r"\s+")  # taken out of a mask: "[X 1 X]" is reported as "[X1X]"


def masks(text: str) -> list[str]:
    return [SPACES_RE.sub("", m.group(0)) for m in MASK_RE.finditer(text)]


@check(
    id="mask-token",
    severity="error",
    title="no machine-translation mask or placeholder token ([X0X], {{0}}, <x1/>) the source lacks",
    needs=r"[\[\{<]",
)
def mask_tokens(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        found = masks(text)
        if not found:
            continue
        extra = Counter(found) - Counter(masks(source))
        for token in extra:
            yield (
                f"{quote(token)} looks like a machine-translation mask or placeholder left in "
                f"the text (the source has none): put back what it stood for"
            )


# ".." but not "...", ",,", ": :", and two different clause marks (":,", ",;") where something
# between them was lost; ".," is left alone (an abbreviation before a comma: "2022 г., но").
# Empty quotes or brackets ("„“", "«\u00a0»", "()") held something that was dropped.
DOUBLED_RE = re.compile(
    r"(?<!\.)\.\.(?!\.)|([,;:!?])\s?\1|[,;:]\s?[,;:]"
    r"|[„“\"«‹(\[]\s?[”“\"»›)\]]"
)


# Where none of these pairs is, DOUBLED_RE cannot match (a charset-led scan, far cheaper).
MAY_DOUBLE_RE = re.compile(r"[.,;:!?„“\"«‹(\[]\s?[.,;:!?”“\"»›)\]]")
_MAY_DOUBLE = MAY_DOUBLE_RE.search


def doubled(text: str) -> list[str]:
    if _MAY_DOUBLE(text) is None:
        return []
    if may_hold_url(text):
        text = URL_RE.sub(" ", text)
    return [m.group(0) for m in DOUBLED_RE.finditer(text)]


@check(
    id="doubled-punctuation",
    severity="warning",
    title="no doubled punctuation (',,', '..', '::') or empty quotes the source does not have",
    screen=MAY_DOUBLE_RE,  # what doubled() looks for first
)
def doubled_punctuation(msg: Message, ctx: EntryContext) -> Iterator[str]:
    for source, text in pairs(msg):
        found = doubled(text)
        if not found:
            continue
        extra = Counter(found) - Counter(doubled(source))
        for mark in extra:
            at = text.find(mark)
            around = text[max(0, at - 15) : at + len(mark) + 15]
            what = "empty quotes or brackets" if mark[-1] in '”“"»›)]' else "doubled punctuation"
            yield f"{what} {quote(mark)} not in the source: {quote(around)}"
