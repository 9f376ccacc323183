"""Hugo shortcodes in text: which ones a text calls, and the text with the calls it must not
make escaped.

Hugo runs every ``{{< name … >}}`` and ``{{% name … %}}`` in a content file, inside code spans
and blocks too, before the Markdown is rendered: ``{{< param … >}}`` prints site parameters,
other shortcodes read files or fetch URLs. A translation is untrusted, so the only calls it may
make are the English's, verbatim; ``validate`` reports any other (``hugo-shortcode``) and the
Hugo output escapes it the way Hugo documents (``{{</* … */>}}``: shown as written, not run).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

OPENER = re.compile(r"\{\{([<%])")
_SPACE = re.compile(r"\s+")
CLOSER = {"<": ">}}", "%": "%}}"}


def _calls(text: str) -> list[tuple[int, int, str | None]]:
    """(start, end, normalised call, or None for an escaped one) of each opener in ``text``,
    read as Hugo's lexer reads them: ``{{</*`` runs to the first ``*/>}}``, any other call to
    its first ``>}}``; an opener without its closing delimiter runs to the end of the text."""
    out: list[tuple[int, int, str | None]] = []
    pos = 0
    while (m := OPENER.search(text, pos)) is not None:
        delim, start = m.group(1), m.end()
        closer = CLOSER[delim]
        if text.startswith("/*", start):
            close = text.find("*/" + closer, start + 2)
            if close >= 0:
                out.append((m.start(), close + 5, None))
                pos = close + 5
                continue
        close = text.find(closer, start)
        if close < 0:
            inner = _SPACE.sub(" ", text[start:]).strip()
            out.append((m.start(), len(text), f"{{{{{delim} {inner} (not closed)"))
            break
        inner = _SPACE.sub(" ", text[start:close]).strip()
        out.append((m.start(), close + 3, f"{{{{{delim} {inner} {closer}"))
        pos = close + 3
    return out


def shortcode_calls(text: str) -> list[str]:
    """The live shortcode calls of ``text``, whitespace normalised (``{{< figure src=x >}}``);
    one without its closing delimiter ends in ``(not closed)`` (Hugo fails on it)."""
    if "{{" not in text:
        return []
    return [call for _, _, call in _calls(text) if call is not None]


def foreign_calls(source: str, translation: str) -> list[str]:
    """The calls of ``translation`` that ``source`` does not make (as often)."""
    allowed = Counter(shortcode_calls(source))
    out = []
    for call in shortcode_calls(translation):
        if allowed[call] > 0:
            allowed[call] -= 1
        else:
            out.append(call)
    return out


def escape_shortcodes(text: str, allowed: Iterable[str] = ()) -> str:
    """``text`` with every call not in ``allowed`` (calls as :func:`shortcode_calls` gives them,
    each allowing one call) escaped: ``{{</* … */>}}``, which Hugo shows as ``{{< … >}}``;
    an opener without its closing delimiter gets its first brace as ``&#123;``."""
    if "{{" not in text:
        return text
    budget = Counter(allowed)
    out, pos = [], 0
    for start, end, call in _calls(text):
        if call is None or budget[call] > 0:
            if call is not None:
                budget[call] -= 1
            continue
        out.append(text[pos:start])
        delim = text[start + 2]
        if call.endswith("(not closed)"):
            out.append("&#123;" + text[start + 1 : end])
        else:
            out.append("{{" + delim + "/*" + text[start + 3 : end - 3] + "*/" + CLOSER[delim])
        pos = end
    out.append(text[pos:])
    return "".join(out)
