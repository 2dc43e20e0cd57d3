"""A real CalDAV server for the tests: Radicale, run as a subprocess.

The fixtures are made available to every test module by ``tests/conftest.py``;
:class:`RadicaleServer` is imported by the tests that talk to the server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest


@attrs.frozen
class RadicaleServer:
    """A running Radicale server: its base URL and the test user's credentials."""

    url: str
    username: str
    password: str = attrs.field(repr=False)
    storage: Path
    log: Path

    def calendar_url(self, name: str) -> str:
        """The URL of the calendar collection ``name`` of the test user."""
        return f"{self.url}{self.username}/{name}/"


def _free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_answering(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 15.0
) -> None:
    """Poll ``url`` until the server answers any HTTP status; fail with its log if it dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Radicale exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return  # 401 and friends: the server is up
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"Radicale did not answer at {url} within {timeout} s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def radicale_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    """Start Radicale on 127.0.0.1 (a free port), with plain htpasswd auth for one user.

    The storage lives in a temporary folder. The server is stopped (terminate, then
    kill if it lingers) when the session ends, whatever the tests did.
    """
    root = tmp_path_factory.mktemp("radicale")
    username, password = "canbo", "mật-khẩu-thử-9f3c"
    users = root / "users"
    users.write_text(f"{username}:{password}\n", encoding="utf-8")
    storage = root / "collections"
    log = root / "radicale.log"
    port = _free_port()
    config = root / "config"
    config.write_text(
        "\n".join(
            [
                "[server]",
                f"hosts = 127.0.0.1:{port}",
                "[auth]",
                "type = htpasswd",
                f"htpasswd_filename = {users}",
                "htpasswd_encryption = plain",
                "delay = 0",
                "[rights]",
                "type = owner_only",
                "[storage]",
                f"filesystem_folder = {storage}",
                "[web]",
                "type = none",
                "[logging]",
                "level = warning",
                "",
            ]
        ),
        encoding="utf-8",
    )
    url = f"http://127.0.0.1:{port}/"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            _wait_until_answering(url, process, log)
            yield RadicaleServer(url, username, password, storage, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def unused_port() -> int:
    """A TCP port on 127.0.0.1 where nothing listens (to test an unreachable server)."""
    return _free_port()
