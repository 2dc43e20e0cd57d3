"""The WSGI application: routing, rendering with a cache, validators and limits."""

from __future__ import annotations

import datetime as dt
import http
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Final, TypeAlias
from wsgiref.types import StartResponse, WSGIEnvironment
from zoneinfo import ZoneInfo

import attrs

from actionplan._language import language_of
from actionplan.errors import ValidationError
from actionplan.files import format_of
from actionplan.ical import to_ical_bytes
from actionplan.ical.names import safe_filename
from actionplan.model import ActionPlan
from actionplan.reports import render
from actionplan.status import evaluate
from actionplan.web._catalog import Catalog, PlanFiles, ServedPlan, missing_path_error
from actionplan.web._http import (
    MAX_HEADER_BYTES,
    MAX_HEADERS_BYTES,
    MAX_URL_BYTES,
    MAX_YEAR,
    MIN_YEAR,
    BadQuery,
    Query,
    etag_of,
    host_name,
    http_date,
    is_not_modified,
    parse_query,
    request_target_length,
)
from actionplan.web._pages import LABELS, Language, error_page, index_page

__all__ = ["CONTENT_TYPES", "CacheInfo", "Clock", "FeedApp", "create_app"]

logger = logging.getLogger("actionplan.web")

Clock: TypeAlias = Callable[[], dt.datetime]
"""Returns the current time (an aware datetime; a naive one is taken as UTC)."""

CONTENT_TYPES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "status.html": "text/html; charset=utf-8",
        "status.json": "application/json",
        "tasks.ics": "text/calendar; charset=utf-8",
        "events.ics": "text/calendar; charset=utf-8",
    }
)
"""The resources of a plan (the last URL segment) and their content types."""

_UNIT_RESOURCES: Final = frozenset({"tasks.ics", "events.ics"})
_HTML: Final = "text/html; charset=utf-8"

SECURITY_HEADERS: Final = (
    ("X-Content-Type-Options", "nosniff"),
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    ),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
)
"""Sent with every response."""

DEFAULT_CACHE_BYTES: Final = 64 * 1024 * 1024
_MAX_CACHE_ENTRIES: Final = 1024

