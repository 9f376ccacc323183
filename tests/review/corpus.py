"""A generated catalogue set for the differential test: English texts built from fragments
that each live check reads (numbers in every convention, URLs, addresses, placeholders,
Markdown, HTML, glossary terms, edge whitespace), and translations that keep, localise or
break each fragment. Deterministic (seeded), so a difference found is found again."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from mirage_i18n.catalog.powriter import format_po
from mirage_i18n.checks.suppress import ignore_comment
from mirage_i18n.model import Catalog, Message

from ..checks.helpers import APPROVED_SV_DISCLAIMER, add_template

LANGUAGES = ("sv", "de", "fr", "it", "el", "ar")
HEADERS = (
    ("Project-Id-Version", "Generated"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
)
# English fragment → what a translation may write for it (faithful, localised or broken).
FRAGMENTS: list[tuple[str, list[str]]] = [
    ("1,250", ["1 250", "1\u00a0250", "1.250", "1250", "1,250", "1 350", "12,50", "1\u202f250"]),
    ("15.5", ["15,5", "15.5", "155", "15,50"]),
    ("2021", ["2021", "2020", "år 2021"]),
    ("15.10.2021", ["15.10.2021", "15.10.2022", "15/10/2021"]),
    ("0.5%", ["0,5 %", "5 %", "0.5%"]),
    (
        "12 partners",
        ["١٢ partner", "12 partner", "𝟏𝟐 partner", "&#49;&#50; partner", "tolv partner"],
    ),
    ("1,000,000.25", ["1 000 000,25", "1.000.000,25", "1000000.25", "1 000 000"]),
    (
        "https://example.org/en/page.",
        [
            "https://example.org/sv/page.",
            "https://example.org/en/page",
            "https://example.org/en/page»",
            "HTTPS://EXAMPLE.ORG/en/page",
            "éhttps://example.org/en/page",
            "",
        ],
    ),
    ("www.mirage.eu", ["www.mirage.eu", "WWW.mirage.eu", "mirage.eu", "www.mirage.eu…"]),
    (
        "info@mirage.eu",
        [
            "info@mirage.eu",
            "INFO@mirage.eu",
            "info@mirage.se",
            "[skriv](mailto:info@mirage.eu)",
            "<info@mirage.eu>",
            "",
        ],
    ),
    ("{date}", ["{date}", "{datum}", "{{date}}", "", "{date:%Y}"]),
    ("{0}", ["{0}", "{1}", "{٠}", ""]),
    ("%d", ["%d", "%i", "% d", ""]),
    ("%(name)s", ["%(name)s", "%(namn)s", "%(näme)s", "(name)s"]),
    ("20% off", ["20 % rabatt", "20% rabatt", "rabatt"]),
    (
        "[full programme](https://ex.org/en/p)",
        [
            "[programmet](https://ex.org/sv/p)",
            "[programmet](https://ex.org/en/p)",
            "programmet",
            "[programmet](https://ex.org/en/q)",
            "[programmet][ref]",
            "[programmet](javascript:alert(1))",
        ],
    ),
    (
        "![logo](/img/logo.png)",
        [
            "![logotyp](/img/logo.png)",
            "![logotyp](/img/logga.png)",
            "",
            '<img src="/img/logo.png">',
        ],
    ),
    (
        "`SUBSCRIBE news`",
        ["`SUBSCRIBE news`", "`PRENUMERERA news`", "SUBSCRIBE news", "``SUBSCRIBE news``"],
    ),
    ("*important*", ["*viktigt*", "**viktigt**", "viktigt", "_viktigt_", "* viktigt*"]),
    ("**Note:**", ["**Obs:**", "*Obs:*", "Obs:", "__Obs:__", "**Obs:** **mer**"]),
    ("<kbd>F5</kbd>", ["<kbd>F5</kbd>", "<kbd>F5", "<b>F5</b>", "F5</kbd>", "<KBD>F5</KBD>"]),
    ("<https://ex.org/a>", ["<https://ex.org/a>", "https://ex.org/a", "<https://ex.org/b>"]),
    (
        '<a href="https://ex.org/x">x</a>',
        ['<a href="https://ex.org/x">x</a>', "<a href='https://ex.org/y'>x</a>", "x"],
    ),
    ("MIraGE", ["MIraGE", "Mirage", "MIRAGE"]),
    ("Covid-19", ["Covid-19", "Covid", "covid-19"]),
    (
        "Center for Social Innovation",
        ["Center for Social Innovation", "Centrum för social innovation"],
    ),
    (
        "TCNs",
        ["TCN:s", "tcn", "tredjelandsmedborgare", "TCN", "Drittstaatsangehörige", "ressortissants"],
    ),
    (
        "employers",
        ["arbetsgivarna", "Arbeitgeber", "employeurs", "datori di lavoro", "arbeitgebern"],
    ),
    ("training", ["utbildning", "Schulung", "formation", "formazioni", "formazione", "Formazione"]),
    ("snake_case_word", ["snake_case_word", "snake case word"]),
    ("a * b * c", ["a * b * c", "a *b* c"]),
    ("\\*not emphasis\\*", ["\\*inte betoning\\*", "*inte betoning*"]),
    ("AT&amp;T", ["AT&amp;T", "AT&T", "AT&#38;T"]),
    ("😀 2", ["😀 2", "😀 3"]),
    ("[sic]", ["[sic]", "(sic)", "[SIC]"]),
    (
        "[the report][r1]",
        ["[rapporten][r1]", "[rapporten][R1]", "[rapporten]", "rapporten", "[r1][]"],
    ),
    ("![chart][fig]", ["![diagram][fig]", "![diagram]", "![fig]"]),
]
# sentence ends, with closing quotes and brackets after them (Greek writes "?" as ";")
ENDS = [".", ".", "!", "?", ":", "…", "...", "", "。", ";", "\u037e", '."', ".»", "?)", "!*", " ."]
WORDS = "the meeting partners project results news online report week during".split()
# Python's whitespace and JavaScript's differ (\x1c is one only to Python, \ufeff only to JS);
# \u2003 and \u200b show as escapes in Python's repr (not printable), \u00a0 too.
LEADS = ["", "", "", " ", "\t", "\u2003", "\x1c", "\ufeff", "\u00a0"]
TRAILS = ["", "", "", " ", "  ", "\n", "\u200b", "\x1c", "\ufeff", "\u3000 "]
BREAKS = ["", "", "", "  \n", "\\\n", "\n"]


def _entry(src: random.Random, rng: random.Random, index: int) -> tuple[str, str]:
    """One English text (from ``src``: the same for every language) and a translation."""
    picks = src.sample(FRAGMENTS, src.randint(1, 4))
    fillers = [src.choice(WORDS) for _ in picks]
    brk, lead, trail = src.choice(BREAKS), src.choice(LEADS), src.choice(TRAILS)
    source_parts, target_parts = [], []
    for (english, variants), filler in zip(picks, fillers):
        source_parts += [english, filler]
        target_parts += [
            english if rng.random() < 0.35 else rng.choice(variants),
            rng.choice(WORDS),
        ]
    source = f"Item {index}: " + " ".join(source_parts[:2]) + brk + " ".join(source_parts[2:])
    tbrk = brk if rng.random() < 0.7 else rng.choice(BREAKS)
    order = target_parts if rng.random() < 0.7 else list(reversed(target_parts))
    target = f"Punkt {index}: " + " ".join(order[:2]) + tbrk + " ".join(order[2:])
    end = src.choice(ENDS)
    source = lead + source.strip() + end + trail
    target = (lead if rng.random() < 0.7 else rng.choice(LEADS)) + target.strip()
    target += end if rng.random() < 0.6 else rng.choice(ENDS)
    target += trail if rng.random() < 0.7 else rng.choice(TRAILS)
    if rng.random() < 0.05:
        target = source  # left as in English
    elif rng.random() < 0.05:
        target = target + " " + target + " " + target  # far too long
    return source, target


def messages(lang: str, count: int, seed: int) -> list[Message]:
    src = random.Random(seed)
    rng = random.Random(f"{seed}:{lang}")
    out: list[Message] = []
    for index in range(count):
        source, target = _entry(src, rng, index)
        flags = ("fuzzy",) if rng.random() < 0.2 else ()
        if src.random() < 0.05:
            flags = (*flags, "python-format")
        msg = Message(msgid=source, msgstr=target if rng.random() < 0.95 else "", flags=flags)
        if rng.random() < 0.08:
            ids = rng.sample(["number", "url", "md-link-count", "whitespace", "glossary-dnt"], 2)
            msg = replace(msg, user_comments=(ignore_comment(msg, ids),))
        out.append(msg)
    out.append(
        Message(
            msgid="%d article about {topic}",
            msgid_plural="%d articles about {topic}",
            msgstr_plural=("%d artikel om {topic}", "%d artiklar om {ämne}"),
            flags=("python-format",),
        )
    )
    # disclaimers: the approved text (sv), a near miss, the English itself, empty, another text
    english = "This project was funded by the EU: 1 fund."
    texts = (APPROVED_SV_DISCLAIMER, APPROVED_SV_DISCLAIMER[:-1] + "!", None, "", "Finanziert: 2")
    for number, text in enumerate(texts):
        msgid = english if number == 0 else f"{english} ({number})"
        out.append(
            Message(msgid=msgid, context="disclaimer", msgstr=msgid if text is None else text)
        )
    return out


def write_corpus(root: Path, count: int = 160, seed: int = 16) -> Path:
    """A project with two generated catalogues per language."""
    root.mkdir(parents=True, exist_ok=True)
    langs = ", ".join(f'"{lang}"' for lang in LANGUAGES)
    (root / "mirage-i18n.toml").write_text(
        f'[project]\nname = "Generated"\nsource_language = "en"\nlanguages = [{langs}]\n\n'
        '[languages.sv]\nurl_rewrites = [["/en/", "/sv/"]]\n'
        f'disclaimer = "{APPROVED_SV_DISCLAIMER}"\n',
        encoding="utf-8",
    )
    (root / "glossary.toml").write_text(
        'do_not_translate = ["Center for Social Innovation", "Covid-19", "MIraGE"]\n\n'
        '[terms.sv]\n"TCNs" = "TCN"\n"training" = "utbildning"\n\n'
        '[terms.de]\n"employers" = "Arbeitgeber"\n\n'
        '[terms.it]\n"training" = "formazione"\n',
        encoding="utf-8",
    )
    for number, domain in enumerate(("news/generated-a", "news/generated-b")):
        template = None
        for lang in LANGUAGES:
            msgs = messages(lang, count, seed + number)
            headers = (
                *HEADERS,
                ("Language", lang),
                ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
            )
            text = format_po(Catalog(headers=headers, messages=tuple(msgs)))
            path = root / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            template = template or text
        assert template is not None
        add_template(root, domain, template)
    return root
