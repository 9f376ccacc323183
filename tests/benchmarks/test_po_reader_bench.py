"""benchmarks/po_reader.py runs end to end on a tiny corpus (figures: benchmarks/README.md)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.slow
def test_reader_benchmark_times_ours_an_earlier_commit_and_polib(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _run(str(REPO / "benchmarks" / "corpus.py"), str(corpus), "-n", "6", "-m", "2")
    script = str(REPO / "benchmarks" / "po_reader.py")
    out = _run(script, str(corpus), "--rounds", "1", "--baseline", "HEAD")
    assert re.search(r"^24 files, [\d,]+ lines", out, re.M), out  # 8 templates, 2 × 8 .po
    for name in ("ours ", "ours at HEAD", "polib"):
        assert re.search(rf"^{name}\s+[\d.]+ s CPU\s+[\d.]+× ours", out, re.M), out
    writers = _run(script, str(corpus), "--writers")
    assert "polib's save, wrapwidth=78: 24 of 24 files changed" in writers, writers
    assert "+++ polib" in writers
