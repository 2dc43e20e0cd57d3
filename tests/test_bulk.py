"""Pausing the cyclic garbage collector for bulk steps (actionplan._bulk)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from actionplan._bulk import gc_paused


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_off_within_and_on_after() -> None:
    """Within the block the collector is off; after it, on again."""
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    """When the caller had turned the collector off, the pause leaves it off."""
    gc.disable()
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_pauses_nest() -> None:
    """An inner pause ending does not turn the collector back on; the outer one does."""
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_ends_the_pause() -> None:
    """An exception raised within the block still turns the collector back on."""
    with pytest.raises(ValueError, match="boom"), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_pauses_from_several_threads_end_with_the_last() -> None:
    """Overlapping pauses in several threads: the collector is on again only when the
    last of them ends."""
    inside = threading.Barrier(3)
    release = threading.Event()

    def worker() -> None:
        with gc_paused():
            inside.wait()
            release.wait()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    with gc_paused():
        inside.wait()
    assert not gc.isenabled()  # the two workers are still paused
    release.set()
    for thread in threads:
        thread.join()
    assert gc.isenabled()
