"""Time mirage-i18n against GNU gettext and pybabel on one generated corpus, side by side.

    python benchmarks/run.py                       # N = 1,000 articles × M = 8 languages, 3 runs
    python benchmarks/run.py -n 20 -m 2 --repeat 1 # the CI smoke size

Every command runs as its own process, as a user or CI runs it; the figure is the median wall
time of ``--repeat`` runs, with the peak resident memory of the largest process (``wait4``
rusage, which covers a command's worker processes too). Work that a run must start from
(a clean ``dist/``, the catalogues before ``update``) is restored untimed before each run.
See benchmarks/README.md for what each row means and the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import corpus  # noqa: E402

TIME = "/usr/bin/time"  # GNU time (Debian package "time")


def tool(name: str) -> str | None:
    """A command of the Python environment running this script (pybabel is installed next to
    ``sys.executable``, which is on no PATH when the venv is not activated), else of the system."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


OUR_CLI = [
    sys.executable,
    "-c",
    "import sys; from mirage_i18n.cli import main; sys.argv[0] = 'mirage-i18n'; main()",
]


@dataclass
class Row:
    name: str
    kind: str  # "ours", "reference" or "info"
    command: str
    times: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    exit_codes: list[int] = field(default_factory=list)
    note: str = ""
    available: bool = True

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


@dataclass(frozen=True)
class Target:
    label: str
    row: str
    reference: str | None = None  # compare row / reference < factor
    factor: float = 1.0
    seconds: float | None = None  # or an absolute limit


@dataclass
class Result:
    ok: bool | None
    text: str


# ---------------------------------------------------------------------------- running


def env_for_ours() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + (
        os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
    )
    env.setdefault("NO_PROXY", "127.0.0.1,localhost")
    return env


