"""Document numbers and symbols (số và ký hiệu văn bản): read, check and write them.

Two systems are in use, and the character after the number tells them apart:

- **party** documents (Hướng dẫn 36-HD/VPTW): number ``-`` type ``/`` issuer, with
  joint issuers joined by ``-``: ``45-KH/ĐU``, ``05-QC/BTCTU-BDVTU``;
- **state** documents (Nghị định 30/2020/NĐ-CP): number ``/`` type ``-`` issuer:
  ``123/KH-UBND``; normative documents carry the year, ``30/2020/NĐ-CP``; an
  official letter has no type, only the issuer and the drafting unit,
  ``2450/VPCP-KGVX``; a law or a resolution of the National Assembly has a year
  and no type, ``45/2019/QH14``.

>>> ref = DocumentRef.parse("Số 45-KH/ĐU")
>>> ref.system, ref.number, ref.code, ref.issuers, ref.kind
(<RefSystem.PARTY: 'party'>, '45', 'KH', ('ĐU',), <DocumentKind.PLAN: 'plan'>)
>>> str(DocumentRef.parse("số: 30/2020/nđ-cp"))
'30/2020/NĐ-CP'
>>> DocumentRef.parse("35-CT/TW").cite(dt.date(2019, 5, 30))
'Chỉ thị số 35-CT/TW, ngày 30/5/2019'

Text is normalised before it is read (Unicode NFC; ``Ð`` U+00D0 read as ``Đ``; en
and em dashes and minus signs read as ``-``; spaces around ``-`` and ``/`` dropped;
``TƯ`` read as ``TW``; codes upper-cased except the few that are written in mixed
case, such as ``CTr``, ``TTr``, ``QĐi``, ``QyĐ``, ``ThU`` and ``TTg``). A
:class:`DocumentRef` always holds the canonical form, so ``parse(str(ref)) == ref``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

import attrs

from actionplan._language import language_of
from actionplan.dates import english_date, format_date
from actionplan.errors import DocumentRefError, ValidationError

__all__ = [
    "KIND_BY_CODE",
    "REF_FORMS",
    "DocumentKind",
    "DocumentRef",
    "RefSystem",
    "parse_ref",
]


class RefSystem(StrEnum):
    """Which numbering system a document follows: the party's or the state's."""

    PARTY = "party"
    STATE = "state"


class DocumentKind(StrEnum):
    """The kind of a document, as its type code (``KH``, ``NQ`` …) tells it.

    >>> DocumentKind.RESOLUTION.label()
    'Nghị quyết'
    >>> DocumentKind.PROGRAMME.label("en")
    'Programme'
    >>> DocumentKind.CIRCULAR.label(system=RefSystem.PARTY)
    'Thông tri'
    """

    RESOLUTION = "resolution"
    DIRECTIVE = "directive"
    CONCLUSION = "conclusion"
    DECISION = "decision"
    REGULATION = "regulation"
    RULES = "rules"
    PLAN = "plan"
    PROGRAMME = "programme"
    REPORT = "report"
    NOTICE = "notice"
    GUIDANCE = "guidance"
    CIRCULAR = "circular"
    SUBMISSION = "submission"
    OFFICIAL_LETTER = "official_letter"
    MINUTES = "minutes"
    SCHEME = "scheme"
    DECREE = "decree"
    OTHER = "other"

    def label(self, language: str = "vi", *, system: RefSystem | None = None) -> str:
        """The kind's name in Vietnamese (``"vi"``) or English (``"en"``).

        ``system`` matters for one kind only: a party ``TT`` is a *thông tri*, a
        state one a *thông tư*; without it the state word is used.
        """
        lang = language_of(language, "DocumentKind.label")
        if self is DocumentKind.CIRCULAR and system is RefSystem.PARTY and lang == "vi":
            return "Thông tri"
        vi, en = _KIND_LABELS[self]
        return vi if lang == "vi" else en


_KIND_LABELS: Final[Mapping[DocumentKind, tuple[str, str]]] = MappingProxyType(
    {
        DocumentKind.RESOLUTION: ("Nghị quyết", "Resolution"),
        DocumentKind.DIRECTIVE: ("Chỉ thị", "Directive"),
        DocumentKind.CONCLUSION: ("Kết luận", "Conclusion"),
        DocumentKind.DECISION: ("Quyết định", "Decision"),
        DocumentKind.REGULATION: ("Quy định", "Regulation"),
        DocumentKind.RULES: ("Quy chế", "Rules"),
        DocumentKind.PLAN: ("Kế hoạch", "Plan"),
        DocumentKind.PROGRAMME: ("Chương trình", "Programme"),
        DocumentKind.REPORT: ("Báo cáo", "Report"),
        DocumentKind.NOTICE: ("Thông báo", "Notice"),
        DocumentKind.GUIDANCE: ("Hướng dẫn", "Guidance"),
        DocumentKind.CIRCULAR: ("Thông tư", "Circular"),
        DocumentKind.SUBMISSION: ("Tờ trình", "Submission"),
        DocumentKind.OFFICIAL_LETTER: ("Công văn", "Official letter"),
        DocumentKind.MINUTES: ("Biên bản", "Minutes"),
        DocumentKind.SCHEME: ("Đề án", "Scheme"),
        DocumentKind.DECREE: ("Nghị định", "Decree"),
        DocumentKind.OTHER: ("Văn bản", "Document"),
    }
)

# The joint ("liên tịch") forms: a kind of their own, a name of their own.
_JOINT_CODE_LABELS: Final[Mapping[str, tuple[str, str]]] = {
    "NQLT": ("Nghị quyết liên tịch", "Joint resolution"),
    "TTLT": ("Thông tư liên tịch", "Joint circular"),
    "HDLT": ("Hướng dẫn liên tịch", "Joint guidance"),
}
# The other types of Decree 30/2020/NĐ-CP, Appendix III, which no kind models.
_OTHER_CODE_LABELS: Final[Mapping[str, tuple[str, str]]] = {
    "TC": ("Thông cáo", "Communiqué"),
    "PA": ("Phương án", "Option plan"),
    "DA": ("Dự án", "Project"),
    "HĐ": ("Hợp đồng", "Contract"),
    "CĐ": ("Công điện", "Official telegram"),
    "GNh": ("Bản ghi nhớ", "Memorandum of understanding"),
    "TTh": ("Bản thỏa thuận", "Agreement"),
    "GUQ": ("Giấy ủy quyền", "Power of attorney"),
    "GM": ("Giấy mời", "Invitation"),
    "GGT": ("Giấy giới thiệu", "Letter of introduction"),
    "GNP": ("Giấy nghỉ phép", "Leave permit"),
    "PG": ("Phiếu gửi", "Dispatch slip"),
    "PC": ("Phiếu chuyển", "Transfer slip"),
    "PB": ("Phiếu báo", "Notification slip"),
}
_CODE_LABELS: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {**_JOINT_CODE_LABELS, **_OTHER_CODE_LABELS}
)

KIND_BY_CODE: Final[Mapping[str, DocumentKind]] = MappingProxyType(
    {
        "NQ": DocumentKind.RESOLUTION,
        "NQLT": DocumentKind.RESOLUTION,
        "CT": DocumentKind.DIRECTIVE,
        "KL": DocumentKind.CONCLUSION,
        "QĐ": DocumentKind.DECISION,
        "QĐi": DocumentKind.REGULATION,
        "QyĐ": DocumentKind.REGULATION,
        "QC": DocumentKind.RULES,
        "KH": DocumentKind.PLAN,
        "CTr": DocumentKind.PROGRAMME,
        "BC": DocumentKind.REPORT,
        "TB": DocumentKind.NOTICE,
        "HD": DocumentKind.GUIDANCE,
        "HDLT": DocumentKind.GUIDANCE,
        "TT": DocumentKind.CIRCULAR,
        "TTLT": DocumentKind.CIRCULAR,
        "TTr": DocumentKind.SUBMISSION,
        "CV": DocumentKind.OFFICIAL_LETTER,
        "BB": DocumentKind.MINUTES,
        "ĐA": DocumentKind.SCHEME,
        "NĐ": DocumentKind.DECREE,
        **dict.fromkeys(_OTHER_CODE_LABELS, DocumentKind.OTHER),
    }
)
"""Every known type code, in canonical spelling, and the kind it names.

