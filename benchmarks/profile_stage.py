"""Where ``extract`` (cold) or ``update`` (without its cache) spends its time: cProfile of the
stage in this process, on a copy of the project (the project itself is not touched).

    python benchmarks/run.py -n 1000 --only update --workdir /tmp/bench     # makes /tmp/bench/changed
    python benchmarks/profile_stage.py extract /tmp/bench/pristine          # templates deleted first
    python benchmarks/profile_stage.py update /tmp/bench/changed --catalogues /tmp/bench/old-po

``update`` runs with ``.mirage-cache`` removed (a fresh clone: every catalogue is merged);
``--catalogues`` puts that folder's catalogues in place first (``run.py`` keeps the catalogues
from before its 1 % change in ``old-po``). The profiler's clock is the process's CPU time; it
slows Python calls down, so read the shares, not the seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mirage_i18n import pipeline
from mirage_i18n.config import load_settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stage", choices=("extract", "update"))
    parser.add_argument("project", type=Path)
    parser.add_argument("--catalogues", type=Path, help="a locales/ folder to start update from")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mirage-profile-stage-") as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(args.project, project, symlinks=True)
        shutil.rmtree(project / ".mirage-cache", ignore_errors=True)
        if args.stage == "extract":
            shutil.rmtree(project / "locales" / "templates", ignore_errors=True)
        elif args.catalogues is not None:  # run.py's old-po: the templates after, catalogues before
            shutil.rmtree(project / "locales")
            shutil.copytree(args.catalogues, project / "locales", symlinks=True)
        settings = load_settings(project)
        profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
        start = time.process_time()
        profiler.enable()
        report = (
            pipeline.extract(settings) if args.stage == "extract" else pipeline.update(settings)
        )
        profiler.disable()
        cpu = time.process_time() - start
        print(f"{args.stage}: {cpu:.2f} s CPU under the profiler; {len(report.written)} written")
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
