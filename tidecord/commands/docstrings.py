"""Parameter descriptions read from a command's docstring, in the three usual styles.

numpy (a ``Parameters`` heading underlined with dashes, then ``name : type`` and an
indented description), Google (``Args:`` then ``name (type): description``) and
Sphinx (``:param name: description``). Prefix commands read the numpy style and keep
the text above its heading as the command's help; slash commands (hybrid ones too)
read all three, and :func:`shorten` what they show to Discord's 100 characters.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Collection
from typing import Final

__all__ = ["fold", "numpy_sections", "parameter_descriptions", "shorten"]

_NAME: Final = r"(?:\\?\*){0,2}(?P<name>\w+)"
# Up to the end, or up to a line that starts with something other than space.
_DESCRIPTION: Final = r"(?P<description>(?:.|\n)+?(?:\Z|\r?\n(?=[\S\r\n])))"
_NUMPY: Final = re.compile(
    rf"^{_NAME}(?:[ \t]*:)?(?:[ \t]+.+)?[ \t]*\r?\n[ \t]+{_DESCRIPTION}", re.MULTILINE)
_GOOGLE: Final = re.compile(
    rf"^{_NAME}[ \t]*(?:\(.+\))?[ \t]*:[ \t]*{_DESCRIPTION}", re.MULTILINE)
_SPHINX: Final = re.compile(rf"^:param {_NAME}:[ \t]+{_DESCRIPTION}", re.MULTILINE)
_NUMPY_HEADING: Final = re.compile(r"Parameters?\n---+\n", re.I)


def fold(text: str) -> str:
    """Single line breaks become spaces; runs of them, one paragraph break."""
    return re.sub(r"\n+", lambda m: " " if len(m.group()) == 1 else "\n", inspect.cleandoc(text))


def numpy_sections(doc: str) -> tuple[str, dict[str, str]]:
    """``(text above the Parameters heading, {name: description})``; the whole docstring
    and no descriptions when there is no such heading."""
    parts = _NUMPY_HEADING.split(doc, 1)
    if len(parts) == 1:
        return doc, {}
    above, section = parts
    found: dict[str, str] = {}
    for match in _NUMPY.finditer(section):  # a name described twice: the first counts
        found.setdefault(match.group("name"), fold(match.group("description")))
    return fold(above.strip()), found


def parameter_descriptions(doc: str | None, names: Collection[str]) -> dict[str, str]:
    """Descriptions of ``names`` from a docstring in any of the three styles."""
    if not doc:
        return {}
    # Google style: only indented lines are argument entries.
    indented = inspect.cleandoc("\n".join(line for line in doc.splitlines()
                                          if line.startswith("  ")))
    found: dict[str, str] = {}
    for matches in (_GOOGLE.finditer(indented), _SPHINX.finditer(doc), _NUMPY.finditer(doc)):
        for match in matches:
            if match.group("name") in names:
                found[match.group("name")] = match.group("description")
    return found


_SHORT: Final = textwrap.TextWrapper(width=100, max_lines=1, replace_whitespace=True,
                                     placeholder="…")


def shorten(text: str) -> str:
    """The first paragraph of ``text`` on one line, cut at a word to fit Discord's 100
    characters (ending in "…" when cut): a slash command's or option's description."""
    first = re.split(r"\n\s*\n", text, maxsplit=1)[0]
    return _SHORT.fill(" ".join(first.split()))
