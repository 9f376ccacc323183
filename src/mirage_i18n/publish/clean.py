"""Translations as the writers may use them: without control characters.

A control character (:mod:`mirage_i18n.chars`) in a translation makes an Atom feed invalid XML,
truncates a ``.mo`` string at a NUL and could end an e-mail header. ``validate`` reports it
(``control-char``, an error); the build, whatever the gate or a suppression comment says,
leaves the character out of what it publishes and says so. An entry whose msgid or context
holds one cannot belong to a source text (sources refuse them): it is left out whole.
"""

from __future__ import annotations

from dataclasses import replace

from ..chars import FORBIDDEN, describe, first_forbidden
from ..model import Catalog, Message


def clean_catalog(catalog: Catalog, shown: str) -> tuple[Catalog, list[str]]:
    """``catalog`` without control characters in what a build publishes; a note per change
    (``path:line: …``). The catalogue itself is returned unchanged when it holds none."""
    texts = [v for _, v in catalog.headers]
    for msg in catalog.messages:
        texts += (msg.msgid, msg.msgstr, msg.context or "", msg.msgid_plural or "")
        texts += msg.msgstr_plural
    if first_forbidden("\n".join(texts)) < 0:
        return catalog, []  # the usual case: one scan of the whole catalogue
    notes: list[str] = []
    headers = []
    for key, value in catalog.headers:
        at = first_forbidden(value)
        if at >= 0:
            notes.append(f"{shown}: {describe(value[at])} left out of header {key}")
            value = FORBIDDEN.sub("", value)
        headers.append((key, value))
    messages: list[Message] = []
    for msg in catalog.messages:
        where = f"{shown}:{msg.lineno}" if msg.lineno else shown
        keys = (msg.msgid, msg.msgid_plural or "", msg.context or "")
        bad_key = next((k for k in keys if first_forbidden(k) >= 0), None)
        if bad_key is not None:
            char = bad_key[first_forbidden(bad_key)]
            notes.append(f"{where}: entry left out: its msgid or msgctxt holds {describe(char)}")
            continue
        forms = (msg.msgstr, *msg.msgstr_plural)
        bad = next((t for t in forms if first_forbidden(t) >= 0), None)
        if bad is not None:
            count = sum(len(FORBIDDEN.findall(t)) for t in forms)
            more = f" and {count - 1} more control character(s)" if count > 1 else ""
            notes.append(
                f"{where}: {describe(bad[first_forbidden(bad)])}{more} left out of the "
                "published translation (validate: control-char)"
            )
            msg = replace(
                msg,
                msgstr=FORBIDDEN.sub("", msg.msgstr),
                msgstr_plural=tuple(FORBIDDEN.sub("", t) for t in msg.msgstr_plural),
            )
        messages.append(msg)
    if not notes:
        return catalog, notes
    return replace(catalog, headers=tuple(headers), messages=tuple(messages)), notes
