"""The .mo writer against the real readers: GNU msgfmt/msgunfmt, Python gettext, glibc."""

from __future__ import annotations

import gettext
import io
import shutil
import struct
import subprocess

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mirage_i18n.model import Message
from mirage_i18n.publish.mofile import compile_mo, hash_string, mo_pairs

from .helpers import catalog, glibc_lookup, to_po

# Keys chosen so that orderings disagree: U+1F600 (4 UTF-8 bytes, a UTF-16 surrogate pair)
# sorts after U+E000 by code point and bytes, before it in UTF-16; "menu\x04…" context keys sort
# by context, not by msgid (Babel's write_mo sorts by msgid, which breaks glibc's bsearch).
MESSAGES = (
    Message("Hello", "Hej"),
    Message("File", "Arkiv", context="menu"),
    Message("File", "Fil", context="a-context"),
    Message("Zebra", "Sebra", context="b"),
    Message("one file", msgid_plural="%d files", msgstr_plural=("en fil", "%d filer")),
    Message("\U0001f600 emoji", "smil"),
    Message("\ue000 private use", "privat"),
    Message("äpple", "Äpple"),
    Message("Zoo", "Djurpark"),
    Message("Fuzzy", "Luddig", flags=("fuzzy",)),
    Message("Untranslated", ""),
    Message("Old", "Gammal", obsolete=True),
    Message(
        "apples",
        msgid_plural="many apples",
        msgstr_plural=("äpple", ""),
    ),
)
REVIEWED = [m for m in MESSAGES if m.state.value == "reviewed"]


def _msgfmt(tmp_path, cat) -> bytes:
    po = tmp_path / "ref.po"
    po.write_text(to_po(cat), encoding="utf-8")
    out = tmp_path / "ref.mo"
    subprocess.run([shutil.which("msgfmt") or "msgfmt", "-o", str(out), str(po)], check=True)
    return out.read_bytes()


def test_byte_identical_to_gnu_msgfmt(tmp_path):
    # msgfmt keeps a plural entry with one empty form (gettext would then print ""); we leave
    # it out with the untranslated ones, so it is not part of the byte comparison.
    cat = catalog(*(m for m in MESSAGES if m.msgid != "apples"))
    assert compile_mo(cat) == _msgfmt(tmp_path, cat)


def test_keys_sorted_by_utf8_bytes_not_by_msgid():
    keys = [k for k, _ in mo_pairs(catalog(*MESSAGES))]
    assert keys == sorted(keys)
    assert keys[0] == b""  # header first
    assert keys.index("\ue000 private use".encode()) < keys.index("\U0001f600 emoji".encode())
    assert (
        keys.index(b"a-context\x04File") < keys.index(b"b\x04Zebra") < keys.index(b"menu\x04File")
    )
    assert b"Fuzzy" not in keys and b"Untranslated" not in keys and b"Old" not in keys
    assert not any(k.startswith(b"apples") for k in keys)  # one plural form missing


def test_msgunfmt_round_trip(tmp_path):
    mo = tmp_path / "x.mo"
    mo.write_bytes(compile_mo(catalog(*MESSAGES)))
    text = subprocess.run(["msgunfmt", str(mo)], check=True, capture_output=True).stdout.decode()
    po = polib.pofile(text)
    got = {
        (e.msgctxt, e.msgid): (
            e.msgstr_plural and tuple(e.msgstr_plural[i] for i in sorted(e.msgstr_plural))
        )
        or e.msgstr
        for e in po
    }
    want = {(m.context, m.msgid): m.msgstr_plural or m.msgstr for m in REVIEWED}
    assert got == want
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize("hash_table", [True, False])
def test_python_gettext_reads_it(hash_table):
    t = gettext.GNUTranslations(io.BytesIO(compile_mo(catalog(*MESSAGES), hash_table=hash_table)))
    assert t.gettext("Hello") == "Hej"
    assert t.gettext("äpple") == "Äpple"
    assert t.gettext("\U0001f600 emoji") == "smil"
    assert t.pgettext("menu", "File") == "Arkiv"
    assert t.pgettext("a-context", "File") == "Fil"
    assert t.ngettext("one file", "%d files", 1) == "en fil"
    assert t.ngettext("one file", "%d files", 5) == "%d filer"
    assert t.gettext("Fuzzy") == "Fuzzy"
    assert t.gettext("Untranslated") == "Untranslated"
    assert t.ngettext("apples", "many apples", 1) == "apples"


