"""Mutated catalogues for the differential test against GNU ``msgfmt -c``.

Valid catalogues (the sample's ``locales/``, ``tests/catalog/golden/``, catalogues generated
by ``strategies.catalogues``) are mutated by a seeded generator, one mutation per copy: the
characters and constructs of issue 13 (U+0085, U+2028, ``\\x04``, ``#~`` mixes, ``\\n`` on one
side only, no header, plural formulas that divide by zero…) and the token-level liberties GNU
allows (``#,fuzzy``, ``msgid"x"``, a keyword alone on its line…). Deterministic: the same seed
gives the same mutants, byte for byte, on every machine.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from mirage_i18n.catalog.powriter import format_po
from mirage_i18n.model import Catalog

REPO = Path(__file__).resolve().parents[2]

Text = str | bytes  # a mutant is text (written as UTF-8) or raw bytes
Mutation = Callable[[random.Random, list[str], str], Text | None]


@dataclass(frozen=True)
class Base:
    name: str  # shown in reports: a repository path or "generated/<n>.po"
    text: str
    lang: str  # the language folder it is checked for ("" for a template)

    @property
    def template(self) -> bool:
        return self.name.endswith(".pot")


@dataclass(frozen=True)
class Mutant:
    kind: str
    base: str
    lang: str
    data: bytes

    @property
    def template(self) -> bool:
        return self.base.endswith(".pot")


# ---------------------------------------------------------------------------- bases


def repository_bases() -> list[Base]:
    """Every catalogue and template of the sample project and of the golden tests."""
    out = []
    roots = [REPO / "locales", REPO / "tests" / "catalog" / "golden"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".po", ".pot"):
                continue
            rel = path.relative_to(REPO).as_posix()
            lang = "" if path.suffix == ".pot" else rel.split("/")[1]
            out.append(Base(rel, path.read_text(encoding="utf-8"), lang))
    return out


def generated_bases(count: int) -> list[Base]:
    """``count`` catalogues from ``strategies.catalogues``, the same ones on every run.

    Format flags are dropped: ``msgfmt -c`` checks ``c-format`` and its kin against the
    translation, which mirage catalogues never carry (extract writes none)."""
    from hypothesis import HealthCheck, Phase, given, settings

    from tests.catalog.strategies import catalogues

    drawn: list[Catalog] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(catalogues())
    def draw(catalog: Catalog) -> None:
        if len(drawn) < count:
            drawn.append(catalog)

    draw()
    out = []
    for n, catalog in enumerate(drawn):
        messages = tuple(
            replace(m, flags=tuple(f for f in m.flags if f == "fuzzy")) for m in catalog.messages
        )
        out.append(Base(f"generated/{n}.po", format_po(replace(catalog, messages=messages)), "ro"))
    return out


# ---------------------------------------------------------------------------- helpers

KEYWORD = re.compile(r'^(#~ )?(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "')
STRING_LINE = re.compile(r'^(#~ )?(?:(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) )?"')


def _pick(rng: random.Random, lines: list[str], pattern: re.Pattern[str]) -> int | None:
    found = [i for i, line in enumerate(lines) if pattern.match(line)]
    return rng.choice(found) if found else None


def _join(lines: list[str]) -> str:
    return "\n".join(lines)


def _entries(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line spans of the blocks separated by blank lines."""
    spans, start = [], None
    for i, line in enumerate(lines + [""]):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            spans.append((start, i))
            start = None
    return spans


def _header_span(lines: list[str]) -> tuple[int, int] | None:
    for first, end in _entries(lines):
        block = lines[first:end]
        if any(line == 'msgid ""' for line in block) and not any(
            line.startswith("msgctxt") for line in block
        ):
            i = block.index('msgid ""')
            if i + 1 < len(block) and block[i + 1].startswith("msgstr"):
                return first, end
    return None


