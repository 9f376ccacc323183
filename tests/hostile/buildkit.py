"""What the hostile build tests share: the CLI as a real process, translations set in a copy of
the sample project, and views of ``dist/`` to compare."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mirage_i18n.catalog.store import read_catalog, save_catalog

# The CLI in a process of its own, with the interpreter running the tests.
CLI = [
    sys.executable,
    "-c",
    "import sys; from mirage_i18n.cli import main; sys.argv[0] = 'mirage-i18n'; main()",
]
SV_NEWS = "locales/sv/LC_MESSAGES/news/2021-10-partner-meeting.po"
SV_ISSUE = "locales/sv/LC_MESSAGES/newsletters/2021-11.po"
TITLE = "MIraGE partner meeting, October 2021"
SUBJECT = "MIraGE newsletter: partner meeting, training toolkit and final conference"


def cli_command(project: Path, *args: str | Path) -> list[str]:
    return [*CLI, "--project", str(project), *map(str, args)]


def run_process(
    project: Path, *args: str | Path, timeout: float = 180, **popen: Any
) -> subprocess.CompletedProcess[str]:
    """The CLI as a real process (exit code, stdout, stderr as text)."""
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", **popen.pop("env", {})}
    return subprocess.run(
        cli_command(project, *args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
        **popen,
    )


def set_translation(
    project: Path, rel: str, msgid: str, msgstr: str, comments: tuple[str, ...] = ()
) -> int:
    """Make ``msgstr`` the reviewed translation of ``msgid`` in the catalogue ``rel`` (with
    translator ``comments`` added); returns the entry's line. Written by the project's own PO
    writer, as a PO editor would save it."""
    path = project / rel
    catalog, _ = read_catalog(path, rel)
    messages = []
    for msg in catalog.messages:
        if msg.msgid == msgid and not msg.obsolete:
            msg = replace(
                msg,
                msgstr=msgstr,
                flags=tuple(f for f in msg.flags if f != "fuzzy"),
                user_comments=(*msg.user_comments, *comments),
            )
        messages.append(msg)
    assert messages != list(catalog.messages), f"{msgid!r} not in {rel}"
    save_catalog(path, replace(catalog, messages=tuple(messages)))
    reread, _ = read_catalog(path, rel)
    return next(m.lineno for m in reread.messages if m.msgid == msgid) or 0


# every category of check whose error finding keeps a document from being published, but for
# the checks of the output itself: a test of the build's last line of defence switches them off
CONTENT_CHECKS = (
    "coverage",
    "language",
    "numbers",
    "names",
    "glossary",
    "leftovers",
    "placeholders",
    "markup",
    "text",
    "encoding",
)


def ignore_checks(project: Path, *ids: str) -> None:
    """``[checks] ignore`` in the project's configuration: what the gate no longer counts, so
    that the build publishes a hostile translation and its own escaping is what is tested."""
    config = project / "mirage-i18n.toml"
    listed = ", ".join(f'"{i}"' for i in ids)
    config.write_text(
        config.read_text(encoding="utf-8") + f"\n[checks]\nignore = [{listed}]\n", "utf-8"
    )


def tree(root: Path) -> dict[str, str]:
    """Every entry below ``root``: files by content hash, folders and links marked."""
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def leftovers(parent: Path, name: str = "dist") -> list[str]:
    """Staging or previous-build folders of ``name`` left in ``parent``."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def session_processes(sid: int) -> list[int]:
    """Processes whose session is ``sid`` (a command started with start_new_session=True)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            out.append(int(entry.name))
    return out


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@dataclass
class Watched:
    """How a command ended: its exit code and output, and how long after its exit the last
    process holding its output pipes let go of them (inf: still held at the deadline)."""

    code: int
    out: str
    err: str
    seconds: float  # from start to exit
    lag: float  # from exit to the pipes closing
    left: list[int]  # processes of its session still alive a moment after


def run_watched(cmd: list[str], timeout: float = 180, **popen: Any) -> Watched:
    """Run ``cmd`` in a session of its own, as a caller reading its output would."""
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, **popen
    )
    result: list[tuple[bytes, bytes]] = []
    reader = threading.Thread(target=lambda: result.append(proc.communicate()), daemon=True)
    reader.start()
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    exited = time.monotonic()
    reader.join(timeout=30)
    lag = time.monotonic() - exited if not reader.is_alive() else float("inf")
    left = (
        []
        if wait_until(lambda: not session_processes(proc.pid), 5)
        else session_processes(proc.pid)
    )
    if reader.is_alive() or left:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # ours: the session this call started
        except ProcessLookupError:
            pass
        reader.join(timeout=10)
    out, err = result[0] if result else (b"", b"")
    return Watched(
        code,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        exited - start,
        lag,
        left,
    )
