"""Where a clean build's time goes: cProfile of ``build`` in this process, as the CLI runs it
(the build, then its report's lines), with the dashboard's validation in this process too
(``MIRAGE_WORKERS=1``), so every function of the whole build is in one profile.

    python benchmarks/corpus.py /tmp/corpus -n 1000 -m 8
    python benchmarks/profile_build.py /tmp/corpus [--top 30] [--sort tottime|cumulative]

The output goes to a temporary folder (the project's ``dist/`` is not touched) and the build
is forced (the no-change check would skip it otherwise). The profiler's clock is the
process's CPU time (``time.process_time``), not wall time, which a shared machine inflates at
random; cProfile slows Python calls down, so read the shares, not the seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mirage_i18n import pipeline
from mirage_i18n.config import load_settings


def profile_build(project: Path, top: int, sort: str, dump: Path | None = None) -> None:
    os.environ["MIRAGE_WORKERS"] = "1"
    settings = load_settings(project)
    with tempfile.TemporaryDirectory(prefix="mirage-profile-build-") as out:
        profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
        start = time.perf_counter()
        profiler.enable()
        report = pipeline.build(settings, out=Path(out), force=True)
        lines = report.lines()
        profiler.disable()
        seconds = time.perf_counter() - start
    print(f"build under cProfile: {seconds:.1f} s, {len(lines)} report lines")
    if dump:
        profiler.dump_stats(dump)
    pstats.Stats(profiler).sort_stats(sort).print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", choices=("tottime", "cumulative"), default="tottime")
    parser.add_argument("--dump", type=Path, help="also save the profile (pstats) to this file")
    args = parser.parse_args(argv)
    profile_build(args.project, args.top, args.sort, args.dump)
    return 0


if __name__ == "__main__":
    sys.exit(main())
