"""Deterministic benchmark corpus: a full content project of N articles × M languages.

``python benchmarks/corpus.py OUT --articles 1000 --languages 8`` writes a content project
(``mirage-i18n.toml``, ``glossary.toml``, ``source_texts/news/*.md``, newsletters,
``source_texts/shared.yaml``), runs our own ``extract`` and ``update`` on it, and fills the
catalogues so that a chosen share of entries is reviewed, fuzzy or untranslated.

Everything comes from one ``random.Random(seed)``: the same arguments give the same bytes.
Translations are pseudo-translations that behave like real ones for the checks: prose words
are replaced word by word with invented words in the language's alphabet (Greek for ``el``,
Cyrillic for ``bg``), while URLs, e-mail addresses, numbers, link targets, inline code,
Markdown markup and do-not-translate terms stay identical, as a careful translator keeps them.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from mirage_i18n import pipeline  # noqa: E402
from mirage_i18n.catalog.poreader import read_po  # noqa: E402
from mirage_i18n.catalog.powriter import format_catalog_bytes  # noqa: E402
from mirage_i18n.catalog.store import catalog_domains, catalog_path  # noqa: E402
from mirage_i18n.config import load_settings  # noqa: E402
from mirage_i18n.fsutil import atomic_write_bytes  # noqa: E402

ALL_LANGUAGES = (
    "sv",
    "it",
    "fr",
    "ro",
    "bg",
    "de",
    "el",
    "hu",
    "es",
    "pt",
    "nl",
    "pl",
    "cs",
    "sk",
    "sl",
    "hr",
    "fi",
    "da",
    "et",
    "lv",
    "lt",
    "mt",
    "ga",
)

# Letters each language's invented words are made of (vowels, consonants).
ALPHABETS = {
    "bg": ("аеиоуъя", "бвгдзклмнпрстфхцчшщ"),
    "el": ("αεηιουω", "βγδζθκλμνξπρστφχψ"),
    "sv": ("aeiouyåäö", "bdfghjklmnprstv"),
    "de": ("aeiouäöü", "bdfghklmnprstwzß"),
    "fr": ("aeiouéèà", "bcdfglmnprstv"),
    "it": ("aeiou", "bcdfglmnprstvz"),
    "ro": ("aeiouăâî", "bcdfglmnprsștțv"),
    "hu": ("aeioöuüáéőű", "bcdfghjklmnprstvz"),
}
DEFAULT_ALPHABET = ("aeiou", "bcdfghjklmnprstvz")

DO_NOT_TRANSLATE = ("MIraGE", "AMIF", "TCN", "Covid-19", "Erasmus+", "CARDET")

DISCLAIMER = (
    "This project was funded by the European Union’s Asylum, Migration and Integration Fund. "
    "The content of this document represents the views of the author only and is his/her sole "
    "responsibility. The European Commission does not accept any responsibility for use that "
    "may be made of the information it contains."
)

CITIES = (
    "Nicosia",
    "Rome",
    "Bucharest",
    "Sofia",
    "Stockholm",
    "Lyon",
    "Berlin",
    "Athens",
    "Budapest",
    "Palermo",
    "Gothenburg",
    "Thessaloniki",
    "Plovdiv",
    "Cluj",
    "Debrecen",
)
PARTNERS = (
    "CARDET",
    "the Center for Social Innovation",
    "our Swedish partner",
    "the Italian partner",
    "the Romanian association",
    "the Greek partner",
    "the Bulgarian foundation",
    "the Hungarian network",
    "the French cooperative",
)
SUBJECTS = (
    "The partners",
    "The project team",
    "The trainers",
    "The participants",
    "Local employers",
    "Volunteers from the network",
    "The coordinators",
    "Representatives of the municipality",
    "Young migrants",
    "The evaluation team",
)
VERBS = (
    "discussed",
    "presented",
    "reviewed",
    "tested",
    "published",
    "translated",
    "planned",
    "evaluated",
    "shared",
    "improved",
    "adapted",
    "promoted",
    "documented",
    "prepared",
)
OBJECTS = (
    "the results of the pilot courses",
    "the new training modules",
    "the guide for employers",
    "the mentoring programme",
    "the dissemination plan",
    "the report on labour market inclusion",
    "the online learning platform",
    "good practices of diversity management",
    "the questionnaire for participants",
    "the schedule of the next workshops",
    "the final version of the toolkit",
    "the recommendations for policy makers",
    "the case studies from each country",
)
CLAUSES = (
    "during a two-day meeting",
    "after a long period of online work",
    "with the support of local authorities",
    "in close cooperation with employers",
    "as planned in the work programme",
    "despite the restrictions of recent months",
    "together with experts from several universities",
    "in a hybrid format",
    "before the summer break",
    "with great interest from the local press",
)
FOLLOW = (
    "Many participants said that the sessions helped them to find work.",
    "The feedback was very positive and will guide the next steps.",
    "Several partners stressed the need to break stereotypes.",
    "The material is free of charge and may be adapted to local needs.",
    "More activities are planned for the coming months.",
    "This was the first time that all partners could meet in person.",
    "The discussion also touched on racism and discrimination in the labour market.",
    "Employers showed a growing interest in inclusive recruitment.",
    "Each partner will now organise a local event to present the results.",
    "Trainers appreciated the practical exercises and the clear structure.",
)
HEADINGS = (
    "What happened",
    "Next steps",
    "Results so far",
    "What the partners learned",
    "How to take part",
    "Background",
    "Voices from the participants",
    "Materials and resources",
    "Why it matters",
    "The programme of the day",
)
TOPICS = (
    "Partner meeting",
    "Training week",
    "Employers' breakfast",
    "Final conference",
    "Online workshop",
    "Mentoring day",
    "Study visit",
    "Policy round table",
    "Job fair",
    "Summer school",
)
LIST_ITEMS = (
    "Six modules on job search and workplace communication",
    "A guide for trainers with exercises and evaluation forms",
    "Four sessions for employers on *diversity management*",
    "A short video for social media",
    "Case studies from every partner country",
    "A checklist for inclusive job interviews",
    "Contact details of local support services",
    "A glossary of labour market terms",
)


@dataclass(frozen=True)
class CorpusInfo:
    root: Path
    articles: int
    languages: tuple[str, ...]
    catalogues: int
    entries: int  # translation entries, all languages
    reviewed: int
    fuzzy: int
    untranslated: int
    seconds: float

    def summary(self) -> str:
        return (
            f"{self.articles} articles × {len(self.languages)} languages: "
            f"{self.catalogues} catalogues, {self.entries} entries "
            f"({self.reviewed} reviewed, {self.fuzzy} fuzzy, {self.untranslated} untranslated) "
            f"in {self.root} [{self.seconds:.1f} s]"
        )


# ---------------------------------------------------------------------------- English prose


def _url(rng: random.Random) -> str:
    host = rng.choice(("www.mirageproject.eu", "www.cardet.org", "ec.europa.eu", "www.csi.org.cy"))
    return f"https://{host}/{rng.choice(('news', 'toolkit', 'results', 'events'))}/{rng.randint(1, 999)}/"


def _email(rng: random.Random) -> str:
    return f"{rng.choice(('info', 'training', 'press', 'office'))}@{rng.choice(('mirageproject.eu', 'cardet.org', 'csi.org.cy'))}"


def sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.45:
        s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}."
    elif kind < 0.65:
        s = (
            f"On {rng.randint(1, 28)} {rng.choice(('March', 'May', 'June', 'October', 'November'))} "
            f"{rng.randint(2019, 2024)}, {rng.randint(12, 240)} people met in {rng.choice(CITIES)} "
            f"with {rng.choice(PARTNERS)}."
        )
    elif kind < 0.8:
        s = f"{rng.choice(SUBJECTS)} of MIraGE {rng.choice(VERBS)} {rng.choice(OBJECTS)}."
    else:
        s = rng.choice(FOLLOW)
    return s


def paragraph(rng: random.Random) -> str:
    parts = [sentence(rng) for _ in range(rng.randint(2, 3))]
    roll = rng.random()
    if roll < 0.25:
        parts.append(f"The material is on the [project website]({_url(rng)}).")
    elif roll < 0.4:
        parts.append(f"Questions can be sent to <{_email(rng)}>.")
    elif roll < 0.48:
        parts.append(f"See <{_url(rng)}> for the **full report**.")
    elif roll < 0.53:
        parts.append(
            f"Trainers used the `{rng.choice(('mirage-toolkit', 'eval-form', 'quiz'))}` template."
        )
    return " ".join(parts)


def article(rng: random.Random, index: int) -> tuple[str, str]:
    """(file stem, Markdown text) of article ``index``."""
    year = 2019 + index * 6 // 1000 % 6
    month = 1 + index % 12
    day = 1 + index % 28
    topic = rng.choice(TOPICS)
    city = rng.choice(CITIES)
    title = f"{topic} in {city} ({index + 1})"
    stem = f"{year}-{month:02d}-{index + 1:04d}"
    lede = sentence(rng)
    lines = [
        "---",
        f"title: {title}",
        f"date: {year}-{month:02d}-{day:02d}",
        f'lede: "{lede}"',
        f"image: /media/{stem}.jpg",
        f"image_alt: Participants of the {topic.lower()} in {city}",
        f"tags: [{rng.choice(('training', 'meeting', 'employers', 'policy'))}, news]",
        "---",
        "",
    ]
    for section in range(rng.randint(2, 4)):
        if section:
            lines += [f"## {rng.choice(HEADINGS)}", ""]
        for _ in range(rng.randint(2, 3)):
            lines += [paragraph(rng), ""]
        if rng.random() < 0.4:
            lines += [f"- {item}" for item in rng.sample(LIST_ITEMS, rng.randint(2, 4))] + [""]
    return stem, "\n".join(lines)


def shared_yaml() -> str:
    return "\n".join(
        [
            "# Shared texts: one catalogue entry per key (the key becomes the msgctxt).",
            "disclaimer: >-",
            *("  " + line for line in _wrap(DISCLAIMER, 90)),
            'contact: "Contact: <info@mirageproject.eu>"',
            "site:",
            "  title: MIraGE news",
            "  news: News",
            "  languages: Languages",
            "  feed: Atom feed",
            "  choose_language: Choose a language",
            '  unreviewed: "Preview: this page contains unreviewed translation."',
            "newsletter:",
            "  in_this_issue: In this issue",
            "  read_more: Read the article",
            "  english_only: Not yet available in your language; the link leads to the English version.",
            "",
        ]
    )


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return lines + [current]


# ---------------------------------------------------------------------------- pseudo-translation

# Spans a translator keeps verbatim: link targets, autolinks, URLs, e-mails, inline code, HTML,
# numbers, do-not-translate terms. Everything else that is a word gets replaced.
_KEEP = "|".join(re.escape(t) for t in sorted(DO_NOT_TRANSLATE, key=len, reverse=True))
TOKEN_RE = re.compile(
    r"\]\([^)]*\)|<[^>\s]+>|`[^`]*`|https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|"
    rf"\d[\d.,:/-]*|{_KEEP}|(?P<word>[^\W\d_]+)"
)


class PseudoTranslator:
    """Word-by-word invented translation, stable per (language, word)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.vowels, self.consonants = ALPHABETS.get(lang, DEFAULT_ALPHABET)
        self._words: dict[str, str] = {}

    def word(self, word: str) -> str:
        key = word.lower()
        out = self._words.get(key)
        if out is None:
            seed = int.from_bytes(
                hashlib.blake2b(f"{self.lang}:{key}".encode(), digest_size=8).digest()
            )
            rng = random.Random(seed)
            length = max(2, len(key) + rng.randint(-1, 2))
            out = "".join(
                rng.choice(self.consonants if i % 2 == 0 else self.vowels) for i in range(length)
            )
            self._words[key] = out
        if word[:1].isupper():
            return out[:1].upper() + out[1:]
        return out

    def text(self, text: str) -> str:
        return TOKEN_RE.sub(
            lambda m: self.word(m.group("word")) if m.group("word") else m.group(0), text
        )


