"""A deterministic fault injector for the quality corpus.

Each fault kind is a function ``(entry, corpus) -> str | None``: the faulty translation of
one reviewed entry, or None where the kind cannot apply (no URL to change, one sentence to
drop…). :func:`inject` writes one copy of the project per kind, the fault applied to up to
``per_language`` entries of every language (chosen by a hash of kind, language and msgid,
so the same corpus always gives the same faults), and returns what it injected.

The faults are the ones seen in partner translations (issue 12): changed numbers, URLs and
addresses, a renamed or dropped name, mojibake, a broken HTML entity, a truncated text,
machine-translation mask tokens left behind, doubled punctuation, the translation of
another paragraph, English left in, a paragraph in another partner language, a Markdown link
broken apart, a lost ``?`` or ``!``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from unicode_rbnf import RbnfEngine

from mirage_i18n.catalog.poreader import read_po_bytes
from mirage_i18n.catalog.powriter import format_po

URL_RE = re.compile(r"https?://[^\s)\]>\"'”“»«]+[^\s)\]>\"'”“»«.,;:!?]")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
NUMBER_RE = re.compile(r"(?<![\w/.@-])\d+(?![\w/@-])")
# A sentence ends at . ! ? … (or a Greek question mark) before a space and a capital, a
# digit or an opening quote; closing quotes stay with their sentence.
SENTENCE_END_RE = re.compile(r"[.!?…;\u037e][”“»«\"’)]*\s+(?=[„“”«\"(]?\s?[A-ZÀ-ÖØ-ÞĀ-ſΆ-ΩА-Я0-9])")
ABBREVIATIONS = (
    "Dr.",
    "dr.",
    "no.",
    "nr.",
    "Nr.",
    "n.",
    "bë.",
    "бр.",
    "стр.",
    "вж.",
    "г.",
    "σελ.",
    "αρ.",
    "βλ.",
    "dott.ssa",
)


@dataclass(frozen=True)
class Entry:
    lang: str
    domain: str
    path: Path  # the catalogue, relative to the project
    msgid: str
    msgstr: str
    index: int  # position among the language's entries


@dataclass(frozen=True)
class Fault:
    kind: str
    lang: str
    domain: str
    msgid: str
    before: str
    after: str


def _h(*parts: str) -> int:
    return int(hashlib.sha1("\x00".join(parts).encode("utf-8")).hexdigest()[:12], 16)


def _outside(pattern: re.Pattern[str], text: str, *skip: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of ``pattern`` not inside a match of the ``skip`` patterns (URLs, addresses)."""
    spans = [m.span() for s in skip for m in s.finditer(text)]
    return [m for m in pattern.finditer(text) if not any(a <= m.start() < b for a, b in spans)]


def sentences(text: str) -> list[str]:
    parts, start = [], 0
    for m in SENTENCE_END_RE.finditer(text):
        parts.append(text[start : m.end()].rstrip())
        start = m.end()
    parts.append(text[start:])
    out: list[str] = []
    for part in parts:
        if out and out[-1].endswith(ABBREVIATIONS):
            out[-1] += " " + part
        else:
            out.append(part)
    return out


# ---------------------------------------------------------------------------- the kinds

_ENGINES: dict[str, RbnfEngine] = {}


def _spellings(lang: str, n: int) -> list[str]:
    engine = _ENGINES.get(lang) or _ENGINES.setdefault(lang, RbnfEngine.for_language(lang))
    out = set()
    for name in engine.rulesets:
        if name.startswith("spellout-cardinal") or name == "spellout-numbering":
            try:
                out.add(engine.format_number(n, ruleset_names=[name]).text.strip())
            except Exception:  # a ruleset without a rule for n
                continue
    return sorted((w for w in out if len(w) >= 2), key=len, reverse=True)


def changed_number(e: Entry, corpus: Corpus) -> str | None:
    source_values = {m.group(0) for m in _outside(NUMBER_RE, e.msgid, URL_RE, EMAIL_RE)}
    digits = [
        m for m in _outside(NUMBER_RE, e.msgstr, URL_RE, EMAIL_RE) if m.group(0) in source_values
    ]
    if digits:
        m = digits[_h("number", e.lang, e.msgid) % len(digits)]
        value = int(m.group(0))
        new = str(value + 1 if value % 10 != 9 else value - 1)
        return e.msgstr[: m.start()] + new + e.msgstr[m.end() :]
    # the number written in words (fyra, тригодишен): another number in words
    for value in sorted(int(v) for v in source_values):
        if value > 20:
            continue
        for word in _spellings(e.lang, value):
            found = re.search(r"(?<!\w)" + re.escape(word), e.msgstr, re.IGNORECASE)
            if found:
                other = _spellings(e.lang, value + 1)[-1]
                return e.msgstr[: found.start()] + other + e.msgstr[found.end() :]
    return None


