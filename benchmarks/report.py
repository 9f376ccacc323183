"""The benchmark's tables: rows per size, comparisons, scaling with growth exponents, targets
(all on CPU time), and the comparison with a stored baseline run.

Works on the JSON that run.py writes (one entry per size), so a report can be assembled from
separate runs (``run.py --combine``).
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_BASELINE = HERE / "baseline-before-issue14.json"

# Row names (run.py makes the rows; the targets below name them).
EXTRACT_COLD = "extract (no templates yet)"
MDPO = "mdpo: md2po, every Markdown file, 1 process"
UPDATE_CACHE = "update after 1 % changed"
UPDATE_NO_CACHE = "update after 1 % changed, no cache (fresh clone)"
MSGMERGE_MAKE = "msgmerge, make-style (only catalogues whose template changed)"
MSGMERGE_ALL = "msgmerge loop (one process per catalogue)"
STATUS = "status"
STAT_LOOP = "msgfmt --statistics loop"
VALIDATE_1 = "validate, cold, 1 worker"
VALIDATE_2 = "validate, cold (no cache)"
KEPT = "msgfmt --check --statistics, concatenated, every entry kept"
POFILTER = "pofilter, one process per language"
MERGED = "msgfmt --check --statistics, msgcat-merged concatenation"
PER_LANG = "msgfmt --check --statistics, one msgcat-merged concatenation per language"
POLIB = "polib: parse every catalogue (1 process)"
OUR_READER = "our reader: parse every catalogue (1 process)"
CHECK_LOOP = "msgfmt --check --statistics loop"
BUILD = "build (clean dist, no cache)"
BUILD_AGAIN = "build, nothing changed"
PYBABEL = "pybabel compile (all catalogues, 1 process)"
MO_LOOP = "msgfmt -o loop (compile every catalogue)"
NOOP = "extract + update, nothing changed"
PREFILL = "prefill --engine memory"

COMPARISONS = (
    (EXTRACT_COLD, MDPO),
    (UPDATE_CACHE, MSGMERGE_MAKE),
    (UPDATE_NO_CACHE, MSGMERGE_MAKE),
    (UPDATE_CACHE, MSGMERGE_ALL),
    (UPDATE_NO_CACHE, MSGMERGE_ALL),
    (STATUS, STAT_LOOP),
    (VALIDATE_1, KEPT),
    (VALIDATE_1, POFILTER),
    (VALIDATE_1, PER_LANG),
    (VALIDATE_1, MERGED),
    (VALIDATE_1, POLIB),
    (VALIDATE_1, CHECK_LOOP),
    (VALIDATE_2, KEPT),
    (VALIDATE_2, CHECK_LOOP),
    (BUILD, PYBABEL),
    (BUILD, MO_LOOP),
)

REFERENCE_N = 1000  # the size the ratio targets are stated at


# ---------------------------------------------------------------------------- one row


def summary(runs: Sequence[Any]) -> dict[str, Any]:
    """Medians of time, peaks of memory, the load range, over a row's runs (Run or dict)."""

    def get(run: Any, key: str) -> Any:
        return run[key] if isinstance(run, dict) else getattr(run, key)

    cpu = [get(r, "user") + get(r, "sys") for r in runs]
    wall = [get(r, "wall") for r in runs]
    load = [get(r, "load")[0] for r in runs]
    return {
        "cpu": statistics.median(cpu),
        "cpu_min": min(cpu),
        "cpu_max": max(cpu),
        "user": statistics.median(get(r, "user") for r in runs),
        "sys": statistics.median(get(r, "sys") for r in runs),
        "wall": statistics.median(wall),
        "wall_min": min(wall),
        "wall_max": max(wall),
        "tree_pss_mb": max(get(r, "tree_pss_mb") for r in runs),
        "tree_rss_mb": max(get(r, "tree_rss_mb") for r in runs),
        "max_rss_mb": max(get(r, "max_rss_mb") for r in runs),
        "memory_method": "; ".join(sorted({get(r, "memory_method") for r in runs})),
        "load": f"{min(load):.1f}–{max(load):.1f}" if len(load) > 1 else f"{load[0]:.1f}",
        "seq": [get(r, "seq") for r in runs],
        "exit_codes": sorted({get(r, "exit_code") for r in runs}),
    }


def rows_of(size: dict) -> dict[str, dict]:
    return {r["name"]: r for r in size["rows"] if r.get("available", True) and r.get("runs")}


