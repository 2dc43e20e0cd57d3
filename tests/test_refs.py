"""Document numbers and symbols are read in every way offices write them, checked,
and written back in one canonical form."""

import datetime as dt
import unicodedata

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.errors import DocumentRefError, ParseError, ValidationError
from actionplan.refs import (
    KIND_BY_CODE,
    REF_FORMS,
    DocumentKind,
    DocumentRef,
    RefSystem,
    parse_ref,
)

PARTY = RefSystem.PARTY
STATE = RefSystem.STATE

# --------------------------------------------------------------------------------------
# Real-world refs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số 45-KH/ĐU", DocumentRef("45", PARTY, "KH", ("ĐU",))),
        ("05-QC/BTCTU-BDVTU", DocumentRef("05", PARTY, "QC", ("BTCTU", "BDVTU"))),
        ("Số: 30/2020/NĐ-CP", DocumentRef("30", STATE, "NĐ", ("CP",), 2020)),
        ("123/KH-UBND", DocumentRef("123", STATE, "KH", ("UBND",))),
        ("2450/VPCP-KGVX", DocumentRef("2450", STATE, None, ("VPCP", "KGVX"))),
        ("57-NQ/TW", DocumentRef("57", PARTY, "NQ", ("TW",))),
        ("35-CT/TW", DocumentRef("35", PARTY, "CT", ("TW",))),
        ("36-HD/VPTW", DocumentRef("36", PARTY, "HD", ("VPTW",))),
        ("1270/BC-TCTTTg", DocumentRef("1270", STATE, "BC", ("TCTTTg",))),
        ("12729/VPCP-KGVX", DocumentRef("12729", STATE, None, ("VPCP", "KGVX"))),
        ("09/2019/NĐ-CP", DocumentRef("09", STATE, "NĐ", ("CP",), 2019)),
        ("01-QĐi/TW", DocumentRef("01", PARTY, "QĐi", ("TW",))),
        ("15-CTr/TU", DocumentRef("15", PARTY, "CTr", ("TU",))),
        ("45/2019/QH14", DocumentRef("45", STATE, None, ("QH14",), 2019)),
        ("01/2021/TTLT-BTC-BKHĐT", DocumentRef("01", STATE, "TTLT", ("BTC", "BKHĐT"), 2021)),
        ("12/CĐ-TTg", DocumentRef("12", STATE, "CĐ", ("TTg",))),
        ("123/UBND", DocumentRef("123", STATE, None, ("UBND",))),
        ("8-KL/ThU", DocumentRef("8", PARTY, "KL", ("ThU",))),
    ],
)
def test_parse_real_world_refs(text: str, expected: DocumentRef) -> None:
    """Refs copied from real documents are split into number, system, code, issuers, year."""
    assert DocumentRef.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Số  45 \u2013 KH / \u00d0U", "45-KH/ĐU"),  # en dash, Ð U+00D0, stray spaces
        ("Số 45 \u2014 KH/ĐU", "45-KH/ĐU"),  # em dash
        ("123/KH\u2212UBND", "123/KH-UBND"),  # minus sign
        ("57-NQ/TƯ", "57-NQ/TW"),
        ("57-NQ/BCĐTƯ", "57-NQ/BCĐTW"),
        ("số 45-kh/đu", "45-KH/ĐU"),
        ("SỐ: 30/2020/nđ-cp", "30/2020/NĐ-CP"),
        ("so 15-ctr/tu", "15-CTr/TU"),
        ("No. 123/ttr-ubnd", "123/TTr-UBND"),
        ("No.123/TTR-UBND", "123/TTr-UBND"),
        ("Số:01-qđi/tw", "01-QĐi/TW"),
        ("1/qyđ-btc", "1/QyĐ-BTC"),
        ("12-BC/thu", "12-BC/ThU"),
        ("1270/bc-tctttg", "1270/BC-TCTTTg"),
        (unicodedata.normalize("NFD", "Số: 57-NQ/TƯ"), "57-NQ/TW"),
        (unicodedata.normalize("NFD", "số 01-qđi/tư"), "01-QĐi/TW"),
        ("\u200b45-KH/ĐU\ufeff", "45-KH/ĐU"),  # zero-width space, byte-order mark
        ("123\uff0fKH-UBND", "123/KH-UBND"),  # full-width solidus
        ("  Số\u00a045-KH/ĐU\n", "45-KH/ĐU"),  # no-break space, newline
    ],
)
def test_normalisation(text: str, canonical: str) -> None:
    """Look-alike characters, case, spaces, NFD text and the 'Số' prefix all normalise."""
    assert DocumentRef.parse(text).canonical == canonical