def approved_disclaimer(lang: str) -> str:
    return PseudoTranslator(lang).text(DISCLAIMER)


# ---------------------------------------------------------------------------- project files


def config_toml(langs: tuple[str, ...]) -> str:
    lines = [
        "# Benchmark corpus written by benchmarks/corpus.py (deterministic).",
        "[project]",
        'name = "MIraGE"',
        'source_language = "en"',
        f"languages = [{', '.join(repr(lang).replace(chr(39), chr(34)) for lang in langs)}]",
        'contact_email = "info@mirageproject.eu"',
        'base_url = "https://www.mirageproject.eu/"',
        "",
        "[extract]",
        'translatable_front_matter = ["title", "lede", "summary", "image_alt"]',
        'locations = "full"',
        "",
        "[update]",
        "fuzzy_cutoff = 0.6",
        "keep_obsolete = true",
        "",
    ]
    for lang in langs:
        lines += [f"[languages.{lang}]", f'disclaimer = "{approved_disclaimer(lang)}"', ""]
    return "\n".join(lines)


def glossary_toml(langs: tuple[str, ...]) -> str:
    lines = ["do_not_translate = [", *(f'    "{t}",' for t in DO_NOT_TRANSLATE), "]", ""]
    for lang in langs:
        pseudo = PseudoTranslator(lang)
        lines += [
            f"[terms.{lang}]",
            f'"toolkit" = "{pseudo.word("toolkit")}"',
            f'"employers" = "{pseudo.word("employers")}"',
            "",
        ]
    return "\n".join(lines)