def run_once(
    argv: Sequence[str], cwd: Path, env: dict[str, str], log: Path
) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB of the largest process of the tree, exit code)."""
    # Linux keeps a process's peak RSS across fork + exec, so a child forked straight from this
    # (large) Python process would report at least our own size: GNU time, small itself, forks
    # the command and reports its peak (the largest process of the tree) with %M.
    with open(log, "ab") as out, tempfile.NamedTemporaryFile("r") as rss:
        out.write(f"$ {shlex.join(argv)}\n".encode())
        out.flush()
        start = time.perf_counter()
        code = subprocess.call(
            [TIME, "-q", "-f", "%M", "-o", rss.name, *argv],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - start
        text = rss.read().strip().splitlines()
    peak_kb = int(text[-1]) if text and text[-1].isdigit() else 0
    return seconds, peak_kb / 1024, code


class Bench:
    def __init__(self, work: Path, repeat: int, log: Path, verbose: bool = True) -> None:
        self.work = work
        self.repeat = repeat
        self.log = log
        self.verbose = verbose
        self.rows: dict[str, Row] = {}
        self.env = env_for_ours()
        self._commands: set[str] | None = None

    def say(self, text: str) -> None:
        if self.verbose:
            print(text, flush=True)

    def has_command(self, name: str) -> bool:
        if self._commands is None:
            out = subprocess.run(
                OUR_CLI + ["--help"], env=self.env, capture_output=True, text=True
            ).stdout
            listed = out.split("Commands:", 1)[-1]
            self._commands = {line.split()[0] for line in listed.splitlines() if line.strip()}
        return name in self._commands

    def measure(
        self,
        name: str,
        kind: str,
        argv: Sequence[str],
        cwd: Path,
        setup: Callable[[], None] | None = None,
        repeat: int | None = None,
        env: dict[str, str] | None = None,
        note: str = "",
        after: Callable[[Row], None] | None = None,
    ) -> Row:
        row = Row(name, kind, _shown(argv), note=note)
        for _ in range(repeat or self.repeat):
            if setup:
                setup()
            seconds, peak, code = run_once(argv, cwd, env or self.env, self.log)
            row.times.append(seconds)
            row.peak_mb = max(row.peak_mb, peak)
            row.exit_codes.append(code)
        if after:
            after(row)
        self.rows[name] = row
        self.say(
            f"  {name:<44} {_fmt_s(row.median)} s  {row.peak_mb:7.1f} MB  exit {sorted(set(row.exit_codes))} {row.note}"
        )
        return row

    def ours(self, name: str, args: Sequence[str], cwd: Path, **kw) -> Row:
        if not self.has_command(args[0]):
            row = Row(
                name,
                "ours",
                "mirage-i18n " + shlex.join(args),
                available=False,
                note=f"not available: this checkout has no '{args[0]}' command",
            )
            self.rows[name] = row
            self.say(f"  {name:<44} not available")
            return row
        row = self.measure(name, "ours", OUR_CLI + ["--project", str(cwd), *args], cwd, **kw)
        row.command = "mirage-i18n " + shlex.join(args)
        return row

    def info(self, name: str, seconds: float, note: str = "") -> None:
        self.rows[name] = Row(name, "info", "", [seconds], note=note)
        self.say(f"  {name:<44} {seconds:8.2f} s  {note}")


def _shown(argv: Sequence[str]) -> str:
    text = shlex.join(argv)
    return text if len(text) < 120 else text[:117] + "…"


def _fmt_s(value: float | None) -> str:
    return "     n/a" if value is None else f"{value:8.2f}"


# ---------------------------------------------------------------------------- the project


def po_files(project: Path) -> list[Path]:
    locales = project / "locales"
    return sorted(
        p for p in locales.rglob("*.po") if p.relative_to(locales).parts[0] != "templates"
    )


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """path → (mtime_ns, inode): an atomic rewrite changes the inode even with equal bytes."""
    return {
        str(p): (p.stat().st_mtime_ns, p.stat().st_ino) for p in folder.rglob("*") if p.is_file()
    }


def copy_tree(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, symlinks=True)


def shell_loop(path: Path, lines: list[str]) -> list[str]:
    """A shell script of one command per line, as a CI loop runs them."""
    path.write_text(
        "set -u\nrc=0\n" + "".join(f"{line} || rc=1\n" for line in lines) + "exit $rc\n",
        encoding="utf-8",
    )
    return ["bash", str(path)]


# ---------------------------------------------------------------------------- scenarios


def bench_all(args: argparse.Namespace) -> Bench:
    base = Path(args.workdir or tempfile.mkdtemp(prefix="mirage-bench-")).resolve()
    base.mkdir(parents=True, exist_ok=True)
    log = base / "commands.log"
    log.write_text("")
    bench = Bench(base, args.repeat, log, verbose=not args.quiet)
    bench.say(f"work folder {base} (command output in {log})")

    pristine = base / "pristine"
    if pristine.exists():
        shutil.rmtree(pristine)
    info = corpus.generate(pristine, args.articles, args.languages, args.seed)
    bench.say(info.summary())
    bench.info(
        "corpus: generate (extract + update + fill, in-process)", info.seconds, info.summary()
    )
    bench.corpus = info  # type: ignore[attr-defined]

    proj = base / "project"
    copy_tree(pristine, proj)
    pos = po_files(proj)
    rel_pos = [p.relative_to(proj) for p in pos]
    scratch = base / "scratch"
    scratch.mkdir(exist_ok=True)
    cache = proj / ".mirage-cache"
    dist = proj / "dist"

    def clear(*paths: Path) -> Callable[[], None]:
        def do() -> None:
            for p in paths:
                shutil.rmtree(p, ignore_errors=True)

        return do

    # -- extract: cold (no templates) and again on unchanged input
    bench.say("extract")
    templates = proj / "locales" / "templates"
    bench.ours("extract (no templates yet)", ["extract"], proj, setup=clear(templates))
    bench.ours("extract, nothing changed", ["extract"], proj)

    # -- update: no-op first (catalogues are current), then after 1 % of paragraphs changed
    bench.say("update")
    before = snapshot(proj / "locales")
    bench.ours("update, nothing changed", ["update"], proj)
    bench.measure_noop = None  # type: ignore[attr-defined]
    extract_update_noop(bench, proj, before)

    changed = base / "changed"
    copy_tree(pristine, changed)
    n_changed = corpus.change_paragraphs(changed, args.changed / 100)
    run_once(OUR_CLI + ["--project", str(changed), "extract"], changed, bench.env, log)
    old_pos, old_cache = base / "old-po", base / "old-cache"
    copy_tree(changed / "locales", old_pos)  # catalogues as they were before the change
    if (changed / ".mirage-cache").exists():
        copy_tree(changed / ".mirage-cache", old_cache)

    def restore_changed() -> None:
        copy_tree(old_pos, changed / "locales")
        shutil.rmtree(changed / ".mirage-cache", ignore_errors=True)
        if old_cache.exists():
            copy_tree(old_cache, changed / ".mirage-cache")

    def restore_changed_no_cache() -> None:
        restore_changed()
        shutil.rmtree(changed / ".mirage-cache", ignore_errors=True)

    note = f"{n_changed} paragraphs changed ({args.changed:g} %)"
    bench.ours("update after 1 % changed", ["update"], changed, setup=restore_changed, note=note)
    bench.ours(
        "update after 1 % changed, no cache (fresh clone)",
        ["update"],
        changed,
        setup=restore_changed_no_cache,
        note=note,
    )
    mm_out = scratch / "msgmerge"
    lines = []
    for rel in rel_pos:
        lang, _, *domain = rel.parts[1:]
        pot = Path("locales", "templates", *domain).with_suffix(".pot")
        out = mm_out / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        lines.append(
            f"msgmerge --quiet --previous -o {shlex.quote(str(out))} {shlex.quote(str(rel))} "
            f"{shlex.quote(str(pot))}"
        )
    bench.measure(
        "msgmerge loop (one process per catalogue)",
        "reference",
        shell_loop(scratch / "msgmerge.sh", lines),
        changed,
        setup=restore_changed,
        note=note,
    )

    # -- status
    bench.say("status")
    bench.ours("status", ["status"], proj)
    bench.ours("status, again", ["status"], proj)
    lines = [f"msgfmt --statistics -o /dev/null {shlex.quote(str(r))}" for r in rel_pos]
    bench.measure(
        "msgfmt --statistics loop", "reference", shell_loop(scratch / "stat.sh", lines), proj
    )

    # -- validate
    bench.say("validate")
    bench.ours("validate, cold (no cache)", ["validate"], proj, setup=clear(cache))
    bench.ours("validate, again (cache kept)", ["validate"], proj)
    lines = [f"msgfmt --check --statistics -o /dev/null {shlex.quote(str(r))}" for r in rel_pos]
    bench.measure(
        "msgfmt --check --statistics loop",
        "reference",
        shell_loop(scratch / "check.sh", lines),
        proj,
    )
    concat = scratch / "all.po"
    files_list = scratch / "all-files.txt"
    files_list.write_text("".join(f"{p}\n" for p in pos))
    # The reference: one msgfmt --check on all catalogues concatenated, every entry
    # kept (its orientation figure: 120,000 entries in one file). Plain msgcat would merge the
    # same English across catalogues, so each copy first gets its own msgctxt key.
    keyed = scratch / "keyed"
    keyed_list = scratch / "keyed-files.txt"
    keyed_list.write_text("".join(f"{p}\n" for p in keyed_copies(proj, pos, keyed)))
    concat_kept = scratch / "all-kept.po"
    bench.measure(
        "msgcat all catalogues into one, every entry kept (prep)",
        "info",
        ["msgcat", "--no-wrap", "-o", str(concat_kept), "-f", str(keyed_list)],
        proj,
        repeat=1,
    )
    bench.measure(
        KEPT,
        "reference",
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(concat_kept)],
        proj,
        note=concat_note(concat_kept, info.entries),
    )
    bench.measure(
        "msgcat all catalogues into one (prep)",
        "info",
        ["msgcat", "--no-wrap", "-o", str(concat), "-f", str(files_list)],
        proj,
        repeat=1,
    )
    bench.measure(
        MERGED,
        "reference",
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(concat)],
        proj,
        note=concat_note(concat, info.entries),
    )
    # Per language, msgcat still merges a language's repeated English (headings, list items)
    # into one entry.
    lang_lines = []
    lang_stats = []
    for lang in info.languages:
        lang_files = scratch / f"files-{lang}.txt"
        lang_files.write_text(
            "".join(f"{p}\n" for p in pos if p.relative_to(proj).parts[1] == lang)
        )
        subprocess.run(
            ["msgcat", "--no-wrap", "-o", str(scratch / f"all-{lang}.po"), "-f", str(lang_files)],
            cwd=proj,
            check=False,
            capture_output=True,
        )
        lang_stats.append(msgfmt_statistics(scratch / f"all-{lang}.po"))
        lang_lines.append(
            f"msgfmt --check --statistics -o /dev/null {shlex.quote(str(scratch / f'all-{lang}.po'))}"
        )
    checked = sum(s[0] for s in lang_stats if s)
    listed = sum(sum(s) for s in lang_stats if s)
    bench.measure(
        PER_LANG,
        "reference",
        shell_loop(scratch / "check-lang.sh", lang_lines),
        proj,
        note=f"{len(info.languages)} files, {listed} entries after merging, {checked} checked "
        f"(msgfmt skips fuzzy and untranslated ones)",
    )
    bench.measure(
        "polib: parse every catalogue (1 process)",
        "reference",
        [
            sys.executable,
            "-c",
            "import polib,sys\nfor p in open(sys.argv[1]).read().split():\n polib.pofile(p)",
            str(files_list),
        ],
        proj,
    )
    bench.measure(
        "our reader: parse every catalogue (1 process)",
        "info",
        [
            sys.executable,
            "-c",
            "import sys\nfrom mirage_i18n.catalog.poreader import read_po\n"
            "for p in open(sys.argv[1]).read().split():\n"
            " with open(p, 'rb') as fh: read_po(fh, p)",
            str(files_list),
        ],
        proj,
    )

    # -- build
    bench.say("build")
    bench.ours("build (clean dist, no cache)", ["build"], proj, setup=clear(dist, cache))
    bench.ours("build, nothing changed", ["build"], proj, after=_tail_note)
    lines = []
    for rel in rel_pos:
        out = scratch / "mo" / rel.with_suffix(".mo")
        out.parent.mkdir(parents=True, exist_ok=True)
        lines.append(f"msgfmt -o {shlex.quote(str(out))} {shlex.quote(str(rel))}")
    bench.measure(
        "msgfmt -o loop (compile every catalogue)",
        "reference",
        shell_loop(scratch / "mo.sh", lines),
        proj,
    )
    pyb = scratch / "pybabel"
    domains = sorted({str(Path(*r.parts[3:]).with_suffix("")) for r in rel_pos})

    def fresh_pyb() -> None:
        copy_tree(proj / "locales", pyb)
        shutil.rmtree(pyb / "templates", ignore_errors=True)

    bench.measure(
        "pybabel compile (all catalogues, 1 process)",
        "reference",
        [tool("pybabel") or "pybabel", "-q", "compile", "-d", str(pyb), "-D", " ".join(domains)],
        proj,
        setup=fresh_pyb,
    )

    # -- prefill with the translation memory
    if not args.skip_prefill:
        bench.say("prefill")
        bench_prefill(bench, base, args)
    return bench


KEPT = "msgfmt --check --statistics, concatenated, every entry kept"
MERGED = "msgfmt --check --statistics, msgcat-merged concatenation"
PER_LANG = "msgfmt --check --statistics, one msgcat-merged concatenation per language"


def keyed_text(text: str, key: str) -> str:
    """A catalogue whose entries carry ``key`` in their msgctxt: same texts, same checks, but no
    two catalogues share an entry any more, so msgcat keeps every one. The header stays."""
    out: list[str] = []
    lines = text.split("\n")
    header = True  # the first entry, if its msgid is empty and single-line
    for i, line in enumerate(lines):
        for prefix in ("", "#~ "):
            if line.startswith(prefix + 'msgctxt "'):
                line = f'{prefix}msgctxt "{key}|' + line[len(prefix) + 9 :]
                break
            if line.startswith(prefix + "msgid "):
                is_header = (
                    header
                    and not prefix
                    and line == 'msgid ""'
                    and i + 1 < len(lines)
                    and lines[i + 1].startswith("msgstr")
                )
                previous = out[-1] if out else ""
                if not is_header and not previous.startswith(prefix + "msgctxt "):
                    out.append(f'{prefix}msgctxt "{key}"')
                header = False
                break
        out.append(line)
    return "\n".join(out)


def keyed_copies(proj: Path, pos: Sequence[Path], folder: Path) -> list[Path]:
    """Write each catalogue's keyed copy (key: its language and domain) under ``folder``."""
    out = []
    for path in pos:
        rel = path.relative_to(proj / "locales")
        key = "/".join((rel.parts[0], *rel.parts[2:]))
        dest = folder / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(keyed_text(path.read_text(encoding="utf-8"), key), encoding="utf-8")
        out.append(dest)
    return out


