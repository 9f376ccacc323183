"""The benchmark harness runs end to end on a tiny corpus (no timing assertions: speed is
measured by people running benchmarks/run.py, see benchmarks/README.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OUR_ROWS = (
    "extract (no templates yet)",
    "extract, nothing changed",
    "update, nothing changed",
    "extract + update, nothing changed",
    "update after 1 % changed",
    "status",
    "validate, cold (no cache)",
    "build (clean dist, no cache)",
    "build, nothing changed",
    "prefill --engine memory",
    "status, again",
    "prefill --engine memory, again (nothing new)",
)
REFERENCE_ROWS = (
    "msgmerge loop (one process per catalogue)",
    "msgfmt --check --statistics loop",
    "msgfmt --check --statistics, concatenated, every entry kept",
    "msgfmt --check --statistics, msgcat-merged concatenation",
    "msgfmt --check --statistics, one msgcat-merged concatenation per language",
    "msgfmt -o loop (compile every catalogue)",
    "pybabel compile (all catalogues, 1 process)",
)


@pytest.mark.slow
def test_harness_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "-n",
            "20",
            "-m",
            "2",
            "--repeat",
            "1",
            "--prefill-reviewed",
            "300",
            "--prefill-new",
            "40",
            "--workdir",
            str(tmp_path / "work"),
            "--json",
            str(out),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(out.read_text())
    rows = {row["name"]: row for row in data["rows"]}
    for name in OUR_ROWS + REFERENCE_ROWS:
        assert name in rows, name
        assert rows[name]["available"], rows[name]["note"]
        assert len(rows[name]["times"]) == 1 and rows[name]["peak_mb"] > 0
    assert rows["extract + update, nothing changed"]["note"] == "0 file(s) rewritten"
    assert data["corpus"]["catalogues"] == 2 * (20 + 1 + 1)  # articles, shared, one newsletter
    assert "| target (N = 1,000, M = 8) |" in result.stdout
    # the reference the validate target is measured against holds every entry of the corpus
    entries = data["corpus"]["entries"]
    kept = rows["msgfmt --check --statistics, concatenated, every entry kept"]["note"]
    assert f"{entries} of the corpus's {entries} entries" in kept, kept
    merged = rows["msgfmt --check --statistics, msgcat-merged concatenation"]["note"]
    assert f"of the corpus's {entries} entries" in merged and f"{entries} of" not in merged, merged


def test_keyed_copy_keeps_every_entry_apart(tmp_path: Path) -> None:
    """Two catalogues with the same English (one with a msgctxt, one obsolete entry, one
    multi-line msgid) stay apart under msgcat once keyed, and msgfmt counts every entry."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import run

    po = (
        '# a comment\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: a.md:1\nmsgid "Hello"\nmsgstr "Hej"\n\n'
        'msgctxt "title"\nmsgid "Hello"\nmsgstr "Hallå"\n\n'
        'msgid ""\n"two\\n"\n"lines"\nmsgstr ""\n\n'
        '#~ msgid "Old"\n#~ msgstr "Gammal"\n'
    )
    a, b = tmp_path / "a.po", tmp_path / "b.po"
    a.write_text(po.replace("Hej", "Hejsan"), encoding="utf-8")
    b.write_text(po, encoding="utf-8")
    keyed = [tmp_path / "ka.po", tmp_path / "kb.po"]
    for src, dest, key in zip((a, b), keyed, ("sv/a", "sv/b")):
        dest.write_text(run.keyed_text(src.read_text(encoding="utf-8"), key), encoding="utf-8")
        assert run.msgfmt_statistics(dest) == run.msgfmt_statistics(src) == (2, 0, 1)
    merged = tmp_path / "merged.po"
    subprocess.run(["msgcat", "-o", str(merged), str(a), str(b)], check=True)
    assert run.msgfmt_statistics(merged) == (1, 1, 1)  # "Hello" in conflict: fuzzy
    kept = tmp_path / "kept.po"
    subprocess.run(["msgcat", "-o", str(kept), *map(str, keyed)], check=True)
    assert run.msgfmt_statistics(kept) == (4, 0, 2)
    assert '#~ msgctxt "sv/a"' in keyed[0].read_text(encoding="utf-8")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(kept)], check=True)


def test_validate_profile_script_runs(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import corpus

    info = corpus.generate(tmp_path / "c", articles=4, languages=2, seed=5)
    for extra in ([], ["--cprofile", info.languages[0], "--top", "5"]):
        result = subprocess.run(
            [
                sys.executable,
                str(REPO / "benchmarks" / "profile_validate.py"),
                str(info.root),
                *extra,
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert (
            ("total" in result.stdout and "findings" in result.stdout)
            if not extra
            else "function calls" in result.stdout
        )


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import corpus

    a = corpus.generate(tmp_path / "a", articles=5, languages=2, seed=3)
    b = corpus.generate(tmp_path / "b", articles=5, languages=2, seed=3)
    files_a = sorted(p.relative_to(a.root) for p in a.root.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b.root) for p in b.root.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        if rel.parts[0] != ".mirage-cache":
            assert (a.root / rel).read_bytes() == (b.root / rel).read_bytes(), rel
    assert a.reviewed + a.fuzzy + a.untranslated == a.entries > 0
