"""The ``serve`` command: a plan or a folder of plans over HTTP, read-only.

The application is :func:`actionplan.web.create_app`; this command runs it under
waitress (pure Python, production-grade, Windows-friendly) with limits that match
the application's: no request body, at most 32 KiB of request headers. Without
``--as-of`` the server reads the clock on every request (today in each plan's
time zone), which is why the cut-off is a server option and not a file setting.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Final

import click

from actionplan.cli._common import fail, handle_errors, parse_date_option

LOOPBACK_NAMES: Final = ("localhost", "127.0.0.1", "::1")
"""The host names a server bound to a loopback address answers for by default."""

MAX_HEADER_BYTES: Final = 32 * 1024
"""Request headers waitress reads at most (the application answers 431 above 16 KiB)."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (``localhost``, ``127.x.x.x``, ``::1``).

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def base_url(host: str, port: int) -> str:
    """The URL a browser on this machine opens for a server on ``host:port``.

    >>> base_url("::1", 8080), base_url("0.0.0.0", 80)
    ('http://[::1]:8080/', 'http://0.0.0.0:80/')
    """
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


@contextmanager
def _sigterm_stops() -> Iterator[None]:
    """Let SIGTERM stop the server like Ctrl+C (waitress then finishes its threads)."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.command("serve")
@click.argument("plan_or_dir", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on. 0.0.0.0 serves the whole network: anyone who "
    "reaches the port reads the plans.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="The TCP port (0: any free port, printed at start-up).",
)
@click.option(
    "--as-of",
    "as_of",
    callback=parse_date_option,
    help="A fixed cut-off date for every page and feed, e.g. 2024-08-06 or 06/8/2024 "
    "(default: today in each plan's time zone, on each request).",
)
@click.option(
    "--language",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="The default language of the pages, reports and feeds (?lang= per request).",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Worker threads answering requests.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="A host name clients may use to reach the server (repeatable). Default: "
    "localhost names when listening on a loopback address, else any.",
)
@handle_errors
def serve(
    plan_or_dir: Path,
    host: str,
    port: int,
    as_of: dt.date | None,
    language: str,
    threads: int,
    allow_hosts: tuple[str, ...],
) -> None:
    """Serve PLAN_OR_DIR (a plan file or a folder of them) over HTTP, read-only.

    Calendar feeds to subscribe to (to-dos and events, per plan and per unit), the
    status report (HTML) and the status data (JSON); the index at / lists them.
    Plan files are read again when they change. Stop with Ctrl+C.

    \b
    Examples:
      actionplan serve plan.yaml
      actionplan serve plans/ --port 8000 --language en
      actionplan serve plans/ --host 0.0.0.0 --allow-host plans.office.lan
    """
    import waitress.server

    from actionplan.web import create_app

    allowed: tuple[str, ...] | None = allow_hosts or None
    if allowed is None and is_loopback(host):
        allowed = (*LOOPBACK_NAMES, host)
    # Before the plans are read, so that their problems are logged in this format.
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s", stream=sys.stderr
    )
    app = create_app(plan_or_dir, as_of=as_of, language=language, allowed_hosts=allowed)
    catalog = app.catalog()
    try:
        server = waitress.server.create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="actionplan",
            max_request_body_size=0,  # no body at all: refused before it is buffered
            max_request_header_size=MAX_HEADER_BYTES,
            channel_timeout=60,
            connection_limit=200,
            expose_tracebacks=False,
            clear_untrusted_proxy_headers=True,
        )
    except OSError as exc:
        fail(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; "
            "choose another --port (or --host)"
        )
    if isinstance(server, waitress.server.BaseWSGIServer):
        bound_host, bound_port = server.getsockname()
        listening = [(bound_host, int(bound_port))]
    else:
        listening = [(str(h), int(p)) for h, p in server.effective_listen]
    urls = ", ".join(base_url(h, p) for h, p in listening)
    click.echo(
        f"actionplan: serving {len(catalog.plans)} plan(s) from {plan_or_dir} at {urls} "
        "(read-only; Ctrl+C stops)",
        err=True,
    )
    if not is_loopback(host):
        click.echo(
            f"actionplan: warning: listening on {host}: anyone who can reach port "
            f"{listening[0][1]} can read these plans",
            err=True,
        )
    with _sigterm_stops():
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
    click.echo("actionplan: stopped", err=True)
