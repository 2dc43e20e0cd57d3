"""`actionplan ref` reads a document number and symbol and shows its parts."""

import json

import pytest
from click.testing import CliRunner

from actionplan.cli.main import cli


def run(*args: str) -> tuple[int, str, str]:
    """Run the command line; return exit code, stdout and stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Số 45-KH/ĐU",
            {
                "system": "party",
                "number": "45",
                "kind": "KH",
                "document_kind": "plan",
                "issuers": ["ĐU"],
                "year": None,
                "canonical": "45-KH/ĐU",
            },
        ),
        (
            "Số: 30/2020/nđ-cp",
            {
                "system": "state",
                "number": "30",
                "kind": "NĐ",
                "document_kind": "decree",
                "issuers": ["CP"],
                "year": 2020,
                "canonical": "30/2020/NĐ-CP",
            },
        ),
        (
            "2450/VPCP-KGVX",
            {
                "system": "state",
                "number": "2450",
                "kind": None,
                "document_kind": "official_letter",
                "issuers": ["VPCP", "KGVX"],
                "year": None,
                "canonical": "2450/VPCP-KGVX",
            },
        ),
    ],
)
def test_json_output(text: str, expected: dict[str, object]) -> None:
    """--format json prints its schema, then the parts; "kind" is the type code, null for
    an official letter."""
    code, out, err = run("ref", text, "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"schema": "actionplan.ref/1", **expected}


def test_text_output() -> None:
    """The text output shows the canonical symbol, then one labelled line per part."""
    code, out, _ = run("ref", "05-QC/BTCTU-BDVTU")
    assert code == 0
    assert out.splitlines() == [
        "05-QC/BTCTU-BDVTU",
        "  system:   party",
        "  number:   05",
        "  type:     QC (Quy chế / Rules)",
        "  issuers:  BTCTU, BDVTU",
        "  year:     none",
        "  citation: Quy chế số 05-QC/BTCTU-BDVTU",
    ]


def test_unquoted_words_are_joined() -> None:
    """A symbol typed without quotes, as several words, is read as one."""
    code, out, _ = run("ref", "Số", "45", "–", "KH", "/", "ĐU", "--format", "json")
    assert code == 0
    assert json.loads(out)["canonical"] == "45-KH/ĐU"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("45-KH", "missing '/' and issuer after the type 'KH'"),
        ("30/20/NĐ-CP", "year '20' must have four digits"),
        ("X1-KH/ĐU", "number 'X1' must be digits"),
        ("45.KH/ĐU", "unknown separator '.'"),
    ],
)
def test_bad_input_exits_2_with_one_line(text: str, fragment: str) -> None:
    """A malformed symbol exits 2 with one line on stderr naming the bad part, no traceback."""
    code, out, err = run("ref", text)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("actionplan: error: ")
    assert fragment in err
    assert "Traceback" not in err


def test_missing_argument_is_a_usage_error() -> None:
    """Without TEXT the command prints its usage and exits 2."""
    code, _, err = run("ref")
    assert code == 2
    assert "Missing argument" in err
