"""HTTP details of the server: limits, the query string, validators, host names.

Pure functions over strings and the WSGI environ; no I/O.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from typing import Final
from urllib.parse import parse_qsl, quote, urlencode

import attrs

from actionplan._language import Language, parse_language

__all__ = [
    "MAX_HEADERS_BYTES",
    "MAX_HEADER_BYTES",
    "MAX_URL_BYTES",
    "BadQuery",
    "Query",
    "etag_of",
    "host_name",
    "http_date",
    "is_not_modified",
    "parse_query",
    "request_target_length",
]

MAX_URL_BYTES: Final = 2048
"""The longest request target (path and query) answered; longer ones get 414."""

MAX_HEADER_BYTES: Final = 8192
"""The longest single request header value; a longer one gets 431."""

MAX_HEADERS_BYTES: Final = 16384
"""The most bytes of request headers in all; more gets 431."""

MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2199
"""The years an ``as_of`` in the query may fall in."""

_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAX_FIELDS: Final = 8


@attrs.frozen
class Query:
    """The options a request's query string may set: ``as_of`` and ``lang``."""

    as_of: dt.date | None = None
    language: Language | None = None

    def encode(self) -> str:
        """The query string to carry into links: ``""`` or ``"?as_of=…&lang=…"``."""
        fields = []
        if self.as_of is not None:
            fields.append(("as_of", self.as_of.isoformat()))
        if self.language is not None:
            fields.append(("lang", self.language))
        return "?" + urlencode(fields) if fields else ""


@attrs.frozen
class BadQuery:
    """Why a query string was refused: a message key and the values it names."""

    key: str
    name: str = ""
    value: str = ""


def _shown(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def parse_query(query_string: str) -> Query | BadQuery:
    """Read a query string: ``as_of=YYYY-MM-DD`` and ``lang=vi|en``, each at most once.

    >>> parse_query("as_of=2024-08-06&lang=en")
    Query(as_of=datetime.date(2024, 8, 6), language='en')
    >>> parse_query("asof=2024-08-06")
    BadQuery(key='q_unknown', name='asof', value='')
    """
    if not query_string:
        return Query()
    try:
        fields = parse_qsl(
            query_string,
            keep_blank_values=True,
            strict_parsing=True,
            errors="strict",
            max_num_fields=_MAX_FIELDS,
        )
    except (ValueError, UnicodeDecodeError):
        return BadQuery("q_malformed")
    seen: dict[str, str] = {}
    for name, value in fields:
        if name not in ("as_of", "lang"):
            return BadQuery("q_unknown", name=_shown(name))
        if name in seen:
            return BadQuery("q_repeated", name=name)
        seen[name] = value
    as_of = None
    if "as_of" in seen:
        text = seen["as_of"]
        if not _ISO_DATE.fullmatch(text):
            return BadQuery("q_as_of", name="as_of", value=_shown(text))
        try:
            as_of = dt.date.fromisoformat(text)
        except ValueError:
            return BadQuery("q_as_of", name="as_of", value=text)
        if not MIN_YEAR <= as_of.year <= MAX_YEAR:
            return BadQuery("q_range", name="as_of", value=text)
    language: Language | None = None
    if "lang" in seen:
        lang = seen["lang"]
        language = parse_language(lang)
        if language is None:
            return BadQuery("q_lang", name="lang", value=_shown(lang))
    return Query(as_of=as_of, language=language)


def request_target_length(environ: dict[str, object]) -> int:
    """The length of the request target as the client sent it (path and query)."""
    raw = environ.get("REQUEST_URI") or environ.get("RAW_URI")
    if isinstance(raw, str):
        return len(raw)
    path = f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}"
    query = str(environ.get("QUERY_STRING", ""))
    length = len(quote(path.encode("latin-1", "replace"), safe="/"))
    return length + (len(query) + 1 if query else 0)


def etag_of(body: bytes) -> str:
    """A strong entity tag for ``body``: 128 bits of its SHA-256, quoted."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def http_date(timestamp: float) -> str:
    """An HTTP date (RFC 9110, IMF-fixdate), to the second.

    >>> http_date(1722902400.7)
    'Tue, 06 Aug 2024 00:00:00 GMT'
    """
    return email.utils.formatdate(int(timestamp), usegmt=True)


def _matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 §13.1.2): ``W/`` prefixes are ignored."""
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


def is_not_modified(
    if_none_match: str | None,
    if_modified_since: str | None,
    etag: str,
    last_modified: float | None,
) -> bool:
    """Whether a GET or HEAD with these validators gets 304 Not Modified.

    ``If-None-Match`` decides when it is sent; ``If-Modified-Since`` only when it is
    not (RFC 9110 §13.2.2), and is ignored when it is not a valid date.

    >>> is_not_modified('W/"a", "b"', None, '"b"', None)
    True
    >>> is_not_modified('"a"', "Tue, 06 Aug 2024 00:00:00 GMT", '"b"', 0.0)
    False
    >>> is_not_modified(None, "Tue, 06 Aug 2024 00:00:00 GMT", '"b"', 1722902400.9)
    True
    """
    if if_none_match is not None:
        return _matches(if_none_match, etag)
    if if_modified_since is None or last_modified is None:
        return False
    try:
        since = email.utils.parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return int(last_modified) <= since.timestamp()


def host_name(value: str) -> str:
    """A ``Host`` header (or allowed host) without its port, brackets and final dot,
    in lower case.

    >>> host_name("LocalHost:8080"), host_name("[::1]:8080"), host_name("example.org.")
    ('localhost', '::1', 'example.org')
    """
    value = value.strip().lower()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    return value.rstrip(".")
