"""Time mirage-i18n against GNU gettext, Babel, mdpo and Translate Toolkit on one generated
corpus, side by side, at one or several sizes.

    python benchmarks/run.py                                # N = 1,000 × M = 8, 3 rounds
    python benchmarks/run.py --sizes 250,1000,4000          # the scaling table (hours)
    python benchmarks/run.py -n 20 -m 2 --repeat 1          # the CI smoke size
    python benchmarks/run.py --combine a.json b.json c.json # one report from separate runs

Every command runs as its own process, as a user or CI runs it. A row that is compared with a
reference runs interleaved with it (A B A B …, one round after another), so both see the same
machine. Each run records wall time, CPU time (user + sys) of the whole process tree, the peak
of the tree's summed PSS, and the load average (see measure.py). Figures are medians over the
rounds; ratios and targets are on CPU time. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import itertools
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import corpus  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402
from measure import TIME, Run  # noqa: E402
from report import (  # noqa: E402
    BUILD,
    CHECK_LOOP,
    KEPT,
    MDPO,
    MERGED,
    MO_LOOP,
    MSGMERGE_ALL,
    MSGMERGE_MAKE,
    OUR_READER,
    PER_LANG,
    POFILTER,
    POLIB,
    PYBABEL,
    STAT_LOOP,
    UPDATE_CACHE,
    UPDATE_NO_CACHE,
    VALIDATE_1,
    VALIDATE_2,
)

REQUIREMENTS = HERE / "requirements.txt"


def tool(name: str) -> str | None:
    """A command of the Python environment running this script (pybabel, md2po and pofilter
    are installed next to ``sys.executable``, which is on no PATH when the venv is not
    activated), else of the system."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


# What the ``mirage-i18n`` console script runs (``mirage_i18n.cli:run``: the command, then the
# process ends without the interpreter's teardown), on this checkout's src/ (PYTHONPATH)
OUR_CLI = [
    sys.executable,
    "-c",
    "import sys; from mirage_i18n.cli import run; sys.argv[0] = 'mirage-i18n'; run()",
]


def compile_ours() -> None:
    """Byte-compile src/ before anything is timed, as installing a wheel does (pip compiles
    every module; the references' modules in site-packages are compiled so). Without it, a
    shell with ``PYTHONDONTWRITEBYTECODE`` set (these sessions have it) makes every run of
    ours compile the modules it imports again: 30–40 ms of CPU for ``extract``, about
    80 ms for ``validate`` or ``build``."""
    compileall.compile_dir(str(ROOT / "src"), quiet=1)


@dataclass
class Row:
    name: str
    kind: str  # "ours", "reference" or "info"
    command: str
    runs: list[Run] = field(default_factory=list)
    group: str = ""  # the interleaved group it ran in ("" = alone)
    note: str = ""
    available: bool = True


@dataclass
class Spec:
    """A row to measure: what runs, and what must be restored (untimed) before each run."""

    name: str
    kind: str
    argv: Sequence[str]
    cwd: Path
    setup: Callable[[], None] | None = None
    env: dict[str, str] | None = None
    note: str = ""
    shown: str = ""  # the command as the table shows it (default: argv)
    ours: bool = False  # a mirage-i18n command (checked to exist in this checkout)


# ---------------------------------------------------------------------------- running