def test_parse_ref_is_parse() -> None:
    """parse_ref is the same reader as DocumentRef.parse."""
    assert parse_ref("Số 45-KH/ĐU") == DocumentRef.parse("45-KH/ĐU")


def test_leading_zeros_are_kept() -> None:
    """A number is kept as written: 05 and 5 are different symbols."""
    assert DocumentRef.parse("05-QC/TU").number == "05"
    assert DocumentRef.parse("05-QC/TU") != DocumentRef.parse("5-QC/TU")


def test_official_letter_depends_on_known_codes() -> None:
    """Without a year, a known first word is a type code; anything else is an issuer."""
    assert DocumentRef.parse("123/GM-UBND").code == "GM"
    letter = DocumentRef.parse("123/SKHCN-VP")
    assert (letter.code, letter.issuers) == (None, ("SKHCN", "VP"))


# --------------------------------------------------------------------------------------
# Bad input names the part that is wrong


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "no number and symbol found"),
        ("Số:", "no number and symbol found"),
        ("X1-KH/ĐU", "number 'X1' must be digits"),
        ("Kế hoạch 45-KH/ĐU", "number 'Kế' must be digits"),
        ("45KH/ĐU", "is a '-' (party) or '/' (state) missing after '45'"),
        ("0-KH/ĐU", "number '0' must be at least 1"),
        ("-KH/ĐU", "missing number before '-'"),
        ("45", "missing the type and issuer after the number '45'"),
        ("45-", "missing type after '45-'"),
        ("45-/ĐU", "missing type after '45-'"),
        ("45-KH", "missing '/' and issuer after the type 'KH'"),
        ("45-KH/", "missing issuer after '45-KH/'"),
        ("45-KH-ĐU", "expected '/' after the type 'KH', found '-'"),
        ("45-KH/ĐU/XX", "unexpected '/' after the issuer 'ĐU'"),
        ("45-KH/ĐU-", "missing issuer after 'ĐU-'"),
        ("45-K1/ĐU", "type 'K1' may hold only Latin letters"),
        ("45-ΚΗ/ĐU", "type 'ΚΗ' may hold only Latin letters"),  # Greek capitals
        ("45-KH/1TU", "issuer '1TU' must start with a letter"),
        ("45.KH/ĐU", "unknown separator '.' after '45'"),
        ("45 KH/ĐU", "unknown separator ' ' (a space) after '45'"),
        ("45-KH/KH&CN", "unknown separator '&' after 'KH'"),
        ("45-KH/ĐU.", "unknown separator '.' after 'ĐU'"),
        ("123/", "missing type or year after '123/'"),
        ("123/KH", "missing issuer after the type 'KH'"),
        ("123/KH-", "missing issuer after 'KH-'"),
        ("123/KH-UBND/VP", "unexpected '/' after 'UBND'"),
        ("30/20/NĐ-CP", "year '20' must have four digits"),
        ("30/20201/NĐ-CP", "year '20201' must have four digits"),
        ("30/0999/NĐ-CP", "year '0999' cannot start with 0"),
        ("30/2020", "missing '/' and the type and issuer after the year 2020"),
        ("30/2020-NĐ-CP", "expected '/' after the year 2020, found '-'"),
        ("30/2020/", "missing type and issuer after '30/2020/'"),
        ("30/2020//NĐ-CP", "missing type and issuer after '30/2020/'"),
    ],
)
def test_bad_input_names_the_wrong_part(text: str, fragment: str) -> None:
    """Each malformed ref is refused with a message quoting it and naming the bad part."""
    with pytest.raises(DocumentRefError) as info:
        DocumentRef.parse(text)
    error = info.value
    assert fragment in error.message
    assert error.message.startswith(f"in {text!r}: ")
    assert error.text == text
    assert error.expected == REF_FORMS


