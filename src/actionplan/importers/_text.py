"""Text helpers shared by the table readers: cleaning cells, folding, slugs."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_cell", "fold", "slugify"]

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b\ufeff]+")


def clean_cell(text: str) -> str:
    """Normalise the text of a cell: NFC, ``Ð`` read as ``Đ``, one space between
    words, no blank lines, no spaces at the ends of lines.

    Line breaks inside the cell are kept: they separate units in a list and the
    items of a multi-line task.

    >>> clean_cell("  Chi bộ  1 \\r\\n\\n Chi\\u00a0bộ 2 ")
    'Chi bộ 1\\nChi bộ 2'
    """
    text = unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def fold(text: str) -> str:
    """Lower-case, without diacritics (``đ`` → ``d``), spaces collapsed.

    >>> fold("Thời gian\\nhoàn thành")
    'thoi gian hoan thanh'
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.lower().split())


def slugify(text: str, *, default: str = "x") -> str:
    """A stable ASCII id: diacritics folded, lower case, words joined by ``-``.

    >>> slugify("Văn phòng Đảng ủy")
    'van-phong-dang-uy'
    >>> slugify("Sở KH&CN")
    'so-kh-cn'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug or default