def paired_ratios(a: dict, b: dict) -> list[float]:
    """CPU ratio of each round, when both rows ran interleaved in one group."""
    if not a["group"] or a["group"] != b["group"] or len(a["runs"]) != len(b["runs"]):
        return []
    return [
        (x["user"] + x["sys"]) / (y["user"] + y["sys"])
        for x, y in zip(a["runs"], b["runs"])
        if y["user"] + y["sys"] > 0
    ]


def comparisons(size: dict) -> list[dict]:
    rows = rows_of(size)
    out = []
    for ours, ref in COMPARISONS:
        a, b = rows.get(ours), rows.get(ref)
        if not a or not b or not b["cpu"] or not b["wall"]:
            continue
        paired = paired_ratios(a, b)
        out.append(
            {
                "ours": ours,
                "reference": ref,
                "cpu_ratio": a["cpu"] / b["cpu"],
                "wall_ratio": a["wall"] / b["wall"],
                "paired": [min(paired), max(paired)] if paired else None,
                "interleaved": bool(paired),
            }
        )
    return out


# ---------------------------------------------------------------------------- scaling


def exponent(n1: int, v1: float, n2: int, v2: float) -> float | None:
    if min(n1, n2, v1, v2) <= 0 or n1 == n2:
        return None
    return math.log(v2 / v1) / math.log(n2 / n1)


def scaling(sizes: Sequence[dict]) -> list[dict]:
    """CPU and memory of every row measured at two sizes or more, with log-log slopes."""
    ns = [s["articles"] for s in sizes]
    by_size = [rows_of(s) for s in sizes]
    names: list[str] = []
    for rows in by_size:
        names += [n for n in rows if n not in names]
    out = []
    for name in names:
        cpu = [rows[name]["cpu"] if name in rows else None for rows in by_size]
        pss = [rows[name]["tree_pss_mb"] if name in rows else None for rows in by_size]
        if sum(v is not None for v in cpu) < 2:
            continue
        slopes = []
        for i in range(len(ns) - 1):
            a, b = cpu[i], cpu[i + 1]
            slopes.append(
                exponent(ns[i], a, ns[i + 1], b) if a is not None and b is not None else None
            )
        kind = next(rows[name]["kind"] for rows in by_size if name in rows)
        out.append({"row": name, "kind": kind, "cpu": cpu, "pss": pss, "exponents": slopes})
    return out


# ---------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    label: str
    row: str
    kind: str  # "ratio", "cpu", "exponent", "memory"
    limit: float
    reference: str = ""
    at: int = REFERENCE_N  # the size (for "exponent": the upper size)
    since: int = REFERENCE_N  # "exponent": the lower size
    anywhere: bool = False  # if not measured at ``at``: judged at the largest N that has it


TARGETS = (
    Target(
        "validate (all checks, 1 worker) ≤ 2.5× one msgfmt --check --statistics on the "
        "every-entry concatenation",
        VALIDATE_1,
        "ratio",
        2.5,
        KEPT,
    ),
    Target(
        "validate (all checks, 1 worker) ≤ 0.25× pofilter per language",
        VALIDATE_1,
        "ratio",
        0.25,
        POFILTER,
    ),
    Target("build clean ≤ 15 s CPU at N = 1,000", BUILD, "cpu", 15.0),
    Target(
        "build clean growth exponent ≤ 1.05 from N = 1,000 to 4,000",
        BUILD,
        "exponent",
        1.05,
        at=4000,
        since=1000,
    ),
    Target(
        "build clean whole-tree peak memory < 500 MB at N = 4,000", BUILD, "memory", 500, at=4000
    ),
    Target(
        "update after 1 % changed, without our cache, ≤ 0.5× make-style msgmerge",
        UPDATE_NO_CACHE,
        "ratio",
        0.5,
        MSGMERGE_MAKE,
    ),
    Target("extract cold ≤ 1.0× mdpo (md2po in one process)", EXTRACT_COLD, "ratio", 1.0, MDPO),
)