def msgfmt_statistics(path: Path) -> tuple[int, int, int] | None:
    """(translated, fuzzy, untranslated) as ``msgfmt --statistics`` counts them."""
    proc = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    found = False
    for line in proc.stderr.splitlines():
        for part in line.rstrip(".").split(","):
            words = part.split()
            if len(words) >= 2 and words[0].isdigit() and words[1] in counts:
                counts[words[1]] = int(words[0])
                found = True
    return (counts["translated"], counts["fuzzy"], counts["untranslated"]) if found else None


def concat_note(path: Path, entries: int) -> str:
    """Size, and how many of the corpus's entries msgfmt actually checks in that file."""
    if not path.exists():
        return "not written"
    stats = msgfmt_statistics(path)
    size = f"{path.stat().st_size / 1e6:.0f} MB"
    if stats is None:
        return size
    translated, fuzzy, untranslated = stats
    return (
        f"{size}; {translated + fuzzy + untranslated} of the corpus's {entries} entries, "
        f"{translated} checked (msgfmt skips {fuzzy} fuzzy, {untranslated} untranslated)"
    )


def extract_update_noop(bench: Bench, proj: Path, before: dict[str, tuple[int, int]]) -> None:
    """extract + update on unchanged input, as one user step; counts rewritten files."""
    start_snap = before
    script = (
        f"{shlex.join(OUR_CLI + ['--project', str(proj), 'extract'])} && "
        f"{shlex.join(OUR_CLI + ['--project', str(proj), 'update'])}"
    )
    row = bench.measure("extract + update, nothing changed", "ours", ["bash", "-c", script], proj)
    row.command = "mirage-i18n extract && mirage-i18n update"
    after = snapshot(proj / "locales")
    rewritten = sum(1 for k, v in after.items() if start_snap.get(k) != v)
    row.note = f"{rewritten} file(s) rewritten"
    bench.rewritten = rewritten  # type: ignore[attr-defined]