_MESSAGES: Final[Mapping[Language, Mapping[str, str]]] = MappingProxyType(
    {
        "vi": MappingProxyType(
            {
                "t400": "Yêu cầu không hợp lệ",
                "t404": "Không tìm thấy",
                "t405": "Phương thức không được phép",
                "t413": "Không nhận nội dung gửi lên",
                "t414": "Đường dẫn quá dài",
                "t431": "Phần đầu yêu cầu quá lớn",
                "t500": "Lỗi máy chủ",
                "m405": "Máy chủ này chỉ đọc: chỉ trả lời yêu cầu GET và HEAD, không nhận {value}.",
                "m413": "Máy chủ này chỉ đọc và không nhận nội dung gửi kèm yêu cầu.",
                "m414": "Đường dẫn dài hơn {value} byte; đường dẫn của máy chủ này ngắn hơn nhiều.",
                "m431": "Phần đầu (header) của yêu cầu vượt quá giới hạn {value} byte.",
                "m500": "Có lỗi khi tạo trang này; lỗi đã được ghi vào nhật ký của máy chủ.",
                "no_plan": "Máy chủ này không có kế hoạch “{value}”.",
                "no_unit": "Kế hoạch “{name}” không có đơn vị “{value}”.",
                "no_page": "Không có trang “{value}”.",
                "dots": "Đường dẫn có đoạn “.” hoặc “..”; đường dẫn của máy chủ này không "
                "bao giờ có.",
                "bad_host": "Máy chủ không trả lời cho tên máy “{value}”; hãy mở bằng địa chỉ "
                "mà máy chủ được khởi động.",
                "q_malformed": "Chuỗi tham số không đọc được (không phải UTF-8, thiếu “=”, "
                "hoặc quá nhiều tham số).",
                "q_unknown": "Không có tham số “{name}”; chỉ dùng as_of (YYYY-MM-DD) và lang "
                "(vi hoặc en).",
                "q_repeated": "Tham số “{name}” có nhiều lần; chỉ cho một lần.",
                "q_as_of": "as_of phải là một ngày viết YYYY-MM-DD, ví dụ 2024-08-06 (nhận "
                "được “{value}”).",
                "q_range": f"as_of phải trong các năm {MIN_YEAR}–{MAX_YEAR} (nhận được "
                "“{value}”).",
                "q_lang": "lang phải là vi hoặc en (nhận được “{value}”).",
            }
        ),
        "en": MappingProxyType(
            {
                "t400": "Bad request",
                "t404": "Not found",
                "t405": "Method not allowed",
                "t413": "Request body not accepted",
                "t414": "URI too long",
                "t431": "Request header fields too large",
                "t500": "Internal server error",
                "m405": "This server is read-only: it answers GET and HEAD, not {value}.",
                "m413": "This server is read-only and accepts no request body.",
                "m414": "The request target is longer than {value} bytes; this server's URLs "
                "are far shorter.",
                "m431": "The request's headers exceed the limit of {value} bytes.",
                "m500": "Something went wrong while making this page; the error was logged "
                "on the server.",
                "no_plan": "No plan “{value}” is served here.",
                "no_unit": "The plan “{name}” has no unit “{value}”.",
                "no_page": "There is no page “{value}”.",
                "dots": "The path has a “.” or “..” segment; this server's URLs never do.",
                "bad_host": "This server does not answer for the host name “{value}”; open "
                "it at the address it was started with.",
                "q_malformed": "The query string cannot be read (not UTF-8, a field without "
                "“=”, or too many fields).",
                "q_unknown": "There is no parameter “{name}”; the parameters are as_of "
                "(YYYY-MM-DD) and lang (vi or en).",
                "q_repeated": "The parameter “{name}” is given more than once; give it once.",
                "q_as_of": "as_of must be a date written YYYY-MM-DD, e.g. 2024-08-06 (found "
                "“{value}”).",
                "q_range": f"as_of must fall in the years {MIN_YEAR}-{MAX_YEAR} (found "
                "“{value}”).",
                "q_lang": "lang must be vi or en (found “{value}”).",
            }
        ),
    }
)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@attrs.frozen
class CacheInfo:
    """The cache of rendered pages and feeds: hits, misses, entries and bytes held."""

    hits: int
    misses: int
    entries: int
    size: int
    max_size: int


@attrs.frozen
class _Response:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""
    last_modified: float | None = None

    @property
    def status_line(self) -> str:
        return f"{self.status} {http.HTTPStatus(self.status).phrase}"

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k == name), None)

    def not_modified(self) -> _Response:
        """The 304 answer: the validators and caching headers, no body and no type."""
        kept = tuple(h for h in self.headers if h[0] not in _NOT_IN_304)
        return _Response(304, kept)


_NOT_IN_304: Final = frozenset({"Content-Type", "Content-Disposition"})


_CacheKey: TypeAlias = tuple[str, str, str | None, dt.date, str]


class _RenderCache:
    """Rendered bodies and their ETags, least recently used dropped first (thread-safe)."""

    def __init__(self, max_bytes: int) -> None:
        self._entries: OrderedDict[_CacheKey, tuple[bytes, str]] = OrderedDict()
        self._max_bytes = max_bytes
        self._size = 0
        self._hits = 0
        self._misses = 0
        self._lock = threading.Lock()

    def get(self, key: _CacheKey) -> tuple[bytes, str] | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self._misses += 1
                return None
            self._hits += 1
            self._entries.move_to_end(key)
            return found

    def put(self, key: _CacheKey, body: bytes) -> tuple[bytes, str]:
        entry = (body, etag_of(body))
        if len(body) > self._max_bytes:
            return entry
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old[0])
            self._entries[key] = entry
            self._size += len(body)
            while self._size > self._max_bytes or len(self._entries) > _MAX_CACHE_ENTRIES:
                _, (dropped, _) = self._entries.popitem(last=False)
                self._size -= len(dropped)
        return entry

    def info(self) -> CacheInfo:
        with self._lock:
            return CacheInfo(
                hits=self._hits,
                misses=self._misses,
                entries=len(self._entries),
                size=self._size,
                max_size=self._max_bytes,
            )