def _insert_in_string(rng: random.Random, line: str, piece: str) -> str:
    """``piece`` at a random place between the quotes of a string line."""
    start = line.index('"') + 1
    end = len(line) - 1
    # never split an escape sequence
    spots = [i for i in range(start, end + 1) if line[i - 1] != "\\" or line[i - 2 : i] == "\\\\"]
    spot = rng.choice(spots)
    return line[:spot] + piece + line[spot:]


def _with_line(lines: list[str], i: int, new: str | list[str]) -> str:
    out = list(lines)
    out[i : i + 1] = [new] if isinstance(new, str) else new
    return _join(out)


def _blank_spots(lines: list[str]) -> list[int]:
    """Where a line may be inserted: between entries, or anywhere."""
    return list(range(len(lines) + 1))


# ---------------------------------------------------------------------------- mutations


def line_of(char: str) -> Mutation:
    def mutate(rng: random.Random, lines: list[str], text: str) -> Text:
        i = rng.randrange(len(lines) + 1)
        pad = rng.choice(["", " ", "\t"])
        return _join(lines[:i] + [pad + char + rng.choice(["", " "])] + lines[i:])

    return mutate


def unicode_space_before(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = _pick(rng, lines, re.compile(r"^[#m\"]"))
    if i is None:
        return None
    space = rng.choice(["\u00a0", "\u2028", "\x85", "\u3000", "\u2029", "\x1c", "\u200a"])
    return _with_line(lines, i, space + lines[i])


def unicode_space_after_keyword(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = _pick(rng, lines, KEYWORD)
    if i is None:
        return None
    space = rng.choice(["\u00a0", "\u2028", "\x85", "\u3000", "\x1f"])
    line = lines[i]
    q = line.index('"')
    return _with_line(lines, i, line[: q - 1] + space + line[q:])


def unicode_space_after_string(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = _pick(rng, lines, STRING_LINE)
    if i is None:
        return None
    return _with_line(lines, i, lines[i] + rng.choice(["\u2028", "\x85", "\u00a0", "\u2029"]))


def in_string(pieces: list[str], which: re.Pattern[str] = STRING_LINE) -> Mutation:
    def mutate(rng: random.Random, lines: list[str], text: str) -> Text | None:
        i = _pick(rng, lines, which)
        if i is None:
            return None
        return _with_line(lines, i, _insert_in_string(rng, lines[i], rng.choice(pieces)))

    return mutate


def stray_msgstr(rng: random.Random, lines: list[str], text: str) -> Text:
    i = rng.randrange(len(lines) + 1)
    stray = rng.choice(['msgstr "x"', 'msgstr ""', 'msgstr[0] "x"', 'msgid_plural "x"', '"x"'])
    return _join(lines[:i] + [stray] + lines[i:])


def obsolete_mix(rng: random.Random, lines: list[str], text: str) -> Text | None:
    obsolete = [i for i, line in enumerate(lines) if line.startswith("#~ ")]
    active = [i for i, line in enumerate(lines) if STRING_LINE.match(line) and line[0] != "#"]
    if obsolete and (not active or rng.random() < 0.6):
        i = rng.choice(obsolete)
        return _with_line(lines, i, lines[i][3:])
    if not active:
        return None
    i = rng.choice(active)
    return _with_line(lines, i, "#~ " + lines[i])


def obsolete_nospace(rng: random.Random, lines: list[str], text: str) -> Text | None:
    obsolete = [i for i, line in enumerate(lines) if line.startswith("#~ ")]
    if not obsolete:
        # make the last entry obsolete first
        spans = _entries(lines)
        first, end = spans[-1]
        block = ["#~ " + line if not line.startswith("#") else line for line in lines[first:end]]
        lines = lines[:first] + block + lines[end:]
        obsolete = [i for i, line in enumerate(lines) if line.startswith("#~ ")]
        if not obsolete:
            return None
    if rng.random() < 0.5:
        i = rng.choice(obsolete)
        return _with_line(lines, i, "#~" + lines[i][3:])
    return _join(["#~" + line[3:] if line.startswith("#~ ") else line for line in lines])


def newline_edge(rng: random.Random, lines: list[str], text: str) -> Text | None:
    """``\\n`` at the start or the end of one side of a translated entry only (msgfmt checks
    no other)."""
    header = _header_span(lines)
    skip = range(*header) if header else range(0)
    translated = set()
    for first, end in _entries(lines):
        block = lines[first:end]
        if any(re.match(r'^msgstr(\[0\])? "[^"]', line) for line in block):
            translated.update(range(first, end))
    found = [
        i
        for i, line in enumerate(lines)
        if i not in skip and i in translated and KEYWORD.match(line) and not line.endswith('""')
    ]
    if not found:
        return None
    i = rng.choice(found)
    line = lines[i]
    q = line.index('"')
    if rng.random() < 0.5:
        return _with_line(lines, i, line[: q + 1] + "\\n" + line[q + 1 :])
    return _with_line(lines, i, line[:-1] + "\\n" + line[-1])


def no_header(rng: random.Random, lines: list[str], text: str) -> Text | None:
    span = _header_span(lines)
    if span is None:
        return None
    first, end = span
    how = rng.choice(["delete", "delete", "context", "obsolete", "empty"])
    block = lines[first:end]
    if how == "delete":
        new = [line for line in block if line.startswith("#") and not line.startswith("#,")]
    elif how == "context":
        i = block.index('msgid ""')
        new = block[:i] + ['msgctxt "x"'] + block[i:]
    elif how == "obsolete":
        new = ["#~ " + line if not line.startswith("#") else line for line in block]
    else:
        i = block.index('msgid ""')
        new = block[: i + 1] + ['msgstr ""']
    return _join(lines[:first] + new + lines[end:])


FORMULAS = [
    "nplurals=2; plural=n/0;",
    "nplurals=2; plural=n%0;",
    "nplurals=2; plural=(n%(n-5));",
    "nplurals=3; plural=(n==1 ? 0 : n/(n-n));",
    "nplurals=2; plural=n;",
    "nplurals=2; plural=(n-1);",
    "nplurals=1; plural=(n != 1);",
    "nplurals=3; plural=(n != 1);",
    "nplurals=2; plural=(n > 1);",
    "nplurals=x; plural=(n != 1);",
    "nplurals=2; plural=(n !=);",
    "nplurals=2;",
    "plural=(n != 1);",
    "nplurals=2; plural=(n != 1)",
    "nplurals = 2; plural = (n != 1);",
]


def plural_formula(rng: random.Random, lines: list[str], text: str) -> Text | None:
    formula = rng.choice(FORMULAS)
    i = _pick(rng, lines, re.compile(r'^"Plural-Forms:'))
    if i is not None:
        return _with_line(lines, i, f'"Plural-Forms: {formula}\\n"')
    span = _header_span(lines)
    if span is None:
        return None
    return _join(lines[: span[1]] + [f'"Plural-Forms: {formula}\\n"'] + lines[span[1] :])


PLURAL_LINE = re.compile(r"^(#~ )?msgstr\[(\d+)\] ")


def plural_forms(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = _pick(rng, lines, PLURAL_LINE)
    if i is None:
        return None
    line = lines[i]
    match = PLURAL_LINE.match(line)
    assert match is not None
    prefix, index = match.group(1) or "", int(match.group(2))
    how = rng.choice(["drop", "add", "gap", "swap", "dup", "big"])
    if how == "drop":
        out = list(lines)
        del out[i]
        while i < len(out) and out[i].startswith((prefix + '"') if prefix else '"'):
            del out[i]
        return _join(out)
    if how == "add":
        j = i
        while (
            j + 1 < len(lines)
            and PLURAL_LINE.match(lines[j + 1])
            or (j + 1 < len(lines) and lines[j + 1].startswith('"'))
        ):
            j += 1
        last = max(int(m.group(2)) for m in map(PLURAL_LINE.match, lines[i - index : j + 1]) if m)
        return _join(lines[: j + 1] + [f'{prefix}msgstr[{last + 1}] "x"'] + lines[j + 1 :])
    new_index = {"gap": index + 2, "swap": index ^ 1, "dup": max(index - 1, 0), "big": 10**20}[how]
    return _with_line(lines, i, line.replace(f"[{index}]", f"[{new_index}]", 1))


def comment_nospace(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = _pick(rng, lines, re.compile(r"^(#~ )?#[,:.|] "))
    if i is None:
        return None
    line = lines[i]
    j = line.index("#", 3 if line.startswith("#~ ") else 0)
    return _with_line(lines, i, line[: j + 2] + line[j + 3 :])


def comment_odd(rng: random.Random, lines: list[str], text: str) -> Text:
    comment = rng.choice(
        ["#x", "#!fuzzy", "#! fuzzy", "#=", "#-", "#~#", "#~", "#~ # x", "#\t x", "#,", "#:", "#."]
        + ["#, fuzzy,", "#, fuzzy python-format", "#,,fuzzy", "#:  a.md:1\tb.md:2", "#|"]
    )
    spans = _entries(lines)
    first = rng.choice(spans)[0] if spans else 0
    return _join(lines[:first] + [comment] + lines[first:])


def keyword_nospace(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = _pick(rng, lines, KEYWORD)
    if i is None:
        return None
    line = lines[i]
    q = line.index('"')
    return _with_line(lines, i, line[: q - 1] + line[q:])


def keyword_alone(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = _pick(rng, lines, KEYWORD)
    if i is None:
        return None
    line = lines[i]
    q = line.index('"')
    prefix = "#~ " if line.startswith("#~ ") else ""
    return _with_line(lines, i, [line[: q - 1], prefix + line[q:]])


def two_strings(rng: random.Random, lines: list[str], text: str) -> Text | None:
    """Two strings on one line: a continuation joined up, or a string split in place."""
    joins = [
        i for i in range(1, len(lines)) if lines[i].startswith('"') and lines[i - 1][-1:] == '"'
    ]
    if joins and rng.random() < 0.5:
        i = rng.choice(joins)
        return _join(
            lines[: i - 1]
            + [lines[i - 1] + rng.choice([" ", "", "\t"]) + lines[i]]
            + lines[i + 1 :]
        )
    i = _pick(rng, lines, STRING_LINE)
    if i is None:
        return None
    return _with_line(lines, i, _insert_in_string(rng, lines[i], '" "'))


def two_keywords(rng: random.Random, lines: list[str], text: str) -> Text | None:
    found = [
        i for i in range(len(lines) - 1) if KEYWORD.match(lines[i]) and KEYWORD.match(lines[i + 1])
    ]
    if not found:
        return None
    i = rng.choice(found)
    second = lines[i + 1][3:] if lines[i + 1].startswith("#~ ") else lines[i + 1]
    return _join(lines[:i] + [lines[i] + rng.choice([" ", "", "  "]) + second] + lines[i + 2 :])


def trailing_comment(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = _pick(rng, lines, STRING_LINE)
    if i is None:
        return None
    return _with_line(lines, i, lines[i] + rng.choice([" # note", "#x", " #, fuzzy", "\t#"]))


def bracket_space(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = _pick(rng, lines, PLURAL_LINE)
    if i is None:
        return None
    line = lines[i]
    match = PLURAL_LINE.match(line)
    assert match is not None
    index = match.group(2)
    new = rng.choice([f"[ {index} ]", f" [{index}]", f"[{index} ]", f"[\t{index}]", f"[0{index}]"])
    return _with_line(lines, i, line.replace(f"[{index}]", new, 1))


def whitespace(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = rng.randrange(len(lines))
    line = lines[i]
    how = rng.choice(["lead", "trail", "keyword", "vt-line", "ff-line"])
    space = rng.choice(["\t", " ", "\f", "\v", "  \t"])
    if how == "lead":
        return _with_line(lines, i, space + line)
    if how == "trail":
        return _with_line(lines, i, line + space)
    if how == "keyword":
        j = _pick(rng, lines, KEYWORD)
        if j is None:
            return None
        q = lines[j].index('"')
        return _with_line(lines, j, lines[j][: q - 1] + space + lines[j][q:])
    return _join(lines[:i] + ["\v" if how == "vt-line" else "\f"] + lines[i:])


def carriage_return(rng: random.Random, lines: list[str], text: str) -> Text | None:
    how = rng.choice(["crlf", "cr-lines", "cr-one", "cr-in-string", "cr-mid"])
    if how == "crlf":
        return "\r\n".join(lines)
    if how == "cr-lines":
        return "\r".join(lines)
    i = rng.randrange(len(lines))
    if how == "cr-one":
        return _with_line(lines, i, lines[i] + "\r")
    if how == "cr-mid":
        return (
            _join(lines[:i] + [lines[i] + "\r" + lines[i + 1]] + lines[i + 2 :])
            if i + 1 < len(lines)
            else None
        )
    j = _pick(rng, lines, STRING_LINE)
    if j is None:
        return None
    return _with_line(lines, j, _insert_in_string(rng, lines[j], "\r"))


def bom(rng: random.Random, lines: list[str], text: str) -> Text:
    return b"\xef\xbb\xbf" + _join(lines).encode("utf-8")


def unknown_keyword(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = _pick(rng, lines, KEYWORD)
    if i is None:
        return None
    line = lines[i]
    match = KEYWORD.match(line)
    assert match is not None
    keyword = match.group(2)
    new = rng.choice(["msgtxt", "MSGID", "msgstr_plural", "msgid_plurals", "msgstr0", "msg"])
    if rng.random() < 0.2:
        return _join(lines[:i] + ['domain "x"'] + lines[i:])
    return _with_line(lines, i, line.replace(keyword, new, 1))


def bad_escape(rng: random.Random, lines: list[str], text: str) -> Text | None:
    return in_string(["\\q", "\\?", "\\'", "\\u00e9", "\\x", "\\8", "\\ ", "\\U0001F600", "\\e"])(
        rng, lines, text
    )


def byte_escape(rng: random.Random, lines: list[str], text: str) -> Text | None:
    pieces = ["\\101", "\\x41", "\\303\\244", "\\xc3\\xa4", "\\xff", "\\400", "\\x141"]
    pieces += ["\\0101", "\\7", "\\x7f", "\\342\\200\\250", "\\303", "\\x1b", "\\177"]
    return in_string(pieces)(rng, lines, text)


def backslash_newline(rng: random.Random, lines: list[str], text: str) -> Text | None:
    """A backslash-newline in a string (msgfmt joins the lines), or at the end of a comment
    line (the comment then swallows the next line)."""
    if rng.random() < 0.3:
        i = _pick(rng, lines, re.compile(r"^#[^~|]"))
        if i is not None:
            return _with_line(lines, i, lines[i] + "\\")
    i = _pick(rng, lines, STRING_LINE)
    if i is None:
        return None
    line = _insert_in_string(rng, lines[i], "\\\n")
    return _with_line(lines, i, line.split("\n"))


def invalid_utf8(rng: random.Random, lines: list[str], text: str) -> Text:
    raw = _join(lines).encode("utf-8")
    spot = rng.randrange(len(raw) + 1)
    return (
        raw[:spot]
        + rng.choice([b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xc0\xaf"])
        + raw[spot:]
    )


def duplicate_entry(rng: random.Random, lines: list[str], text: str) -> Text | None:
    spans = _entries(lines)
    if len(spans) < 2:
        return None
    first, end = rng.choice(spans)
    block = lines[first:end]
    if rng.random() < 0.3:
        block = ["#~ " + line if not line.startswith("#") else line for line in block]
    at = rng.choice(spans)[0]
    return _join(lines[:at] + block + [""] + lines[at:])


def delete_line(rng: random.Random, lines: list[str], text: str) -> Text:
    i = rng.randrange(len(lines))
    return _join(lines[:i] + lines[i + 1 :])


def duplicate_line(rng: random.Random, lines: list[str], text: str) -> Text:
    i = rng.randrange(len(lines))
    return _join(lines[: i + 1] + [lines[i]] + lines[i + 1 :])


def swap_lines(rng: random.Random, lines: list[str], text: str) -> Text | None:
    if len(lines) < 2:
        return None
    i = rng.randrange(len(lines) - 1)
    return _join(lines[:i] + [lines[i + 1], lines[i]] + lines[i + 2 :])


def insert_char(rng: random.Random, lines: list[str], text: str) -> Text:
    spot = rng.randrange(len(text) + 1)
    return text[:spot] + rng.choice('"\\#[]~|:,. \n') + text[spot:]


def delete_char(rng: random.Random, lines: list[str], text: str) -> Text:
    spot = rng.randrange(len(text))
    return text[:spot] + text[spot + 1 :]


def header_fields(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = _pick(rng, lines, re.compile(r'^"Content-Type:'))
    if i is None:
        return None
    new = rng.choice(
        [
            None,
            '"Content-Type: text/plain; charset=CHARSET\\n"',
            '"Content-Type: text/plain; charset=ISO-8859-1\\n"',
            '"Content-Type: text/plain\\n"',
            '"Content-Type: text/plain; charset=utf-8\\n"',
            '"Content-Type: text/plain; charset=UTF8\\n"',
            '"Content-Type: text/plain; charset=UTF-8"',
        ]
    )
    if new is None:
        return _join(lines[:i] + lines[i + 1 :])
    return _with_line(lines, i, new)


def context(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = _pick(rng, lines, re.compile(r'^(#~ )?msgid "'))
    if i is None:
        return None
    prefix = "#~ " if lines[i].startswith("#~ ") else ""
    how = rng.choice(["twice", "after", "alone", "empty"])
    if how == "twice":
        return _join(lines[:i] + [prefix + 'msgctxt "a"', prefix + 'msgctxt "b"'] + lines[i:])
    if how == "after":
        return _join(lines[: i + 1] + [prefix + 'msgctxt "a"'] + lines[i + 1 :])
    if how == "alone":
        return _join(lines + ["", 'msgctxt "a"', ""])
    return _join(lines[:i] + [prefix + 'msgctxt ""'] + lines[i:])


def previous_fields(rng: random.Random, lines: list[str], text: str) -> Text | None:
    """``#|`` lines in the wrong place or order, or mixed with ``#~``."""
    i = _pick(rng, lines, re.compile(r'^(#~ )?(msgctxt|msgid) "'))
    if i is None:
        return None
    obsolete = lines[i].startswith("#~ ")
    prev = "#~| " if obsolete else "#| "
    block = rng.choice(
        [
            [prev + 'msgid "old"', "# a comment after it"],
            [prev + 'msgid "old"', prev + 'msgctxt "c"'],
            [prev + 'msgid "old"', prev + 'msgid "older"'],
            [prev + 'msgid_plural "olds"'],
            [prev + 'msgstr "x"'],
            [prev + '"orphan"'],
            [("#| " if obsolete else "#~| ") + 'msgid "old"'],
            [prev + 'msgid "old"', '"continued"'],
            [prev + 'msgid "old"', prev + '"continued"'],
            [prev + 'msgctxt "c"', prev + 'msgid "old"'],
            [prev + "msgid", prev + '"old"'],
            [prev + 'msgid "old" "er"'],
        ]
    )
    return _join(lines[:i] + block + lines[i:])


def comment_inside_entry(rng: random.Random, lines: list[str], text: str) -> Text | None:
    i = _pick(rng, lines, re.compile(r"^(#~ )?(msgctxt|msgid|msgid_plural|msgstr\S*) "))
    if i is None:
        return None
    comment = rng.choice(["# note", "#. x", "#: a.md:1", "#, fuzzy", "#~ # x", "#"])
    return _join(lines[: i + 1] + [comment] + lines[i + 1 :])


SOUP_HEAD = (
    'msgid ""\nmsgstr ""\n"Language: sv\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
SOUP_TOKENS = (
    ["msgid", "msgstr", "msgctxt", "msgid_plural", "msgstr[0]", "msgstr[1]", "[", "]", "0", "1"]
    + ['"a"', '"b"', '""', '"c\\n"', '"\\nd"', '"e\\004"', '"f', '"\\q"', "\u2028", "\x85"]
    + ["\n"] * 6
    + [" ", "\t", "\r", "#~ ", "#~", "#| ", "#~| ", "# c", "#, fuzzy", "#,fuzzy", "#. x", "#: r"]
    + ["\\\n", "domain", "msgtxt", "#", "#!"]
)


def token_soup(rng: random.Random, lines: list[str], text: str) -> Text:
    """A header, then 2 to 16 tokens of PO in any order: the grammar's corners (a keyword
    without its string, ``#|`` in the wrong place, ``msgstr [ 0 ]`` over two lines…)."""
    span = _header_span(lines)
    head = _join(lines[: span[1]]) + "\n\n" if span else SOUP_HEAD  # the base's language
    tokens = rng.choices(SOUP_TOKENS, k=rng.randint(2, 16))
    return head + "".join(t + rng.choice(["", " ", "\n"]) for t in tokens) + "\n"


MUTATIONS: dict[str, Mutation] = {
    "line-U+0085": line_of("\x85"),
    "line-U+2028": line_of("\u2028"),
    "line-U+2029": line_of("\u2029"),
    "unicode-space-before-line": unicode_space_before,
    "unicode-space-after-keyword": unicode_space_after_keyword,
    "unicode-space-after-string": unicode_space_after_string,
    "EOT-in-string": in_string(["\x04", "\\004", "\\x04", "\\4", "\\04", "\\x4"]),
    "NUL-in-string": in_string(["\x00", "\\0", "\\000", "\\x00"]),
    "control-in-string": in_string(["\x01", "\x1b", "\x07", "\x0b", "\x0c", "\x7f", "\x1f"]),
    "stray-msgstr": stray_msgstr,
    "obsolete-mix": obsolete_mix,
    "obsolete-no-space": obsolete_nospace,
    "newline-one-side": newline_edge,
    "no-header": no_header,
    "plural-formula": plural_formula,
    "plural-forms-count": plural_forms,
    "comment-no-space": comment_nospace,
    "comment-odd": comment_odd,
    "keyword-no-space": keyword_nospace,
    "keyword-alone": keyword_alone,
    "two-strings-one-line": two_strings,
    "two-keywords-one-line": two_keywords,
    "trailing-comment": trailing_comment,
    "bracket-space": bracket_space,
    "whitespace": whitespace,
    "carriage-return": carriage_return,
    "BOM": bom,
    "unknown-keyword": unknown_keyword,
    "bad-escape": bad_escape,
    "byte-escape": byte_escape,
    "backslash-newline": backslash_newline,
    "invalid-UTF-8": invalid_utf8,
    "duplicate-entry": duplicate_entry,
    "delete-line": delete_line,
    "duplicate-line": duplicate_line,
    "swap-lines": swap_lines,
    "insert-char": insert_char,
    "delete-char": delete_char,
    "header-content-type": header_fields,
    "msgctxt": context,
    "previous-fields": previous_fields,
    "comment-inside-entry": comment_inside_entry,
    "token-soup": token_soup,
}


def mutants(bases: list[Base], per_kind: int, seed: int = 13) -> list[Mutant]:
    """``per_kind`` mutants of every kind, each from a base chosen by the seeded generator.

    A mutation that does not apply to the base drawn (no plural entry, no obsolete entry…)
    draws another base; identical mutants are kept once."""
    rng = random.Random(seed)
    out: list[Mutant] = []
    for kind, mutate in MUTATIONS.items():
        seen: set[bytes] = set()
        tries = 0
        while len(seen) < per_kind and tries < per_kind * 20:
            tries += 1
            base = rng.choice(bases)
            result = mutate(rng, base.text.split("\n"), base.text)
            if result is None:
                continue
            data = result if isinstance(result, bytes) else result.encode("utf-8", "surrogatepass")
            if data in seen or data == base.text.encode("utf-8"):
                continue
            seen.add(data)
            out.append(Mutant(kind, base.name, base.lang, data))
    return out
