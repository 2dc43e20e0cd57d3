"""The wheel and the source distribution hold what they must, and nothing else.

The builds run with ``python -m build --no-isolation`` (no network): they need the
``build`` front end and the ``hatchling`` back end installed beside the tests, and
are skipped, saying so, where either is missing.
"""

from __future__ import annotations

import email.parser
import importlib.util
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from actionplan._version import __version__
from actionplan.cli.schemas import OUTPUTS

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "src" / "actionplan"

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("build") is None or importlib.util.find_spec("hatchling") is None,
    reason="building needs the 'build' and 'hatchling' packages (pip install build hatchling)",
)


def _build(kind: str, out: Path) -> Path:
    """Build the ``--wheel`` or ``--sdist`` of the source tree into ``out``."""
    subprocess.run(
        [sys.executable, "-m", "build", kind, "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    (built,) = out.iterdir()
    return built


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    return zipfile.ZipFile(_build("--wheel", tmp_path_factory.mktemp("wheel")))


@pytest.fixture(scope="module")
def sdist_names(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    with tarfile.open(_build("--sdist", tmp_path_factory.mktemp("sdist"))) as archive:
        return archive.getnames()


def test_the_wheel_holds_the_package_data(wheel: zipfile.ZipFile) -> None:
    """py.typed, the plan schema, the report templates and the output schemas ship."""
    names = set(wheel.namelist())
    templates = {
        f"actionplan/reports/templates/{p.name}"
        for p in (PACKAGE / "reports" / "templates").iterdir()
        if p.is_file()
    }
    assert templates
    expected = {
        "actionplan/py.typed",
        "actionplan/files/plan.schema.json",
        *templates,
        *(f"actionplan/cli/schemas/{name}.json" for name in OUTPUTS),
    }
    assert expected <= names, sorted(expected - names)


def test_the_wheel_holds_every_module_and_nothing_compiled(wheel: zipfile.ZipFile) -> None:
    """Every module of the source tree is in the wheel; no bytecode or cache is."""
    names = set(wheel.namelist())
    modules = {
        "actionplan/" + p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert modules <= names, sorted(modules - names)
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".pyo"))]


def test_the_wheel_metadata(wheel: zipfile.ZipFile) -> None:
    """The version is _version.py's; the metadata names the project, its licence, its
    URLs, its Python versions and the console script, and carries the README."""
    dist_info = f"actionplan-{__version__}.dist-info"
    metadata = email.parser.Parser().parsestr(wheel.read(f"{dist_info}/METADATA").decode())
    assert metadata["Name"] == "actionplan"
    assert metadata["Version"] == __version__
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata["Description-Content-Type"] == "text/markdown"
    urls = {value.split(",")[0] for value in metadata.get_all("Project-URL") or []}
    assert {"Documentation", "Source", "Changelog", "Issues"} <= urls
    assert "Typing :: Typed" in (metadata.get_all("Classifier") or [])
    assert metadata.get_payload().strip() == (ROOT / "README.md").read_text("utf-8").strip()
    scripts = wheel.read(f"{dist_info}/entry_points.txt").decode()
    assert "actionplan = actionplan.cli.main:main" in scripts
    assert f"{dist_info}/licenses/LICENSE" in wheel.namelist()


def test_the_sdist_holds_the_sources_and_no_clutter(sdist_names: list[str]) -> None:
    """The sdist holds the sources, tests, docs and examples, and no cache, virtual
    environment, node_modules or build output."""
    top = f"actionplan-{__version__}/"
    names = {name.removeprefix(top) for name in sdist_names}
    for needed in (
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "src/actionplan/py.typed",
        "src/actionplan/cli/schemas/status.json",
        "tests/test_packaging.py",
        "examples/reference/plan.yaml",
    ):
        assert needed in names
    clutter = (
        "__pycache__",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
        "node_modules",
        "_build",
    )
    found = [n for n in names if set(Path(n).parts) & set(clutter)]
    found += [n for n in names if any(p.startswith(".venv") for p in Path(n).parts)]
    found += [n for n in names if n.endswith((".pyc", ".pyo"))]
    assert not found, found[:10]