def _render(
    plan: ActionPlan, resource: str, unit: str | None, as_of: dt.date, language: Language
) -> bytes:
    """The body of one resource of one plan on ``as_of``."""
    if resource in ("status.html", "status.json"):
        text = render(evaluate(plan, as_of=as_of), resource[7:], language=language)
        assert isinstance(text, str)
        return text.encode("utf-8")
    return to_ical_bytes(
        plan,
        mode="todo" if resource == "tasks.ics" else "event",
        units=None if unit is None else [unit],
        as_of=as_of,
        language=language,
    )


def _segment(text: str) -> str:
    """A path segment as the client meant it (PATH_INFO holds bytes as latin-1)."""
    shown = text.encode("latin-1", "replace").decode("utf-8", "replace")
    shown = "".join(c if c.isprintable() else "\ufffd" for c in shown)
    return shown if len(shown) <= 60 else shown[:59] + "…"


class FeedApp:
    """The WSGI application :func:`create_app` makes (see :mod:`actionplan.web`).

    Safe to call from many threads at once.
    """

    def __init__(
        self,
        files: PlanFiles,
        *,
        as_of: dt.date | None,
        language: Language,
        clock: Clock,
        allowed_hosts: frozenset[str] | None,
        cache_bytes: int,
    ) -> None:
        self._files = files
        self._as_of = as_of
        self._language: Language = language
        self._clock = clock
        self._allowed_hosts = allowed_hosts
        self._cache = _RenderCache(cache_bytes)

    @property
    def path(self) -> Path:
        """The plan file or folder served."""
        return self._files.path

    def catalog(self) -> Catalog:
        """The plans served now and the problems of the files (files checked first)."""
        return self._files.catalog()

    def cache_info(self) -> CacheInfo:
        """How the cache of rendered pages and feeds is doing."""
        return self._cache.info()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET"))
        try:
            response = self._respond(environ, method)
            if response.status == 200 and is_not_modified(
                environ.get("HTTP_IF_NONE_MATCH"),
                environ.get("HTTP_IF_MODIFIED_SINCE"),
                response.header("ETag") or "",
                response.last_modified,
            ):
                response = response.not_modified()
        except Exception:
            logger.exception(
                "error answering %s %s", method, _segment(str(environ.get("PATH_INFO", "")))
            )
            response = self._error(500, "m500", "", Query(), self._language)
        headers = list(response.headers)
        if response.status != 304:
            headers.append(("Content-Length", str(len(response.body))))
        start_response(response.status_line, headers)
        return [] if method == "HEAD" or not response.body else [response.body]

    # -- the request ---------------------------------------------------------------

    def _respond(self, environ: WSGIEnvironment, method: str) -> _Response:
        base = str(environ.get("SCRIPT_NAME", "")).rstrip("/")
        language = self._language
        bare = Query()
        if request_target_length(environ) > MAX_URL_BYTES:
            return self._error(414, "m414", base, bare, language, value=str(MAX_URL_BYTES))
        if self._headers_too_large(environ):
            return self._error(431, "m431", base, bare, language, value=str(MAX_HEADERS_BYTES))
        if method not in ("GET", "HEAD"):
            return self._error(405, "m405", base, bare, language, value=_segment(method))
        if environ.get("CONTENT_LENGTH", "") not in ("", "0") or environ.get(
            "HTTP_TRANSFER_ENCODING"
        ):
            return self._error(413, "m413", base, bare, language)
        host = environ.get("HTTP_HOST")
        if (
            self._allowed_hosts is not None
            and isinstance(host, str)
            and host_name(host) not in self._allowed_hosts
        ):
            return self._error(400, "bad_host", base, bare, language, value=_segment(host))
        query = parse_query(str(environ.get("QUERY_STRING", "")))
        if isinstance(query, BadQuery):
            return self._error(
                400, query.key, base, bare, language, name=query.name, value=query.value
            )
        language = query.language or language
        path = str(environ.get("PATH_INFO", "")) or "/"
        segments = path[1:].split("/") if path.startswith("/") else path.split("/")
        if any(s in (".", "..") for s in segments):
            return self._error(400, "dots", base, query, language)
        if segments == [""]:
            return self._index(base, query, language)
        if segments[0] == "plans" and len(segments) in (3, 5):
            return self._plan_resource(segments, base, query, language)
        return self._error(404, "no_page", base, query, language, value=_segment(path), layout=True)

    def _headers_too_large(self, environ: WSGIEnvironment) -> bool:
        total = 0
        for key, value in environ.items():
            if key.startswith("HTTP_") and isinstance(value, str):
                if len(value) > MAX_HEADER_BYTES:
                    return True
                total += len(key) + len(value) + 4
        return total > MAX_HEADERS_BYTES

    def _index(self, base: str, query: Query, language: Language) -> _Response:
        # The links are paths under the mount point, never built from the Host header.
        page = index_page(self._files.catalog(), base=base, query=query.encode(), language=language)
        body = page.encode("utf-8")
        return _Response(200, (("Content-Type", _HTML), *_entity_headers(etag_of(body))), body)

    def _plan_resource(
        self, segments: list[str], base: str, query: Query, language: Language
    ) -> _Response:
        catalog = self._files.catalog()
        served = catalog.plans.get(segments[1])
        if served is None:
            links = [
                (p.plan.title, f"{base}/plans/{s}/status.html") for s, p in catalog.plans.items()
            ]
            return self._error(
                404,
                "no_plan",
                base,
                query,
                language,
                value=_segment(segments[1]),
                choices=("served_plans", links),
            )
        resource = segments[-1]
        unit: str | None = None
        if len(segments) == 5:
            if segments[2] != "units" or resource not in _UNIT_RESOURCES:
                return self._not_a_page(segments, base, query, language)
            unit = served.units.get(segments[3])
            if unit is None:
                root = f"{base}/plans/{served.slug}/units"
                links = [
                    (served.plan.unit_name(u), f"{root}/{s}/tasks.ics")
                    for s, u in served.units.items()
                ]
                return self._error(
                    404,
                    "no_unit",
                    base,
                    query,
                    language,
                    name=served.plan.id,
                    value=_segment(segments[3]),
                    choices=("units_of_plan", links),
                )
        elif resource not in CONTENT_TYPES:
            return self._not_a_page(segments, base, query, language)
        return self._entity(served, resource, unit, query, language)

    def _not_a_page(
        self, segments: list[str], base: str, query: Query, language: Language
    ) -> _Response:
        path = _segment("/" + "/".join(segments))
        return self._error(404, "no_page", base, query, language, value=path, layout=True)

    def _entity(
        self,
        served: ServedPlan,
        resource: str,
        unit: str | None,
        query: Query,
        language: Language,
    ) -> _Response:
        plan = served.plan
        as_of = query.as_of or self._as_of
        now = self._clock()
        if now.tzinfo is None:
            now = now.replace(tzinfo=dt.UTC)
        last_modified = served.modified
        if as_of is None:  # "today" moves: the figures change at midnight in the plan's zone
            zone = ZoneInfo(plan.timezone)
            as_of = now.astimezone(zone).date()
            midnight = dt.datetime.combine(as_of, dt.time(), tzinfo=zone).timestamp()
            last_modified = max(last_modified, midnight)
        last_modified = min(last_modified, now.timestamp())
        key: _CacheKey = (served.digest, resource, unit, as_of, language)
        entry = self._cache.get(key)
        if entry is None:
            entry = self._cache.put(key, _render(plan, resource, unit, as_of, language))
        body, etag = entry
        headers = [
            ("Content-Type", CONTENT_TYPES[resource]),
            *_entity_headers(etag),
            ("Last-Modified", http_date(last_modified)),
        ]
        if resource.endswith(".ics"):
            stem = plan.id if unit is None else f"{plan.id}-{unit}"
            name = safe_filename(f"{stem}-{resource[:-4]}", suffix=".ics")
            headers.append(("Content-Disposition", f'inline; filename="{name}"'))
        return _Response(200, tuple(headers), body, last_modified)

    def _error(
        self,
        status: int,
        key: str,
        base: str,
        query: Query,
        language: Language,
        *,
        name: str = "",
        value: str = "",
        choices: tuple[str, list[tuple[str, str]]] | None = None,
        layout: bool = False,
    ) -> _Response:
        words = _MESSAGES[language]
        page = error_page(
            words[f"t{status}"],
            words[key].format(name=name, value=value),
            base=base,
            query=query.encode(),
            language=language,
            choices=None if choices is None else _choices(choices, language),
            layout=layout,
        )
        headers = [("Content-Type", _HTML), ("Cache-Control", "no-store"), *SECURITY_HEADERS]
        if status == 405:
            headers.append(("Allow", "GET, HEAD"))
        return _Response(status, tuple(headers), page.encode("utf-8"))


