"""Fixtures shared by the test modules.

Each section below belongs to the tests that use it; keep them separate.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------
# A real CalDAV server (Radicale), for tests/test_caldav_sync.py: the fixtures
# ``radicale_server`` (session-wide) and ``unused_port``, defined in
# tests/conftest_radicale.py (a module of its own, so that tests can import its
# RadicaleServer class: several folders have a conftest.py, and ``import conftest``
# would find whichever was loaded last).
# --------------------------------------------------------------------------------------
from conftest_radicale import radicale_server, unused_port

__all__ = ["radicale_server", "unused_port"]

# --------------------------------------------------------------------------------------
# End of the Radicale section
# --------------------------------------------------------------------------------------

# --------------------------------------------------------------------------------------
# The cache of parsed plans (actionplan.files.cache): the command line reads plans
# through it, in the user's cache folder. Every test gets a folder of its own instead,
# so that tests never write to the real one nor see each other's entries.
# --------------------------------------------------------------------------------------
import pytest


@pytest.fixture(autouse=True)
def _plan_cache_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


# --------------------------------------------------------------------------------------
# End of the plan cache section
# --------------------------------------------------------------------------------------
