"""The public API: everything in ``__all__`` is importable, and nothing public is missing."""

import importlib
import pkgutil

import actionplan


def test_all_is_sorted() -> None:
    """``__all__`` is kept sorted so diffs stay readable."""
    assert actionplan.__all__ == sorted(actionplan.__all__)


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
    try:
        actionplan.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_every_module_imports() -> None:
    """Every module of the package imports (no module is left broken)."""
    for info in pkgutil.walk_packages(actionplan.__path__, "actionplan."):
        importlib.import_module(info.name)
