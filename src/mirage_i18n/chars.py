"""Characters no published text may hold, whoever wrote it.

C0 and C1 control characters (other than tab and line feed), DEL and lone surrogates make an
Atom feed invalid XML, can smuggle line breaks into e-mail headers, cannot be encoded as UTF-8
and are never typed on purpose. Sources are refused when they hold one; validate reports them in
translations; the writers never emit them.
"""

from __future__ import annotations

import re
import unicodedata

# tab (09) and line feed (0A) are text; everything else below 0x20, DEL, C1 and surrogates is not
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def first_forbidden(text: str) -> int:
    """Index of the first forbidden character, or -1."""
    match = FORBIDDEN.search(text)
    return match.start() if match else -1


def describe(ch: str) -> str:
    """``U+0000 (NUL)``, ``U+D800 (lone surrogate)``, ``U+000B (LINE TABULATION)``."""
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        label = "lone surrogate"
    else:
        label = unicodedata.name(ch, "") or _CONTROL_NAMES.get(code, "control character")
    return f"U+{code:04X} ({label})"


_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DEL",
    0x85: "NEXT LINE",
}