def newsletter(index: int, stems: list[str]) -> tuple[str, str]:
    name = f"issue-{index + 1:03d}"
    lines = [
        "---",
        f"title: MIraGE newsletter {index + 1}",
        f'subject: "MIraGE newsletter {index + 1}: news from the partners"',
        f"date: {2019 + index // 12 % 6}-{1 + index % 12:02d}-28",
        "articles:",
        *(f"  - {stem}" for stem in stems),
        "---",
        "",
        "Dear readers, this issue brings news from the partners of MIraGE.",
        "",
        "You can read all our news on the [project website](https://www.mirageproject.eu/) "
        "and write to us at <info@mirageproject.eu>.",
        "",
    ]
    return name, "\n".join(lines)


def write_sources(
    root: Path, articles: int, langs: tuple[str, ...], seed: int, newsletters: int
) -> list[str]:
    rng = random.Random(seed)
    news = root / "source_texts" / "news"
    news.mkdir(parents=True, exist_ok=True)
    (root / "source_texts" / "newsletters").mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(root / "mirage-i18n.toml", config_toml(langs).encode())
    atomic_write_bytes(root / "glossary.toml", glossary_toml(langs).encode())
    atomic_write_bytes(root / "source_texts" / "shared.yaml", shared_yaml().encode())
    stems = []
    for index in range(articles):
        stem, text = article(rng, index)
        atomic_write_bytes(news / f"{stem}.md", text.encode())
        stems.append(stem)
    for index in range(newsletters):
        featured = stems[index * 3 : index * 3 + 3]
        if featured:
            name, text = newsletter(index, featured)
            atomic_write_bytes(root / "source_texts" / "newsletters" / f"{name}.md", text.encode())
    return stems


