"""Sphinx configuration: Markdown pages (MyST), the API from docstrings (autodoc),
the command line from the click commands themselves (sphinx-click), the furo theme.

Build the docs, warnings as errors, as CI does (``tests/test_docs.py``)::

    sphinx-build -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import sys
from pathlib import Path

# Document the source tree next to this folder, installed or not.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import actionplan

project = "actionplan"
author = "actionplan developers"
copyright = "actionplan developers"
release = actionplan.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "sphinx_click",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
language = "en"

# -- MyST ------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- autodoc ---------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autodoc_class_signature = "mixed"
python_maximum_signature_line_length = 90
add_module_names = False

# -- HTML ------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"actionplan {release}"
html_short_title = "actionplan"
html_copy_source = False
html_show_sourcelink = False
pygments_style = "sphinx"
