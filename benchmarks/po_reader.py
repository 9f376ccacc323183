"""Our PO reader against polib's parser (and against an earlier version of ours), one process.

    python benchmarks/po_reader.py CORPUS                    # ours vs polib on every .po/.pot
    python benchmarks/po_reader.py CORPUS --baseline REF     # … and our reader as of git REF
    python benchmarks/po_reader.py CORPUS --writers          # polib's save vs ours, the diff

CORPUS is a folder made by ``benchmarks/corpus.py`` (or any project with ``locales/``). Every
file is read into memory first; the readers then parse the same strings, interleaved in chunks
of 200 files (ours, polib, baseline, then the next chunk in another order), ``--rounds`` times.
A reader's figure is the sum over chunks of its fastest CPU time for that chunk: on a shared
machine that is the least disturbed measurement of each piece, and every reader is measured
under the same conditions. Read the ratios. ``--baseline`` takes the reader module of that
commit (``catalog/poreader.py``, or ``catalog/pofile.py`` before the split) from git and times
its ``parse_po`` too: the before/after of a change to the reader.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import re
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

CHUNK = 200
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
        "--writers", action="store_true", help="how many files polib's save would change"
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
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
    best = {name: [float("inf")] * len(chunks) for name in readers}
    names = list(readers)
    for round_ in range(args.rounds):
        for index, chunk in enumerate(chunks):
            shift = (round_ + index) % len(names)
            for name in names[shift:] + names[:shift]:
                parse = readers[name]
                gc.collect()
                start = time.process_time()
                for text, path in chunk:
                    parse(text, path)
                best[name][index] = min(best[name][index], time.process_time() - start)
    ours = sum(best["ours"])
    for name, values in best.items():
        total = sum(values)
        print(
            f"{name:<22} {total:7.3f} s CPU  {total / ours:5.2f}× ours  "
            f"{1e6 * total / lines:.2f} µs/line"
        )


def show_writers(texts: list[tuple[str, str]]) -> None:
    """How many catalogues polib's save of :func:`to_polib` would change, and the first diff."""
    for width in (78, 0):
        changed: list[tuple[str, str, str]] = []
        for text, path in texts:
            po = to_polib(parse_po(text, path))
            po.wrapwidth = width
            if str(po) != text:
                changed.append((path, text, str(po)))
        print(f"polib's save, wrapwidth={width}: {len(changed)} of {len(texts)} files changed")
        if changed:
            path, ours, theirs = changed[0]
            diff = difflib.unified_diff(
                ours.splitlines(), theirs.splitlines(), f"ours {path}", "polib", lineterm="", n=1
            )
            print("\n".join(list(diff)[:24]))


if __name__ == "__main__":
    main()