def _choices(
    choices: tuple[str, list[tuple[str, str]]], language: Language
) -> tuple[str, list[tuple[str, str]]]:
    heading, links = choices
    return LABELS[language][heading], links


def _entity_headers(etag: str) -> tuple[tuple[str, str], ...]:
    return (("ETag", etag), ("Cache-Control", "no-cache"), *SECURITY_HEADERS)


def _check_language(language: object) -> Language:
    return language_of(language, "create_app")


def _check_hosts(hosts: Iterable[str] | None) -> frozenset[str] | None:
    if hosts is None:
        return None
    if isinstance(hosts, str):
        hosts = [hosts]
    names = frozenset(host_name(h) for h in hosts)
    if not names or "" in names:
        raise ValidationError(
            "create_app",
            "allowed_hosts",
            f"expected host names such as 'localhost' or 'plans.example.org', found "
            f"{sorted(names)!r}; pass None to answer any Host",
        )
    return names


def create_app(
    path: str | os.PathLike[str],
    *,
    as_of: dt.date | None = None,
    language: str = "vi",
    clock: Clock | None = None,
    allowed_hosts: Iterable[str] | None = None,
    cache_bytes: int = DEFAULT_CACHE_BYTES,
) -> FeedApp:
    """A WSGI application serving the plans in ``path``, read-only.

    ``path``: one plan file, or a folder whose plan files (``*.yaml``, ``*.yml``,
    ``*.toml``, ``*.json``) are all served; files are checked on every request
    and read again when they change. ``as_of``: the cut-off date of every page and
    feed; ``None`` (the default) means today in each plan's time zone, on the date
    of each request. ``language``: ``"vi"`` or ``"en"``, the default of the pages,
    reports and feeds (``?lang=`` chooses per request). ``clock``: what "now" is
    (for tests; the system clock by default). ``allowed_hosts``: the host names
    the server answers for (the ``Host`` header, port ignored; others get 400, which
    defeats DNS rebinding against a server on ``127.0.0.1``); ``None`` answers any.
    ``cache_bytes``: the most bytes of rendered pages and feeds kept in memory.

    The plans are read once here, so that problems show at start-up; a missing
    ``path`` raises :class:`~actionplan.errors.PlanFileError`, bad options
    :class:`~actionplan.errors.ValidationError`. Files that do not load are
    listed on the index page, never raised.
    """
    location = Path(path)
    if not location.exists():
        raise missing_path_error(location)
    if not location.is_dir():
        format_of(location)  # a file that is not a plan file: say so now
    if as_of is not None and (isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date)):
        raise ValidationError(
            "create_app", "as_of", f"expected a datetime.date or None, found {as_of!r}"
        )
    if isinstance(cache_bytes, bool) or not isinstance(cache_bytes, int) or cache_bytes < 0:
        raise ValidationError(
            "create_app", "cache_bytes", f"expected a number of bytes >= 0, found {cache_bytes!r}"
        )
    files = PlanFiles(location)
    app = FeedApp(
        files,
        as_of=as_of,
        language=_check_language(language),
        clock=clock or _utc_now,
        allowed_hosts=_check_hosts(allowed_hosts),
        cache_bytes=cache_bytes,
    )
    files.catalog()
    return app
