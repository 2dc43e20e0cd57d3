"""The head of an official report: issuer, national or party motto, number, place, date.

Vietnamese documents open with a two-column head (DOMAIN.md §5; Hướng dẫn
36-HD/VPTW for party documents, Nghị định 30/2020/NĐ-CP for state ones):

- top left, the issuing body in capitals (its parent body above it); under it an
  asterisk for a party document, a short rule for a state one; then the number and
  symbol (``Số 12-BC/ĐU``; ``Số: 123/BC-UBND``);
- top right, ``ĐẢNG CỘNG SẢN VIỆT NAM`` for a party document, or ``CỘNG HÒA XÃ HỘI
  CHỦ NGHĨA VIỆT NAM`` / ``Độc lập - Tự do - Hạnh phúc`` for a state one; under it,
  in italics, the place and date (``Bình Dương, ngày 06 tháng 8 năm 2024``);
- then, centred, the title in capitals (``BÁO CÁO``) and the subject line.

:class:`DocumentHead` holds these texts; :func:`default_head` derives them from a plan.

>>> from actionplan.model import ActionPlan, Document
>>> from actionplan.refs import DocumentRef
>>> plan = ActionPlan("kh45", "Kế hoạch", document=Document(
...     "plan", ref=DocumentRef.parse("45-KH/ĐU"),
...     issuer="Đảng bộ tỉnh Bình Dương / Đảng ủy Sở KH&CN", place="Bình Dương"))
>>> head = default_head(plan, date=dt.date(2024, 8, 6), subject="Sơ kết 6 tháng đầu năm 2024")
>>> head.issuer_lines, head.number_line(), head.motto_lines()
(('ĐẢNG BỘ TỈNH BÌNH DƯƠNG', 'ĐẢNG ỦY SỞ KH&CN'), 'Số       -BC/ĐU', ('ĐẢNG CỘNG SẢN VIỆT NAM',))
>>> head.date_line()
'Bình Dương, ngày 06 tháng 8 năm 2024'
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING

import attrs

from actionplan.refs import RefSystem
from actionplan.reports.formatting import Language, check_language, place_date_line

if TYPE_CHECKING:
    from actionplan.model import ActionPlan

__all__ = ["PARTY_MOTTO", "STATE_MOTTO", "DocumentHead", "default_head"]

PARTY_MOTTO = ("ĐẢNG CỘNG SẢN VIỆT NAM",)
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
_MOTTO_EN = {
    RefSystem.PARTY: ("COMMUNIST PARTY OF VIETNAM",),
    RefSystem.STATE: ("SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness"),
}
_BLANK_NUMBER = " " * 6
"""Where the clerk writes the number when the report is registered."""


def _upper_lines(value: tuple[str, ...] | list[str] | str) -> tuple[str, ...]:
    items = _split_issuer(value) if isinstance(value, str) else tuple(value)
    return tuple(
        unicodedata.normalize("NFC", line.strip()).upper() for line in items if line.strip()
    )


def _language(value: str) -> Language:
    return check_language(value)  # "vi-VN" is kept as "vi"


def _split_issuer(text: str) -> tuple[str, ...]:
    """``"Đảng bộ tỉnh / Đảng ủy Sở"`` or two lines -> the lines, top first."""
    lines: list[str] = []
    for line in text.splitlines():
        lines.extend(part.strip() for part in line.split(" / "))
    return tuple(line for line in lines if line)


@attrs.frozen
class DocumentHead:
    """The texts of a report's head, signature and recipients.

    ``issuer_lines`` top first, written in capitals (the last line is the issuing
    body, set in bold); ``number`` is the number and symbol without ``Số``
    (``"12-BC/ĐU"``; blanks where the clerk will write the number); ``None`` leaves
    the line out. ``signature`` lines are printed bottom right (``T/M ĐẢNG ỦY``,
    ``BÍ THƯ``, the name); ``recipients`` under ``Nơi nhận:`` bottom left.
    """

    system: RefSystem = attrs.field(converter=RefSystem)
    date: dt.date
    issuer_lines: tuple[str, ...] = attrs.field(default=(), converter=_upper_lines)
    number: str | None = None
    place: str | None = None
    title: str | None = None
    subject: str | None = None
    signature: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    recipients: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    language: Language = attrs.field(default="vi", converter=_language)

    def motto_lines(self) -> tuple[str, ...]:
        """The top-right lines: the party's name, or the state's name and motto."""
        if self.language == "en":
            return _MOTTO_EN[self.system]
        return PARTY_MOTTO if self.system is RefSystem.PARTY else STATE_MOTTO

    def number_line(self) -> str | None:
        """``Số 12-BC/ĐU`` (party), ``Số: 123/BC-UBND`` (state), ``No. …`` in English."""
        if self.number is None:
            return None
        if self.language == "en":
            return f"No. {self.number}"
        return f"Số {self.number}" if self.system is RefSystem.PARTY else f"Số: {self.number}"

    def date_line(self) -> str:
        """The place-and-date line: ``Bình Dương, ngày 06 tháng 8 năm 2024``."""
        return place_date_line(self.place, self.date, self.language)

    def title_text(self) -> str:
        """The title in capitals: ``BÁO CÁO`` / ``REPORT`` unless given."""
        if self.title:
            return self.title.upper()
        return "BÁO CÁO" if self.language == "vi" else "REPORT"

    @property
    def separator(self) -> str:
        """What separates the issuer from the number: ``*`` (party) or a rule (state)."""
        return "*" if self.system is RefSystem.PARTY else "rule"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def plan_system(plan: ActionPlan) -> RefSystem:
    """The numbering system of the plan's own document.

    From its number and symbol when it has one; otherwise a party document when the
    issuer names a party body (``Đảng ủy``, ``Chi bộ``), else a state one.
    """
    document = plan.document
    if document is not None and document.ref is not None:
        return document.ref.system
    issuer = _fold(document.issuer or "") if document is not None else ""
    if any(word in issuer for word in ("dang uy", "dang bo", "chi bo", "party")):
        return RefSystem.PARTY
    return RefSystem.STATE


def default_head(
    plan: ActionPlan,
    *,
    date: dt.date,
    subject: str | None = None,
    language: str = "vi",
    number: str | None = None,
    issuer: str | tuple[str, ...] | None = None,
    place: str | None = None,
) -> DocumentHead:
    """The head of a report on ``plan``, dated ``date``.

    The system, issuer and place come from the plan's document unless given. The
    number defaults to a blank report number with the plan's issuer codes
    (``      -BC/ĐU``, ``      /BC-UBND``) for the clerk to fill in.
    """
    lang = check_language(language)
    system = plan_system(plan)
    document = plan.document
    ref = document.ref if document is not None else None
    if number is None and ref is not None:
        issuers = "-".join(ref.issuers)
        number = (
            f"{_BLANK_NUMBER}-BC/{issuers}"
            if system is RefSystem.PARTY
            else f"{_BLANK_NUMBER}/BC-{issuers}"
        )
    issuer_lines: tuple[str, ...] | str = issuer if issuer is not None else ""
    if issuer is None and document is not None and document.issuer:
        issuer_lines = document.issuer
    return DocumentHead(
        system=system,
        date=date,
        issuer_lines=issuer_lines,
        number=number,
        place=place if place is not None else (document.place if document else None),
        subject=subject,
        language=lang,
    )
