"""Our PO reader against polib's parser (and against an earlier version of ours), one process.

    python benchmarks/po_reader.py CORPUS                    # ours vs polib on every .po/.pot
    python benchmarks/po_reader.py CORPUS --baseline REF     # … and our reader as of git REF
    python benchmarks/po_reader.py CORPUS --writers          # polib's save vs ours, the diff

CORPUS is a folder made by ``benchmarks/corpus.py`` (or any project with ``locales/``). Every
file is read into memory first; the readers then parse the same strings in interleaved rounds
(ours, polib, baseline, ours, …), and the figure is the median of ``--rounds`` rounds, so a
busy machine slows all of them alike: read the ratios. ``--baseline`` takes the reader module
of that commit (``catalog/poreader.py``, or ``catalog/pofile.py`` before the split) from git
and times its ``parse_po`` too: the before/after of a change to the reader.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import re
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

import polib  # noqa: E402

from mirage_i18n.catalog import to_polib  # noqa: E402
from mirage_i18n.catalog.poreader import decode_po, parse_po  # noqa: E402
from mirage_i18n.catalog.powriter import format_po  # noqa: E402

READER_PATHS = ("src/mirage_i18n/catalog/poreader.py", "src/mirage_i18n/catalog/pofile.py")


def baseline_reader(ref: str) -> Callable[[str, str], object]:
    """``parse_po`` of the reader module at git ``ref``, imported under another name."""
    for rel in READER_PATHS:
        shown = subprocess.run(
            ["git", "show", f"{ref}:{rel}"], cwd=ROOT, capture_output=True, text=True
        )
        if shown.returncode == 0:
            break
    else:
        raise SystemExit(f"no PO reader module at {ref} ({' or '.join(READER_PATHS)})")
    source = re.sub(r"^from \.\.", "from mirage_i18n.", shown.stdout, flags=re.M)
    source = re.sub(r"^from \.", "from mirage_i18n.catalog.", source, flags=re.M)
    module = types.ModuleType(f"baseline_reader_{ref}")
    module.__file__ = f"{ref}:{rel}"
    sys.modules[module.__name__] = module  # dataclasses and typing look modules up by name
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    parse: Callable[[str, str], object] = module.parse_po
    return parse


def polib_parse(text: str, path: str) -> object:
    return polib.pofile(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", metavar="REF", help="also time our reader at this commit")
    parser.add_argument("--no-polib", action="store_true", help="skip polib (it is slow)")
    parser.add_argument(
        "--writers", action="store_true", help="compare polib's save with ours on one file"
    )
    args = parser.parse_args()
    files = sorted(p for p in (args.corpus / "locales").rglob("*") if p.suffix in (".po", ".pot"))
    texts = [(decode_po(p.read_bytes(), str(p)), str(p)) for p in files]
    if args.writers:
        show_writers(texts)
        return
    lines = sum(t.count("\n") for t, _ in texts)
    mb = sum(len(t.encode("utf-8")) for t, _ in texts) / 1e6
    print(f"{len(texts)} files, {lines:,} lines, {mb:.1f} MB, {args.rounds} rounds")

    readers: dict[str, Callable[[str, str], object]] = {"ours": parse_po}
    if args.baseline:
        readers[f"ours at {args.baseline}"] = baseline_reader(args.baseline)
    if not args.no_polib:
        readers["polib"] = polib_parse
    times: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(args.rounds):
        for name, parse in readers.items():
            gc.collect()
            start = time.perf_counter()
            for text, path in texts:
                parse(text, path)
            times[name].append(time.perf_counter() - start)
    ours = statistics.median(times["ours"])
    for name, values in times.items():
        median = statistics.median(values)
        spread = f"{min(values):.3f}–{max(values):.3f}"
        print(
            f"{name:<22} {median:7.3f} s (min–max {spread})  {median / ours:5.2f}× ours  "
            f"{1e6 * median / lines:.2f} µs/line"
        )


def show_writers(texts: list[tuple[str, str]]) -> None:
    """The first catalogue whose polib save differs from ours, as a unified diff."""
    for text, path in texts:
        catalog = parse_po(text, path)
        ours = format_po(catalog)
        for width in (78, 0):
            po = to_polib(catalog)
            po.wrapwidth = width
            theirs = str(po)
            if theirs != ours:
                print(f"--- ours ({path})\n+++ polib, wrapwidth={width}")
                diff = difflib.unified_diff(
                    ours.splitlines(), theirs.splitlines(), lineterm="", n=1
                )
                print("\n".join(list(diff)[2:]))
        return


if __name__ == "__main__":
    main()
