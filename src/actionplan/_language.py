"""The languages the library writes in, and how a language argument is read.

Everything the library prints (labels, dates, reports, calendars, pages) is in
Vietnamese (``"vi"``, the default) or English (``"en"``). A ``language`` argument
takes those codes, or any language tag whose primary subtag is one of them, in any
case, with ``-`` or ``_`` before the region (``"vi-VN"``, ``"en_US"``, ``"EN-gb"``),
so that a locale from the environment or a browser can be passed as it is:

>>> parse_language("vi"), parse_language("en_US.UTF-8"), parse_language("VI-vn")
('vi', 'en', 'vi')
>>> parse_language("fr") is None
True
"""

from __future__ import annotations

import re
from typing import Final, Literal, TypeAlias

from actionplan.errors import ValidationError

Language: TypeAlias = Literal["vi", "en"]
"""A language the library writes in."""

LANGUAGES: Final[tuple[Language, ...]] = ("vi", "en")
"""Every :data:`Language`, the default first."""

_PRIMARY = re.compile(r"\s*([A-Za-z]{2,3})(?:[-_.@][^\s]+)?\s*")


def parse_language(value: object) -> Language | None:
    """``"vi"`` or ``"en"`` for a code or language tag naming one of them; ``None``
    for anything else (another language, not a string)."""
    # The common case first: this is called for every label of a rendered report.
    if value == "vi":
        return "vi"
    if value == "en":
        return "en"
    if not isinstance(value, str):
        return None
    match = _PRIMARY.fullmatch(value)
    primary = match.group(1).lower() if match else None
    if primary in ("vi", "vie"):
        return "vi"
    if primary in ("en", "eng"):
        return "en"
    return None


def language_of(value: object, owner: str) -> Language:
    """``value`` read by :func:`parse_language`; a
    :class:`~actionplan.errors.ValidationError` naming ``owner`` and its
    ``language`` field otherwise.

    >>> language_of("en-GB", "render")
    'en'
    >>> language_of("fr", "render")
    Traceback (most recent call last):
    ...
    actionplan.errors.ValidationError: render: language: unknown language 'fr'; expected 'vi' (Vietnamese) or 'en' (English), or a tag such as 'vi-VN'
    """  # noqa: E501
    found = parse_language(value)
    if found is None:
        raise ValidationError(
            owner,
            "language",
            f"unknown language {value!r}; expected 'vi' (Vietnamese) or 'en' (English), "
            "or a tag such as 'vi-VN'",
        )
    return found
