"""Language workers: one pool for a validation that reads its own catalogues (each worker's
caches serve several languages), fresh workers per pair only when the catalogues were parsed
before forking (the build), where memory matters more than the caches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mirage_i18n.checks import parallel, run
from mirage_i18n.config import load_settings
from mirage_i18n.gcpause import collector_paused

LANGS = ["sv", "it", "fr", "ro", "bg", "de", "el", "hu"]


def _pid(_: str) -> int:
    return os.getpid()


@pytest.mark.skipif(not parallel._forking(), reason="one core or no fork: no workers at all")
def test_one_pool_serves_every_language() -> None:
    pids = parallel.map_languages(_pid, LANGS)
    assert len(pids) == len(LANGS) and os.getpid() not in pids
    assert len(set(pids)) <= parallel.MAX_WORKERS


@pytest.mark.skipif(not parallel._forking(), reason="one core or no fork: no workers at all")
def test_renewed_workers_serve_a_pair_of_languages_each() -> None:
    pids = parallel.map_languages(_pid, LANGS, renew=True)
    assert len(set(pids)) > parallel.MAX_WORKERS  # a fresh pool per pair of languages


def test_validate_renews_workers_only_for_catalogues_parsed_before(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI's validate and status keep one pool (renewing doubled their CPU at N = 250)."""
    seen: list[bool] = []
    real = run.map_languages

    def spy(func, languages, renew=False):  # type: ignore[no-untyped-def]
        seen.append(renew)
        return real(func, languages, renew)

    monkeypatch.setattr(run, "map_languages", spy)
    settings = load_settings(sample_project)
    run.validate(settings)
    run.validate(settings, gates_only=True)
    assert seen == [False, False]


def test_the_pause_leaves_what_it_kept_to_the_full_collections() -> None:
    """What a run keeps is promoted to the oldest generation, not walked at the next
    allocation; cyclic garbage made during the pause is still collected (nothing frozen)."""
    import gc
    import weakref

    class Node:
        pass

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        kept = [[] for _ in range(1000)]
        cycle = Node()
        cycle.self = cycle  # type: ignore[attr-defined]
        dead = weakref.ref(cycle)
        del cycle
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(k) in oldest for k in kept)
    assert dead() is not None  # not collected yet: the pause is over, no collection ran
    gc.collect()
    assert dead() is None
