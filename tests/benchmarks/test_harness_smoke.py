"""The benchmark harness measures what it says (no timing assertions: speed is measured by
people running benchmarks/run.py, see benchmarks/README.md): CPU time and memory of the whole
process tree, interleaved groups, the load average, the tables, scaling and targets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

import measure  # noqa: E402
import report  # noqa: E402
import run  # noqa: E402

# sections the smoke run covers, each with a row of ours and its references
SMOKE_SECTIONS = "extract,validate,build"
OURS = (
    report.EXTRACT_COLD,
    "extract, nothing changed",
    report.VALIDATE_1,
    report.VALIDATE_2,
    report.BUILD,
    report.BUILD_AGAIN,
)
REFERENCES = (
    report.MDPO,
    report.KEPT,
    report.POFILTER,
    report.MERGED,
    report.PER_LANG,
    report.POLIB,
    report.CHECK_LOOP,
    report.PYBABEL,
    report.MO_LOOP,
)


def test_measure_counts_the_whole_process_tree(tmp_path: Path) -> None:
    """A parent and a forked child each touch 60 MB and burn CPU: the run's CPU time holds
    both, its PSS is the sum over both (above the largest single process), not one of them."""
    script = textwrap.dedent(
        """
        import os, time
        def burn(seconds):
            end = time.process_time() + seconds
            while time.process_time() < end:
                pass
        def touch():
            a = bytearray(60 * 2**20)
            for i in range(0, len(a), 4096): a[i] = 1
            return a
        pid = os.fork()
        a = touch()  # each process its own 60 MB
        burn(0.4)
        time.sleep(0.3)  # both hold it at once
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        """
    )
    result = measure.run_once([sys.executable, "-c", script], tmp_path, {}, tmp_path / "log", seq=7)
    assert result.exit_code == 0 and result.seq == 7
    assert result.cpu >= 0.75, result  # 0.4 s in each process
    assert result.memory_method == measure.PSS and result.samples > 0
    assert result.tree_pss_mb > 115, result  # 2 × 60 MB
    assert result.tree_pss_mb > result.max_rss_mb + 40, result  # more than any one process
    assert result.tree_rss_mb >= result.tree_pss_mb
    assert len(result.load) == 3 and all(v >= 0 for v in result.load)


def test_exit_status_and_a_failing_command(tmp_path: Path) -> None:
    result = measure.run_once(
        [sys.executable, "-c", "raise SystemExit(3)"], tmp_path, {}, tmp_path / "log"
    )
    assert result.exit_code == 3 and result.cpu > 0


@pytest.mark.slow
def test_harness_runs_interleaved_on_a_tiny_corpus(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    md = tmp_path / "result.md"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            *("-n", "4", "-m", "2", "--repeat", "2", "--only", SMOKE_SECTIONS),
            *("--workdir", str(tmp_path / "work"), "--json", str(out), "--markdown", str(md)),
            *("--baseline", str(tmp_path / "none.json"), "--quiet"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "work" / "trash").exists()  # emptied once the size is measured
    data = json.loads(out.read_text())
    (size,) = data["sizes"]
    rows = {row["name"]: row for row in size["rows"]}
    for name in OURS + REFERENCES:
        row = rows.get(name)
        assert row is not None, name
        assert row["available"], (name, row["note"])
        assert len(row["runs"]) == 2, name
        assert row["cpu"] > 0 and row["wall"] > 0, name
        assert all(r["user"] + r["sys"] > 0 for r in row["runs"]), name
        assert row["memory_method"] == measure.PSS, name
        assert row["load"], name
        if name in OURS:  # a Python process: tens of MB (a loop's msgfmt may end unsampled)
            assert row["tree_pss_mb"] > 5, (name, row["tree_pss_mb"])
        else:
            assert row["exit_codes"] == [0], (name, row["note"])
    # the validate group ran A B C … A B C …, and each run's place says so
    (group,) = [g for g in size["groups"] if g["name"] == "validate"]
    assert group["order"] == group["rows"] * 2
    seqs = [rows[name]["seq"] for name in group["rows"]]
    assert [s[0] for s in seqs] == sorted(s[0] for s in seqs)
    assert max(s[0] for s in seqs) < min(s[1] for s in seqs)  # round 1 before round 2
    assert rows[report.VALIDATE_1]["group"] == rows[report.KEPT]["group"] == "validate"
    assert rows[report.EXTRACT_COLD]["group"] == rows[report.MDPO]["group"] == "extract"
    # validate with two workers (forked: each RSS counts the parent's pages again) is measured
    # over its tree, not as its largest process
    if (os.cpu_count() or 1) >= 2:
        assert rows[report.VALIDATE_2]["tree_rss_mb"] > rows[report.VALIDATE_2]["max_rss_mb"]
    # the reference of the validate target holds every entry of the corpus
    entries = size["corpus"]["entries"]
    assert f"{entries} of the corpus's {entries} entries" in rows[report.KEPT]["note"]
    assert "msgids in 5 files" in rows[report.MDPO]["note"]  # 4 articles, 1 newsletter
    assert "wrote" in rows[report.POFILTER]["note"]
    text = md.read_text()
    for heading in ("| row | kind | CPU s |", "| ours | reference | CPU ratio |", "### Targets"):
        assert heading in text, heading
    (comparison,) = [
        c
        for c in data["comparisons"]["4"]
        if (c["ours"], c["reference"]) == OURS[2:3] + (report.KEPT,)
    ]
    assert comparison["interleaved"] and comparison["paired"] is not None


def _size(n: int, cpu: dict[str, float], pss: float = 100.0, group: str = "g") -> dict:
    def runs(value: float) -> list[dict]:
        return [
            {
                "seq": i,
                "wall": value,
                "user": value * 0.9,
                "sys": value * 0.1,
                "tree_pss_mb": pss,
                "tree_rss_mb": pss * 1.3,
                "max_rss_mb": pss * 0.7,
                "samples": 3,
                "memory_method": measure.PSS,
                "load": [1.0, 1.0, 1.0],
                "exit_code": 0,
            }
            for i in range(2)
        ]

    rows = []
    for name, value in cpu.items():
        kind = "reference" if name in REFERENCES or name == report.MSGMERGE_MAKE else "ours"
        row = {"name": name, "kind": kind, "group": group, "available": True, "note": ""}
        row["runs"] = runs(value)
        row.update(report.summary(row["runs"]))
        rows.append(row)
    corpus = {"languages": ["sv"], "catalogues": 1, "entries": 1, "reviewed": 1, "fuzzy": 0}
    corpus.update(untranslated=0, seconds=0.0)
    return {"articles": n, "rows": rows, "rewritten": 0, "corpus": corpus, "groups": []}


def test_scaling_exponents_and_targets_on_cpu_time() -> None:
    small = _size(1000, {report.BUILD: 10.0, report.VALIDATE_1: 3.0, report.KEPT: 1.0})
    large = _size(4000, {report.BUILD: 80.0, report.VALIDATE_1: 12.0, report.KEPT: 4.0}, 600)
    (build, validate, kept) = report.scaling([small, large])
    assert build["row"] == report.BUILD and build["exponents"][0] == pytest.approx(1.5)
    assert validate["exponents"][0] == pytest.approx(1.0) == kept["exponents"][0]
    verdicts = {v["target"]: v for v in (report.judge(t, [small, large]) for t in report.TARGETS)}
    by_row = {t.row + t.kind + t.reference: verdicts[t.label] for t in report.TARGETS}
    assert by_row[report.VALIDATE_1 + "ratio" + report.KEPT]["ok"] is False  # 3.0 > 2.5
    assert by_row[report.BUILD + "cpu"]["ok"] is True  # 10 s ≤ 15 s
    assert by_row[report.BUILD + "exponent"]["ok"] is False  # 1.5 > 1.05
    assert by_row[report.BUILD + "memory"]["ok"] is False  # 600 MB at N = 4,000
    assert by_row[report.VALIDATE_1 + "ratio" + report.POFILTER]["ok"] is None  # not measured


def test_baseline_flags_a_row_more_than_ten_percent_slower() -> None:
    base = {"sizes": [_size(1000, {"status": 1.0, "update, nothing changed": 1.0})]}
    now = [_size(1000, {"status": 1.05, "update, nothing changed": 1.2})]
    rows, verdict = report.against_baseline(now, base)
    assert {r["row"]: r["ok"] for r in rows} == {"status": True, "update, nothing changed": False}
    assert verdict["ok"] is False and "update, nothing changed" in verdict["measured"]
    data = report.assemble(now, base, "baseline.json")
    assert "**over**" in report.markdown(data)


def test_runs_of_one_size_with_different_sections_combine() -> None:
    validate = _size(1000, {report.VALIDATE_1: 3.0, report.KEPT: 1.0})
    build = _size(1000, {report.BUILD: 12.0})
    other = _size(250, {report.BUILD: 3.0})
    sizes = report.combine([{"sizes": [validate]}, {"sizes": [build, other]}])
    assert [s["articles"] for s in sizes] == [250, 1000]
    assert [r["name"] for r in sizes[1]["rows"]] == [report.VALIDATE_1, report.KEPT, report.BUILD]
    assert sizes[1]["parts"] == 2
    (exponent,) = report.scaling(sizes)
    assert exponent["row"] == report.BUILD and exponent["exponents"][0] == pytest.approx(1.0)


def test_keyed_copy_keeps_every_entry_apart(tmp_path: Path) -> None:
    """Two catalogues with the same English (one with a msgctxt, one obsolete entry, one
    multi-line msgid) stay apart under msgcat once keyed, and msgfmt counts every entry."""
    po = (
        '# a comment\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: a.md:1\nmsgid "Hello"\nmsgstr "Hej"\n\n'
        'msgctxt "title"\nmsgid "Hello"\nmsgstr "Hallå"\n\n'
        'msgid ""\n"two\\n"\n"lines"\nmsgstr ""\n\n'
        '#~ msgid "Old"\n#~ msgstr "Gammal"\n'
    )
    a, b = tmp_path / "a.po", tmp_path / "b.po"
    a.write_text(po.replace("Hej", "Hejsan"), encoding="utf-8")
    b.write_text(po, encoding="utf-8")
    keyed = [tmp_path / "ka.po", tmp_path / "kb.po"]
    for src, dest, key in zip((a, b), keyed, ("sv/a", "sv/b")):
        dest.write_text(run.keyed_text(src.read_text(encoding="utf-8"), key), encoding="utf-8")
        assert run.msgfmt_statistics(dest) == run.msgfmt_statistics(src) == (2, 0, 1)
    merged = tmp_path / "merged.po"
    subprocess.run(["msgcat", "-o", str(merged), str(a), str(b)], check=True)
    assert run.msgfmt_statistics(merged) == (1, 1, 1)  # "Hello" in conflict: fuzzy
    kept = tmp_path / "kept.po"
    subprocess.run(["msgcat", "-o", str(kept), *map(str, keyed)], check=True)
    assert run.msgfmt_statistics(kept) == (4, 0, 2)
    assert '#~ msgctxt "sv/a"' in keyed[0].read_text(encoding="utf-8")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(kept)], check=True)


def test_changed_templates_are_the_make_style_set(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    for folder in (before, after):
        (folder / "news").mkdir(parents=True)
        (folder / "shared.pot").write_text("same")
        (folder / "news" / "a.pot").write_text("same")
    (after / "news" / "b.pot").write_text("new")
    (after / "shared.pot").write_text("changed")
    assert run.changed_templates(before, after) == {"shared", "news/b"}


def test_profile_scripts_run(tmp_path: Path) -> None:
    import corpus

    info = corpus.generate(tmp_path / "c", articles=4, languages=2, seed=5)
    for script, extra, expect in (
        ("profile_validate.py", [], "findings"),
        ("profile_validate.py", ["--cprofile", info.languages[0], "--top", "5"], "function calls"),
        ("profile_build.py", ["--top", "5"], "function calls"),
    ):
        result = subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / script), str(info.root), *extra],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert expect in result.stdout, (script, result.stdout)
    assert not (info.root / "dist").exists()  # the build profile wrote to a temporary folder


def test_by_check_empties_one_check_and_costs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``profile_validate.py --by-check`` compares validate with one check emptied: the emptied
    check finds nothing, every other finding stays, and the table names each row."""
    import corpus
    import profile_validate

    from mirage_i18n.checks import run as checks_run
    from mirage_i18n.config import load_settings

    info = corpus.generate(tmp_path / "c", articles=6, languages=2, seed=5)
    monkeypatch.setenv("MIRAGE_WORKERS", "1")
    every = checks_run.validate(load_settings(info.root)).findings
    busy = max({f.check_id for f in every}, key=[f.check_id for f in every].count)
    undo = profile_validate._emptied(frozenset(), frozenset({busy}))
    try:
        without = checks_run.validate(load_settings(info.root)).findings
    finally:
        undo()
    assert any(f.check_id == busy for f in every)
    assert [f for f in every if f.check_id != busy] == list(without)
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "profile_validate.py"), str(info.root)]
        + ["--by-check", busy, "--clock", "cpu", "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    names = [line.split("  ")[0].strip() for line in result.stdout.splitlines()]
    assert names == ["(all checks)", "(floor: every check emptied)", busy], result.stdout
    # each row its cost in CPU seconds and its share of the whole; the whole is 100 %
    costs = [line.split()[-5:] for line in result.stdout.splitlines()]
    assert all(unit == ["s", "CPU"] and pct == "%" for _, *unit, _, pct in costs), result.stdout
    assert float(costs[0][0]) > 0 and costs[0][3] == "100.0", result.stdout
    refused = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "profile_validate.py"), str(info.root)]
        + ["--by-check", "no-such-check", "--clock", "cpu"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode != 0 and "no-such-check" in refused.stderr


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    import corpus

    a = corpus.generate(tmp_path / "a", articles=5, languages=2, seed=3)
    b = corpus.generate(tmp_path / "b", articles=5, languages=2, seed=3)
    files_a = sorted(p.relative_to(a.root) for p in a.root.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b.root) for p in b.root.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        if rel.parts[0] != ".mirage-cache":
            assert (a.root / rel).read_bytes() == (b.root / rel).read_bytes(), rel
    assert a.reviewed + a.fuzzy + a.untranslated == a.entries > 0


def test_setups_move_what_they_remove_to_the_trash(tmp_path: Path) -> None:
    """Within a run nothing is deleted (a new file's inode would skip the freed ones: the
    measured command would pay for the setup); without a trash folder, it is deleted."""
    folder, file = tmp_path / "templates", tmp_path / "cache.json"
    (folder / "news").mkdir(parents=True)
    (folder / "news" / "a.pot").write_text("x")
    file.write_text("{}")
    trash = tmp_path / "trash"
    trash.mkdir()
    run._TRASH[:] = [trash]
    try:
        run.discard(folder)
        run.discard(file)
        run.discard(tmp_path / "missing")
    finally:
        run._TRASH.clear()
    assert not folder.exists() and not file.exists()
    kept = sorted(p.relative_to(trash).as_posix() for p in trash.rglob("*"))
    assert [k.split("/", 1)[-1] for k in kept if "/" in k] == ["news", "news/a.pot"]
    assert len([k for k in kept if "/" not in k]) == 2
    again = tmp_path / "again"
    again.mkdir()
    run.discard(again)
    assert not again.exists() and len(list(trash.iterdir())) == 2
