"""The page's live checks give validate's verdicts, entry by entry and message by message: on
the validation corpus and each of its fault-injected copies, on the sample project in every
language, on the quality corpus (``benchmarks/quality/project``, eight languages) and each of
its fault-injected copies (``benchmarks/quality/faults.py``), and on a generated set of texts
built to hit each check's edge cases.

One Chromium for the module; a corpus and its copies share one page per language, and every
entry of that page is checked in one evaluation.
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
from pathlib import Path

import pytest

from mirage_i18n.catalog.poreader import read_po_bytes
from mirage_i18n.catalog.powriter import format_po
from mirage_i18n.checks import encoding, leftovers, placeholders, spelled, text
from mirage_i18n.checks.glossary import term_pattern
from mirage_i18n.checks.registry import all_checks
from mirage_i18n.checks.run import validate
from mirage_i18n.config import load_settings
from mirage_i18n.model import Catalog, Message
from mirage_i18n.review.expect import LIVE_CHECKS, PACKED_ONLY
from mirage_i18n.review.jsregex import js_regex

from ..checks.helpers import FIXTURES, add_catalog, write_project
from ..checks.test_fault_injection import FAULTS, RICH, inject, make
from ..clirun import run_cli
from ..gnu import REPO
from .chromium import open_browser
from .corpus import write_corpus
from .differential import compare_projects

pytestmark = pytest.mark.slow  # a real Chromium, and about 20 projects validated

QUALITY = REPO / "benchmarks" / "quality"


@pytest.fixture(scope="module")
def drv():
    with tempfile.TemporaryDirectory(prefix="mirage-chromium-") as profile:
        with open_browser(Path(profile)) as browser:
            yield browser


def same_verdicts(roots: list[Path], drv, folder: Path):
    outcome = compare_projects(roots, drv, folder)
    assert not outcome.mismatches, f"{len(outcome.mismatches)} entries differ:\n" + "\n".join(
        outcome.mismatches[:30]
    )
    return outcome


def test_validation_corpus_and_its_fault_injected_copies(tmp_path: Path, drv) -> None:
    roots = [make(tmp_path / "clean")]
    for number, (_name, domain, old, new, _check, _entry) in enumerate(FAULTS):
        fixture = "sv-rich.po" if domain == RICH else "sv-partner-meeting.po"
        bad = inject((FIXTURES / fixture).read_text(encoding="utf-8"), old, new)
        kind = {"rich": bad} if domain == RICH else {"meeting": bad}
        roots.append(make(tmp_path / f"fault-{number}", **kind))  # type: ignore[arg-type]
    outcome = same_verdicts(roots, drv, tmp_path)
    assert outcome.found[0] == {}  # the good translations: no finding
    for fault, found in zip(FAULTS, outcome.found[1:]):
        check_id = fault[4]
        if check_id in LIVE_CHECKS:  # the live check saw the fault, as validate did
            assert found[check_id] >= 1, fault[0]


def quality_copies(folder: Path) -> list[Path]:
    """The quality corpus and one copy per fault kind, as the quality benchmark makes them."""
    sys.path.insert(0, str(QUALITY))
    try:
        import faults
    finally:
        sys.path.remove(str(QUALITY))
    corpus = faults.load_corpus(QUALITY / "project")
    roots = [corpus.root]
    for kind, planned in faults.plan(corpus).items():
        faults.write_copy(corpus, planned, folder / kind)
        roots.append(folder / kind)
    return roots


def test_quality_corpus_and_its_fault_injected_copies(tmp_path: Path, drv) -> None:
    roots = quality_copies(tmp_path / "copies")
    assert len(roots) >= 13
    outcome = same_verdicts(roots, drv, tmp_path)
    assert outcome.entries > 13 * 250  # eight languages, every copy
    # the faults the issue names are found live, with validate's messages
    for check_id in (
        "number",
        "url",
        "email",
        "glossary-dnt",
        "punctuation",
        "html-entity",
        "mask-token",
        "doubled-punctuation",
        "english-left",
        "same-as-source",
        "md-link-count",
    ):
        assert outcome.total[check_id] >= 4, (check_id, outcome.total)
    # the clean corpus: good translations (numbers in words, renderings, ?/!) pass live too
    assert not any(all_checks()[c].severity == "error" for c in outcome.found[0]), outcome.found[0]


def test_sample_project_in_every_language(sample_project: Path, tmp_path: Path, drv) -> None:
    assert run_cli(sample_project, "extract")[0] == 0
    assert run_cli(sample_project, "update")[0] == 0
    same_verdicts([sample_project], drv, tmp_path)


def test_generated_edge_cases_give_the_same_verdicts(tmp_path: Path, drv) -> None:
    root = write_corpus(tmp_path / "generated")
    assert sum(same_verdicts([root], drv, tmp_path).total.values()) > 500


def test_every_entry_check_is_live_or_shown_as_packed() -> None:
    """A check validate gains is either run by the page or listed, with the reason, as one
    the page shows only from validate's findings at pack time."""
    known = all_checks()
    per_entry = {c for c, info in known.items() if info.scope == "entry"}
    assert set(LIVE_CHECKS) <= per_entry
    assert per_entry - set(LIVE_CHECKS) <= set(PACKED_ONLY)
    assert set(PACKED_ONLY) <= set(known) and not set(PACKED_ONLY) & set(LIVE_CHECKS)


