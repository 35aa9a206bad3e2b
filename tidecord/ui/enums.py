"""The styles and kinds components take, by discord.py's names (exported at the top level).

They live with the models (:mod:`tidecord.models.component_parts`): a message's
components read as them too.
"""

from __future__ import annotations

from ..models.component_parts import (
    ButtonStyle,
    SelectDefaultValueType,
    SeparatorSpacing,
    TextStyle,
)

__all__ = ["ButtonStyle", "SelectDefaultValueType", "SeparatorSpacing", "TextStyle"]
