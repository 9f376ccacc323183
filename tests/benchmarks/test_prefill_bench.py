"""Smoke test: the prefill benchmark runs and its invariants hold at small sizes.

No timing is asserted here (the 10 s targets are the benchmark's, on its full size); the
counts are: requests equal to the engine's plan when nothing fails, a dead service ends the
run with exit 2 and one line, a rerun after SIGKILL re-sends exactly what was in flight.
"""

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
            "--texts",
            "120",
            "--latency",
            "0",
            "--reference-texts",
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
        timeout=300,
    )
    result = json.loads(out.stdout)
    rows = {(r["engine"], r["batch_size"]): r for r in result["throughput"]}
    assert set(rows) == {
        ("libre", "engine maximum"),
        ("deepl", "engine maximum"),
        ("microsoft", "engine maximum"),
        ("libre", 1),
    }
    for row in rows.values():
        assert row["filled"] == row["texts"] and row["requests"] == row["minimum_requests"]
    assert rows[("deepl", "engine maximum")]["requests"] == 3  # 120 texts, 50 per request
    assert rows[("microsoft", "engine maximum")]["requests"] == 1
    assert rows[("libre", 1)]["requests"] == 20
    down = result["server_down"]
    assert down["exit_code"] == 2 and len(down["error_lines"]) == 1
    assert "unreachable after 3 attempts; nothing more sent" in down["error_lines"][0]
    kill = result["sigkill"]
    assert kill["sent_again_only_in_flight"] and kill["rerun_exit_code"] == 0
    assert kill["requests_in_flight_at_kill"] <= 2  # two workers
    assert result["cache"]["second_run_requests"] == 0
    assert result["memory"]["matches"] >= 10 and result["memory"]["recall"] == 1.0
    assert out.returncode == (0 if all(result["targets"].values()) else 1)
