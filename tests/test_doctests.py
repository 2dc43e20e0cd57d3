"""Every example in the package's docstrings runs and shows what it claims."""

import doctest
import importlib
import pkgutil

import pytest

import actionplan

MODULES = [
    "actionplan",
    *sorted(info.name for info in pkgutil.walk_packages(actionplan.__path__, "actionplan.")),
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """The module's doctests pass."""
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