def changed_url(e: Entry, corpus: Corpus) -> str | None:
    found = list(URL_RE.finditer(e.msgstr))
    if not found:
        return None
    m = found[_h("url", e.lang, e.msgid) % len(found)]
    url = m.group(0)
    variant = _h("url-variant", e.lang, e.msgid) % 3
    if variant == 0:
        new = (
            url.replace("mirageproject", "mirage-project", 1)
            if "mirageproject" in url
            else url + "x"
        )
    elif variant == 1:
        new = url.replace("https://", "http://", 1)
    else:
        new = (
            url.rstrip("/") + "/" + e.lang if "/en/" not in url else url.replace("/en/", "/em/", 1)
        )
    return e.msgstr[: m.start()] + new + e.msgstr[m.end() :]


def changed_email(e: Entry, corpus: Corpus) -> str | None:
    found = list(EMAIL_RE.finditer(e.msgstr))
    if not found:
        return None
    m = found[0]
    local, _, domain = m.group(0).partition("@")
    variant = _h("email", e.lang, e.msgid) % 3
    if variant == 0:
        new = f"{local}@{domain.replace('.eu', '.com')}"
    elif variant == 1:
        new = f"{local[:-1]}@{domain}"
    else:
        new = f"{local}@{domain.replace('mirageproject', 'mirageprojekt')}"
    return e.msgstr[: m.start()] + new + e.msgstr[m.end() :]


NAME_RE = re.compile(r"\b(?:[A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Z][a-z]+(?: [A-Z][a-z]+)+)\b")


def changed_name(e: Entry, corpus: Corpus) -> str | None:
    """Rename or drop a name or acronym that the translation kept as in the source."""
    candidates = [t for t in corpus.do_not_translate if t in e.msgid and t in e.msgstr]
    candidates += [
        m.group(0)
        for m in NAME_RE.finditer(e.msgid)
        if m.group(0) in e.msgstr and m.group(0) not in candidates
    ]
    if not candidates:
        return None
    name = candidates[_h("name", e.lang, e.msgid) % len(candidates)]
    variant = _h("name-variant", e.lang, e.msgid) % 3
    if variant == 0:  # a letter lost
        new = name[:-2] + name[-1] if len(name) > 3 else name[0] + name[2:]
    elif variant == 1:  # case flattened (MIraGE → Mirage, CARDET → Cardet)
        new = name.capitalize() if name != name.capitalize() else name.upper()
    else:  # dropped
        return re.sub(r"\s*" + re.escape(name), "", e.msgstr, count=1).strip()
    return e.msgstr.replace(name, new, 1)


def mojibake(e: Entry, corpus: Corpus) -> str | None:
    """One word read back in the wrong encoding, as ftfy sees it: replicabilitÃ , dâ€™activitÃ©s."""
    words = list(re.finditer(r"\S*[^\x00-\x7f]\S*", e.msgstr))
    words = [
        m for m in words if any(c.isalpha() and ord(c) > 127 or c in "’–“”«»„" for c in m.group(0))
    ]
    if not words:
        return None
    m = words[_h("mojibake", e.lang, e.msgid) % len(words)]
    broken = m.group(0).encode("utf-8").decode("cp1252", errors="replace")
    if "\ufffd" in broken:
        broken = m.group(0).encode("utf-8").decode("latin-1")
    return e.msgstr[: m.start()] + broken + e.msgstr[m.end() :]