def _tail_note(row: Row) -> None:
    row.note = "(see the command's own summary in commands.log)"


def bench_prefill(bench: Bench, base: Path, args: argparse.Namespace) -> None:
    """``--prefill-new`` new segments against ``--prefill-reviewed`` reviewed ones, one language."""
    if not bench.has_command("prefill"):
        bench.ours("prefill --engine memory", ["prefill"], base)
        return
    per_article = 14.9  # entries per generated article, measured
    n_old = max(1, round(args.prefill_reviewed / per_article))
    proj = base / "prefill"
    if proj.exists():
        shutil.rmtree(proj)
    info = corpus.generate(proj, n_old, 1, args.seed, reviewed=1.0, fuzzy=0.0)
    n_new = max(1, round(args.prefill_new / per_article))
    corpus.add_articles(proj, n_old, n_new, seed=args.seed + 1000)
    run_once(OUR_CLI + ["--project", str(proj), "extract"], proj, bench.env, bench.log)
    run_once(OUR_CLI + ["--project", str(proj), "update"], proj, bench.env, bench.log)
    from mirage_i18n.catalog.poreader import read_po

    new_entries = 0
    for path in po_files(proj):
        with path.open("rb") as fh:
            catalog = read_po(fh, str(path))
        for msg in catalog.messages:
            if not msg.obsolete and not msg.msgstr:
                new_entries += 1
    saved = base / "prefill-locales"
    copy_tree(proj / "locales", saved)
    lang = info.languages[0]
    bench.ours(
        "prefill --engine memory",
        ["prefill", "-l", lang, "--engine", "memory"],
        proj,
        setup=lambda: copy_tree(saved, proj / "locales"),
        note=f"{new_entries} untranslated entries vs {info.reviewed} reviewed ({lang})",
    )
    # the last run left every new entry filled (fuzzy): again, with nothing left to fill
    bench.ours(
        "prefill --engine memory, again (nothing new)",
        ["prefill", "-l", lang, "--engine", "memory"],
        proj,
        note="the catalogues as the previous run left them",
    )