def env_for_ours(workers: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + (
        os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
    )
    env.setdefault("NO_PROXY", "127.0.0.1,localhost")
    env.pop("MIRAGE_WORKERS", None)
    if workers is not None:
        env["MIRAGE_WORKERS"] = workers
    return env


class Bench:
    def __init__(self, work: Path, repeat: int, log: Path, verbose: bool = True) -> None:
        self.work = work
        self.repeat = repeat
        self.log = log
        self.verbose = verbose
        self.rows: dict[str, Row] = {}
        self.groups: list[dict] = []  # {"name", "rows", "order": [row name per run]}
        self.env = env_for_ours()
        self.seq = 0
        self.rewritten = 0
        self.extra: dict[str, object] = {}
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

    def ours(self, name: str, args: Sequence[str], cwd: Path, **kw) -> Spec:
        """A spec for ``mirage-i18n --project cwd ARGS``."""
        return Spec(
            name,
            "ours",
            OUR_CLI + ["--project", str(cwd), *args],
            cwd,
            shown="mirage-i18n " + shlex.join(args),
            ours=True,
            **kw,
        )

    def unavailable(self, spec: Spec, why: str) -> None:
        self.rows[spec.name] = Row(
            spec.name, spec.kind, spec.shown or _shown(spec.argv), available=False, note=why
        )
        self.say(f"  {spec.name:<52} not available: {why}")

    def group(self, title: str, specs: Sequence[Spec | None], repeat: int | None = None) -> None:
        """Measure ``specs`` interleaved: round 1 runs each once in order, then round 2, …"""
        live: list[Spec] = []
        for spec in specs:
            if spec is None:
                continue
            if spec.ours and not self.has_command(spec.argv[len(OUR_CLI) + 2]):
                self.unavailable(spec, f"this checkout has no '{spec.argv[len(OUR_CLI) + 2]}'")
            elif not spec.ours and spec.argv and shutil.which(spec.argv[0]) is None:
                self.unavailable(spec, f"{spec.argv[0]} not found")
            else:
                live.append(spec)
        if not live:
            return
        rows = []
        for spec in live:
            row = Row(
                spec.name,
                spec.kind,
                spec.shown or _shown(spec.argv),
                group=title if len(live) > 1 else "",
                note=spec.note,
            )
            self.rows[spec.name] = row
            rows.append(row)
        order: list[str] = []
        for _ in range(repeat or self.repeat):
            for spec, row in zip(live, rows):
                if spec.setup:
                    spec.setup()
                run = measure.run_once(
                    spec.argv, spec.cwd, spec.env or self.env, self.log, self.seq
                )
                self.seq += 1
                row.runs.append(run)
                order.append(spec.name)
        self.groups.append({"name": title, "rows": [r.name for r in rows], "order": order})
        for row in rows:
            s = report.summary(row.runs)
            self.say(
                f"  {row.name:<52} CPU {s['cpu']:8.2f} s  wall {s['wall']:8.2f} s  "
                f"tree PSS {s['tree_pss_mb']:7.1f} MB  load {s['load']}  "
                f"exit {sorted({r.exit_code for r in row.runs})} {row.note}"
            )

    def alone(self, spec: Spec | None, repeat: int | None = None) -> None:
        self.group(spec.name if spec else "", [spec], repeat)

    def info(self, name: str, seconds: float, note: str = "") -> None:
        self.extra[name] = {"seconds": seconds, "note": note}
        self.say(f"  {name:<52} {seconds:8.2f} s  {note}")


def _shown(argv: Sequence[str]) -> str:
    text = shlex.join(argv)
    return text if len(text) < 120 else text[:117] + "…"


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


# Where setups put what they remove, deleted only when the size's measurements are done. On
# an ext4 file system without a journal (this machine's), a new file's inode skips every inode
# of its block group freed in the last 60–300 s, each checked in the inode table: a command
# that created its 1,021 files where a setup had just deleted thousands (the project copied
# afresh, the templates cleared) paid 0.3–0.5 s of system time for the setup's deletions
# (perf: ``recently_deleted``, ``find_inode_bit``), while mdpo's output folder was elsewhere.
_TRASH: list[Path] = []
_TRASHED = itertools.count()


def discard(path: Path) -> None:
    """``path`` (a folder or a file) out of the way: renamed into the trash folder when one is
    set (see ``_TRASH``), else deleted."""
    if not path.exists() and not path.is_symlink():
        return
    if _TRASH:
        os.rename(path, _TRASH[0] / f"{next(_TRASHED)}")
    elif path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink()


def copy_tree(src: Path, dst: Path) -> None:
    discard(dst)
    shutil.copytree(src, dst, symlinks=True)


def shell_loop(path: Path, lines: list[str]) -> list[str]:
    """A shell script of one command per line, as a CI loop runs them."""
    path.write_text(
        "set -u\nrc=0\n" + "".join(f"{line} || rc=1\n" for line in lines) + "exit $rc\n",
        encoding="utf-8",
    )
    return ["bash", str(path)]


def clear(*paths: Path) -> Callable[[], None]:
    def do() -> None:
        for p in paths:
            discard(p)

    return do


def changed_templates(before: Path, after: Path) -> set[str]:
    """Domains (``news/2019-01-0001``) whose template bytes differ between two template folders."""
    out = set()
    for pot in after.rglob("*.pot"):
        rel = pot.relative_to(after)
        old = before / rel
        if not old.is_file() or old.read_bytes() != pot.read_bytes():
            out.add(str(rel.with_suffix("")))
    return out


# ---------------------------------------------------------------------------- scenarios


def bench_all(args: argparse.Namespace, articles: int) -> Bench:
    base = args.workroot / f"n{articles}" if len(args.sizes_list) > 1 else args.workroot
    base.mkdir(parents=True, exist_ok=True)
    trash = base / "trash"
    shutil.rmtree(trash, ignore_errors=True)  # a killed run's
    trash.mkdir()
    _TRASH[:] = [trash]
    try:
        return _bench_all(args, articles, base)
    finally:
        _TRASH.clear()
        shutil.rmtree(trash, ignore_errors=True)


def _bench_all(args: argparse.Namespace, articles: int, base: Path) -> Bench:
    log = base / "commands.log"
    log.write_text("")
    bench = Bench(base, args.repeat, log, verbose=not args.quiet)
    bench.say(f"work folder {base} (command output in {log})")
    loops = articles <= args.loops_up_to
    if not loops:
        bench.say(
            f"N = {articles} > --loops-up-to {args.loops_up_to}: the one-process-per-catalogue "
            "loops (msgmerge, msgfmt) are skipped"
        )

    pristine = base / "pristine"
    stamp = base / "pristine.json"  # what generated it, to reuse it with --reuse-corpus
    wanted = {"articles": articles, "languages": args.languages, "seed": args.seed}
    recorded = json.loads(stamp.read_text()) if stamp.is_file() else {}
    if args.reuse_corpus and pristine.is_dir() and recorded.get("args") == wanted:
        info = corpus.CorpusInfo(**dict(recorded["info"], root=pristine))
        info = dataclasses.replace(info, languages=tuple(info.languages))
        bench.say(f"reusing the corpus in {pristine} (--reuse-corpus)")
    else:
        stamp.unlink(missing_ok=True)
        if pristine.exists():
            shutil.rmtree(pristine)
        info = corpus.generate(pristine, articles, args.languages, args.seed)
        stamp.write_text(
            json.dumps({"args": wanted, "info": dict(asdict(info), root=str(pristine))}),
            encoding="utf-8",
        )
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
    one_worker = env_for_ours("1")

    # -- extract: cold (no templates) against md2po in one process over the same Markdown
    if "extract" in args.only:
        bench.say("extract")
        templates = proj / "locales" / "templates"
        md_out = scratch / "mdpo"
        md2po = tool("md2po")
        bench.group(
            "extract",
            [
                bench.ours("extract (no templates yet)", ["extract"], proj, setup=clear(templates)),
                Spec(
                    MDPO,
                    "reference",
                    [sys.executable, "-c", MDPO_SCRIPT, str(md_out)],
                    proj,
                    setup=clear(md_out),
                    shown="python -c 'for each source_texts/**/*.md: "
                    "mdpo.md2po.markdown_to_pofile(md, wrapwidth=0).save(OUT/….po)'",
                    note="one process, one PO per Markdown file as our templates (mdpo reads no "
                    "front matter and no shared.yaml)",
                )
                if md2po
                else None,
            ],
        )
        if not md2po:
            bench.unavailable(Spec(MDPO, "reference", ["md2po"], proj), REFERENCE_HINT)
        else:
            files = list(md_out.rglob("*.po"))
            found = sum(p.read_text(encoding="utf-8").count("\nmsgid ") for p in files)
            bench.rows[MDPO].note += f"; {found} msgids in {len(files)} files"

        bench.alone(bench.ours("extract, nothing changed", ["extract"], proj))

    # -- update: no-op first (catalogues are current), then after 1 % of paragraphs changed
    if "update" in args.only:
        bench.say("update")
        before = snapshot(proj / "locales")
        bench.alone(bench.ours("update, nothing changed", ["update"], proj))
        extract_update_noop(bench, proj, before)

        changed = base / "changed"
        copy_tree(pristine, changed)
        n_changed = corpus.change_paragraphs(changed, args.changed / 100)
        measure.run_once(OUR_CLI + ["--project", str(changed), "extract"], changed, bench.env, log)
        domains_changed = changed_templates(
            pristine / "locales" / "templates", changed / "locales" / "templates"
        )
        old_pos, old_cache = base / "old-po", base / "old-cache"
        copy_tree(changed / "locales", old_pos)  # catalogues as they were before the change
        if (changed / ".mirage-cache").exists():
            copy_tree(changed / ".mirage-cache", old_cache)

        def restore_changed() -> None:
            copy_tree(old_pos, changed / "locales")
            discard(changed / ".mirage-cache")
            if old_cache.exists():
                copy_tree(old_cache, changed / ".mirage-cache")

        def restore_changed_no_cache() -> None:
            restore_changed()
            discard(changed / ".mirage-cache")

        note = f"{n_changed} paragraphs changed ({args.changed:g} %)"
        mm_out = scratch / "msgmerge"
        all_lines, make_lines = [], []
        for rel in rel_pos:
            lang, _, *domain = rel.parts[1:]
            pot = Path("locales", "templates", *domain).with_suffix(".pot")
            out = mm_out / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            line = (
                f"msgmerge --quiet --previous -o {shlex.quote(str(out))} {shlex.quote(str(rel))} "
                f"{shlex.quote(str(pot))}"
            )
            all_lines.append(line)
            if str(Path(*domain).with_suffix("")) in domains_changed:
                make_lines.append(line)
        bench.group(
            "update after 1 % changed",
            [
                bench.ours(UPDATE_CACHE, ["update"], changed, setup=restore_changed, note=note),
                bench.ours(
                    UPDATE_NO_CACHE, ["update"], changed, setup=restore_changed_no_cache, note=note
                ),
                Spec(
                    MSGMERGE_MAKE,
                    "reference",
                    shell_loop(scratch / "msgmerge-make.sh", make_lines),
                    changed,
                    setup=restore_changed,
                    note=f"{len(make_lines)} of {len(all_lines)} catalogues: those whose template "
                    f"changed ({len(domains_changed)} templates), one msgmerge each",
                ),
                Spec(
                    MSGMERGE_ALL,
                    "reference",
                    shell_loop(scratch / "msgmerge.sh", all_lines),
                    changed,
                    setup=restore_changed,
                    note=f"all {len(all_lines)} catalogues, one msgmerge each",
                )
                if loops
                else None,
            ],
        )

    # -- status
    if "status" in args.only:
        bench.say("status")
        lines = [f"msgfmt --statistics -o /dev/null {shlex.quote(str(r))}" for r in rel_pos]
        bench.group(
            "status",
            [
                bench.ours("status", ["status"], proj),
                Spec(STAT_LOOP, "reference", shell_loop(scratch / "stat.sh", lines), proj)
                if loops
                else None,
            ],
        )
        bench.alone(bench.ours("status, again", ["status"], proj))

    # -- validate: the references are prepared untimed, then all run interleaved
    if "validate" in args.only:
        bench.say("validate")
        files_list = scratch / "all-files.txt"
        files_list.write_text("".join(f"{p}\n" for p in pos))
        # The reference: one msgfmt --check on all catalogues concatenated, every entry
        # kept (its orientation figure: 120,000 entries in one file). Plain msgcat would merge the
        # same English across catalogues, so each copy first gets its own msgctxt key.
        keyed_list = scratch / "keyed-files.txt"
        keyed_list.write_text("".join(f"{p}\n" for p in keyed_copies(proj, pos, scratch / "keyed")))
        concat_kept, concat = scratch / "all-kept.po", scratch / "all.po"
        for name, out_file, listing in (
            ("msgcat all catalogues into one, every entry kept (prep)", concat_kept, keyed_list),
            ("msgcat all catalogues into one (prep)", concat, files_list),
        ):
            prep = measure.run_once(
                ["msgcat", "--no-wrap", "-o", str(out_file), "-f", str(listing)],
                proj,
                bench.env,
                log,
            )
            bench.info(name, prep.wall, f"CPU {prep.cpu:.2f} s")
        lang_lines, lang_stats, pofilter_lines = [], [], []
        pofilter = tool("pofilter") if articles <= args.pofilter_up_to else None
        pofilter_out = scratch / "pofilter"
        for lang in info.languages:
            lang_files = scratch / f"files-{lang}.txt"
            lang_files.write_text(
                "".join(f"{p}\n" for p in pos if p.relative_to(proj).parts[1] == lang)
            )
            merged_lang = scratch / f"all-{lang}.po"
            subprocess.run(
                ["msgcat", "--no-wrap", "-o", str(merged_lang), "-f", str(lang_files)],
                cwd=proj,
                check=False,
                capture_output=True,
            )
            lang_stats.append(msgfmt_statistics(merged_lang))
            lang_lines.append(
                f"msgfmt --check --statistics -o /dev/null {shlex.quote(str(merged_lang))}"
            )
            pofilter_lines.append(
                f"{shlex.quote(pofilter or 'pofilter')} --progress=none "
                f"--language={lang} -i locales/{lang} -o {shlex.quote(str(pofilter_out / lang))}"
            )

        def fresh_pofilter() -> None:  # pofilter creates one missing folder level, not two
            discard(pofilter_out)
            pofilter_out.mkdir()

        checked = sum(s[0] for s in lang_stats if s)
        listed = sum(sum(s) for s in lang_stats if s)
        check_lines = [
            f"msgfmt --check --statistics -o /dev/null {shlex.quote(str(r))}" for r in rel_pos
        ]
        bench.group(
            "validate",
            [
                bench.ours(
                    VALIDATE_1,
                    ["validate"],
                    proj,
                    setup=clear(cache),
                    env=one_worker,
                    note="MIRAGE_WORKERS=1: all checks in one process",
                ),
                Spec(
                    KEPT,
                    "reference",
                    ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(concat_kept)],
                    proj,
                    note=concat_note(concat_kept, info.entries),
                ),
                Spec(
                    POFILTER,
                    "reference",
                    shell_loop(scratch / "pofilter.sh", pofilter_lines),
                    proj,
                    setup=fresh_pofilter,
                    shown="pofilter --language=LANG -i locales/LANG -o OUT (one process per language)",
                    note=f"{len(info.languages)} processes, all default checks, fuzzy included",
                )
                if pofilter
                else None,
                bench.ours(
                    VALIDATE_2,
                    ["validate"],
                    proj,
                    setup=clear(cache),
                    note="default: languages in worker processes (2 here)",
                ),
                Spec(
                    MERGED,
                    "reference",
                    ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(concat)],
                    proj,
                    note=concat_note(concat, info.entries),
                ),
                Spec(
                    PER_LANG,
                    "reference",
                    shell_loop(scratch / "check-lang.sh", lang_lines),
                    proj,
                    note=f"{len(info.languages)} files, {listed} entries after merging, {checked} "
                    "checked (msgfmt skips fuzzy and untranslated ones)",
                ),
                Spec(
                    POLIB,
                    "reference",
                    [
                        sys.executable,
                        "-c",
                        "import polib,sys\nfor p in open(sys.argv[1]).read().split():\n"
                        " polib.pofile(p)",
                        str(files_list),
                    ],
                    proj,
                ),
                Spec(
                    OUR_READER,
                    "info",
                    [
                        sys.executable,
                        "-c",
                        "import sys\nfrom mirage_i18n.catalog.poreader import read_po_bytes\n"
                        "for p in open(sys.argv[1]).read().split():\n"
                        " read_po_bytes(open(p, 'rb').read(), p)",
                        str(files_list),
                    ],
                    proj,
                ),
                Spec(CHECK_LOOP, "reference", shell_loop(scratch / "check.sh", check_lines), proj)
                if loops
                else None,
            ],
        )
        if articles > args.pofilter_up_to:
            bench.say(f"N = {articles} > --pofilter-up-to {args.pofilter_up_to}: no pofilter")
        elif not pofilter:
            bench.unavailable(Spec(POFILTER, "reference", ["pofilter"], proj), REFERENCE_HINT)
        else:  # pofilter exits 0 even when it could not read a file: show what it wrote
            found = sum(1 for p in pofilter_out.rglob("*.po"))
            bench.rows[POFILTER].note += f"; wrote {found} catalogue(s) of failing entries"

        bench.alone(bench.ours("validate, again (cache kept)", ["validate"], proj))

    # -- build
    if "build" in args.only:
        bench.say("build")
        mo_lines = []
        for rel in rel_pos:
            out = scratch / "mo" / rel.with_suffix(".mo")
            out.parent.mkdir(parents=True, exist_ok=True)
            mo_lines.append(f"msgfmt -o {shlex.quote(str(out))} {shlex.quote(str(rel))}")
        pyb = scratch / "pybabel"
        domains = sorted({str(Path(*r.parts[3:]).with_suffix("")) for r in rel_pos})

        def fresh_pyb() -> None:
            copy_tree(proj / "locales", pyb)
            discard(pyb / "templates")

        bench.group(
            "build",
            [
                bench.ours(BUILD, ["build"], proj, setup=clear(dist, cache)),
                Spec(
                    PYBABEL,
                    "reference",
                    [tool("pybabel") or "pybabel", "-q", "compile", "-d", str(pyb), "-D"]
                    + [" ".join(domains)],
                    proj,
                    setup=fresh_pyb,
                ),
                Spec(MO_LOOP, "reference", shell_loop(scratch / "mo.sh", mo_lines), proj)
                if loops
                else None,
            ],
        )
        bench.alone(bench.ours("build, nothing changed", ["build"], proj))

    # -- prefill with the translation memory (its corpus does not depend on N)
    if "prefill" in args.only and articles in args.prefill_at:
        bench.say("prefill")
        bench_prefill(bench, base, args)
    return bench


