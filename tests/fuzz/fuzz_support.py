"""What the fuzz tests share: their budget, text made of the parsers' own words, and
byte mutations.

Every fuzz test checks one promise of an entry point that reads outside data: on
any input it either returns a value that works, or raises one of the errors it
documents (subclasses of :class:`~actionplan.errors.ActionPlanError`). Anything
else escaping (``KeyError``, ``IndexError``, ``UnicodeEncodeError`` …) is a bug.

Budget: each test runs :func:`budget` examples. The defaults are modest so that the
whole fuzz suite adds well under a minute to CI; set ``ACTIONPLAN_FUZZ_EXAMPLES`` to
run every test much longer::

    ACTIONPLAN_FUZZ_EXAMPLES=20000 pytest tests/fuzz -p no:cacheprovider

``tests/fuzz/atheris_*.py`` are coverage-guided harnesses for longer runs still
(not collected by pytest; see their docstrings).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

__all__ = [
    "ENV_VAR",
    "attempt",
    "budget",
    "fuzz_settings",
    "mutated",
    "phrase_text",
    "wild_text",
]

ENV_VAR = "ACTIONPLAN_FUZZ_EXAMPLES"

T = TypeVar("T")
E = TypeVar("E", bound=BaseException)


def attempt(call: Callable[[], T], allowed: type[E]) -> T | E:
    """What ``call()`` returns, or the ``allowed`` error it raises (any other error
    propagates, and fails the test)."""
    try:
        return call()
    except allowed as exc:
        return exc


def budget(default: int) -> int:
    """The number of examples to run: ``ACTIONPLAN_FUZZ_EXAMPLES`` when set, else
    ``default``."""
    raw = os.environ.get(ENV_VAR, "").strip()
    return int(raw) if raw else default


def fuzz_settings(default: int) -> settings:
    """Settings for a fuzz test: :func:`budget` examples, no deadline (a slow example
    is not a failure here), no health check about slow or large data."""
    return settings(
        max_examples=budget(default),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# Characters that parsers trip on: separators, every kind of dash, slash and space,
# invisible ones, digits of other scripts, letters that fold (Đ, Ð, ß, İ), control
# characters, a lone surrogate, the replacement character, noncharacters.
_AWKWARD = (
    "/", "-", ".", ",", ":", ";", "(", ")", "[", "]", "'", '"', "\\", "#", "&", "%",
    " ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x00", "\x01", "\x1b", "\x7f", "\x85",
    "\u00a0", "\u2007", "\u202f", "\u3000", "\u200b", "\u200d", "\u2060", "\ufeff",
    "\u00ad", "\u2010", "\u2013", "\u2014", "\u2212", "\uff0d", "\u2044", "\u2215",
    "\uff0f", "\u0660", "\u0663", "\u0967", "\uff11", "\u00b2", "\u2163", "\u216b",
    "Đ", "đ", "Ð", "ð", "ß", "İ", "ı", "ﬁ", "\u0301", "\u0323", "\ud800", "\udfff",
    "\ufffd", "\ufffe", "\uffff", "\U0001f600", "e\u0301", "Ơ", "ư",
)  # fmt: skip

_NUMBERS = st.one_of(
    st.integers(0, 40).map(str),
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.integers(1990, 2100).map(str),
    st.sampled_from(["0", "00", "0000", "1", "9999", "10000", "99999", "2147483648"]),
    st.integers(0, 10**30).map(str),
    # past the 4300 digits int() reads (sys.get_int_max_str_digits)
    st.sampled_from(["9" * 4301, "1" + "0" * 5000]),
)


def phrase_text(words: Sequence[str], *, max_parts: int = 12) -> st.SearchStrategy[str]:
    """Text made of a parser's own ``words``, numbers, separators, awkward
    characters and a little random text, joined with or without spaces: the inputs
    that reach deep into a parser, which random characters alone rarely do."""
    part = st.one_of(
        st.sampled_from(list(words)),
        st.sampled_from(list(words)).map(str.upper),
        _NUMBERS,
        st.sampled_from(_AWKWARD),
        st.text(max_size=4),
    )
    joiner = st.sampled_from(["", " ", " ", "/", "-", "  ", "\n"])
    return st.lists(st.tuples(part, joiner), max_size=max_parts).map(
        lambda items: "".join(p + j for p, j in items)
    )


def wild_text(words: Sequence[str], *, max_parts: int = 12) -> st.SearchStrategy[str]:
    """Either :func:`phrase_text` or arbitrary text (any code point, surrogates too)."""
    return st.one_of(
        phrase_text(words, max_parts=max_parts),
        st.text(max_size=60),
        st.text(st.characters(exclude_categories=()), max_size=30),
    )


@st.composite
def mutated(draw: st.DrawFn, data: bytes, *, max_edits: int = 8) -> bytes:
    """``data`` with a few edits: bytes flipped, set, inserted or deleted, a slice
    duplicated or removed, or the whole cut short."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, max_edits))):
        if not out:
            out.extend(draw(st.binary(min_size=1, max_size=8)))
            continue
        at = draw(st.integers(0, len(out) - 1))
        op = draw(st.sampled_from(["flip", "set", "insert", "delete", "dup", "cut", "truncate"]))
        if op == "flip":
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            out[at] = draw(st.sampled_from([0, 0x0A, 0x0D, 0x20, 0x22, 0x3C, 0x7F, 0x80, 0xFF]))
        elif op == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del out[at : at + draw(st.integers(1, 16))]
        elif op == "dup":
            end = min(len(out), at + draw(st.integers(1, 64)))
            out[at:at] = out[at:end]
        elif op == "cut":
            del out[at : at + draw(st.integers(16, 4096))]
        else:
            del out[at:]
    return bytes(out)