# ---------------------------------------------------------------------------- report

COMPARISONS = (
    ("validate, cold (no cache)", "msgfmt --check --statistics loop"),
    ("validate, cold (no cache)", KEPT),
    ("validate, cold (no cache)", MERGED),
    ("validate, cold (no cache)", PER_LANG),
    ("validate, cold (no cache)", "polib: parse every catalogue (1 process)"),
    ("status", "msgfmt --statistics loop"),
    ("update after 1 % changed", "msgmerge loop (one process per catalogue)"),
    (
        "update after 1 % changed, no cache (fresh clone)",
        "msgmerge loop (one process per catalogue)",
    ),
    ("build (clean dist, no cache)", "msgfmt -o loop (compile every catalogue)"),
    ("build (clean dist, no cache)", "pybabel compile (all catalogues, 1 process)"),
)

TARGETS = (
    Target(
        "validate cold faster than the msgfmt --check loop",
        "validate, cold (no cache)",
        "msgfmt --check --statistics loop",
        1.0,
    ),
    Target(
        "validate cold within 3× of one msgfmt --check on the concatenation (every entry kept)",
        "validate, cold (no cache)",
        KEPT,
        3.0,
    ),
    Target(
        "update after 1 % changed faster than msgmerge",
        "update after 1 % changed",
        "msgmerge loop (one process per catalogue)",
        1.0,
    ),
    Target("build under 30 s", "build (clean dist, no cache)", seconds=30.0),
    Target(
        "second build under 10 % of the first",
        "build, nothing changed",
        "build (clean dist, no cache)",
        0.10,
    ),
    Target(
        "extract + update with nothing changed under 5 s",
        "extract + update, nothing changed",
        seconds=5.0,
    ),
    Target("prefill --engine memory under 10 s", "prefill --engine memory", seconds=10.0),
)