EARLIER_TARGETS = (
    Target(
        "validate cold faster than the msgfmt --check loop",
        VALIDATE_2,
        "ratio",
        1.0,
        CHECK_LOOP,
        anywhere=True,
    ),
    Target(
        "update after 1 % changed faster than the full msgmerge loop",
        UPDATE_CACHE,
        "ratio",
        1.0,
        MSGMERGE_ALL,
        anywhere=True,
    ),
    Target("second build ≤ 10 % of the first", BUILD_AGAIN, "ratio", 0.10, BUILD),
    Target("extract + update with nothing changed ≤ 5 s CPU, no file rewritten", NOOP, "cpu", 5.0),
    Target("prefill --engine memory ≤ 10 s CPU", PREFILL, "cpu", 10.0),
    Target("whole-tree peak memory of build < 500 MB at N = 1,000", BUILD, "memory", 500),
)

REGRESSION = 0.10  # "no regression": a row's CPU time at most this much above the baseline's


def judge(target: Target, sizes: Sequence[dict]) -> dict:
    by_n = {s["articles"]: s for s in sizes}
    verdict: dict[str, Any] = {"target": target.label, "ok": None, "measured": ""}
    at = target.at
    if target.anywhere:
        has = [
            n
            for n, s in by_n.items()
            if {target.row, target.reference or target.row} <= set(rows_of(s))
        ]
        if has and at not in has:
            at = max(has)
            verdict["target"] += f" (at N = {_n(at)}: measured there only)"
    size = by_n.get(at)
    if size is None:
        verdict["measured"] = f"not measured: no run at N = {at}"
        return verdict
    rows = rows_of(size)
    row = rows.get(target.row)
    if row is None:
        verdict["measured"] = f"not measured: no row '{target.row}' at N = {at}"
        return verdict
    if target.kind == "ratio":
        ref = rows.get(target.reference)
        if ref is None or not ref["cpu"]:
            verdict["measured"] = f"reference '{target.reference}' not measured"
            return verdict
        ratio = row["cpu"] / ref["cpu"]
        verdict["ok"] = ratio <= target.limit
        paired = paired_ratios(row, ref)
        rounds = f", rounds {min(paired):.2f}–{max(paired):.2f}" if paired else ""
        verdict["measured"] = (
            f"{row['cpu']:.2f} s / {ref['cpu']:.2f} s CPU = **{ratio:.2f}**{rounds} "
            f"(wall {row['wall'] / ref['wall']:.2f})"
        )
    elif target.kind == "cpu":
        verdict["ok"] = row["cpu"] <= target.limit
        verdict["measured"] = f"{row['cpu']:.2f} s CPU (wall {row['wall']:.2f} s)"
    elif target.kind == "memory":
        verdict["ok"] = 0 < row["tree_pss_mb"] < target.limit
        verdict["measured"] = (
            f"{row['tree_pss_mb']:.0f} MB tree PSS (tree RSS {row['tree_rss_mb']:.0f} MB, "
            f"largest process {row['max_rss_mb']:.0f} MB)"
        )
    elif target.kind == "exponent":
        lower = by_n.get(target.since)
        low = rows_of(lower).get(target.row) if lower else None
        if low is None:
            verdict["measured"] = f"not measured: no run at N = {target.since}"
            return verdict
        slope = exponent(target.since, low["cpu"], target.at, row["cpu"])
        verdict["ok"] = slope is not None and slope <= target.limit
        verdict["measured"] = (
            f"{low['cpu']:.1f} s → {row['cpu']:.1f} s CPU: exponent **{slope:.2f}**"
            if slope is not None
            else "n/a"
        )
    if target.row == NOOP and verdict["ok"] is not None:
        rewritten = size.get("rewritten", 0)
        verdict["ok"] = verdict["ok"] and rewritten == 0
        verdict["measured"] += f", {rewritten} file(s) rewritten"
    return verdict


def against_baseline(sizes: Sequence[dict], baseline: dict | None) -> tuple[list[dict], dict]:
    """Every row of ours that no target above names, against its CPU time in the baseline."""
    named = {t.row for t in TARGETS}
    verdict: dict[str, Any] = {
        "target": f"every other row within {REGRESSION:.0%} of its CPU time in the baseline",
        "ok": None,
        "measured": "no baseline",
    }
    if not baseline:
        return [], verdict
    base_by_n = {s["articles"]: rows_of(s) for s in baseline["sizes"]}
    out = []
    for size in sizes:
        base_rows = base_by_n.get(size["articles"])
        if base_rows is None:
            continue
        for name, row in rows_of(size).items():
            if row["kind"] != "ours" or name in named or name not in base_rows:
                continue
            before = base_rows[name]["cpu"]
            change = row["cpu"] / before - 1 if before else 0.0
            out.append(
                {
                    "row": name,
                    "articles": size["articles"],
                    "cpu": row["cpu"],
                    "baseline_cpu": before,
                    "change": change,
                    "ok": change <= REGRESSION,
                }
            )
    if out:
        worse = [c for c in out if not c["ok"]]
        verdict["ok"] = not worse
        verdict["measured"] = (
            f"{len(out) - len(worse)} of {len(out)} rows within {REGRESSION:.0%}"
            + (
                "; over: "
                + ", ".join(f"{c['row']} (N={c['articles']}) {c['change']:+.0%}" for c in worse)
                if worse
                else ""
            )
        )
    else:
        verdict["measured"] = "no size in common with the baseline"
    return out, verdict


