"""Test helpers: build catalogues from compact specs, write them as PO with polib, run glibc."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib

from mirage_i18n.model import Catalog, Message

SV_HEADERS = (
    ("Project-Id-Version", "test 1"),
    ("Language", "sv"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
)


def catalog(*messages: Message, headers=SV_HEADERS) -> Catalog:
    return Catalog(headers=headers, messages=tuple(messages))


def to_po(cat: Catalog) -> str:
    po = polib.POFile(wrapwidth=0)
    po.metadata = dict(cat.headers)
    for m in cat.messages:
        entry = polib.POEntry(
            msgid=m.msgid,
            msgstr=m.msgstr,
            msgctxt=m.context,
            flags=list(m.flags),
            obsolete=m.obsolete,
        )
        if m.msgid_plural is not None:
            entry.msgid_plural = m.msgid_plural
            entry.msgstr = ""
            entry.msgstr_plural = dict(enumerate(m.msgstr_plural))
        po.append(entry)
    return str(po)


_GLIBC_LOOKUP = r"""
import ctypes, json, locale, sys
locale.setlocale(locale.LC_ALL, "")
libc = ctypes.CDLL(None)
for name in ("bindtextdomain", "bind_textdomain_codeset", "dcgettext", "dcngettext"):
    getattr(libc, name).restype = ctypes.c_char_p
libc.dcngettext.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_int]
domain, localedir, queries = sys.argv[1].encode(), sys.argv[2].encode(), json.loads(sys.argv[3])
libc.bindtextdomain(domain, localedir)
libc.bind_textdomain_codeset(domain, b"UTF-8")
LC_MESSAGES = locale.LC_MESSAGES
out = []
for q in queries:
    key = q["msgid"] if q.get("context") is None else q["context"] + "\x04" + q["msgid"]
    if q.get("plural") is None:
        out.append(libc.dcgettext(domain, key.encode(), LC_MESSAGES).decode())
    else:
        out.append(libc.dcngettext(domain, key.encode(), q["plural"].encode(), q["n"], LC_MESSAGES).decode())
print(json.dumps(out))
"""


def glibc_lookup(localedir: Path, domain: str, lang: str, queries: list[dict]) -> list[str]:
    """Look strings up through the C library's gettext in a fresh process.

    glibc ignores LANGUAGE when the locale is plain "C", so the child runs under C.UTF-8
    (built into glibc >= 2.35 and Debian's older glibc) with LANGUAGE choosing the catalogue.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANGUAGE=lang, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    result = subprocess.run(
        [sys.executable, "-c", _GLIBC_LOOKUP, domain, str(localedir), json.dumps(queries)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)