def judge(bench: Bench) -> list[tuple[Target, Result]]:
    out = []
    for target in TARGETS:
        row = bench.rows.get(target.row)
        if row is None or row.median is None:
            out.append((target, Result(None, "not measured (command not available)")))
            continue
        if target.seconds is not None:
            ok = row.median < target.seconds
            text = f"{row.median:.2f} s"
        else:
            ref = bench.rows.get(target.reference or "")
            if ref is None or ref.median is None:
                out.append((target, Result(None, "reference not measured")))
                continue
            ratio = row.median / ref.median
            ok = ratio < target.factor
            text = f"{row.median:.2f} s / {ref.median:.2f} s = {ratio:.2f}"
        if target.row == "extract + update, nothing changed":
            rewritten = getattr(bench, "rewritten", 0)
            ok = ok and rewritten == 0
            text += f", {rewritten} file(s) rewritten"
        out.append((target, Result(ok, text)))
    peak = max(
        (r.peak_mb for r in bench.rows.values() if r.kind == "ours" and r.times), default=0.0
    )
    worst = max(
        (r for r in bench.rows.values() if r.kind == "ours" and r.times),
        key=lambda r: r.peak_mb,
        default=None,
    )
    out.append(
        (
            Target(
                "peak memory of any command under 500 MB", worst.name if worst else "", seconds=None
            ),
            Result(
                peak < 500 if worst else None, f"{peak:.0f} MB ({worst.name if worst else '-'})"
            ),
        )
    )
    return out


