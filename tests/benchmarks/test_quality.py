"""The quality benchmark runs in CI: validate must meet its targets on the corpus
(benchmarks/quality/), next to pofilter. Deterministic: same corpus, same faults, same figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "quality" / "measure.py"


@pytest.mark.slow
def test_quality_targets_hold(tmp_path: Path) -> None:
    if not (Path(sys.executable).parent / "pofilter").exists():
        pytest.fail("pofilter missing: pip install -r benchmarks/quality/requirements.txt")
    out = tmp_path / "quality.json"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--workdir", str(tmp_path / "work"), "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "all targets met" in proc.stdout
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["entries"] >= 200
    kinds = data["validate"]["kinds"]
    assert len(kinds) >= 12 and all(k["total"] >= 16 for k in kinds.values())
    assert data["validate"]["false_errors"] == 0


def test_the_injector_is_deterministic_and_touches_every_language() -> None:
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import faults
    finally:
        sys.path.pop(0)
    corpus = faults.load_corpus(SCRIPT.parent / "project")
    first, second = faults.plan(corpus), faults.plan(corpus)
    assert first == second
    for kind, planned in first.items():
        assert {f.lang for f in planned} == set(corpus.languages), kind
        assert all(f.after != f.before for f in planned), kind