def broken_entity(e: Entry, corpus: Corpus) -> str | None:
    variant = _h("entity", e.lang, e.msgid) % 2
    text = e.msgstr
    entity = re.search(r"&([a-z]+);", text)
    if entity:
        bad = f"&{entity.group(1)}" if variant == 0 else f"& {entity.group(1)};"
        return text[: entity.start()] + bad + text[entity.end() :]
    for char, name in (
        ("’", "rsquo"),
        ("'", "#39"),
        ("–", "ndash"),
        ("«", "laquo"),
        ("„", "bdquo"),
        ("\u00a0", "nbsp"),
    ):
        if char in text:
            bad = f"&{name}" if variant == 0 else f"& {name};"
            return text.replace(char, bad, 1)
    spaced = re.search(r"(?<=\d) (?=\w)", text)
    if spaced:
        bad = "&nbsp" if variant == 0 else "& nbsp;"
        return text[: spaced.start()] + bad + text[spaced.end() :]
    return None


def truncation(e: Entry, corpus: Corpus) -> str | None:
    parts = sentences(e.msgstr)
    if len(parts) < 2 or len(sentences(e.msgid)) < 2:
        return None
    return " ".join(parts[:-1])


def mask_tokens(e: Entry, corpus: Corpus) -> str | None:
    """What an engine's answer looks like when the masks did not come back (prefill/protect.py)."""
    token = ("[X0X]", "[X1X]", "[X 2 X]", "[x0x]")[_h("mask", e.lang, e.msgid) % 4]
    protected = list(URL_RE.finditer(e.msgstr)) + list(EMAIL_RE.finditer(e.msgstr))
    protected += [m for t in corpus.do_not_translate for m in re.finditer(re.escape(t), e.msgstr)]
    if protected:
        m = protected[_h("mask-at", e.lang, e.msgid) % len(protected)]
        return e.msgstr[: m.start()] + token + e.msgstr[m.end() :]
    words = list(re.finditer(r"(?<= )\w+", e.msgstr))
    if not words:
        return None
    m = words[_h("mask-at", e.lang, e.msgid) % len(words)]
    return e.msgstr[: m.start()] + token + " " + e.msgstr[m.start() :]


def doubled_punctuation(e: Entry, corpus: Corpus) -> str | None:
    options = []
    for old, new in ((", ", ",, "), (". ", ".. "), (" ", "  "), (": ", ":: "), ("!", "!!")):
        if old in e.msgstr and new.strip() not in e.msgid and new not in e.msgid:
            options.append((old, new))
    if not options:
        return None
    old, new = options[_h("double", e.lang, e.msgid) % len(options)]
    positions = [m.start() for m in re.finditer(re.escape(old), e.msgstr)]
    at = positions[_h("double-at", e.lang, e.msgid) % len(positions)]
    return e.msgstr[:at] + new + e.msgstr[at + len(old) :]


def wrong_paragraph(e: Entry, corpus: Corpus) -> str | None:
    same = corpus.by_lang[e.lang]
    for step in (7, 11, 13, 5, 3):
        other = same[(e.index + step) % len(same)]
        if other.msgid != e.msgid and other.msgstr != e.msgstr:
            return other.msgstr
    return None


def other_language(e: Entry, corpus: Corpus) -> str | None:
    """A paragraph pasted in another partner language: the same entry's translation from
    another catalogue (its numbers, links and names are the source's, so only the language
    is wrong)."""
    if len(re.findall(r"[^\W\d_]{2,}", e.msgid)) < 8:
        return None  # a title or a list item, not a paragraph
    others = [
        o
        for lang in corpus.languages
        if lang != e.lang
        for o in corpus.by_lang[lang]
        if o.msgid == e.msgid and o.domain == e.domain and o.msgstr != e.msgstr
    ]
    if not others:
        return None
    return others[_h("language", e.lang, e.msgid) % len(others)].msgstr


def english_left(e: Entry, corpus: Corpus) -> str | None:
    src, tgt = sentences(e.msgid), sentences(e.msgstr)
    if len(re.findall(r"[^\W\d_]{2,}", e.msgid)) < 3:
        return None
    if len(src) >= 2 and len(src) == len(tgt) and _h("english", e.lang, e.msgid) % 2:
        at = _h("english-at", e.lang, e.msgid) % len(src)
        return " ".join(src[i] if i == at else tgt[i] for i in range(len(tgt)))
    return e.msgid


def broken_link(e: Entry, corpus: Corpus) -> str | None:
    links = list(LINK_RE.finditer(e.msgstr))
    if not links:
        return None
    m = links[_h("link", e.lang, e.msgid) % len(links)]
    variant = _h("link-variant", e.lang, e.msgid) % 3
    text, url = m.group(1), m.group(2)
    bad = (f"[{text}] ({url})", f"[{text}]({url}", f"{text} ({url})")[variant]
    return e.msgstr[: m.start()] + bad + e.msgstr[m.end() :]