In a state symbol without a year the code decides the reading: ``123/KH-UBND`` is a
plan of the UBND, while ``2450/VPCP-KGVX`` (``VPCP`` is no type code) is an official
letter. Codes of Decree 30/2020/NĐ-CP that no kind models map to ``OTHER``.

>>> KIND_BY_CODE["KH"], KIND_BY_CODE["QĐi"]
(<DocumentKind.PLAN: 'plan'>, <DocumentKind.REGULATION: 'regulation'>)
"""

REF_FORMS: Final[tuple[str, ...]] = (
    "45-KH/ĐU (party)",
    "05-QC/BTCTU-BDVTU (party, joint issuers)",
    "123/KH-UBND (state)",
    "30/2020/NĐ-CP (state, with year)",
    "45/2019/QH14 (state law, with year and no type)",
    "2450/VPCP-KGVX (official letter)",
)
"""The forms :meth:`DocumentRef.parse` understands, one example each."""

# --------------------------------------------------------------------------------------
# Normalisation

# Known codes in canonical case, keyed by their upper-case spelling.
_CODE_CASE: Final[Mapping[str, str]] = MappingProxyType({c.upper(): c for c in KIND_BY_CODE})
# Issuer codes written in mixed case: the town committee (thị ủy, ThU), and the Prime
# Minister (Thủ tướng, TTg), who also ends compound codes such as TCTTTg (the Prime
# Minister's working group).
_MIXED_CASE_ISSUERS: Final[Mapping[str, str]] = MappingProxyType({"THU": "ThU"})
_PRIME_MINISTER: Final = "TTG"

_CHAR_MAP: Final = str.maketrans(
    {
        # Letters that look like Đ
        "\u00d0": "Đ",  # Ð LATIN CAPITAL LETTER ETH
        "\u00f0": "đ",  # ð LATIN SMALL LETTER ETH
        "\u0189": "Đ",  # Ɖ LATIN CAPITAL LETTER AFRICAN D
        "\u0256": "đ",  # ɖ LATIN SMALL LETTER D WITH TAIL
        # Dashes and minus signs
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\ufe58": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        # Slashes
        "\u2044": "/",
        "\u2215": "/",
        "\uff0f": "/",
        # Invisible characters pasted from web pages and Word files
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u2060": None,  # word joiner
        "\ufeff": None,  # byte-order mark, zero-width no-break space
    }
)
_PREFIX: Final = re.compile(r"(?:số|so|no)(?![^\W\d_])\s*[.:]?\s*", re.IGNORECASE)
_SEPARATOR_SPACES: Final = re.compile(r"\s*([-/])\s*")
_TOKEN: Final = re.compile(r"(?P<word>[^\W_]+)|(?P<sep>[-/])|(?P<other>.)", re.DOTALL)
_DIGITS: Final = re.compile(r"[0-9]+")


def _fold_letters(value: str) -> str:
    """NFC, Đ look-alikes mapped to Đ, upper case."""
    return unicodedata.normalize("NFC", value).translate(_CHAR_MAP).upper()


def _canonical_code_text(value: str) -> str:
    upper = _fold_letters(value)
    return _CODE_CASE.get(upper, upper)


def _canonical_issuer_text(value: str) -> str:
    upper = _fold_letters(value).replace("TƯ", "TW")
    if upper.endswith(_PRIME_MINISTER):
        return upper[:-1] + "g"
    return _MIXED_CASE_ISSUERS.get(upper, upper)


def _is_latin_word(value: str, *, digits: bool) -> bool:
    """Whether ``value`` is Latin letters (Vietnamese ones included), and digits if allowed."""
    return bool(value) and all(
        ("0" <= ch <= "9" and digits)
        or (ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"))
        for ch in value
    )


# --------------------------------------------------------------------------------------
# Converters and validators of DocumentRef

_OBJ: Final = "DocumentRef"


def _to_system(value: RefSystem | str) -> RefSystem:
    try:
        return RefSystem(value)
    except (ValueError, TypeError):
        choices = ", ".join(repr(s.value) for s in RefSystem)
        raise ValidationError(_OBJ, "system", f"{value!r} is not a system; use {choices}") from None


def _to_code(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(_OBJ, "code", f"type code must be text or None, got {value!r}")
    return _canonical_code_text(value)


def _to_issuers(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise ValidationError(
            _OBJ,
            "issuers",
            f"issuers must be a sequence of codes, not the text {value!r}; "
            f"write ({value!r},) or parse the whole symbol with DocumentRef.parse",
        )
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise ValidationError(_OBJ, "issuers", f"issuer must be text, got {item!r}")
    return tuple(_canonical_issuer_text(item) for item in items)


def _check_number(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        raise ValidationError(
            _OBJ, "number", f"number {value!r} must be digits (0-9), e.g. '45' or '05'"
        )
    if not value.strip("0"):  # as text: int() refuses a number of thousands of digits
        raise ValidationError(_OBJ, "number", f"number {value!r} must be at least 1")


def _check_code(instance: Any, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and not _is_latin_word(value, digits=False):
        what = "is empty" if not value else "may hold only Latin letters (Vietnamese included)"
        raise ValidationError(_OBJ, "code", f"type {value!r} {what}, e.g. 'KH' or 'NQ'")


def _check_issuers(
    instance: Any, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    if not value:
        raise ValidationError(_OBJ, "issuers", "at least one issuer is needed, e.g. ('ĐU',)")
    for issuer in value:
        if not issuer:
            raise ValidationError(_OBJ, "issuers", "an issuer is empty")
        if not _is_latin_word(issuer, digits=True):
            raise ValidationError(
                _OBJ,
                "issuers",
                f"issuer {issuer!r} may hold only Latin letters (Vietnamese included) and digits",
            )
        if not issuer[0].isalpha():
            raise ValidationError(_OBJ, "issuers", f"issuer {issuer!r} must start with a letter")


def _check_year(instance: Any, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_OBJ, "year", f"year must be a whole number or None, got {value!r}")
    if not 1000 <= value <= 9999:
        raise ValidationError(_OBJ, "year", f"year {value} must have four digits, e.g. 2020")


# --------------------------------------------------------------------------------------
# Dates in citations


def _en_date(date: dt.date) -> str:
    return english_date(date)


# --------------------------------------------------------------------------------------
# DocumentRef


@attrs.frozen
class DocumentRef:
    """A document's number and symbol, such as ``45-KH/ĐU`` or ``30/2020/NĐ-CP``.

    Fields hold the canonical spelling: codes are normalised on the way in, so two
    refs that differ only in how they were typed are equal.

    - ``number``: the digits as written, leading zeros kept (``"05"``);
    - ``system``: :attr:`RefSystem.PARTY` or :attr:`RefSystem.STATE`;
    - ``code``: the type code (``"KH"``, ``"NQ"``); ``None`` for a state official
      letter (``2450/VPCP-KGVX``) or law (``45/2019/QH14``);
    - ``issuers``: the issuer codes; for an official letter the issuer, then the
      drafting unit (``("VPCP", "KGVX")``);
    - ``year``: the year of a state normative document (``30/2020/NĐ-CP``).

    >>> DocumentRef("05", RefSystem.PARTY, "qc", ("btctu", "bdvtu"))
    DocumentRef(number='05', system=<RefSystem.PARTY: 'party'>, code='QC', issuers=('BTCTU', 'BDVTU'), year=None)
    >>> str(DocumentRef("30", "state", "NĐ", ["CP"], 2020))
    '30/2020/NĐ-CP'
    """  # noqa: E501  (the repr in the example is one long line)

    number: str = attrs.field(validator=_check_number)
    system: RefSystem = attrs.field(converter=_to_system)
    code: str | None = attrs.field(converter=_to_code, validator=_check_code)
    issuers: tuple[str, ...] = attrs.field(converter=_to_issuers, validator=_check_issuers)
    year: int | None = attrs.field(default=None, validator=_check_year)

    def __attrs_post_init__(self) -> None:
        # Each rule keeps the canonical text unambiguous, so that it parses back to
        # the same ref.
        if self.system is RefSystem.PARTY:
            if self.code is None:
                raise ValidationError(
                    _OBJ, "code", "a party symbol needs a type code, e.g. 'KH' in 45-KH/ĐU"
                )
            if self.year is not None:
                raise ValidationError(
                    _OBJ,
                    "year",
                    f"a party symbol carries no year (got {self.year}); party numbers "
                    "restart each committee term, not each year",
                )
            return
        if self.year is None and self.code is not None and self.code not in KIND_BY_CODE:
            raise ValidationError(
                _OBJ,
                "code",
                f"{self.code!r} is not a known type code, so {self.canonical!r} would read "
                "as an official letter; use a known code or code=None with the issuer "
                "and drafting unit as issuers",
            )
        if (
            self.year is None
            and self.code is None
            and _canonical_code_text(self.issuers[0]) in KIND_BY_CODE
        ):
            raise ValidationError(
                _OBJ,
                "issuers",
                f"an official letter's first issuer cannot be the type code "
                f"{self.issuers[0]!r}: {self.canonical!r} would read as a document of "
                "that type; give the type as code, or drop it",
            )
        if self.year is not None and self.code is None and len(self.issuers) != 1:
            raise ValidationError(
                _OBJ,
                "issuers",
                f"a state symbol with a year and no type has one issuer (as in 45/2019/QH14), "
                f"got {self.issuers!r}; is the first one the type code?",
            )

    @classmethod
    def parse(cls, text: str) -> DocumentRef:
        """Read a number and symbol as written in a document's header or a citation.

        A leading ``Số``, ``Số:``, ``So`` or ``No.`` is skipped. Raises
        :class:`~actionplan.errors.DocumentRefError` naming the part that is wrong,
        with the understood forms (:data:`REF_FORMS`) in ``expected``.

        >>> DocumentRef.parse("Số: 05-QC/BTCTU-BDVTU").issuers
        ('BTCTU', 'BDVTU')
        >>> DocumentRef.parse("2450/VPCP-KGVX").kind
        <DocumentKind.OFFICIAL_LETTER: 'official_letter'>
        >>> DocumentRef.parse("45-KH")
        Traceback (most recent call last):
        ...
        actionplan.errors.DocumentRefError: in '45-KH': missing '/' and issuer after the type 'KH'; understood forms: ...
        """  # noqa: E501  (a doctest traceback is one line)
        return _Reader(text).read()

    @property
    def kind(self) -> DocumentKind:
        """The kind the type code names.

        ``OFFICIAL_LETTER`` for a state symbol with neither type nor year; ``OTHER``
        for an unknown code and for a state symbol with a year and no type (a law, an
        ordinance and a National Assembly resolution look alike: ``45/2019/QH14``).

        >>> DocumentRef.parse("123/KH-UBND").kind
        <DocumentKind.PLAN: 'plan'>
        """
        if self.code is None:
            if self.system is RefSystem.STATE and self.year is None:
                return DocumentKind.OFFICIAL_LETTER
            return DocumentKind.OTHER
        return KIND_BY_CODE.get(self.code, DocumentKind.OTHER)

    @property
    def canonical(self) -> str:
        """The symbol written the standard way.

        >>> DocumentRef.parse("Số  45 – KH / đu").canonical
        '45-KH/ĐU'
        """
        if self.system is RefSystem.PARTY:
            return f"{self.number}-{self.code}/{'-'.join(self.issuers)}"
        year = f"{self.year}/" if self.year is not None else ""
        parts = (self.code, *self.issuers) if self.code is not None else self.issuers
        return f"{self.number}/{year}{'-'.join(parts)}"

    def __str__(self) -> str:
        return self.canonical

    def cite(
        self,
        issued_on: dt.date | None = None,
        *,
        language: str = "vi",
        kind: DocumentKind | None = None,
    ) -> str:
        """How the document is cited in the text of another one.

        Party citations put a comma before the date, state ones do not (Decree
        30/2020/NĐ-CP); in Vietnamese days below 10 and the months 1 and 2 take a
        leading zero. ``kind`` overrides the kind read from the code, for when the
        code says less than the document (a party ``QĐ`` is also a *quy định*).

        >>> DocumentRef.parse("30/2020/NĐ-CP").cite(dt.date(2020, 3, 5))
        'Nghị định số 30/2020/NĐ-CP ngày 05/3/2020'
        >>> DocumentRef.parse("35-CT/TW").cite(dt.date(2019, 5, 30), language="en")
        'Directive No. 35-CT/TW of 30 May 2019'
        """
        lang = language_of(language, "DocumentRef.cite")
        names = _CODE_LABELS.get(self.code or "")
        if kind is not None:
            label = DocumentKind(kind).label(lang, system=self.system)
        elif names is not None:
            label = names[0] if lang == "vi" else names[1]
        else:
            label = self.kind.label(lang, system=self.system)
        if lang == "en":
            text = f"{label} No. {self.canonical}"
            return text if issued_on is None else f"{text} of {_en_date(issued_on)}"
        text = f"{label} số {self.canonical}"
        if issued_on is None:
            return text
        comma = "," if self.system is RefSystem.PARTY else ""
        return f"{text}{comma} ngày {format_date(issued_on)}"


def parse_ref(text: str) -> DocumentRef:
    """Read a number and symbol; the same as :meth:`DocumentRef.parse`.

    >>> parse_ref("57-NQ/TƯ")
    DocumentRef(number='57', system=<RefSystem.PARTY: 'party'>, code='NQ', issuers=('TW',), year=None)
    """  # noqa: E501  (the repr in the example is one long line)
    return DocumentRef.parse(text)


# --------------------------------------------------------------------------------------
# The reader behind DocumentRef.parse


class _Reader:
    """Reads one number and symbol, naming the part that is wrong when it fails."""

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise DocumentRefError(
                f"a number and symbol must be text, got {text!r}",
                text=str(text),
                expected=REF_FORMS,
            )
        self.text = text

    def fail(self, problem: str) -> DocumentRefError:
        return DocumentRefError(f"in {self.text!r}: {problem}", text=self.text, expected=REF_FORMS)

    def clean(self) -> str:
        text = unicodedata.normalize("NFC", self.text).translate(_CHAR_MAP)
        text = " ".join(text.split())
        if m := _PREFIX.match(text):
            text = text[m.end() :]
        return _SEPARATOR_SPACES.sub(r"\1", text)

    def tokens(self, cleaned: str) -> list[tuple[str, str]]:
        """(kind, text) pairs, kind being "word", "sep" or "other"."""
        return [(m.lastgroup or "other", m.group()) for m in _TOKEN.finditer(cleaned)]

    def read(self) -> DocumentRef:
        cleaned = self.clean()
        if not cleaned:
            raise self.fail("no number and symbol found, e.g. 45-KH/ĐU")
        tokens = self.tokens(cleaned)
        number = self.number(tokens)
        # Every token after the number: a separator then a word ("" when missing).
        pairs: list[tuple[str, str]] = []
        previous = number
        i = 1
        while i < len(tokens):
            kind, value = tokens[i]
            if kind == "other":
                shown = "' ' (a space)" if value == " " else repr(value)
                raise self.fail(
                    f"unknown separator {shown} after {previous!r}; "
                    "parts are joined only by '-' and '/'"
                )
            # Words are maximal runs, so a word never follows a word: this is a separator.
            word = ""
            if i + 1 < len(tokens) and tokens[i + 1][0] == "word":
                word = tokens[i + 1][1]
                i += 1
            pairs.append((value, word))
            previous = word or value
            i += 1
        if not pairs:
            raise self.fail(
                f"missing the type and issuer after the number {number!r}: party symbols "
                "read 45-KH/ĐU, state ones 123/KH-UBND"
            )
        if pairs[0][0] == "-":
            return self.party(number, pairs)
        return self.state(number, pairs)

    def number(self, tokens: list[tuple[str, str]]) -> str:
        kind, value = tokens[0]
        if kind != "word":
            raise self.fail(
                f"missing number before {value!r}; a symbol starts with the "
                "document's number, e.g. 45 in 45-KH/ĐU"
            )
        if not _DIGITS.fullmatch(value):
            lead = re.match(r"[0-9]+", value)
            if lead:
                raise self.fail(
                    f"number {value!r} must be digits; is a '-' (party) or '/' (state) "
                    f"missing after {lead.group()!r}?"
                )
            raise self.fail(f"number {value!r} must be digits (0-9), e.g. 45")
        return value

    def party(self, number: str, pairs: list[tuple[str, str]]) -> DocumentRef:
        # pairs[0] is ("-", code)
        code = pairs[0][1]
        if not code:
            raise self.fail(f"missing type after '{number}-', e.g. KH in 45-KH/ĐU")
        if len(pairs) == 1:
            raise self.fail(f"missing '/' and issuer after the type {code!r}")
        sep, first_issuer = pairs[1]
        if sep != "/":
            raise self.fail(
                f"expected '/' after the type {code!r}, found '-'; a party symbol reads "
                "number-TYPE/ISSUER, e.g. 45-KH/ĐU"
            )
        if not first_issuer:
            raise self.fail(f"missing issuer after '{number}-{code}/'")
        issuers = [first_issuer]
        for sep, word in pairs[2:]:
            if sep == "/":
                raise self.fail(
                    f"unexpected '/' after the issuer {issuers[-1]!r}; a party symbol has "
                    "one '/', between type and issuers (joint issuers are joined by '-')"
                )
            if not word:
                raise self.fail(f"missing issuer after {issuers[-1] + '-'!r}")
            issuers.append(word)
        return self.build(number, RefSystem.PARTY, code, issuers, None)

    def state(self, number: str, pairs: list[tuple[str, str]]) -> DocumentRef:
        # pairs[0] is ("/", word): a year or the first word of the symbol.
        first = pairs[0][1]
        if not first:
            raise self.fail(f"missing type or year after '{number}/', e.g. 123/KH-UBND")
        year: int | None = None
        rest = pairs
        if _DIGITS.fullmatch(first):
            if len(first) != 4:
                raise self.fail(f"year {first!r} must have four digits, e.g. 2020")
            if first.startswith("0"):
                raise self.fail(f"year {first!r} cannot start with 0, e.g. 2020")
            year = int(first)
            if len(pairs) == 1:
                raise self.fail(f"missing '/' and the type and issuer after the year {first}")
            if pairs[1][0] != "/":
                raise self.fail(
                    f"expected '/' after the year {first}, found '-'; e.g. 30/2020/NĐ-CP"
                )
            rest = pairs[1:]
            if not rest[0][1]:
                raise self.fail(f"missing type and issuer after '{number}/{first}/'")
        words = [rest[0][1]]
        for sep, word in rest[1:]:
            if sep == "/":
                raise self.fail(
                    f"unexpected '/' after {words[-1]!r}; a state symbol reads 123/KH-UBND "
                    "or, with the year, 30/2020/NĐ-CP"
                )
            if not word:
                raise self.fail(f"missing issuer after {words[-1] + '-'!r}")
            words.append(word)
        if year is not None:
            if len(words) == 1:  # a law or NA resolution: 45/2019/QH14
                return self.build(number, RefSystem.STATE, None, words, year)
            return self.build(number, RefSystem.STATE, words[0], words[1:], year)
        code = _canonical_code_text(words[0])
        if code in KIND_BY_CODE:
            if len(words) == 1:
                raise self.fail(f"missing issuer after the type {code!r}, e.g. 123/{code}-UBND")
            return self.build(number, RefSystem.STATE, code, words[1:], None)
        return self.build(number, RefSystem.STATE, None, words, None)

    def build(
        self,
        number: str,
        system: RefSystem,
        code: str | None,
        issuers: list[str],
        year: int | None,
    ) -> DocumentRef:
        try:
            return DocumentRef(number, system, code, tuple(issuers), year)
        except ValidationError as exc:
            raise self.fail(exc.message) from None
