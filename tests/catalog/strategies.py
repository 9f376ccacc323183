"""Hypothesis strategies for catalogues as translators and our tools write them."""

from __future__ import annotations

from hypothesis import strategies as st

from mirage_i18n.model import Catalog, Message

HEADERS = (
    ("Project-Id-Version", "MIraGE news/x"),
    ("Language", "ro"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    (
        "Plural-Forms",
        "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
    ),
)


# What translators type: printable Unicode (line separators U+2028/U+0085 included: polib's own
# file reading splits there, ours and gettext's do not), quotes, backslashes, tabs, newlines.
# No control characters: polib does not decode "\a".
text = st.lists(
    st.characters(blacklist_categories=("Cs", "Cc"))
    | st.sampled_from(
        ['"', "\\", "\t", "\n", " ", "ö", "€", "’", "\U0001f600", "\u2028", "\x85", "\\n", '\\"']
    ),
    min_size=1,
    max_size=60,
).map("".join)
comment = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=50
)
location = st.from_regex(r"source_texts/[a-z0-9_/-]{1,40}\.md(:[1-9][0-9]{0,3})?", fullmatch=True)
flag = st.sampled_from(["python-format", "no-wrap", "c-format", "python-brace-format"])


@st.composite
def catalogues(draw: st.DrawFn) -> Catalog:
    msgids = draw(st.lists(text, min_size=0, max_size=10, unique=True))
    out = []
    for msgid in msgids:
        plural = draw(st.one_of(st.none(), text))
        if plural is not None:
            forms = draw(st.lists(st.one_of(st.just(""), text), min_size=3, max_size=3))
            msgstr = ""
        else:
            forms = []
            msgstr = draw(st.one_of(st.just(""), text))
        translated = bool(msgstr) or (bool(forms) and all(forms))
        fuzzy = translated and draw(st.booleans())
        # GNU keeps an obsolete entry whose first form is translated, the others too or not
        keeps = bool(forms[0]) if plural is not None else bool(msgstr)
        obsolete = keeps and draw(st.integers(0, 5)) == 0
        previous = draw(st.one_of(st.none(), text)) if fuzzy else None
        out.append(
            Message(
                msgid=msgid,
                msgstr=msgstr,
                msgid_plural=plural,
                msgstr_plural=tuple(forms),
                context=draw(st.one_of(st.none(), text)),
                flags=(("fuzzy",) if fuzzy else ())
                + tuple(draw(st.lists(flag, max_size=2, unique=True))),
                auto_comments=tuple(
                    c.strip() for c in draw(st.lists(comment, max_size=2)) if c.strip()
                ),
                user_comments=tuple(
                    c.strip() for c in draw(st.lists(comment, max_size=2)) if c.strip()
                ),
                locations=tuple(draw(st.lists(location, max_size=8, unique=True))),
                # gettext writes #| msgctxt and #| msgid_plural only beside a #| msgid
                previous_context=draw(st.one_of(st.none(), text)) if previous else None,
                previous_msgid=previous,
                previous_msgid_plural=draw(st.one_of(st.none(), text))
                if previous and plural
                else None,
                obsolete=obsolete,
            )
        )
    keys = set()
    unique = []
    for m in out:  # one (context, msgid) per active entry, as a valid catalogue has
        if m.obsolete or m.key not in keys:
            keys.add(m.key)
            unique.append(m)
    head = tuple(
        draw(st.lists(comment.map(lambda c: "# " + c.strip() if c.strip() else "#"), max_size=3))
    )
    return Catalog(
        headers=HEADERS,
        header_comments=head,
        header_fuzzy=draw(st.booleans()),
        messages=tuple(unique),
    )