def lost_mark(e: Entry, corpus: Corpus) -> str | None:
    marks = list(re.finditer(r"\s?[?!;\u037e]", e.msgstr))
    marks = [
        m
        for m in marks
        if m.group(0).strip() in "?!" or (e.lang == "el" and m.group(0).strip() in ";\u037e")
    ]
    src_marks = [c for c in e.msgid if c in "?!"]
    if not marks or not src_marks:
        return None
    m = marks[_h("mark", e.lang, e.msgid) % len(marks)]
    repl = "." if _h("mark-variant", e.lang, e.msgid) % 2 else ""
    return e.msgstr[: m.start()] + repl + e.msgstr[m.end() :]


KINDS: dict[str, Callable[[Entry, Corpus], str | None]] = {
    "number": changed_number,
    "url": changed_url,
    "email": changed_email,
    "name": changed_name,
    "mojibake": mojibake,
    "entity": broken_entity,
    "truncation": truncation,
    "mask": mask_tokens,
    "double-punct": doubled_punctuation,
    "wrong-paragraph": wrong_paragraph,
    "english": english_left,
    "other-language": other_language,
    "md-link": broken_link,
    "lost-mark": lost_mark,
}


# ---------------------------------------------------------------------------- corpus and copies


@dataclass
class Corpus:
    root: Path
    languages: tuple[str, ...]
    do_not_translate: tuple[str, ...]
    by_lang: dict[str, list[Entry]]


def load_corpus(root: Path) -> Corpus:
    import tomllib

    settings = tomllib.loads((root / "mirage-i18n.toml").read_text(encoding="utf-8"))
    languages = tuple(settings["project"]["languages"])
    glossary_file = root / "glossary.toml"
    dnt: tuple[str, ...] = ()
    if glossary_file.is_file():
        dnt = tuple(
            tomllib.loads(glossary_file.read_text(encoding="utf-8")).get("do_not_translate", [])
        )
    by_lang: dict[str, list[Entry]] = {}
    for lang in languages:
        entries: list[Entry] = []
        base = root / "locales" / lang / "LC_MESSAGES"
        for path in sorted(base.rglob("*.po")):
            rel = path.relative_to(root)
            domain = str(path.relative_to(base).with_suffix(""))
            catalog = read_po_bytes(path.read_bytes(), str(rel))
            for msg in catalog.active:
                if msg.msgstr and not msg.fuzzy and msg.msgid_plural is None:
                    entries.append(Entry(lang, domain, rel, msg.msgid, msg.msgstr, len(entries)))
        by_lang[lang] = entries
    return Corpus(root, languages, dnt, by_lang)


def plan(corpus: Corpus, per_language: int = 8) -> dict[str, list[Fault]]:
    """The faults of each kind: up to ``per_language`` entries per language, chosen by hash."""
    out: dict[str, list[Fault]] = {}
    for kind, func in KINDS.items():
        faults: list[Fault] = []
        for lang in corpus.languages:
            candidates = []
            for entry in corpus.by_lang[lang]:
                after = func(entry, corpus)
                if after is not None and after != entry.msgstr:
                    candidates.append(
                        Fault(kind, lang, entry.domain, entry.msgid, entry.msgstr, after)
                    )
            candidates.sort(key=lambda f: _h(kind, f.lang, f.msgid))
            faults += candidates[:per_language]
        out[kind] = faults
    return out


def write_copy(corpus: Corpus, faults: list[Fault], dest: Path) -> None:
    """A copy of the project with ``faults`` applied (catalogues rewritten by our writer)."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(corpus.root, dest)
    by_file: dict[tuple[str, str], dict[str, str]] = {}
    for fault in faults:
        by_file.setdefault((fault.lang, fault.domain), {})[fault.msgid] = fault.after
    for (lang, domain), changes in by_file.items():
        path = dest / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
        catalog = read_po_bytes(path.read_bytes(), str(path))
        messages = tuple(
            replace(m, msgstr=changes[m.msgid]) if m.msgid in changes and not m.obsolete else m
            for m in catalog.messages
        )
        path.write_text(format_po(replace(catalog, messages=messages)), encoding="utf-8")