# mdpo as our extract works: every Markdown file to its own catalogue, in one process. (md2po's
# command line with a glob merges everything into one PO, which polib makes quadratic: over a
# minute of CPU at N = 1,000 and still running, so not a fair stand-in for one-file-per-doc.)
MDPO_SCRIPT = """
import sys
from pathlib import Path
from mdpo.md2po import markdown_to_pofile
out = Path(sys.argv[1])
for md in sorted(Path("source_texts").rglob("*.md")):
    dest = out / md.relative_to("source_texts").with_suffix(".po")
    dest.parent.mkdir(parents=True, exist_ok=True)
    markdown_to_pofile(str(md), wrapwidth=0).save(str(dest))
"""
SECTIONS = ("extract", "update", "status", "validate", "build", "prefill")
REFERENCE_HINT = f"install the benchmark references: {sys.executable} -m pip install -r {REQUIREMENTS.relative_to(ROOT)}"


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
    script = (
        f"{shlex.join(OUR_CLI + ['--project', str(proj), 'extract'])} && "
        f"{shlex.join(OUR_CLI + ['--project', str(proj), 'update'])}"
    )
    name = "extract + update, nothing changed"
    bench.alone(
        Spec(
            name,
            "ours",
            ["bash", "-c", script],
            proj,
            shown="mirage-i18n extract && mirage-i18n update",
        )
    )
    after = snapshot(proj / "locales")
    bench.rewritten = sum(1 for k, v in after.items() if before.get(k) != v)
    bench.rows[name].note = f"{bench.rewritten} file(s) rewritten"