def test_error_lists_understood_forms() -> None:
    """The error text lists the forms that are understood, with one example each."""
    with pytest.raises(DocumentRefError) as info:
        DocumentRef.parse("45-KH")
    for form in ("45-KH/ĐU (party)", "123/KH-UBND (state)", "30/2020/NĐ-CP (state, with year)"):
        assert form in str(info.value)
    assert "2450/VPCP-KGVX (official letter)" in str(info.value)


def test_error_is_a_parse_error_and_value_error() -> None:
    """A malformed ref can be caught as ParseError or as ValueError."""
    with pytest.raises(ParseError):
        DocumentRef.parse("45")
    with pytest.raises(ValueError):  # noqa: PT011 - the builtin is the point
        DocumentRef.parse("45")


def test_non_text_is_refused() -> None:
    """Passing something other than text is a DocumentRefError, not an AttributeError."""
    with pytest.raises(DocumentRefError, match="must be text"):
        DocumentRef.parse(45)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------
# Building refs directly


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"number": "X1"}, "number", "must be digits"),
        ({"number": ""}, "number", "must be digits"),
        ({"number": "٤٥"}, "number", "must be digits (0-9)"),  # Arabic-Indic digits
        ({"number": 45}, "number", "must be digits"),
        ({"system": "church"}, "system", "'party', 'state'"),
        ({"code": None}, "code", "a party symbol needs a type code"),
        ({"code": ""}, "code", "is empty"),
        ({"code": "K-H"}, "code", "may hold only Latin letters"),
        ({"issuers": ()}, "issuers", "at least one issuer"),
        ({"issuers": "ĐU"}, "issuers", "not the text 'ĐU'"),
        ({"issuers": ("",)}, "issuers", "an issuer is empty"),
        ({"issuers": ("Đ/U",)}, "issuers", "only Latin letters"),
        ({"issuers": ("9U",)}, "issuers", "must start with a letter"),
        ({"year": 2020}, "year", "a party symbol carries no year"),
        ({"system": STATE, "year": 20}, "year", "year 20 must have four digits"),
        ({"system": STATE, "year": True}, "year", "whole number"),
        ({"system": STATE, "code": "XYZ"}, "code", "would read as an official letter"),
        ({"system": STATE, "code": None, "issuers": ("KH", "UBND")}, "issuers", "type code"),
        ({"system": STATE, "code": None, "issuers": ("ctr", "X")}, "issuers", "type code"),
        (
            {"system": STATE, "code": None, "issuers": ("QH", "X"), "year": 2019},
            "issuers",
            "one issuer",
        ),
    ],
)
def test_constructor_validates(fields: dict[str, object], field: str, fragment: str) -> None:
    """Building a ref that breaks an invariant raises ValidationError naming the field."""
    base: dict[str, object] = {"number": "45", "system": PARTY, "code": "KH", "issuers": ("ĐU",)}
    with pytest.raises(ValidationError) as info:
        DocumentRef(**{**base, **fields})  # type: ignore[arg-type]
    assert info.value.field == field
    assert fragment in info.value.message


def test_constructor_normalises_codes() -> None:
    """Codes given in any case or with look-alike letters are stored canonically."""
    ref = DocumentRef("05", "party", "ctr", ["btctu", "\u00d0u", "tư"])
    assert ref == DocumentRef("05", PARTY, "CTr", ("BTCTU", "ĐU", "TW"))
    assert ref.issuers == ("BTCTU", "ĐU", "TW")


