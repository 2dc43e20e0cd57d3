"""TEXT values escaped exactly as RFC 5545 (3.3.11) says.

icalendar's ``vText`` reads a literal backslash followed by ``N`` in the text as a
line break (its documented shorthand), so a title such as ``C:\\New`` would come
back as two lines. Plan texts are data, not markup: :class:`Text` escapes every
backslash, so what the office wrote is what a client shows. It is a ``vText``, so
icalendar keeps it as it is when it is added to a component.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from icalendar.prop import vCategory, vText

__all__ = ["Text", "categories", "escape_text", "printable"]

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(value: str) -> str:
    r"""``value`` without what a calendar file cannot hold: control characters other
    than the tab and line breaks are dropped (RFC 5545, 3.3.11, allows none in a
    TEXT value, and icalendar cannot read one back in a parameter), and a lone
    surrogate (half of a UTF-16 pair, which UTF-8 cannot encode) becomes U+FFFD.

    >>> printable("Báo\x00 cáo\x1b[1m\x7f\ud800")
    'Báo cáo[1m\ufffd'
    """
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", value))


def escape_text(value: str) -> str:
    r"""Escape a TEXT value: ``\`` ``;`` ``,`` and line breaks (CRLF, LF or CR), and drop
    what no TEXT value may hold (:func:`printable`).

    >>> print(escape_text("a\\Nb; c, d\r\ne"))
    a\\Nb\; c\, d\ne
    """
    return (
        printable(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


class Text(vText):
    """A TEXT value that keeps every backslash (see the module docstring)."""

    __slots__ = ()

    def to_ical(self) -> bytes:
        return escape_text(str(self)).encode("utf-8")


def categories(values: Iterable[str]) -> vCategory:
    """A CATEGORIES value whose items are escaped like :class:`Text`.

    The caller makes sure ``values`` is not empty: icalendar writes an empty
    ``CATEGORIES:`` line for an empty list.
    """
    value = vCategory([])
    value.cats = [Text(v) for v in values]
    return value