def bench_prefill(bench: Bench, base: Path, args: argparse.Namespace) -> None:
    """``--prefill-new`` new segments against ``--prefill-reviewed`` reviewed ones, one language."""
    if not bench.has_command("prefill"):
        bench.alone(bench.ours("prefill --engine memory", ["prefill"], base))
        return
    per_article = 14.9  # entries per generated article, measured
    n_old = max(1, round(args.prefill_reviewed / per_article))
    proj = base / "prefill"
    if proj.exists():
        shutil.rmtree(proj)
    info = corpus.generate(proj, n_old, 1, args.seed, reviewed=1.0, fuzzy=0.0)
    n_new = max(1, round(args.prefill_new / per_article))
    corpus.add_articles(proj, n_old, n_new, seed=args.seed + 1000)
    measure.run_once(OUR_CLI + ["--project", str(proj), "extract"], proj, bench.env, bench.log)
    measure.run_once(OUR_CLI + ["--project", str(proj), "update"], proj, bench.env, bench.log)
    from mirage_i18n.catalog.poreader import read_po_bytes

    new_entries = 0
    for path in po_files(proj):
        for msg in read_po_bytes(path.read_bytes(), str(path)).messages:
            if not msg.obsolete and not msg.msgstr:
                new_entries += 1
    saved = base / "prefill-locales"
    copy_tree(proj / "locales", saved)
    lang = info.languages[0]
    bench.alone(
        bench.ours(
            "prefill --engine memory",
            ["prefill", "-l", lang, "--engine", "memory"],
            proj,
            setup=lambda: copy_tree(saved, proj / "locales"),
            note=f"{new_entries} untranslated entries vs {info.reviewed} reviewed ({lang})",
        )
    )
    # the last run left every new entry filled (fuzzy): again, with nothing left to fill
    bench.alone(
        bench.ours(
            "prefill --engine memory, again (nothing new)",
            ["prefill", "-l", lang, "--engine", "memory"],
            proj,
            note="the catalogues as the previous run left them",
        )
    )