def test_evolve_validates_again() -> None:
    """attrs.evolve runs the validators, so a ref cannot be changed into a bad one."""
    ref = DocumentRef.parse("45-KH/ĐU")
    assert attrs.evolve(ref, number="46").canonical == "46-KH/ĐU"
    with pytest.raises(ValidationError):
        attrs.evolve(ref, number="4x")


def test_str_is_canonical() -> None:
    """str() of a ref is its canonical symbol."""
    ref = DocumentRef.parse("Số: 05 - QC / btctu - bdvtu")
    assert str(ref) == ref.canonical == "05-QC/BTCTU-BDVTU"


# --------------------------------------------------------------------------------------
# Round trip

_LETTERS = "ABCDĐEGHIKLMNOPQRSTUVXYĂÂÊÔƠƯ"
_DIGITS = "0123456789"
_KNOWN_UPPER = {code.upper() for code in KIND_BY_CODE}
_REAL_ISSUERS = ["ĐU", "TW", "TU", "HU", "ThU", "ĐUK", "CB", "VPTW", "BTCTU", "TTg", "TCTTTg"]
_REAL_ISSUERS += ["UBND", "HĐND", "VPCP", "KGVX", "CP", "QH14", "BCĐ389", "BKHĐT"]

numbers = st.text(_DIGITS, min_size=1, max_size=6).filter(lambda n: int(n) > 0)
words = st.text(_LETTERS, min_size=1, max_size=6)
known_codes = st.sampled_from(sorted(KIND_BY_CODE))
any_codes = st.one_of(known_codes, words)
issuer_tokens = st.one_of(
    st.sampled_from(_REAL_ISSUERS),
    st.builds(
        str.__add__,
        st.text(_LETTERS, min_size=1, max_size=1),
        st.text(_LETTERS + _DIGITS, max_size=6),
    ),
)
issuer_lists = st.lists(issuer_tokens, min_size=1, max_size=3).map(tuple)
years = st.integers(1000, 9999)

party_refs = st.builds(DocumentRef, numbers, st.just(PARTY), any_codes, issuer_lists, st.none())
state_typed_refs = st.builds(DocumentRef, numbers, st.just(STATE), known_codes, issuer_lists)
state_normative_refs = st.builds(
    DocumentRef, numbers, st.just(STATE), any_codes, issuer_lists, years
)
state_law_refs = st.builds(
    DocumentRef, numbers, st.just(STATE), st.none(), issuer_tokens.map(lambda t: (t,)), years
)
official_letters = st.builds(
    DocumentRef,
    numbers,
    st.just(STATE),
    st.none(),
    issuer_lists.filter(lambda issuers: issuers[0].upper() not in _KNOWN_UPPER),
)
refs = st.one_of(
    party_refs, state_typed_refs, state_normative_refs, state_law_refs, official_letters
)


@settings(max_examples=200, deadline=None)
@given(refs)
def test_round_trip(ref: DocumentRef) -> None:
    """Every valid ref, written canonically and read back, is the same ref."""
    assert DocumentRef.parse(str(ref)) == ref


@st.composite
def messy_spellings(draw: st.DrawFn, ref: DocumentRef) -> str:
    """The canonical text of ``ref`` as a careless office might type it."""
    text = ref.canonical
    dash = draw(st.sampled_from(["-", "\u2013", "\u2014", "\u2212"]))
    space = draw(st.sampled_from(["", " ", "  "]))
    text = text.replace("-", f"{space}{dash}{space}").replace("/", f"{space}/{space}")
    if draw(st.booleans()):
        text = text.replace("Đ", "\u00d0")
    if draw(st.booleans()):
        text = text.lower()
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    prefix = draw(st.sampled_from(["", "Số ", "Số: ", "số:", "SỐ ", "So ", "No. ", "No."]))
    return prefix + text


@settings(max_examples=200, deadline=None)
@given(st.data(), refs)
def test_messy_spelling_round_trip(data: st.DataObject, ref: DocumentRef) -> None:
    """Dashes, spaces, lower case, NFD, Ð and a 'Số' prefix never change the ref read."""
    assert DocumentRef.parse(data.draw(messy_spellings(ref))) == ref


