"""How well `validate` finds real faults without crying wolf, next to Translate Toolkit's pofilter.

    python benchmarks/quality/measure.py [--workdir DIR] [--per-language 8] [--json OUT]

Runs ``mirage-i18n validate --format json`` and ``pofilter`` (both found next to
``sys.executable``; pofilter comes from ``benchmarks/quality/requirements.txt``) on the clean
corpus in ``project/`` and on one faulty copy per fault kind (``faults.py``), then prints
false errors and false warnings per 100 clean entries and the recall per fault kind. A fault
counts as found when its entry gets a finding that the clean entry does not have.

Exit status 1 when a target is missed: 0 false errors, at most 2 false warnings per 100
clean entries, recall at least 98 % overall and 90 % for every kind, and never below
pofilter's in any kind.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import faults as fault_kinds

from mirage_i18n.catalog.poreader import read_po_bytes

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "project"
BIN = Path(sys.executable).parent
TARGET_FALSE_ERRORS = 0.0
TARGET_FALSE_WARNINGS = 2.0
TARGET_RECALL = 98.0
TARGET_KIND_RECALL = 90.0

# An entry: (language, domain, msgid).
Key = tuple[str, str, str]
# What a tool said about an entry: (tool's check id, severity, message).
Said = tuple[str, str, str]


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        raise SystemExit(
            f"{name} not found next to {sys.executable}; pip install -r {HERE / 'requirements.txt'}"
        )
    return str(path)


def _entries_by_line(project: Path, lang: str, domain: str) -> dict[int, str]:
    path = project / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
    catalog = read_po_bytes(path.read_bytes(), str(path))
    return {m.lineno: m.msgid for m in catalog.active if m.lineno is not None}


def run_validate(project: Path) -> dict[Key, list[Said]]:
    """validate's findings per entry (findings without an entry line are kept under msgid '')."""
    env = dict(os.environ, MIRAGE_WORKERS="1")
    proc = subprocess.run(
        [_tool("mirage-i18n"), "validate", "--format", "json"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode not in (0, 1):
        raise SystemExit(f"validate failed in {project} ({proc.returncode}):\n{proc.stderr}")
    data = json.loads(proc.stdout)
    lines: dict[tuple[str, str], dict[int, str]] = {}
    out: dict[Key, list[Said]] = defaultdict(list)
    for f in data["findings"]:
        where = (f["lang"], f["domain"])
        if where not in lines:
            lines[where] = _entries_by_line(project, *where)
        msgid = lines[where].get(f["line"], "")
        out[(f["lang"], f["domain"], msgid)].append((f["check"], f["severity"], f["message"]))
    return out


def run_pofilter(
    projects: dict[str, Path], languages: tuple[str, ...], dnt: tuple[str, ...], work: Path
) -> dict[str, dict[Key, list[Said]]]:
    """pofilter's failures per copy and entry: one run per language over every copy."""
    pofilter = _tool("pofilter")
    notranslate = work / "notranslate.txt"
    notranslate.write_text("\n".join(dnt) + "\n", encoding="utf-8")
    out: dict[str, dict[Key, list[Said]]] = {name: defaultdict(list) for name in projects}
    for lang in languages:
        tree, result = work / "pofilter-in" / lang, work / "pofilter-out" / lang
        result.parent.mkdir(parents=True, exist_ok=True)
        for name, project in projects.items():
            shutil.copytree(project / "locales" / lang / "LC_MESSAGES", tree / name)
        subprocess.run(
            [
                pofilter,
                f"--language={lang}",
                f"--notranslatefile={notranslate}",
                "--progress=none",
                "-i",
                str(tree),
                "-o",
                str(result),
            ],
            check=True,
            capture_output=True,
        )
        for path in result.rglob("*.po"):
            rel = path.relative_to(result)
            name, domain = rel.parts[0], str(Path(*rel.parts[1:]).with_suffix(""))
            catalog = read_po_bytes(path.read_bytes(), str(path))
            for msg in catalog.active:
                for comment in msg.user_comments:
                    if comment.startswith("(pofilter) "):
                        check, _, message = comment[len("(pofilter) ") :].partition(": ")
                        out[name][(lang, domain, msg.msgid)].append((check, "finding", message))
    return out


def new_findings(clean: list[Said], faulty: list[Said]) -> list[Said]:
    left = Counter(clean)
    out = []
    for said in faulty:
        if left[said] > 0:
            left[said] -= 1
        else:
            out.append(said)
    return out


def measure(work: Path, per_language: int) -> dict[str, object]:
    corpus = fault_kinds.load_corpus(CORPUS)
    planned = fault_kinds.plan(corpus, per_language)
    projects = {"clean": work / "clean"}
    shutil.copytree(CORPUS, projects["clean"])
    for kind, faults in planned.items():
        projects[kind] = work / kind
        fault_kinds.write_copy(corpus, faults, projects[kind])

    entries = sum(len(v) for v in corpus.by_lang.values())
    tools: dict[str, dict[str, dict[Key, list[Said]]]] = {
        "validate": {name: run_validate(path) for name, path in projects.items()},
        "pofilter": run_pofilter(projects, corpus.languages, corpus.do_not_translate, work),
    }
    result: dict[str, object] = {
        "entries": entries,
        "languages": len(corpus.languages),
        "faults": {k: len(v) for k, v in planned.items()},
    }
    for tool, runs in tools.items():
        clean = runs["clean"]
        severities = Counter(s for said in clean.values() for _, s, _ in said)
        false_by_check = Counter(f"{c} ({s})" for said in clean.values() for c, s, _ in said)
        kinds: dict[str, dict[str, object]] = {}
        for kind, faults in planned.items():
            found = as_error = 0
            missed = []
            for fault in faults:
                key = (fault.lang, fault.domain, fault.msgid)
                new = new_findings(clean.get(key, []), runs[kind].get(key, []))
                if new:
                    found += 1
                    as_error += any(s in ("error", "finding") for _, s, _ in new)
                else:
                    missed.append({"lang": fault.lang, "msgid": fault.msgid, "after": fault.after})
            kinds[kind] = {
                "found": found,
                "as_error": as_error,
                "total": len(faults),
                "missed": missed,
            }
        result[tool] = {
            "false_errors": severities["error"] + severities["finding"],
            "false_warnings": severities["warning"],
            "false_by_check": dict(false_by_check.most_common()),
            "false_entries": {
                f"{k[0]} {k[1]}: {k[2][:60]}": said for k, said in sorted(clean.items())
            },
            "kinds": kinds,
        }
    return result


def _pct(a: int, b: int) -> float:
    return 100.0 * a / b if b else 100.0


def report(result: dict[str, object]) -> tuple[str, list[str]]:
    entries = int(result["entries"])  # type: ignore[call-overload]
    ours, theirs = result["validate"], result["pofilter"]
    assert isinstance(ours, dict) and isinstance(theirs, dict)
    lines = [
        f"clean corpus: {entries} reviewed entries in {result.get('languages', '?')} languages "
        f"(false findings in {len({k.split()[0] for k in ours['false_entries']})}); "
        f"faults injected: {sum(result['faults'].values())}",  # type: ignore[union-attr]
        "",
        f"{'':28}{'validate':>22}{'pofilter':>22}",
        f"{'false errors / 100 entries':28}{_pct(ours['false_errors'], entries):>22.2f}{_pct(theirs['false_errors'], entries):>15.2f} (all)",
        f"{'false warnings / 100':28}{_pct(ours['false_warnings'], entries):>22.2f}{'–':>22}",
        "",
        f"{'recall by fault kind':28}{'found (as error)':>22}{'found':>22}",
    ]
    problems: list[str] = []
    total = found = 0
    their_total = their_found = 0
    for kind, mine in ours["kinds"].items():
        other = theirs["kinds"][kind]
        n = mine["total"]
        total += n
        found += mine["found"]
        their_total += other["total"]
        their_found += other["found"]
        r, rt = _pct(mine["found"], n), _pct(other["found"], other["total"])
        lines.append(
            f"  {kind:26}{mine['found']:>4}/{n:<3} {r:5.1f} % ({mine['as_error']:>2}){other['found']:>10}/{other['total']:<3} {rt:5.1f} %"
        )
        if r < TARGET_KIND_RECALL:
            problems.append(f"recall for {kind} is {r:.1f} % (< {TARGET_KIND_RECALL:g} %)")
        if r < rt:
            problems.append(f"recall for {kind} is below pofilter's ({r:.1f} % < {rt:.1f} %)")
    overall, their_overall = _pct(found, total), _pct(their_found, their_total)
    lines.append(
        f"  {'overall':26}{found:>4}/{total:<3} {overall:5.1f} %{'':6}{their_found:>8}/{their_total:<3} {their_overall:5.1f} %"
    )
    if overall < TARGET_RECALL:
        problems.append(f"overall recall is {overall:.1f} % (< {TARGET_RECALL:g} %)")
    fe, fw = _pct(ours["false_errors"], entries), _pct(ours["false_warnings"], entries)
    if fe > TARGET_FALSE_ERRORS:
        problems.append(f"{ours['false_errors']} false error(s) on the clean corpus")
    if fw > TARGET_FALSE_WARNINGS:
        problems.append(f"{fw:.2f} false warnings per 100 entries (> {TARGET_FALSE_WARNINGS:g})")
    return "\n".join(lines), problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, help="keep the copies and tool outputs here")
    parser.add_argument("--per-language", type=int, default=8, help="faults per kind and language")
    parser.add_argument("--json", type=Path, help="write every figure and every miss here")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list misses and false findings"
    )
    args = parser.parse_args(argv)
    tmp = None
    if args.workdir:
        work = args.workdir
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="mirage-quality-")
        work = Path(tmp.name)
    try:
        result = measure(work, args.per_language)
    finally:
        if tmp is not None:
            tmp.cleanup()
    text, problems = report(result)
    print(text)
    if args.verbose:
        ours = result["validate"]
        assert isinstance(ours, dict)
        print("\nfalse findings of validate on the clean corpus:")
        for where, said in ours["false_entries"].items():
            for check, severity, message in said:
                print(f"  {where}: {severity}: {check}: {message}")
        print("\nfaults validate missed:")
        for kind, info in ours["kinds"].items():
            for miss in info["missed"]:
                print(f"  {kind} [{miss['lang']}] {miss['msgid'][:50]!r} -> {miss['after']!r}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if problems:
        print("\ntargets missed:\n  " + "\n  ".join(problems))
        return 1
    print("\nall targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
