"""Stable identifiers and safe file names for calendar objects.

A calendar client recognises an object it has seen before by its ``UID``; export a
plan twice and every task must keep its UID, or the client shows it twice. UIDs are
therefore built from the plan's and the task's ids (and, for one occurrence of a
recurring task, its date), never drawn at random:

>>> task_uid("kh45", "II.3")
'kh45-II.3@actionplan'
>>> task_uid("kh45", "II.3", dt.date(2024, 8, 19))
'kh45-II.3-20240819@actionplan'
>>> task_uid("kh45", "nhiệm vụ/1")
'kh45-nhi~E1~BB~87m~20v~E1~BB~A5~2F1@actionplan'

Characters other than ASCII letters, digits, ``.``, ``_`` and ``-`` are written as
``~`` and their UTF-8 bytes in hex, so a UID is also a safe file name and URL path
segment (``{uid}.ics`` in a folder of files or on a CalDAV server). A task id that
ends in ``-`` and eight digits has that ``-`` written ``~2D``, so that its UID is
never that of another task's occurrence:

>>> task_uid("kh45", "3-20240820"), task_uid("kh45", "3", dt.date(2024, 8, 20))
('kh45-3~2D20240820@actionplan', 'kh45-3-20240820@actionplan')
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

__all__ = ["UID_DOMAIN", "safe_filename", "safe_filenames", "task_uid"]

UID_DOMAIN = "actionplan"
"""The right-hand side of every UID the library makes."""

_DATED_END = re.compile(r"-(?=[0-9]{8}$)")
_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
_MAX_UID_CORE = 150


def _encode(text: str) -> str:
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in _SAFE:
            out.append(char)
        else:
            out.extend(f"~{byte:02X}" for byte in char.encode("utf-8"))
    encoded = "".join(out)
    # A leading dot would make a hidden file of ``{uid}.ics``.
    return "~2E" + encoded[1:] if encoded.startswith(".") else encoded


def task_uid(plan_id: str, task_id: str, occurrence: dt.date | None = None) -> str:
    """The UID of a task's calendar object (of one occurrence, when given).

    Very long ids are shortened with a hash of the full ids, so the UID (and the
    file named after it) stays under 200 characters.

    >>> len(task_uid("kh45", "x" * 500)) < 200
    True

    A UID is also a file name (``{uid}.ics``), so one that Windows would read as a
    device (the plan ``nul.2024``: ``nul.2024-1@actionplan.ics`` is ``NUL``) has
    its first letter encoded:

    >>> task_uid("nul.2024", "1")
    '~6Eul.2024-1@actionplan'
    """
    # An occurrence's UID ends in "-YYYYMMDD": a task id ending so must not look alike.
    core = f"{_encode(plan_id)}-{_DATED_END.sub('~2D', _encode(task_id))}"
    if len(core) > _MAX_UID_CORE:
        digest = hashlib.sha256(f"{plan_id}\0{task_id}".encode()).hexdigest()[:24]
        core = f"{_encode(plan_id)[:60].rstrip('~')}-{digest}"
    first, dot, _ = core.partition(".")
    if dot and first.upper() in _RESERVED:  # {uid}.ics would be a device on Windows
        core = f"~{ord(core[0]):02X}{core[1:]}"
    if occurrence is not None:
        core += "-" + occurrence.isoformat().replace("-", "")  # 8 digits in any year
    return f"{core}@{UID_DOMAIN}"


# Windows refuses these names whatever the extension ("CON.ics" included).
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{name}{i}" for name in ("COM", "LPT") for i in (*range(1, 10), "¹", "²", "³")]
)
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_STEM = 80


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def safe_filename(name: str, suffix: str = ".ics") -> str:
    """A file name for ``name`` that is safe on Windows, macOS and Linux and in a URL.

    Vietnamese letters lose their marks (``Chi bộ`` → ``Chi-bo``); any other run of
    characters outside ``A-Z a-z 0-9 . _ -`` (path separators, control characters,
    spaces) becomes one ``-``; names Windows reserves (``CON``, ``NUL``, ``COM1`` …)
    and names that start with a dot are changed. When the name had to change, a
    short hash of the original is appended, so two different names never share a
    file: ``a/b`` and ``a:b`` both read ``a-b`` but get different hashes.

    >>> safe_filename("cb1")
    'cb1.ics'
    >>> safe_filename("Chi bộ 1")
    'Chi-bo-1-a5dd7796.ics'
    >>> safe_filename("../../etc/passwd")
    'etc-passwd-3754d6cb.ics'
    >>> safe_filename("CON")
    'CON-_-a3dbc4b6.ics'
    >>> safe_filename("nul.-cb1")
    'nul-_.-cb1-5f399c1d.ics'
    """
    stem = _UNSAFE_RUN.sub("-", _ascii(unicodedata.normalize("NFC", name))).strip("-.")
    # Windows reads the name up to its first dot: "NUL.x-cb1.ics" is the device NUL.
    first, dot, rest = stem.partition(".")
    if first.upper() in _RESERVED:
        stem = f"{first}-_{dot}{rest}"
    stem = stem[:_MAX_STEM].rstrip("-.")
    if stem != name:
        stem = f"{stem}-{_digest(name)}" if stem else _digest(name)
    return stem + suffix


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def safe_filenames(names: Iterable[str], suffix: str = ".ics") -> list[str]:
    """:func:`safe_filename` of each name, all distinct also where case does not
    count: Windows and macOS keep ``kh45-cb1.ics`` and ``kh45-CB1.ics`` in one file,
    so names that would differ only in case each get the short hash of their own.

    >>> safe_filenames(["kh45", "kh45-cb1", "kh45-CB1"])
    ['kh45.ics', 'kh45-cb1-36f87361.ics', 'kh45-CB1-e2431aae.ics']
    """
    originals = list(names)
    plain = [safe_filename(name, suffix) for name in originals]
    counts = Counter(name.casefold() for name in plain)
    return [
        name
        if counts[name.casefold()] == 1 or name != original + suffix
        else f"{original}-{_digest(original)}{suffix}"
        for original, name in zip(originals, plain, strict=True)
    ]