# ---------------------------------------------------------------------------- assembling


def load_baseline(path: Path | None) -> dict | None:
    if path is None or not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def combine(datas: Sequence[dict]) -> list[dict]:
    """The sizes of several runs' JSON (each holding one or more sizes), by N. Runs of the same
    N with different sections (``--only``) are merged: their rows, groups and notes; a row
    measured in two of them keeps the later run's."""
    by_n: dict[int, dict] = {}
    for data in datas:
        for size in data["sizes"]:
            n = size["articles"]
            if n not in by_n:
                by_n[n] = dict(size, parts=1)
                continue
            into = by_n[n]
            rows = {r["name"]: r for r in into["rows"]}
            rows.update({r["name"]: r for r in size["rows"]})
            into["rows"] = list(rows.values())
            into["groups"] = into["groups"] + size["groups"]
            into["extra"] = {**into.get("extra", {}), **size.get("extra", {})}
            into["rewritten"] = max(into.get("rewritten", 0), size.get("rewritten", 0))
            into["repeat"] = max(into.get("repeat") or 0, size.get("repeat") or 0)
            into["parts"] += 1
    return [by_n[n] for n in sorted(by_n)]


def assemble(sizes: Sequence[dict], baseline: dict | None, baseline_name: str | None) -> dict:
    checks, regression = against_baseline(sizes, baseline)
    return {
        "sizes": list(sizes),
        "comparisons": {str(s["articles"]): comparisons(s) for s in sizes},
        "scaling": scaling(sizes) if len(sizes) > 1 else [],
        "targets": [judge(t, sizes) for t in TARGETS] + [regression],
        "earlier_targets": [judge(t, sizes) for t in EARLIER_TARGETS],
        "baseline": {"file": baseline_name, "rows": checks},
    }


# ---------------------------------------------------------------------------- Markdown


def _mb(value: float) -> str:
    return f"{value:.0f}" if value else "–"


def _n(value: int) -> str:
    return f"{value:,}"


