"""One command, run as its own process tree, measured: wall time, CPU time of the whole tree,
peak memory of the whole tree, and the load average it ran under.

* **CPU time** is ``user + sys`` from ``os.wait4`` on the tree's root process: the kernel adds
  to a process's children-rusage every descendant that was waited for, so worker processes,
  the forked background validation and every ``msgfmt`` of a shell loop are included. A
  descendant nobody waits for (a daemon) would not be; none of the measured commands leaves one.
* **Memory** is the peak of the *sum* over the tree of each process's PSS (proportional set
  size: a page shared by k processes counts 1/k in each, so shared pages count once), read from
  ``/proc/<pid>/smaps_rollup`` of every process of the tree by a sampling thread (every 20 ms
  for the first second, then 50 ms, 100 ms after 10 s, 250 ms after a minute). A peak shorter than the interval
  can be missed: the figure is a lower bound of the true peak. The sum of RSS at the same
  instants is recorded too (shared pages counted in each process), and GNU time's ``%M``, the
  largest single process's peak RSS (what this harness reported before issue 14).
  Where ``/proc/<pid>/smaps_rollup`` cannot be read (not Linux, or a kernel before 4.14) only
  ``%M`` is recorded, and the row's memory method says so.
* cgroup v2 ``memory.peak`` was considered: it counts the page cache of the files a command
  writes (194 MB of ``dist/`` at N = 1,000), which is not the command's memory, and on this
  machine the v2 hierarchy has no memory controller (``cgroup_v2_memory()`` says why).
* **Load average**: ``os.getloadavg()`` just before the command starts.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TIME = "/usr/bin/time"  # GNU time (Debian package "time"), for %M: see run_once
PSS = "tree PSS (sampled /proc/<pid>/smaps_rollup)"
MAXRSS = "largest process max RSS (GNU time %M; /proc smaps_rollup unreadable)"


@dataclass
class Run:
    """One run of one command."""

    seq: int  # its place in the harness's whole run order (0, 1, 2, …)
    wall: float  # seconds
    user: float  # CPU seconds of the whole tree, user mode
    sys: float  # … kernel mode
    tree_pss_mb: float  # peak of the sum of PSS over the tree (0 when not measured)
    tree_rss_mb: float  # sum of RSS over the tree at that peak's sampling (0 when not measured)
    max_rss_mb: float  # the largest single process's peak RSS (GNU time %M)
    samples: int  # how many times the tree's memory was sampled
    memory_method: str
    load: tuple[float, float, float]  # 1, 5, 15 min load average at the start
    exit_code: int

    @property
    def cpu(self) -> float:
        return self.user + self.sys


def smaps_readable() -> bool:
    try:
        return "Pss:" in Path("/proc/self/smaps_rollup").read_text()
    except OSError:
        return False


def cgroup_v2_memory() -> str:
    """Why this harness does not use a cgroup v2 ``memory.peak`` here (a sentence)."""
    for root in (Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/unified")):
        controllers = root / "cgroup.controllers"
        if controllers.is_file():
            names = controllers.read_text().split()
            if "memory" not in names:
                return f"cgroup v2 at {root} has no memory controller"
            return (
                f"cgroup v2 memory controller at {root}: not used, memory.peak counts the page "
                "cache of written files"
            )
    return "no cgroup v2 hierarchy"


def _children_map() -> dict[int, list[int]]:
    """ppid → pids, from every ``/proc/<pid>/stat`` (no ``/proc/<pid>/task/*/children`` here)."""
    out: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # "pid (comm) state ppid …": comm may hold spaces and parentheses
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1:
            out.setdefault(int(fields[1]), []).append(int(name))
    return out


def tree_pids(root: int) -> list[int]:
    """The descendants of ``root`` (not ``root`` itself), as they are right now."""
    children = _children_map()
    out, todo = [], list(children.get(root, ()))
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def pss_rss_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in kB; (0, 0) once it has gone (or is a zombie)."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith(b"Rss:"):
                    rss = int(line.split()[1])
    except (OSError, ValueError):
        return 0, 0
    return pss, rss


class TreeSampler(threading.Thread):
    """Samples the sum of PSS (and RSS) over the descendants of ``root`` until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_pss_kb = 0
        self.rss_at_peak_kb = 0
        self.samples = 0
        self._stop_event = threading.Event()

    def sample(self) -> None:
        total_pss = total_rss = 0
        for pid in tree_pids(self.root):
            pss, rss = pss_rss_kb(pid)
            total_pss += pss
            total_rss += rss
        self.samples += 1
        if total_pss > self.peak_pss_kb:
            self.peak_pss_kb, self.rss_at_peak_kb = total_pss, total_rss

    def run(self) -> None:
        start = time.monotonic()
        while True:
            self.sample()
            elapsed = time.monotonic() - start
            # a scan of /proc costs ≈ 5 ms with 300 processes: sparser for long commands
            interval = (
                0.02 if elapsed < 1 else 0.05 if elapsed < 10 else 0.1 if elapsed < 60 else 0.25
            )
            if self._stop_event.wait(interval):
                return

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def run_once(argv: Sequence[str], cwd: Path, env: dict[str, str], log: Path, seq: int = 0) -> Run:
    """Run ``argv`` under GNU time, wait for it with ``os.wait4`` and sample its tree."""
    # Linux keeps a process's peak RSS across fork + exec, so a command forked straight from
    # this (large) Python process would report at least our own size as its %M: GNU time,
    # small itself, forks the command. Its own CPU time (a few ms) is inside the rusage.
    use_pss = smaps_readable()
    with open(log, "ab") as out, tempfile.NamedTemporaryFile("r") as rss_file:
        out.write(f"$ {shlex.join(argv)}\n".encode())
        out.flush()
        load = os.getloadavg()
        start = time.perf_counter()
        proc = subprocess.Popen(
            [TIME, "-q", "-f", "%M", "-o", rss_file.name, *argv],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        sampler = TreeSampler(proc.pid) if use_pss else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if sampler:
            sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        text = rss_file.read().strip().splitlines()
    max_rss_kb = int(text[-1]) if text and text[-1].isdigit() else 0
    return Run(
        seq=seq,
        wall=wall,
        user=usage.ru_utime,
        sys=usage.ru_stime,
        tree_pss_mb=sampler.peak_pss_kb / 1024 if sampler else 0.0,
        tree_rss_mb=sampler.rss_at_peak_kb / 1024 if sampler else 0.0,
        max_rss_mb=max_rss_kb / 1024,
        samples=sampler.samples if sampler else 0,
        memory_method=PSS if sampler else MAXRSS,
        load=load,
        exit_code=proc.returncode,
    )