# Python patterns and the page's rewrites of them (review/jsregex.py) find the same matches.
REWRITTEN = [
    r"\bfoo\b|\Bx\B",
    r"a.b$",
    r"[^\S\n]+",
    r"[\W]+",
    r"[^\W\d_]+(?:['’][^\W\d_]+)?",
    r"(?P<q>['\"]).*?(?P=q)",
    r"x{,2}y{2,}z{}",
    r"[]a-]+",
    r"\x41\u00e9\U0001F600\N{EM DASH}\0\101",
    r"\ \#\&\~\-",
]
ALPHABET = [
    *'aiIİıbxyz fo._-,,;:!?..()[]{}„“"«»‹›&#;0123456789٣𝟏\n\t\x1c\ufeff\u00a0\u2003ä é̀ñßΣσς',
    *("https://ex.org/a", "www.x.eu", "&ndash", "& nbsp;", "&amp;", "[X0X]", "[X 1 X]", "{{0}}"),
    *("<x1/>", "{date}", "%d", "  \n", "foo", "İstanbul", "KIT", "tre", "τριετές", "тригодишен"),
    *("и три", "nio", "drei", "Training", "TCN", "Drittstaatsangehörigen", "υπηκόους τρίτων χωρών"),
    *('href="x"', "😀", "dâ€™activitÃ©s", "Ã ", "AÉ", "A É"),
]


def test_rewritten_patterns_find_what_python_finds(drv) -> None:
    patterns = [re.compile(p) for p in REWRITTEN]
    patterns += [re.compile(r"İstanbul|ırmak|kIt|[h-j]+", re.IGNORECASE)]
    patterns += [leftovers.MASK_RE, leftovers.DOUBLED_RE, leftovers.MAY_DOUBLE_RE]
    patterns += [encoding.NO_SEMICOLON_RE, encoding.SPACED_RE, encoding.NAMED_RE]
    patterns += [encoding.MOJIBAKE_RE, placeholders.URL_RE, placeholders.PRINTF_RE]
    patterns += [placeholders.BRACE_RE, text.HARD_BREAK_RE, text.DOUBLE_SPACE_RE]
    for lang in ("sv", "it", "fr", "ro", "bg", "de", "el", "hu"):
        patterns += [p for v in (1, 2, 3, 8, 9, 21, 100) if (p := spelled.spelled_pattern(lang, v))]
    for term in ("training", "TCN", "Drittstaatsangehörige", "υπηκόους τρίτων χωρών", "FAMI"):
        patterns.append(term_pattern(term))
    rng = random.Random(12)
    texts = ["".join(rng.choices(ALPHABET, k=rng.randint(0, 30))) for _ in range(1500)]
    python = [[[[m.start(), m.end()] for m in p.finditer(t)] for t in texts] for p in patterns]
    page = drv.execute_script(
        """
        const [patterns, texts] = arguments;
        const cp = (t, i) => Array.from(t.slice(0, i)).length;
        return patterns.map(([source, flags]) => { const re = new RegExp(source, flags + 'g');
          return texts.map((t) => Array.from(t.matchAll(re), (m) => [cp(t, m.index),
            cp(t, m.index) + Array.from(m[0]).length])); });""",
        [js_regex(p) for p in patterns],
        texts,
    )
    differ = [
        (p.pattern[:50], t, a, b)
        for p, x, y in zip(patterns, python, page)
        for t, a, b in zip(texts, x, y)
        if a != b
    ]
    assert differ == [] and len(patterns) > 60


