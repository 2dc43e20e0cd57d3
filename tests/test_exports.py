"""The public API: everything in ``__all__`` is importable, and nothing public is missing."""

import importlib
import pkgutil

import pytest

import actionplan


def test_all_has_no_duplicates() -> None:
    """Each name is listed once (ruff's RUF022 keeps the list sorted)."""
    assert len(actionplan.__all__) == len(set(actionplan.__all__))


def test_all_matches_export_table() -> None:
    """``__all__`` lists exactly the names of the lazy export table."""
    assert set(actionplan.__all__) == {*actionplan._EXPORTS, "__version__"}


def test_every_export_resolves() -> None:
    """Each name in ``__all__`` resolves to an object defined where the table says."""
    for name in actionplan.__all__:
        assert getattr(actionplan, name) is not None, name


def test_exports_come_from_module_all() -> None:
    """Each exported name is public in its own module (listed in that module's __all__)."""
    for name, module_name in actionplan._EXPORTS.items():
        module = importlib.import_module(module_name)
        assert name in getattr(module, "__all__", ()), f"{module_name}.__all__ lacks {name}"


def test_unknown_attribute() -> None:
    """A missing name raises AttributeError, as for any module."""
    with pytest.raises(AttributeError, match="no_such_name"):
        actionplan.no_such_name  # noqa: B018


def test_every_module_imports() -> None:
    """Every module of the package imports (no module is left broken)."""
    for info in pkgutil.walk_packages(actionplan.__path__, "actionplan."):
        importlib.import_module(info.name)