# ---------------------------------------------------------------------------- filling catalogues


def _state_picker(seed: int, reviewed: float, fuzzy: float):
    """Per (lang, domain): a function entry index → 'reviewed'|'fuzzy'|'untranslated'.

    Non-reviewed entries are clustered in a share of the documents, as in a real project where
    most articles are done and a few are in progress, so that most articles can be published.
    """
    open_share = min(1.0, 2 * (1.0 - reviewed))

    def picker(lang: str, domain: str):
        rng = random.Random(f"{seed}:{lang}:{domain}")
        if domain == "shared" or rng.random() >= open_share:
            return lambda _i: "reviewed"
        p_open = (1.0 - reviewed) / open_share
        p_fuzzy = fuzzy / max(1e-9, 1.0 - reviewed)

        def state(_i: int) -> str:
            if rng.random() >= p_open:
                return "reviewed"
            return "fuzzy" if rng.random() < p_fuzzy else "untranslated"

        return state

    return picker


def fill_catalogues(root: Path, seed: int, reviewed: float, fuzzy: float) -> tuple[int, int, int]:
    settings = load_settings(root)
    picker = _state_picker(seed, reviewed, fuzzy)
    counts = {"reviewed": 0, "fuzzy": 0, "untranslated": 0}
    for lang in settings.languages:
        pseudo = PseudoTranslator(lang)
        disclaimer = approved_disclaimer(lang)
        for domain in catalog_domains(settings, lang):
            path = catalog_path(settings, lang, domain)
            with path.open("rb") as fh:
                catalog = read_po(fh, str(path))
            state = picker(lang, domain)
            messages = []
            for index, msg in enumerate(catalog.messages):
                if msg.obsolete:
                    messages.append(msg)
                    continue
                which = state(index)
                counts[which] += 1
                if which == "untranslated":
                    messages.append(
                        dataclasses.replace(
                            msg, msgstr="", flags=tuple(f for f in msg.flags if f != "fuzzy")
                        )
                    )
                    continue
                text = disclaimer if msg.context == "disclaimer" else pseudo.text(msg.msgid)
                flags = tuple(f for f in msg.flags if f != "fuzzy")
                if which == "fuzzy":
                    flags = ("fuzzy", *flags)
                messages.append(dataclasses.replace(msg, msgstr=text, flags=flags))
            atomic_write_bytes(
                path, format_catalog_bytes(dataclasses.replace(catalog, messages=tuple(messages)))
            )
    return counts["reviewed"], counts["fuzzy"], counts["untranslated"]


