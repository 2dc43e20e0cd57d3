"""Make Office files byte-for-byte reproducible.

``.xlsx`` and ``.docx`` files are ZIP archives, and the libraries that write them
stamp every member with the current time. :func:`reproducible_zip` rewrites an
archive with a fixed time stamp, keeping the members, their order and their data,
so that the same report rendered twice gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile

__all__ = ["reproducible_zip"]

_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a ZIP entry can hold."""


def reproducible_zip(data: bytes) -> bytes:
    """``data`` (a ZIP archive) with every member time-stamped 1980-01-01 00:00.

    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("a.xml", "<a/>")
    >>> out = reproducible_zip(buf.getvalue())
    >>> zipfile.ZipFile(io.BytesIO(out)).getinfo("a.xml").date_time
    (1980, 1, 1, 0, 0, 0)
    >>> reproducible_zip(out) == out
    True
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info))
    return out.getvalue()
