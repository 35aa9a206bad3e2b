"""The errors of checks: who may run a command, and where.

All are a ``CheckFailure``: direct messages only or never, the owner only, a role
or permissions the author or the bot lacks, an age-restricted channel, and
``check_any`` when every check said no."""

from __future__ import annotations

from collections.abc import Sequence
from types import GenericAlias
from typing import Any

from ...commands.checks import human_join, permission_words
from .errors_invoking import CommandError

__all__ = [
    "BotMissingAnyRole", "BotMissingPermissions", "BotMissingRole", "CheckAnyFailure",
    "CheckFailure", "MissingAnyRole", "MissingPermissions", "MissingRole",
    "NSFWChannelRequired", "NoPrivateMessage", "NotOwner", "PrivateMessageOnly",
]


class CheckFailure(CommandError):
    """A check said no."""


class CheckAnyFailure(CheckFailure):
    """Every check of a ``check_any`` said no (``errors``, one per check)."""

    def __class_getitem__(cls, params: Any) -> GenericAlias:
        # ``commands.CheckAnyFailure[Any]`` in typed code, as discord.py's generic one.
        return GenericAlias(cls, params)

    def __init__(self, checks: list[Any], errors: list[CheckFailure]) -> None:
        self.checks = checks
        self.errors = errors
        super().__init__("You do not have permission to run this command.")


class PrivateMessageOnly(CheckFailure):
    """Only usable in direct messages."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "This command can only be used in private messages.")


class NoPrivateMessage(CheckFailure):
    """Not usable in direct messages."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "This command cannot be used in private messages.")


class NotOwner(CheckFailure):
    """Only the bot's owner may use it."""


class MissingRole(CheckFailure):
    """The author lacks ``missing_role`` (an id or a name)."""

    def __init__(self, missing_role: Any) -> None:
        self.missing_role = missing_role
        super().__init__(f"Role {missing_role!r} is required to run this command.")


class BotMissingRole(CheckFailure):
    """The bot lacks ``missing_role``."""

    def __init__(self, missing_role: Any) -> None:
        self.missing_role = missing_role
        super().__init__(f"Bot requires the role {missing_role!r} to run this command")


def _quoted(roles: Sequence[Any]) -> str:
    return human_join([f"'{role}'" for role in roles])


class MissingAnyRole(CheckFailure):
    """The author has none of ``missing_roles``."""

    def __init__(self, missing_roles: list[Any]) -> None:
        self.missing_roles = missing_roles
        super().__init__("You are missing at least one of the required roles: "
                         f"{_quoted(missing_roles)}")


class BotMissingAnyRole(CheckFailure):
    """The bot has none of ``missing_roles``."""

    def __init__(self, missing_roles: list[Any]) -> None:
        self.missing_roles = missing_roles
        super().__init__("Bot is missing at least one of the required roles: "
                         f"{_quoted(missing_roles)}")


class NSFWChannelRequired(CheckFailure):
    """Only in an age-restricted channel."""

    def __init__(self, channel: Any) -> None:
        self.channel = channel
        super().__init__(f"Channel '{channel}' needs to be NSFW for this command to work.")


class MissingPermissions(CheckFailure):
    """The author lacks ``missing_permissions`` (permission names)."""

    def __init__(self, missing_permissions: list[str], *args: Any) -> None:
        self.missing_permissions = missing_permissions
        super().__init__(f"You are missing {permission_words(missing_permissions)} "
                         "permission(s) to run this command.", *args)


class BotMissingPermissions(CheckFailure):
    """The bot lacks ``missing_permissions``."""

    def __init__(self, missing_permissions: list[str], *args: Any) -> None:
        self.missing_permissions = missing_permissions
        super().__init__(f"Bot requires {permission_words(missing_permissions)} "
                         "permission(s) to run this command.", *args)
