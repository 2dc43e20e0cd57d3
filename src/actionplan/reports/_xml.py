"""Text made fit for the XML inside Word and Excel files.

XML 1.0 has no place for most control characters, for lone surrogates or for
U+FFFE and U+FFFF, and python-docx and openpyxl refuse such text with an error
(``ValueError: All strings must be XML compatible``, ``IllegalCharacterError``).
Plan texts come from outside (a JSON plan file, a pasted table cell), so the
reports clean them instead of failing.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["xml_text"]

_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_A_CHARACTER: Final = re.compile("[\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    r"""``value`` as a Word or Excel file can hold it: control characters other than
    the tab and line breaks dropped; a lone surrogate, U+FFFE or U+FFFF (no
    character at all) replaced by U+FFFD.

    >>> xml_text("Báo\x00 cáo\x1b[1m\x7f\ud800")
    'Báo cáo[1m\ufffd'
    """
    return _NOT_A_CHARACTER.sub("\ufffd", _CONTROL.sub("", value))