def report(bench: Bench, args: argparse.Namespace) -> str:
    lines = [
        f"## mirage-i18n benchmark: {bench.corpus.summary()}",  # type: ignore[attr-defined]
        f"median of {args.repeat} run(s); {os.cpu_count()} CPU(s); Python {sys.version.split()[0]}",
        "",
        "| row | kind | median s | min s | max s | peak MB | exit | note |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for row in bench.rows.values():
        if not row.available:
            lines.append(f"| {row.name} | {row.kind} | n/a | | | | | {row.note} |")
            continue
        lines.append(
            f"| {row.name} | {row.kind} | {row.median:.2f} | {min(row.times):.2f} | "
            f"{max(row.times):.2f} | {row.peak_mb:.0f} | {','.join(map(str, sorted(set(row.exit_codes))))} | {row.note} |"
        )
    lines += ["", "| ours | reference | ratio (ours / reference) |", "|---|---|---:|"]
    for ours, ref in COMPARISONS:
        a, b = bench.rows.get(ours), bench.rows.get(ref)
        ratio = f"{a.median / b.median:.2f}" if a and b and a.median and b.median else "n/a"
        lines.append(f"| {ours} | {ref} | {ratio} |")
    lines += ["", "| target (N = 1,000, M = 8) | measured | met |", "|---|---|---|"]
    for target, result in judge(bench):
        verdict = {True: "yes", False: "**no**", None: "n/a"}[result.ok]
        lines.append(f"| {target.label} | {result.text} | {verdict} |")
    return "\n".join(lines) + "\n"


def to_json(bench: Bench, args: argparse.Namespace) -> dict:
    return {
        "corpus": {
            k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(bench.corpus).items()
        },  # type: ignore[attr-defined]
        "repeat": args.repeat,
        "cpus": os.cpu_count(),
        "rows": [dict(asdict(r), median=r.median) for r in bench.rows.values()],
        "targets": [{"target": t.label, "ok": r.ok, "measured": r.text} for t, r in judge(bench)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", "-n", type=int, default=1000)
    parser.add_argument("--languages", "-m", type=int, default=8)
    parser.add_argument("--repeat", "-r", type=int, default=3, help="runs per row (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--changed", type=float, default=1.0, help="percent of paragraphs changed for update"
    )
    parser.add_argument("--prefill-reviewed", type=int, default=50_000)
    parser.add_argument("--prefill-new", type=int, default=1_000)
    parser.add_argument("--skip-prefill", action="store_true")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the corpus and outputs here (default: a temp folder, removed)",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument("--markdown", type=Path, help="also write the report as Markdown")
    parser.add_argument("--quiet", "-q", action="store_true")
    args = parser.parse_args(argv)
    for name in ("msgfmt", "msgmerge", "msgcat", "pybabel", TIME):
        if tool(name) is None:
            parser.error(
                f"{name} is found neither next to {sys.executable} nor on PATH "
                "(install GNU gettext and Babel)"
            )
    bench = bench_all(args)
    text = report(bench, args)
    print()
    print(text)
    if args.json:
        args.json.write_text(json.dumps(to_json(bench, args), indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if not args.workdir:
        shutil.rmtree(bench.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