ISSUE_12 = [
    # (English, Swedish, the live checks validate and the page give)
    ("The toolkit is available in 9 EU languages.", "Verktygslådan finns på nio EU-språk.", []),
    ("It is the result of a 3-year project.", "Det är resultatet av ett treårigt projekt.", []),
    ("Nine partners met in Nicosia.", "9 partner möttes i Nicosia.", []),
    (
        "The toolkit is available in 9 EU languages.",
        "Verktygslådan finns på tio EU-språk.",
        ["number"],
    ),
    # "nio" does not stand for 9 where the translation has a digit the English lacks
    ("In 9 languages since 2021.", "På nio språk sedan 2022.", ["number", "number-added"]),
    ("Trainings addressed to TCNs.", "Utbildningar för tredjelandsmedborgare.", []),
    ("Trainings addressed to TCNs.", "Utbildningar för migranter.", ["glossary-dnt"]),
    ("The AMIF funds it.", "Den finansieras av fonden.", []),  # exempt in Swedish
    ("Subscribe to the newsletter (it is free!).", "Prenumerera på nyhetsbrevet (gratis!).", []),
    ("Did you miss the webinar?", "Missade du webbinariet.", ["punctuation"]),
    (
        "Read the report of the final meeting.",
        "Read the report of the final meeting.",
        ["same-as-source"],
    ),
    ("The consortium met online in May.", "Konsortiet möttes online i maj.", []),
    (
        "Read the report of the final meeting here.",
        "Läs the report of the final meeting här.",
        ["english-left"],
    ),
    # (the mask's 0 is a number the English lacks, too)
    ("See the results.", "Se [X0X] resultaten.", ["mask-token", "number-added"]),
    ("Costs – and benefits.", "Kostnader &ndash och fördelar.", ["html-entity"]),
    ("Costs, and benefits.", "Kostnader,, och fördelar.", ["doubled-punctuation"]),
]


def test_what_issue_12_names_is_judged_live_as_validate_judges_it(tmp_path: Path, drv) -> None:
    """The brief's examples, each an entry of one catalogue: numbers written as words (and
    "nine" → "9"), a rendering and an exemption, ?/!, English left, masks, entities."""
    root = write_project(tmp_path / "p", glossary=False)
    (root / "glossary.toml").write_text(
        'do_not_translate = ["TCN", "AMIF"]\n\n[renderings.sv]\nTCN = ["tredjelandsmedborgare"]\n'
        '\n[exempt]\nsv = ["AMIF"]\n',
        encoding="utf-8",
    )
    messages = tuple(
        Message(msgid=english, msgstr=swedish, context=str(n))
        for n, (english, swedish, _) in enumerate(ISSUE_12)
    )
    headers = (("Content-Type", "text/plain; charset=UTF-8"), ("Language", "sv"))
    add_catalog(root, "sv", "news/issue-12", format_po(Catalog(headers=headers, messages=messages)))
    outcome = same_verdicts([root], drv, tmp_path)
    report = validate(load_settings(root), ["sv"])
    by_line = {
        m.lineno: m.context
        for m in read_po_bytes(
            (root / "locales/sv/LC_MESSAGES/news/issue-12.po").read_bytes(), "x"
        ).active
    }
    found: dict[str, set[str]] = {}
    for f in report.findings:
        if f.check_id in LIVE_CHECKS and f.line in by_line:
            found.setdefault(by_line[f.line], set()).add(f.check_id)
    assert [sorted(found.get(str(n), ())) for n in range(len(ISSUE_12))] == [
        sorted(want) for _, _, want in ISSUE_12
    ]
    assert outcome.entries == len(ISSUE_12)
