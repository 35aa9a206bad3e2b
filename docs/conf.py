"""Sphinx configuration for tidecord's documentation (``make docs``).

Sphinx, because the library's docstrings are reStructuredText (``:class:`` roles,
``::`` blocks) that autodoc renders as written; the pages themselves are Markdown
(MyST), like the README. Built with ``-W``: a warning is an error.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # document this checkout, whatever is installed

import tidecord  # noqa: E402

project = "tidecord"
release = version = tidecord.__version__
copyright = "the tidecord authors"

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.viewcode"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = f"tidecord {release}"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
# Types named in signatures that Sphinx cannot link without the internet (no intersphinx):
# they are shown as text.
nitpicky = False
suppress_warnings = ["myst.xref_missing"]
