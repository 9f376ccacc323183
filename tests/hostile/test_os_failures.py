"""Operating-system failures (issue 13): an unreadable file or folder, a full disk, a file size
limit, a read-only folder, a failing rename or mkdir, for every command but ``build`` (the
publish stage's tests own its failures).

Three ways to fail. A small LD_PRELOAD shim (``failshim.c``, compiled here with the system
gcc) makes the C library calls the interpreter uses fail as the kernel would, for every input
and output of every command; ``RLIMIT_FSIZE`` gives the real "File too large". Real permission
bits (``chmod``), with the command run as root without root's override of them (CI runs the
tests as root, where ``chmod`` alone takes nothing away). A real full disk: the project on a
tmpfs with no room left, in a user and mount namespace of the test's own. Each case runs the
real CLI in a subprocess and checks:

* exit 2, and one line ``path: what failed: why``, naming the file
  (never a temporary file), no traceback and no Python exception name;
* every file of the project is either as it was or as the uninterrupted run writes it, every
  ``.po``/``.pot`` passes ``msgfmt -c``, and no temporary file is left;
* the rerun without the failure gives the bytes of the uninterrupted run.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from mirage_i18n.fsutil import TEMP_SUFFIX, temp_target
from tests.clirun import snapshot
from tests.gnu import msgfmt_check
from tests.hostile.conftest import make_project, zip_bytes, zip_members

pytestmark = pytest.mark.slow

# The CLI in a process of its own, with the interpreter running the tests
CLI = [
    sys.executable,
    "-c",
    "import sys; from mirage_i18n.cli import main; sys.argv[0] = 'mirage-i18n'; main()",
]
SHIM_SOURCE = Path(__file__).with_name("failshim.c")
TIMEOUT = 120  # seconds one command may take on a loaded machine
FSIZE_LIMIT = 100  # bytes: RLIMIT_FSIZE for "File too large"; every output is larger

ARTICLE = "source_texts/news/2024-01-02-welcome.md"
SECOND = "source_texts/news/2024-01-03-second.md"
EVENT = "source_texts/events/2024-01-04-meeting.md"  # extracted, not yet updated
REPORT = "source_texts/reports/2024-01-05-report.md"  # written, not yet extracted
SHARED_PARAGRAPH = "The partners of Demo publish their news here in all partner languages."


# ---------------------------------------------------------------------------- the shim


@pytest.fixture(scope="session")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """failshim.c compiled for this machine. scripts/install-test-deps.sh installs gcc; where
    it is missing all the same, the cases skip and say why."""
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("no gcc to compile the failure shim: run scripts/install-test-deps.sh")
    out = tmp_path_factory.mktemp("shim") / "failshim.so"
    result = subprocess.run(
        [gcc, "-shared", "-fPIC", "-O1", "-Wall", "-o", str(out), str(SHIM_SOURCE)] + ["-ldl"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


@dataclass(frozen=True)
class Failure:
    """One injected failure: the shim's operations and errno on paths containing ``where``
    (relative to the project), or a file size limit when ``ops`` is empty."""

    ops: str
    errno_name: str
    where: str
    after: int = 0  # bytes written before "write" fails
    disk: bool = False  # ``after`` counts all files together: the disk fills up

    @property
    def reading(self) -> bool:
        return self.ops in ("open", "read")

    def inside(self, folder: str | None) -> bool:
        """Whether the failing path is in ``folder`` (a command's output)."""
        return folder is not None and (self.where + "/").startswith(folder.rstrip("/") + "/")

    @property
    def reason(self) -> str:
        """What the one line must say: the C library's text for the errno."""
        return os.strerror(getattr(errno, self.errno_name))

    def target(self, project: Path) -> Path:
        """``where`` below the project (``../`` for a file beside it)."""
        if self.where.startswith("../"):
            return project.parent / self.where[3:]
        return project / self.where

    def environment(self, shim: Path, project: Path, log: Path) -> dict[str, str]:
        env = dict(os.environ)
        if self.ops:
            env.update(
                LD_PRELOAD=str(shim),
                FAILSHIM_OPS=self.ops,
                FAILSHIM_ERRNO=self.errno_name,
                FAILSHIM_PATH=str(self.target(project)),
                FAILSHIM_AFTER=str(self.after),
                FAILSHIM_TOTAL="1" if self.disk else "0",
                FAILSHIM_LOG=str(log),
            )
        return env


FILE_TOO_LARGE = "EFBIG"
HALF = -1  # "after": half the bytes the uninterrupted run writes there


def file_size_limit() -> None:
    """preexec_fn: the real "File too large" (SIGXFSZ ignored, so write() returns EFBIG)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT, FSIZE_LIMIT))


def cli(
    project: Path,
    args: list[str],
    failure: Failure | None = None,
    shim: Path | None = None,
    log: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    preexec: Callable[[], None] | None = None
    if failure is not None and failure.ops:
        assert shim is not None and log is not None
        env = failure.environment(shim, project, log)
    elif failure is not None:
        preexec = file_size_limit
    return subprocess.run(
        [*CLI, "--project", str(project), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env=env,
        preexec_fn=preexec,
        cwd=project,
    )


# ---------------------------------------------------------------------------- the project


def translated(po: bytes) -> bytes:
    """Every empty msgstr of a one-line msgid filled, as a translator would."""
    out, msgid = [], None
    for line in po.decode("utf-8").split("\n"):
        if line.startswith('msgid "') and line != 'msgid ""':
            msgid = line[len('msgid "') : -1]
        if line == 'msgstr ""' and msgid:
            line, msgid = f'msgstr "SV {msgid}"', None
        out.append(line)
    return "\n".join(out).encode("utf-8")


def article(title: str, date: str, *paragraphs: str) -> str:
    body = "\n\n".join(paragraphs)
    return f'---\ntitle: "{title}"\ndate: {date}\n---\n\n{body}\n'


def ok(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = cli(project, list(args))
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project where every writing command has work to do, in files and in new folders:

    * the Swedish catalogue of the welcome article is translated, and a second article repeats
      one of its paragraphs (``prefill --engine memory`` fills it);
    * a returned Swedish pack waits beside the project (``unpack``);
    * an article in a new folder was extracted, and updated in Swedish only (``update`` writes
      Italian and makes a folder); an edited article, an edited ``shared.yaml`` and an article in another new
      folder wait for ``extract``.
    """
    root = make_project(tmp_path_factory.mktemp("base") / "project")
    (root / SECOND).write_text(
        article("The second item", "2024-01-03", SHARED_PARAGRAPH, "The meeting was in Rome."),
        encoding="utf-8",
    )
    ok(root, "extract")
    ok(root, "update")
    for name in ("news/2024-01-02-welcome.po", "shared.po"):
        po = root / "locales/sv/LC_MESSAGES" / name
        po.write_bytes(translated(po.read_bytes()))
    pack = root.parent / "returned.zip"
    ok(root, "pack", "-l", "sv", "-o", str(pack))
    members = zip_members(pack.read_bytes())
    pack.write_bytes(
        zip_bytes({k: translated(v) if k.endswith(".po") else v for k, v in members.items()})
    )
    (root / EVENT).parent.mkdir()
    (root / EVENT).write_text(
        article("A partner meeting", "2024-01-04", "The partners met in Lisbon."), encoding="utf-8"
    )
    ok(root, "extract")
    ok(root, "update", "-l", "sv")  # pack and review need every Swedish catalogue
    with (root / ARTICLE).open("a", encoding="utf-8") as fh:
        fh.write("\nA paragraph added later.\n")
    with (root / "source_texts/shared.yaml").open("a", encoding="utf-8") as fh:
        fh.write('read_more: "Read more"\n')
    (root / REPORT).parent.mkdir()
    (root / REPORT).write_text(
        article("The first report", "2024-01-05", "The report is out."), encoding="utf-8"
    )
    return root


# ---------------------------------------------------------------------------- the commands


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[str, ...]  # "{pack}": the returned pack beside the project; "{project}"
    reads: tuple[str, ...]  # the inputs (keys of INPUTS) it reads
    output: str | None = None  # the folder it writes in, relative to the project
    new_folder: str | None = None  # a folder it creates
    report: bool = False  # says what it could not read in its report, on stdout
    more: tuple[tuple[str, Failure], ...] = ()  # failures of its own

    def argv(self, project: Path) -> list[str]:
        pack = str(project.parent / "returned.zip")
        return [a.replace("{pack}", pack).replace("{project}", str(project)) for a in self.args]


INPUTS = {
    "config": "mirage-i18n.toml",
    "glossary": "glossary.toml",
    "shared.yaml": "source_texts/shared.yaml",
    "article": ARTICLE,
    "sources folder": "source_texts/news",
    "template": "locales/templates/news/2024-01-02-welcome.pot",
    "templates folder": "locales/templates",
    "catalogue": "locales/sv/LC_MESSAGES/news/2024-01-02-welcome.po",
    "cache": ".mirage-cache/update-manifest.json",
    "pack": "../returned.zip",
}
SETTINGS = ("config", "glossary")
SOURCES = ("shared.yaml", "article", "sources folder")
TEMPLATES = ("template", "templates folder")

COMMANDS = [
    Command(
        "extract",
        ("extract",),
        (*SETTINGS, *SOURCES, *TEMPLATES),
        "locales/templates/",
        "locales/templates/reports",
    ),
    Command(
        "update",
        ("update",),
        (*SETTINGS, *TEMPLATES, "catalogue", "cache"),
        "locales/it/",
        "locales/it/LC_MESSAGES/events",
        more=(("cache not saved", Failure("rename", "EIO", ".mirage-cache/")),),
    ),
    Command(
        "add-language",
        ("add-language", "de"),
        (*SETTINGS, *TEMPLATES, "cache"),
        "locales/de",
        "locales/de",
        more=(("configuration not saved", Failure("rename", "EIO", "mirage-i18n.toml")),),
    ),
    Command(
        "prefill",
        ("prefill", "--engine", "memory", "-l", "sv"),
        (*SETTINGS, "catalogue"),
        "locales/sv/",
    ),
    Command("unpack", ("unpack", "{pack}"), (*SETTINGS, "catalogue", "pack"), "locales/sv/"),
    Command(
        "pack",
        ("pack", "-l", "sv", "-o", "{project}/packs/sv.zip"),
        (*SETTINGS, *TEMPLATES, "catalogue"),
        "packs/",
        "packs",
    ),
    Command(
        "review",
        ("review", "-l", "sv", "-o", "{project}/pages/review.html"),
        (*SETTINGS, *TEMPLATES, "catalogue"),
        "pages/",
        "pages",
    ),
    Command("new", ("new", "Partner meeting in Rome"), SETTINGS, "source_texts/news/"),
    Command(
        "init",
        ("init", "{project}/fresh", "--name", "Fresh", "--source-language", "en")
        + ("--languages", "sv", "--contact-email", "info@example.org"),
        (),
        "fresh/",
        "fresh",
    ),
    Command("validate", ("validate",), (*SETTINGS, *TEMPLATES, "catalogue"), report=True),
    Command("status", ("status",), (*SETTINGS, *TEMPLATES, "catalogue"), report=True),
    Command("check-sync", ("check-sync",), (*SETTINGS, *SOURCES, *TEMPLATES, "catalogue")),
]
BY_NAME = {c.name: c for c in COMMANDS}
WRITERS = ("extract", "update", "add-language", "prefill", "unpack", "new")  # take the lock


def read_failures(command: Command) -> dict[str, Failure]:
    """Each input unreadable (no permission to open it, or to list a folder); and an I/O error
    in the middle of reading an article or a catalogue (a failing disk)."""
    cases = {
        f"unreadable {kind}": Failure("open", "EACCES", INPUTS[kind]) for kind in command.reads
    }
    for kind in ("article", "catalogue"):
        if kind in command.reads:
            cases[f"read error in {kind}"] = Failure("read", "EIO", INPUTS[kind])
    return cases


def write_failures(command: Command) -> dict[str, Failure]:
    if command.output is None:
        return {}
    out = command.output
    cases = {
        "disk full": Failure("write", "ENOSPC", out, after=HALF, disk=True),
        "file too large": Failure("", FILE_TOO_LARGE, out),
        "read-only": Failure("create,rename,mkdir,unlink", "EROFS", out),
        "no permission": Failure("create", "EACCES", out),
        "rename fails": Failure("rename", "EIO", out),
    }
    if command.new_folder is not None:
        cases["mkdir fails"] = Failure("mkdir", "EACCES", command.new_folder)
    if command.name in WRITERS:  # the lock file cannot be created
        cases["read-only cache"] = Failure("create,rename,mkdir,unlink", "EROFS", ".mirage-cache/")
    return cases | dict(command.more)


CASES = [
    pytest.param(c.name, f, id=f"{c.name}-{name}")
    for c in COMMANDS
    for name, f in [*read_failures(c).items(), *write_failures(c).items()]
]


# ---------------------------------------------------------------------------- the checks


@dataclass(frozen=True)
class Clean:
    """A command's uninterrupted run on a copy of the base."""

    result: subprocess.CompletedProcess[str]
    files: dict[str, bytes]  # comparable(), after the run
    written: dict[str, int]  # bytes of each file it created or changed


@pytest.fixture(scope="module")
def uninterrupted(base: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Clean]:
    """Each command's clean run (once per command)."""
    done: dict[str, Clean] = {}

    def run(name: str) -> Clean:
        if name not in done:
            work = copy_of(base, tmp_path_factory.mktemp(f"clean-{name}"))
            before = snapshot(work)
            result = cli(work, BY_NAME[name].argv(work))
            assert result.returncode in (0, 1), (name, result.stdout, result.stderr)
            after = snapshot(work)
            written = {rel: len(data) for rel, data in after.items() if before.get(rel) != data}
            done[name] = Clean(result, comparable(work), written)
        return done[name]

    return run


def copy_of(base: Path, parent: Path) -> Path:
    work = parent / "project"
    shutil.copytree(base, work, symlinks=True)
    shutil.copy2(base.parent / "returned.zip", parent / "returned.zip")
    return work


def comparable(root: Path) -> dict[str, bytes]:
    """The project's files, a zip as its members (its timestamps are the time of the run)."""
    files = snapshot(root)
    for rel, data in files.items():
        if rel.endswith(".zip"):
            members = zip_members(data)
            files[rel] = repr(sorted(members.items())).encode()
    return files


TRACEBACK = re.compile(r"Traceback|\b[A-Z][a-zA-Z]*(Error|Exception)\b|Errno")
LINE = re.compile(r"(?:error: )?(?P<path>[^:\s][^:]*): (?P<what>[^:]+): (?P<why>.+)")


def check_message(
    result: subprocess.CompletedProcess[str], failure: Failure, project: Path, report: bool
) -> None:
    """Exactly one line, ``path: what failed: why``, naming the file (or a file in the folder)
    that failed; on stderr, or for a command that reports on what it read (validate, status)
    in its report, with the report's ``error:``."""
    said = f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert not TRACEBACK.search(result.stdout + result.stderr), said
    assert TEMP_SUFFIX not in result.stdout + result.stderr, said  # the file, never its temp
    lines = result.stderr.splitlines()
    if report:
        lines = [ln for ln in (result.stdout + result.stderr).splitlines() if failure.reason in ln]
    assert len(lines) == 1, f"not one line; {said}"
    target = failure.target(project)
    for line in lines:
        match = LINE.fullmatch(line)
        assert match, f"not 'path: what failed: why': {line!r}; {said}"
        assert failure.reason in match["why"], line
        path = project / match["path"]  # an absolute path stays itself
        assert path == target or target in path.parents, f"{line!r} does not name {target}"


def check_files(work: Path, before: dict[str, bytes], after_clean: dict[str, bytes]) -> None:
    now = comparable(work)
    leftovers = [rel for rel in now if temp_target(Path(rel).name) is not None]
    assert leftovers == [], leftovers
    for rel, data in now.items():
        assert data in (before.get(rel), after_clean.get(rel)), f"{rel} is neither old nor new"
    for rel in before:
        if rel not in now:
            assert rel not in after_clean, f"{rel} was removed"
    for rel in now:
        if rel.endswith((".po", ".pot")):
            msgfmt_check(work / rel)


@pytest.mark.parametrize(("name", "failure"), CASES)
def test_an_os_failure_is_one_line_and_loses_nothing(
    name: str,
    failure: Failure,
    base: Path,
    shim: Path,
    tmp_path: Path,
    uninterrupted: Callable[[str], Clean],
) -> None:
    command = BY_NAME[name]
    clean = uninterrupted(name)
    work = copy_of(base, tmp_path)
    before = comparable(work)
    if failure.after == HALF:
        there = [n for rel, n in clean.written.items() if rel.startswith(failure.where)]
        failure = replace(failure, after=sum(there) // 2)
    log = tmp_path / "shim.log"
    result = cli(work, command.argv(work), failure, shim, log)
    said = f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    if failure.ops:
        assert log.exists(), f"the failure was never injected; {said}"
    assert result.returncode == 2, said
    check_message(result, failure, work, command.report)
    if failure.reading and not failure.inside(command.output):
        assert comparable(work) == before  # it stopped before writing anything
        return  # so its rerun is the uninterrupted run
    check_files(work, before, clean.files)
    if name == "add-language":  # the configuration names no language without its catalogues
        assert comparable(work)[INPUTS["config"]] == before[INPUTS["config"]]
    rerun = cli(work, command.argv(work))
    assert rerun.returncode == clean.result.returncode, (rerun.stdout, rerun.stderr)
    assert comparable(work) == clean.files


# ---------------------------------------------------------------------------- real permissions

PR_CAPBSET_DROP = 24  # linux/prctl.h
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def without_root_override() -> None:
    """preexec_fn: root, but without the capabilities that let root read and write where the
    permission bits say no (dropped from the bounding set, so exec does not give them back)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


UNREADABLE, READ_ONLY = 0o000, 0o555
PROJECT = ""  # the project folder itself

# (command, path relative to the project, mode): the permission bits the kernel checks, no shim
DENIED = [
    ("extract", INPUTS["shared.yaml"], UNREADABLE),
    ("extract", INPUTS["article"], UNREADABLE),
    ("extract", INPUTS["sources folder"], UNREADABLE),
    ("extract", INPUTS["glossary"], UNREADABLE),
    ("extract", INPUTS["template"], UNREADABLE),
    ("extract", "locales/templates", READ_ONLY),
    ("update", INPUTS["template"], UNREADABLE),
    ("update", INPUTS["catalogue"], UNREADABLE),
    ("update", INPUTS["cache"], UNREADABLE),
    ("update", "locales/it/LC_MESSAGES", READ_ONLY),
    ("update", ".mirage-cache", READ_ONLY),
    ("add-language", INPUTS["template"], UNREADABLE),
    ("add-language", "locales", READ_ONLY),
    ("add-language", PROJECT, READ_ONLY),  # the catalogues can be written, the config cannot
    ("validate", INPUTS["catalogue"], UNREADABLE),
    ("validate", INPUTS["template"], UNREADABLE),
    ("validate", INPUTS["glossary"], UNREADABLE),
    ("status", INPUTS["catalogue"], UNREADABLE),
    ("status", "locales/sv/LC_MESSAGES/news", UNREADABLE),
    ("init", PROJECT, READ_ONLY),
    ("unpack", INPUTS["pack"], UNREADABLE),
    ("unpack", "locales/sv/LC_MESSAGES/news", READ_ONLY),
    ("pack", INPUTS["catalogue"], UNREADABLE),
    ("extract", PROJECT, UNREADABLE),  # --project names a folder it cannot list
    ("status", PROJECT, UNREADABLE),
]


@pytest.mark.parametrize(
    ("name", "where", "mode"),
    [pytest.param(*case, id=f"{case[0]}-{case[1] or 'project'}-{case[2]:03o}") for case in DENIED],
)
def test_permission_bits_are_one_line_and_lose_nothing(
    name: str,
    where: str,
    mode: int,
    base: Path,
    tmp_path: Path,
    uninterrupted: Callable[[str], Clean],
) -> None:
    """The same guarantees with real permission bits: as root the command runs without root's
    override of them, so the kernel itself says ``Permission denied``."""
    command = BY_NAME[name]
    clean = uninterrupted(name)
    work = copy_of(base, tmp_path)
    failure = Failure("chmod", "EACCES", where)
    target = failure.target(work)
    if mode == READ_ONLY:  # the case is only one if the command writes there
        inside = [rel for rel in clean.written if (work / rel).is_relative_to(target)]
        assert inside, f"{name} writes nothing in {where or 'the project'}"
    before = comparable(work)
    old_mode = target.stat().st_mode & 0o7777
    target.chmod(mode)
    try:
        result = subprocess.run(
            [*CLI, "--project", str(work), *command.argv(work)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            preexec_fn=without_root_override if os.geteuid() == 0 else None,
            cwd=tmp_path,
        )
    finally:
        target.chmod(old_mode)
    said = f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert result.returncode == 2, said
    check_message(result, failure, work, command.report)
    if mode == UNREADABLE and not failure.inside(command.output):
        assert comparable(work) == before  # it stopped before writing anything
        return
    check_files(work, before, clean.files)
    if name == "add-language":  # the configuration names no language without its catalogues
        config = INPUTS["config"]
        assert comparable(work)[config] == before[config]
        assert not (work / "locales/de").exists()
    rerun = cli(work, command.argv(work))
    assert rerun.returncode == clean.result.returncode, (rerun.stdout, rerun.stderr)
    assert comparable(work) == clean.files


# ---------------------------------------------------------------------------- a real full disk

FULL_DISK = """
set -e
mount -t tmpfs -o size=64m tmpfs "$MNT"
cp -a "$SRC/." "$MNT/"
used=$(df -k --output=used "$MNT" | tail -n 1)
mount -o remount,size=$((used + ROOM_KB))k "$MNT"
set +e
cd "$MNT/project"
"$@" > "$OUT/stdout" 2> "$OUT/stderr"
echo $? > "$OUT/rc"
mkdir "$OUT/after"
cp -a "$MNT/." "$OUT/after/"
"""
PAGE_KB = 4


def unshare() -> str:
    path = shutil.which("unshare")
    if path is None:
        pytest.skip("no unshare(1): the full file system needs a mount namespace")
    probe = subprocess.run([path, "-rm", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"no user and mount namespace here: {probe.stderr.decode().strip()}")
    return path


@pytest.mark.parametrize("room", [0, 1], ids=["no-room", "one-page"])
@pytest.mark.parametrize("name", ["extract", "update", "add-language", "prefill", "unpack", "new"])
def test_a_real_full_disk(
    name: str, room: int, base: Path, tmp_path: Path, uninterrupted: Callable[[str], Clean]
) -> None:
    """The project on a tmpfs with ``room`` pages free (a user and mount namespace of the
    test's own): the kernel's own "No space left on device", not the shim's."""
    command = BY_NAME[name]
    clean = uninterrupted(name)
    source = copy_of(base, tmp_path / "source").parent
    before = comparable(source / "project")
    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    project = mnt / "project"  # as the command sees it
    env = {
        **os.environ,
        "MNT": str(mnt),
        "SRC": str(source),
        "OUT": str(out),
        "ROOM_KB": str(room * PAGE_KB),
    }
    argv = [*CLI, "--project", str(project), *command.argv(project)]
    done = subprocess.run(
        [unshare(), "-rm", "sh", "-c", FULL_DISK, "sh", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, (done.stdout, done.stderr)
    result = subprocess.CompletedProcess(
        argv,
        int((out / "rc").read_text()),
        (out / "stdout").read_text(),
        (out / "stderr").read_text(),
    )
    said = f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert result.returncode == 2, said
    check_message(result, Failure("tmpfs", "ENOSPC", PROJECT), project, command.report)
    after = out / "after/project"
    check_files(after, before, clean.files)
    if name == "add-language":
        assert comparable(after)[INPUTS["config"]] == before[INPUTS["config"]]
    rerun = cli(after, command.argv(after))
    assert rerun.returncode == clean.result.returncode, (rerun.stdout, rerun.stderr)
    assert comparable(after) == clean.files
