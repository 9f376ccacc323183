"""The benchmark harness runs end to end on a tiny corpus (no timing assertions: speed is
measured by people running benchmarks/run.py, see benchmarks/README.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUR_ROWS = ("extract (no templates yet)", "extract, nothing changed", "update, nothing changed",
            "extract + update, nothing changed", "update after 1 % changed", "status",
            "validate, cold (no cache)", "build (clean dist, no cache)", "build, nothing changed",
            "prefill --engine memory")
REFERENCE_ROWS = ("msgmerge loop (one process per catalogue)", "msgfmt --check --statistics loop",
                  "msgfmt --check --statistics, concatenated", "msgfmt -o loop (compile every catalogue)",
                  "pybabel compile (all catalogues, 1 process)")


def test_harness_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "-n", "20", "-m", "2", "--repeat", "1",
         "--prefill-reviewed", "300", "--prefill-new", "40", "--workdir", str(tmp_path / "work"),
         "--json", str(out), "--quiet"],
        capture_output=True, text=True, timeout=600, check=False)
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
