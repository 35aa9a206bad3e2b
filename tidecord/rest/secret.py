"""A string that keeps its value out of reprs: for the bot token and its header."""

from __future__ import annotations

from typing import Any

from ..models.base import register_wire_type

__all__ = ["Secret", "hide"]


class Secret(str):
    """Works as the string it holds, but ``repr`` shows ``'<hidden>'``.

    So ``vars(client)``, a header dict, or a traceback that prints local variables
    never shows the token. ``str()``, formatting and encoding still give the value.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "'<hidden>'"


def hide(value: Any) -> Any:
    """``value`` as a :class:`Secret` when it is a string, else unchanged."""
    return Secret(value) if isinstance(value, str) and not isinstance(value, Secret) else value


# Identify and Resume carry the token: encode it as the plain string it is.
register_wire_type(Secret, decode=Secret, encode=str)