@settings(max_examples=100, deadline=None)
@given(refs)
def test_kind_follows_code(ref: DocumentRef) -> None:
    """A ref's kind is the kind of its code; code-less refs are letters or other."""
    if ref.code is not None:
        assert ref.kind is KIND_BY_CODE.get(ref.code, DocumentKind.OTHER)
    elif ref.year is None:
        assert ref.kind is DocumentKind.OFFICIAL_LETTER
    else:
        assert ref.kind is DocumentKind.OTHER


# --------------------------------------------------------------------------------------
# Kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("57-NQ/TW", DocumentKind.RESOLUTION),
        ("35-CT/TW", DocumentKind.DIRECTIVE),
        ("12-KL/TW", DocumentKind.CONCLUSION),
        ("123-QĐ/TU", DocumentKind.DECISION),
        ("123/QĐ-UBND", DocumentKind.DECISION),
        ("01-QĐi/TW", DocumentKind.REGULATION),
        ("1/QyĐ-BTC", DocumentKind.REGULATION),
        ("05-QC/BTCTU-BDVTU", DocumentKind.RULES),
        ("45-KH/ĐU", DocumentKind.PLAN),
        ("15-CTr/TU", DocumentKind.PROGRAMME),
        ("1270/BC-TCTTTg", DocumentKind.REPORT),
        ("12-TB/VPTW", DocumentKind.NOTICE),
        ("36-HD/VPTW", DocumentKind.GUIDANCE),
        ("07-TT/TW", DocumentKind.CIRCULAR),
        ("01/2021/TT-BKHĐT", DocumentKind.CIRCULAR),
        ("123/TTr-UBND", DocumentKind.SUBMISSION),
        ("123-CV/TU", DocumentKind.OFFICIAL_LETTER),
        ("2450/VPCP-KGVX", DocumentKind.OFFICIAL_LETTER),
        ("3-BB/CB", DocumentKind.MINUTES),
        ("09-ĐA/TU", DocumentKind.SCHEME),
        ("30/2020/NĐ-CP", DocumentKind.DECREE),
        ("12/CĐ-TTg", DocumentKind.OTHER),
        ("45/2019/QH14", DocumentKind.OTHER),
        ("4-XYZ/ĐU", DocumentKind.OTHER),
    ],
)
def test_kind_from_code(text: str, kind: DocumentKind) -> None:
    """The type code tells the kind; no code means an official letter, unknown means other."""
    assert DocumentRef.parse(text).kind is kind


def test_known_codes_are_canonical() -> None:
    """Every code of KIND_BY_CODE reads back as itself, whatever case it is typed in."""
    for code in KIND_BY_CODE:
        assert DocumentRef.parse(f"1-{code.lower()}/TU").code == code
        assert DocumentRef.parse(f"1/{code.upper()}-UBND").code == code


@pytest.mark.parametrize(
    ("kind", "vi", "en"),
    [
        (DocumentKind.RESOLUTION, "Nghị quyết", "Resolution"),
        (DocumentKind.PLAN, "Kế hoạch", "Plan"),
        (DocumentKind.PROGRAMME, "Chương trình", "Programme"),
        (DocumentKind.OFFICIAL_LETTER, "Công văn", "Official letter"),
        (DocumentKind.CIRCULAR, "Thông tư", "Circular"),
        (DocumentKind.OTHER, "Văn bản", "Document"),
    ],
)
def test_labels(kind: DocumentKind, vi: str, en: str) -> None:
    """Kinds have a Vietnamese label (the default) and an English one."""
    assert kind.label() == vi
    assert kind.label("vi") == vi
    assert kind.label("en") == en


def test_every_kind_has_distinct_labels() -> None:
    """No two kinds share a label, in either language, and every label is NFC."""
    for language in ("vi", "en"):
        labels = [kind.label(language) for kind in DocumentKind]
        assert len(set(labels)) == len(labels)
        assert all(unicodedata.is_normalized("NFC", label) for label in labels)