def generate(
    root: Path,
    articles: int = 1000,
    languages: int = 8,
    seed: int = 1,
    reviewed: float = 0.8,
    fuzzy: float = 0.1,
    newsletters: int | None = None,
) -> CorpusInfo:
    """Write the whole project into ``root`` (created; must be empty or absent)."""
    if not 0 < languages <= len(ALL_LANGUAGES):
        raise ValueError(f"languages must be 1..{len(ALL_LANGUAGES)}")
    if not (0 <= fuzzy <= 1 - reviewed and 0 <= reviewed <= 1):
        raise ValueError("need 0 <= fuzzy <= 1 - reviewed <= 1")
    start = time.perf_counter()
    root = root.resolve()
    if root.exists() and any(root.iterdir()):
        raise ValueError(f"{root} is not empty")
    root.mkdir(parents=True, exist_ok=True)
    langs = ALL_LANGUAGES[:languages]
    n_news = max(1, articles // 50) if newsletters is None else newsletters
    write_sources(root, articles, langs, seed, n_news)
    settings = load_settings(root)
    pipeline.extract(settings)
    pipeline.update(settings)
    r, f, u = fill_catalogues(root, seed, reviewed, fuzzy)
    pipeline.update(settings)  # as a user's last update leaves them (and its cache)
    n_cat = sum(len(catalog_domains(settings, lang)) for lang in langs)
    return CorpusInfo(root, articles, langs, n_cat, r + f + u, r, f, u, time.perf_counter() - start)


def add_articles(root: Path, start: int, count: int, seed: int) -> list[str]:
    """Write ``count`` more articles (numbered from ``start``) drawn from another seed."""
    rng = random.Random(seed)
    news = root / "source_texts" / "news"
    stems = []
    for index in range(start, start + count):
        stem, text = article(rng, index)
        atomic_write_bytes(news / f"{stem}.md", text.encode())
        stems.append(stem)
    return stems


def change_paragraphs(root: Path, share: float, seed: int = 7) -> int:
    """Edit ``share`` of the prose paragraphs of the articles in place (a word added).

    Returns how many paragraphs changed. Used for the "1 % changed" update benchmark.
    """
    files = sorted((root / "source_texts" / "news").glob("*.md"))
    paras: list[tuple[Path, int]] = []
    texts: dict[Path, list[str]] = {}
    for path in files:
        lines = path.read_text(encoding="utf-8").split("\n")
        texts[path] = lines
        body = lines.index("---", 1) + 1
        for i in range(body, len(lines)):
            line = lines[i]
            if line and not line.startswith(("#", "-", "!", ">")):
                paras.append((path, i))
    rng = random.Random(seed)
    chosen = rng.sample(paras, max(1, round(len(paras) * share)))
    for path, i in chosen:
        line = texts[path][i]
        texts[path][i] = (
            line.replace(" the ", " the updated ", 1) if " the " in line else line + " Updated."
        )
    for path in {p for p, _ in chosen}:
        atomic_write_bytes(path, "\n".join(texts[path]).encode())
    return len(chosen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder to create (must be empty or absent)")
    parser.add_argument("--articles", "-n", type=int, default=1000)
    parser.add_argument("--languages", "-m", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reviewed", type=float, default=0.8, help="share of reviewed entries")
    parser.add_argument(
        "--fuzzy", type=float, default=0.1, help="share of fuzzy entries (rest untranslated)"
    )
    parser.add_argument("--newsletters", type=int, default=None, help="default: articles / 50")
    args = parser.parse_args(argv)
    info = generate(
        args.out,
        args.articles,
        args.languages,
        args.seed,
        args.reviewed,
        args.fuzzy,
        args.newsletters,
    )
    print(info.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
