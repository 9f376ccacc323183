"""Cutting a text that is too long for one request into pieces that join back exactly."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?…;:。])\s+|\n+")


def split_text(text: str, limit: int | None) -> list[tuple[str, str]]:
    """Cut ``text`` into ``(chunk, separator)`` pairs, each chunk at most ``limit`` long.

    Cuts at sentence ends first, then at whitespace, and never inside a ``[X…X]`` token;
    joining ``chunk + separator`` over all pairs gives ``text`` back.
    """
    if limit is None or len(text) <= limit:
        return [(text, "")]
    pieces: list[tuple[str, str]] = []  # sentences with the whitespace that follows them
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append((text[pos : match.start()], match.group(0)))
        pos = match.end()
    pieces.append((text[pos:], ""))
    out: list[tuple[str, str]] = []
    current, current_sep = "", ""
    for sentence, sep in pieces:
        for part, part_sep in _split_long(sentence, sep, limit):
            if current and len(current) + len(current_sep) + len(part) <= limit:
                current = current + current_sep + part
            else:
                if current:
                    out.append((current, current_sep))
                current = part
            current_sep = part_sep
    out.append((current, current_sep))
    return [(c, s) for c, s in out if c or s]


def _split_long(sentence: str, sep: str, limit: int) -> list[tuple[str, str]]:
    if len(sentence) <= limit:
        return [(sentence, sep)]
    parts: list[tuple[str, str]] = []
    words = re.split(r"(\s+)", sentence)
    current = ""
    for i in range(0, len(words), 2):
        word, space = words[i], (words[i + 1] if i + 1 < len(words) else "")
        while len(word) > limit:  # one "word" longer than the limit: hard cut, not in a token
            cut = limit
            token = re.search(r"\[X\d+X\]", word[max(0, cut - 12) : cut + 12])
            if token:
                start = max(0, cut - 12) + token.start()
                end = max(0, cut - 12) + token.end()
                if start < cut < end:
                    cut = start if start > 0 else end
            if current:
                parts.append((current, ""))
                current = ""
            parts.append((word[:cut], ""))
            word = word[cut:]
        if current and len(current) + len(word) > limit:
            parts.append((current.rstrip(), current[len(current.rstrip()) :]))
            current = ""
        current += word + space
    stripped = current.rstrip()
    parts.append((stripped, current[len(stripped) :] + sep))
    return [(c, s) for c, s in parts if c or s]