def markdown(data: dict) -> str:
    sizes = data["sizes"]
    first = sizes[0]
    memory = first.get("memory", {})
    repeats = {s["articles"]: s.get("repeat") for s in sizes}
    lines = [
        "## mirage-i18n benchmark",
        "",
        f"{first.get('cpus')} CPU(s); Python {first.get('python')}; "
        f"{', '.join(f'{r} at N = {_n(n)}' for n, r in repeats.items())} interleaved round(s) "
        "per group; figures are medians over the rounds, ratios on CPU time (user + sys of "
        "the whole process tree).",
        "Memory: peak of the summed PSS over the process tree, sampled "
        f"({'available' if memory.get('pss') else 'NOT available: largest-process RSS only'}); "
        f"{memory.get('cgroup_v2', '')}.",
        "",
    ]
    for size in sizes:
        lines += _size_tables(size, data["comparisons"].get(str(size["articles"]), []))
    if data["scaling"]:
        lines += _scaling_table(data["scaling"], [s["articles"] for s in sizes])
    lines += [
        "### Targets (issue 14; CPU time, interleaved)",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    lines += [_verdict(v) for v in data["targets"]]
    lines += ["", "### Earlier targets, restated on CPU time", "", "| target | measured | met |"]
    lines += ["|---|---|---|"] + [_verdict(v) for v in data["earlier_targets"]]
    base = data["baseline"]
    if base["rows"]:
        lines += [
            "",
            f"### Against the baseline ({Path(base['file']).name if base['file'] else '-'})",
            "",
            "| row | N | CPU s | baseline CPU s | change |",
            "|---|---:|---:|---:|---:|",
        ]
        for c in base["rows"]:
            mark = "" if c["ok"] else " **over**"
            lines.append(
                f"| {c['row']} | {_n(c['articles'])} | {c['cpu']:.2f} | "
                f"{c['baseline_cpu']:.2f} | {c['change']:+.1%}{mark} |"
            )
    return "\n".join(lines) + "\n"


def _verdict(v: dict) -> str:
    met = {True: "yes", False: "**no**", None: "n/a"}[v["ok"]]
    return f"| {v['target']} | {v['measured']} | {met} |"


def _size_tables(size: dict, comps: list[dict]) -> list[str]:
    corpus = size["corpus"]
    lines = [
        f"### N = {_n(size['articles'])} articles × {len(corpus['languages'])} languages",
        "",
        f"{corpus['catalogues']:,} catalogues, {corpus['entries']:,} entries "
        f"({corpus['reviewed']:,} reviewed, {corpus['fuzzy']:,} fuzzy, "
        f"{corpus['untranslated']:,} untranslated); corpus generated in "
        f"{corpus['seconds']:.0f} s.",
        "",
        "| row | kind | CPU s | user / sys | wall s | CPU / wall | tree PSS MB | tree RSS MB "
        "| largest process MB | load (1 min) | interleaved in | exit | note |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|",
    ]
    for row in size["rows"]:
        if not row.get("available", True) or not row.get("runs"):
            lines.append(
                f"| {row['name']} | {row['kind']} | n/a | | | | | | | | | | {row['note']} |"
            )
            continue
        method = "" if row["memory_method"].startswith("tree PSS") else " (%M only)"
        lines.append(
            f"| {row['name']} | {row['kind']} | {row['cpu']:.2f} | {row['user']:.2f} / "
            f"{row['sys']:.2f} | {row['wall']:.2f} | {row['cpu'] / row['wall']:.2f} | "
            f"{_mb(row['tree_pss_mb'])}{method} | {_mb(row['tree_rss_mb'])} | "
            f"{_mb(row['max_rss_mb'])} | {row['load']} | {row['group'] or '–'} | "
            f"{','.join(map(str, row['exit_codes']))} | {row['note']} |"
        )
    for name, extra in size.get("extra", {}).items():
        lines.append(
            f"| {name} | info | | | {extra['seconds']:.2f} | | | | | | – | | {extra['note']} |"
        )
    groups = [g for g in size["groups"] if len(g["rows"]) > 1]
    if groups:
        lines += [
            "",
            "Interleaving (each round runs every row of its group once, in this order):",
            "",
        ]
        for g in groups:
            rounds = len(g["order"]) // len(g["rows"])
            lines.append(f"* {g['name']}, {rounds} round(s): " + " → ".join(g["rows"]))
    if comps:
        lines += [
            "",
            "| ours | reference | CPU ratio | per round | wall ratio |",
            "|---|---|---:|---:|---:|",
        ]
        for c in comps:
            paired = f"{c['paired'][0]:.2f}–{c['paired'][1]:.2f}" if c["paired"] else "–"
            lines.append(
                f"| {c['ours']} | {c['reference']} | {c['cpu_ratio']:.3g} | {paired} | "
                f"{c['wall_ratio']:.3g} |"
            )
    return lines + [""]


def _scaling_table(rows: list[dict], ns: list[int]) -> list[str]:
    head = " | ".join(f"CPU s N={_n(n)}" for n in ns)
    slopes = " | ".join(f"exp. {_n(a)}→{_n(b)}" for a, b in zip(ns, ns[1:]))
    mems = " | ".join(f"PSS MB N={_n(n)}" for n in ns)
    cols = 2 * len(ns) + len(ns) - 1
    lines = [
        "### Scaling (CPU time; growth exponent = log-log slope between sizes)",
        "",
        f"| row | kind | {head} | {slopes} | {mems} |",
        "|---|---|" + "---:|" * cols,
    ]
    for r in rows:
        cpu = " | ".join("–" if v is None else f"{v:.2f}" for v in r["cpu"])
        exp = " | ".join("–" if v is None else f"{v:.2f}" for v in r["exponents"])
        pss = " | ".join("–" if not v else f"{v:.0f}" for v in r["pss"])
        lines.append(f"| {r['row']} | {r['kind']} | {cpu} | {exp} | {pss} |")
    return lines + [""]