def test_party_circular_is_thong_tri() -> None:
    """A party TT is a thông tri, a state TT a thông tư."""
    assert DocumentKind.CIRCULAR.label(system=PARTY) == "Thông tri"
    assert DocumentKind.CIRCULAR.label(system=STATE) == "Thông tư"


@pytest.mark.parametrize("language", ["vi-VN", "vi_VN", "VI"])
def test_label_accepts_language_tags(language: str) -> None:
    """Region-qualified and upper-case language tags are understood."""
    assert DocumentKind.PLAN.label(language) == "Kế hoạch"


def test_label_refuses_unknown_language() -> None:
    """An unsupported language is refused, naming the ones supported."""
    with pytest.raises(ValidationError, match="unknown language 'fr'; expected 'vi'"):
        DocumentKind.PLAN.label("fr")


# --------------------------------------------------------------------------------------
# Citations


@pytest.mark.parametrize(
    ("text", "issued_on", "language", "citation"),
    [
        ("35-CT/TW", dt.date(2019, 5, 30), "vi", "Chỉ thị số 35-CT/TW, ngày 30/5/2019"),
        ("30/2020/NĐ-CP", dt.date(2020, 3, 5), "vi", "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020"),
        ("45-KH/ĐU", dt.date(2024, 8, 6), "vi", "Kế hoạch số 45-KH/ĐU, ngày 06/8/2024"),
        ("123/KH-UBND", dt.date(2025, 2, 5), "vi", "Kế hoạch số 123/KH-UBND ngày 05/02/2025"),
        ("57-NQ/TW", dt.date(2024, 12, 22), "vi", "Nghị quyết số 57-NQ/TW, ngày 22/12/2024"),
        ("2450/VPCP-KGVX", None, "vi", "Công văn số 2450/VPCP-KGVX"),
        ("07-TT/TW", None, "vi", "Thông tri số 07-TT/TW"),
        ("01/2021/TTLT-BTC-BKHĐT", None, "vi", "Thông tư liên tịch số 01/2021/TTLT-BTC-BKHĐT"),
        ("12/CĐ-TTg", None, "vi", "Công điện số 12/CĐ-TTg"),
        ("45/2019/QH14", None, "vi", "Văn bản số 45/2019/QH14"),
        ("35-CT/TW", dt.date(2019, 5, 30), "en", "Directive No. 35-CT/TW of 30 May 2019"),
        ("30/2020/NĐ-CP", dt.date(2020, 3, 5), "en", "Decree No. 30/2020/NĐ-CP of 5 March 2020"),
        ("15-CTr/TU", None, "en", "Programme No. 15-CTr/TU"),
        ("12/CĐ-TTg", None, "en", "Official telegram No. 12/CĐ-TTg"),
    ],
)
def test_cite(text: str, issued_on: dt.date | None, language: str, citation: str) -> None:
    """Citations follow Decree 30/2020: a comma before the date for party documents only."""
    assert DocumentRef.parse(text).cite(issued_on, language=language) == citation


def test_cite_kind_override() -> None:
    """A caller who knows better than the code (party QĐ as quy định) can name the kind."""
    ref = DocumentRef.parse("08-QĐ/TW")
    assert ref.cite() == "Quyết định số 08-QĐ/TW"
    assert ref.cite(kind=DocumentKind.REGULATION) == "Quy định số 08-QĐ/TW"


@given(st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2100, 12, 31)))
@settings(max_examples=100, deadline=None)
def test_cited_date_padding(date: dt.date) -> None:
    """Days below 10 and months 1 and 2 take a leading zero; other months do not."""
    written = DocumentRef.parse("30/2020/NĐ-CP").cite(date).rsplit(" ", 1)[1]
    day, month, year = written.split("/")
    assert (int(day), int(month), int(year)) == (date.day, date.month, date.year)
    assert len(day) == 2
    assert len(month) == (2 if date.month < 3 else len(str(date.month)))
