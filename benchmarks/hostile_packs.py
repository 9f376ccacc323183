"""How long ``unpack`` takes to refuse zip bombs, against a good pack in the same run (issue 13).

Before the limits (safezip.py), the 1.5 MB zip holding a 1.5 GB ``.po`` and the zip of 2,000
overlapping members ran for minutes (every member was inflated by ``testzip``). Each row is the
median of ``--repeat`` runs of the real command in a fresh process; the ratio is against the
good pack, whose time is mostly Python's start-up. Nothing is written by a refused pack.

    python benchmarks/hostile_packs.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.hostile.bombs import bomb_zip  # noqa: E402
from tests.hostile.conftest import ARTICLE_FILE, make_pack, make_project  # noqa: E402
from tests.hostile.test_packs import _overlapping  # noqa: E402

MIRAGE = Path(sys.executable).parent / "mirage-i18n"


def timed(project: Path, pack: Path) -> tuple[float, int]:
    started = time.perf_counter()
    result = subprocess.run(
        [str(MIRAGE), "--project", str(project), "unpack", str(pack)],
        capture_output=True,
        timeout=600,
        check=False,
    )
    return time.perf_counter() - started, result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hostile-packs-"))
    project = make_project(work / "project")
    members = make_pack(project, work / "good.zip")
    others = {k: v for k, v in members.items() if k != ARTICLE_FILE}
    (work / "gigabyte.zip").write_bytes(bomb_zip(ARTICLE_FILE, 1500, others))
    overlap = {**members, "big.po": b"\0" * (1 << 20)}
    (work / "overlapping.zip").write_bytes(_overlapping(overlap, 2000))
    rows = []
    for name in ("good.zip", "gigabyte.zip", "overlapping.zip"):
        runs = [timed(project, work / name) for _ in range(args.repeat)]
        rows.append(
            (name, (work / name).stat().st_size, runs[0][1], statistics.median(t for t, _ in runs))
        )
    reference = rows[0][3]
    print("| pack | zip size | exit | unpack (median) | ratio to the good pack |")
    print("|---|---|---|---|---|")
    for name, size, code, seconds in rows:
        print(
            f"| {name} | {size:,} bytes | {code} | {seconds:.2f} s | {seconds / reference:.2f}× |"
        )


if __name__ == "__main__":
    main()
