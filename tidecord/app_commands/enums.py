"""The kinds of application commands and of their options."""

from __future__ import annotations

from ..models.base import NamedEnum

__all__ = ["AppCommandOptionType", "AppCommandType"]


class AppCommandType(NamedEnum):
    """A slash command (``chat_input``) or a context menu on a ``user`` or ``message``."""

    chat_input = 1
    user = 2
    message = 3


class AppCommandOptionType(NamedEnum):
    """What an option takes."""

    subcommand = 1
    subcommand_group = 2
    string = 3
    integer = 4
    boolean = 5
    user = 6
    channel = 7
    role = 8
    mentionable = 9
    number = 10
    attachment = 11

    def is_argument(self) -> bool:
        """Whether it is a value (not a subcommand or a group)."""
        return 3 <= self.value <= 11
