"""Smoke test: the prefill benchmark runs and its invariants hold at small sizes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import mirage_i18n

REPO = Path(__file__).resolve().parents[2]


def test_benchmark_runs_small():
    env = {**os.environ, "PYTHONPATH": str(Path(mirage_i18n.__file__).resolve().parents[1])}
    out = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "prefill_bench.py"),
            "--json",
            "--catalogs",
            "4",
            "--entries",
            "10",
            "--unique",
            "20",
            "--reviewed",
            "500",
            "--new",
            "30",
            "--sample",
            "30",
        ],
        capture_output=True,
        env=env,
        check=True,
        timeout=300,
    )
    result = json.loads(out.stdout)
    mt = result["mt"]
    assert mt["requests"] == mt["minimum_requests"] == mt["distinct_texts"]
    assert mt["filled"] == mt["entries"] and mt["second_run_requests"] == 0
    assert result["memory"]["matches"] >= 10 and result["memory"]["recall"] == 1.0