@pytest.mark.parametrize("hash_table", [True, False])
def test_glibc_finds_every_key(tmp_path, hash_table):
    # Without a hash table glibc binary-searches the sorted key table with strcmp.
    target = tmp_path / "sv" / "LC_MESSAGES" / "dom.mo"
    target.parent.mkdir(parents=True)
    target.write_bytes(compile_mo(catalog(*MESSAGES), hash_table=hash_table))
    table_size = struct.unpack("<I", target.read_bytes()[20:24])[0]
    assert table_size > len(REVIEWED) if hash_table else table_size == 0
    queries = [{"msgid": m.msgid, "context": m.context} for m in REVIEWED if m.msgid_plural is None]
    queries += [{"msgid": "one file", "plural": "%d files", "n": n} for n in (1, 2)]
    queries += [{"msgid": "Fuzzy"}, {"msgid": "Untranslated"}, {"msgid": "Old"}]
    want = [m.msgstr for m in REVIEWED if m.msgid_plural is None]
    want += ["en fil", "%d filer", "Fuzzy", "Untranslated", "Old"]
    assert glibc_lookup(tmp_path, "dom", "sv", queries) == want


def test_include_fuzzy_is_opt_in():
    keys = [k for k, _ in mo_pairs(catalog(*MESSAGES), include_fuzzy=True)]
    assert b"Fuzzy" in keys and b"Untranslated" not in keys


def test_hash_string_matches_gettext():
    # Values computed by gettext's hash_string (hashpjw); the long key exercises the fold.
    assert hash_string(b"") == 0
    assert hash_string(b"a") == 97
    assert hash_string(b"ab") == 97 * 16 + 98
    long = hash_string(b"The quick brown fox jumps over the lazy dog")
    assert 0 <= long < 2**32 and long != hash_string(b"The quick brown fox jumps over the lazy cat")


def _hashpjw(data: bytes) -> int:
    """gettext-tools' hash_string (hash-string.c), written as the C source reads."""
    hval = 0
    for byte in data.split(b"\x00", 1)[0]:
        hval = ((hval << 4) + byte) & 0xFFFFFFFF
        g = hval & 0xF0000000
        if g:
            hval ^= g >> 24
            hval ^= g
    return hval


@settings(max_examples=500)
@given(st.binary(max_size=400))
def test_hash_string_equals_the_c_loop(data: bytes) -> None:
    """The loop kept on the hot path (its fold rewritten, its results remembered) gives the C
    source's value for any key, NULs and bytes of 0xF0 and above included."""
    assert hash_string(data) == _hashpjw(data)
    assert hash_string(data) == _hashpjw(data)  # the remembered value, too


_text = st.text(
    alphabet=st.sampled_from(
        list("abcXYZ äöå€\ue000\ufffd") + ["\U0001f600", "\U00010000", "\x04x"[1]]
    ),
    min_size=1,
    max_size=6,
).filter(lambda s: s.strip() == s)
_message = st.builds(
    lambda msgid, msgstr, ctx, fuzzy: Message(
        msgid, msgstr, context=ctx, flags=("fuzzy",) if fuzzy else ()
    ),
    _text,
    st.one_of(st.just(""), _text),
    st.one_of(st.none(), _text),
    st.booleans(),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_message, max_size=12, unique_by=lambda m: (m.context, m.msgid)))
def test_property_identical_to_msgfmt(tmp_path, messages):
    cat = catalog(*messages)
    assert compile_mo(cat) == _msgfmt(tmp_path, cat)