# ---------------------------------------------------------------------------- output


def to_json(bench: Bench, args: argparse.Namespace) -> dict:
    info = bench.corpus  # type: ignore[attr-defined]
    return {
        "articles": info.articles,
        "corpus": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(info).items()},
        "repeat": bench.repeat,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "memory": {
            "pss": measure.smaps_readable(),
            "cgroup_v2": measure.cgroup_v2_memory(),
        },
        "rewritten": bench.rewritten,
        "extra": bench.extra,
        "groups": bench.groups,
        "rows": [
            dict(asdict(r), **report.summary(r.runs)) if r.runs else asdict(r)
            for r in bench.rows.values()
        ],
    }


def parse_sizes(text: str) -> list[int]:
    return [int(part) for part in text.replace("_", "").split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", "-n", type=int, default=1000)
    parser.add_argument(
        "--sizes", help="comma-separated article counts, e.g. 250,1000,4000 (overrides -n)"
    )
    parser.add_argument("--languages", "-m", type=int, default=8)
    parser.add_argument("--repeat", "-r", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--changed", type=float, default=1.0, help="percent of paragraphs changed for update"
    )
    parser.add_argument(
        "--loops-up-to",
        type=int,
        default=1000,
        help="run the one-process-per-catalogue loops only up to this N (default 1000)",
    )
    parser.add_argument(
        "--pofilter-up-to",
        type=int,
        default=1_000_000,
        help="run the pofilter reference only up to this N (≈ 0.5 ms of CPU per entry)",
    )
    parser.add_argument("--prefill-reviewed", type=int, default=50_000)
    parser.add_argument("--prefill-new", type=int, default=1_000)
    parser.add_argument(
        "--prefill-at", help="sizes at which prefill runs (default: the size nearest 1,000)"
    )
    parser.add_argument("--skip-prefill", action="store_true")
    parser.add_argument(
        "--reuse-corpus",
        action="store_true",
        help="reuse WORKDIR/pristine when it was generated with the same -n, -m, --seed "
        "(only valid while extract/update, which make it, are unchanged)",
    )
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections to run (default: all of {','.join(SECTIONS)})",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the corpus and outputs here (default: a temp folder, removed)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        default=report.DEFAULT_BASELINE,
        help="JSON of an earlier run: every row is compared with its CPU time there",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument("--markdown", type=Path, help="also write the report as Markdown")
    parser.add_argument(
        "--combine",
        nargs="+",
        type=Path,
        metavar="JSON",
        help="no run: one report from the JSON of earlier runs (one per size)",
    )
    parser.add_argument("--quiet", "-q", action="store_true")
    args = parser.parse_args(argv)
    baseline = report.load_baseline(args.baseline)
    args.only = {part.strip() for part in args.only.split(",") if part.strip()}
    if args.only - set(SECTIONS):
        parser.error(f"--only: unknown section(s) {', '.join(sorted(args.only - set(SECTIONS)))}")

    if args.combine:
        sizes = report.combine([json.loads(p.read_text(encoding="utf-8")) for p in args.combine])
    else:
        missing = [n for n in ("msgfmt", "msgmerge", "msgcat", "pybabel", TIME) if not tool(n)]
        if missing:
            parser.error(
                f"{', '.join(missing)}: found neither next to {sys.executable} nor on PATH "
                "(install GNU gettext, GNU time and Babel)"
            )
        for name in ("md2po", "pofilter"):
            if not tool(name):
                print(f"warning: {name} not found: {REFERENCE_HINT}", file=sys.stderr)
        args.sizes_list = parse_sizes(args.sizes) if args.sizes else [args.articles]
        if args.skip_prefill:
            args.prefill_at = []
        elif args.prefill_at:
            args.prefill_at = parse_sizes(args.prefill_at)
        else:
            args.prefill_at = [min(args.sizes_list, key=lambda n: abs(n - 1000))]
        args.workroot = Path(args.workdir or tempfile.mkdtemp(prefix="mirage-bench-")).resolve()
        compile_ours()
        sizes = []
        try:
            for articles in args.sizes_list:
                sizes.append(to_json(bench_all(args, articles), args))
                if args.json:  # what is measured so far survives a later size's failure
                    partial = report.assemble(sizes, baseline, None)
                    args.json.write_text(json.dumps(partial, indent=1) + "\n", encoding="utf-8")
        finally:
            if not args.workdir:
                shutil.rmtree(args.workroot, ignore_errors=True)
    data = report.assemble(sizes, baseline, str(args.baseline) if baseline else None)
    text = report.markdown(data)
    print()
    print(text)
    if args.json:
        args.json.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
