"""The styles and kinds components take, by discord.py's names (exported at the top level)."""

from __future__ import annotations

import enum

from ..models.base import NamedEnum

__all__ = ["ButtonStyle", "SelectDefaultValueType", "SeparatorSpacing", "TextStyle"]


class ButtonStyle(NamedEnum):
    """How a button looks (``link`` buttons open a URL, ``premium`` ones a SKU)."""

    primary = 1
    secondary = 2
    success = 3
    danger = 4
    link = 5
    premium = 6

    # discord.py's aliases
    blurple = 1
    grey = 2
    gray = 2
    green = 3
    red = 4
    url = 5


class TextStyle(NamedEnum):
    """A text input on one line (``short``) or several (``paragraph``, ``long``)."""

    short = 1
    paragraph = 2
    long = 2


class SeparatorSpacing(NamedEnum):
    """The space a separator leaves."""

    small = 1
    large = 2


class SelectDefaultValueType(enum.Enum):
    """What a select's default value names."""

    user = "user"
    role = "role"
    channel = "channel"
