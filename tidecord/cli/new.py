"""``tidecord new NAME``: a ready bot project, runnable on the sandbox and tested.

The files come from ``template/`` beside this module (``*.tmpl``, with ``$name``
and ``$version`` filled in; ``gitignore`` becomes ``.gitignore``).
"""

from __future__ import annotations

import re
import string
from importlib import resources
from pathlib import Path

from tidecord import __version__

from .errors import CLIError

__all__ = ["create_project"]

_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
#: Template file -> where it goes in the project.
FILES = {
    "bot.py.tmpl": "bot.py",
    "tests/test_bot.py.tmpl": "tests/test_bot.py",
    "pyproject.toml.tmpl": "pyproject.toml",
    "gitignore.tmpl": ".gitignore",
    "README.md.tmpl": "README.md",
}


def create_project(target: str) -> Path:
    """Write a new project into the folder ``target`` (which must not exist or be empty)."""
    folder = Path(target)
    name = folder.resolve().name
    if not _NAME.fullmatch(name):
        raise CLIError(f"{name!r} is not a project name: use letters, digits, '-', '_' and '.'")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise CLIError(f"{folder} already exists and is not an empty folder")
    values = {"name": name, "version": __version__}
    template = resources.files(__package__).joinpath("template")
    for source, destination in FILES.items():
        text = template.joinpath(source).read_text(encoding="utf-8")
        path = folder / destination
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(string.Template(text).substitute(values), encoding="utf-8")
    return folder
