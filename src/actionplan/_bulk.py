"""Pausing Python's cyclic garbage collector while many objects are made at once.

The cyclic collector runs after every few hundred new container objects, and each
of its full passes walks every object alive. Reading a plan of 100,000 tasks makes
millions of objects, so the collector walks the growing plan over and over, though
none of it is garbage: with it running, PyYAML's C loader spends about two thirds
of its time in the collector, and evaluating a large plan half of its.

:func:`gc_paused` stops the collector for the duration of such a bulk step, and
only that: it restores the collector as it found it, when the outermost pause ends
(pauses nest, from any number of threads), and leaves it off when the caller had
turned it off. Objects are still freed by reference counting as usual; only cycles
wait for the next pass after the pause, and the steps paused make none to speak of.

>>> import gc
>>> with gc_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["gc_paused"]

_lock = threading.Lock()
_depth = 0
_resume = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Stop the cyclic garbage collector within the ``with`` block (see the module
    docstring); it is turned back on when the outermost pause ends, if it was on."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
