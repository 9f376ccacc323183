"""The collector pause of ``extract``."""

from __future__ import annotations

import gc

import pytest

from mirage_i18n.gcpause import collector_paused


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_inside_and_as_before_after(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(KeyError), collector_paused():
            raise KeyError("x")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_what_the_block_kept_is_not_young_afterwards() -> None:
    """Promoted to the oldest generation: the next young collection does not walk it."""
    was = gc.isenabled()
    gc.enable()
    try:
        with collector_paused():
            kept = [[i] for i in range(10_000)]
        assert gc.get_count()[0] < 10_000
        assert all(gc.is_tracked(item) for item in kept[:3])
    finally:
        (gc.enable if was else gc.disable)()
