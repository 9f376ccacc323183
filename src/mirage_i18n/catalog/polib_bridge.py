"""Our catalogues as ``polib.POFile`` objects and back, for scripts and web builds using polib.

Our own reader and writer stay the engine (``docs/architecture.md`` says why, with figures);
polib is the object model other Python tools know. For every catalogue our reader returns,
``from_polib(to_polib(catalog)) == catalog`` and our writer gives the file's bytes again.
polib is imported when a function is called, so the command line does not pay for it.
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING

from ..model import Catalog, Message

if TYPE_CHECKING:
    import polib


def to_polib(catalog: Catalog) -> polib.POFile:
    """The catalogue as a ``polib.POFile``: header, comments, flags, ``#|``, ``#~``, plurals.

    ``wrapwidth`` is 0, so ``po.save()`` leaves strings unwrapped as our files have them
    (polib's default, 78, re-wraps every long string and comment); polib still writes ``#:``
    references on one line, obsolete entries last and without ``#.``/``#:`` lines, an empty
    ``#`` line above a header without comments, and the header fields it knows in its order. The one thing polib cannot hold is a comment block
    that is a single empty ``#`` line (its ``header``/``tcomment`` would be ``""``, as for none).
    """
    import polib

    po = polib.POFile(wrapwidth=0, encoding="utf-8")
    po.fpath = catalog.path
    po.header = "\n".join(_header_comment_text(line) for line in catalog.header_comments)
    po.metadata = dict(catalog.headers)
    po.metadata_is_fuzzy = ["fuzzy"] if catalog.header_fuzzy else []  # as polib's parser sets it
    for msg in catalog.messages:
        po.append(_to_entry(polib, msg))
    return po


def from_polib(pofile: polib.POFile) -> Catalog:
    """A ``polib.POFile`` (from :func:`to_polib`, or from ``polib.pofile()``) as our catalogue."""
    fuzzy = pofile.metadata_is_fuzzy
    return Catalog(
        headers=tuple((str(k), str(v)) for k, v in pofile.metadata.items()),
        header_comments=tuple(("# " + c if c else "#") for c in pofile.header.split("\n"))
        if pofile.header
        else (),
        header_fuzzy=("fuzzy" in fuzzy) if isinstance(fuzzy, list) else bool(fuzzy),
        messages=tuple(_from_entry(entry) for entry in pofile),
        path=pofile.fpath,
    )


def _header_comment_text(line: str) -> str:
    """``# text`` → ``text``: polib keeps the header comment without its markers."""
    return line[2:] if line.startswith("# ") else line[1:]


def _occurrence(location: str) -> tuple[str, str]:
    """``path:12`` → ``("path", "12")``, anything else → ``(location, "")``, as polib splits."""
    path, colon, line = location.rpartition(":")
    return (path, line) if colon and line.isdigit() else (location, "")


def _to_entry(lib: types.ModuleType, msg: Message) -> polib.POEntry:
    plural = msg.msgid_plural is not None
    return lib.POEntry(
        msgid=msg.msgid,
        msgstr="" if plural else msg.msgstr,
        msgid_plural=msg.msgid_plural or "",
        # our writer writes two empty forms for a plural entry without translations
        msgstr_plural=dict(enumerate(msg.msgstr_plural or ("", ""))) if plural else {},
        msgctxt=msg.context,
        obsolete=msg.obsolete,
        flags=list(msg.flags),
        comment="\n".join(msg.auto_comments),
        tcomment="\n".join(msg.user_comments),
        occurrences=[_occurrence(loc) for loc in msg.locations],
        previous_msgctxt=msg.previous_context,
        previous_msgid=msg.previous_msgid,
        previous_msgid_plural=msg.previous_msgid_plural,
        linenum=msg.lineno,
    )


def _from_entry(entry: polib.POEntry) -> Message:
    plural = entry.msgid_plural or None  # polib has "" for none
    forms = entry.msgstr_plural or {}
    return Message(
        msgid=entry.msgid,
        msgstr="" if plural else entry.msgstr,
        context=entry.msgctxt,
        msgid_plural=plural,
        msgstr_plural=tuple(forms[i] for i in sorted(forms)) if plural else (),
        flags=tuple(entry.flags),
        auto_comments=tuple(entry.comment.split("\n")) if entry.comment else (),
        user_comments=tuple(entry.tcomment.split("\n")) if entry.tcomment else (),
        locations=tuple(f"{path}:{line}" if line else path for path, line in entry.occurrences),
        previous_context=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=bool(entry.obsolete),
        lineno=entry.linenum,
    )
