"""Freed heap memory goes back to the system (memtrim, between the build's languages)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from mirage_i18n.memtrim import release_free_memory

# 100 MB of strings too large for Python's small-object allocator, freed, with a small string
# after every 100 of them that outlives them (as findings outlive a language's catalogues):
# the free space is in the middle of the heap, where freeing alone leaves it resident.
PROGRAM = """
import os
from mirage_i18n.memtrim import release_free_memory

def resident():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

big, kept = [], []
for i in range(50_000):
    big.append(b"x" * 2048 + i.to_bytes(4, "little"))
    if i % 100 == 0:
        kept.append(b"y" * 700 + i.to_bytes(4, "little"))
del big
before = resident()
released = release_free_memory()
print(released, before - resident())
"""


GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc_trim")
def test_the_freed_middle_of_the_heap_is_given_back() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "True"
    assert int(out[1]) > 50 * 2**20  # of the 100 MB freed


def test_it_says_whether_it_could() -> None:
    assert release_free_memory() is GLIBC
