"""What can go wrong with application commands, by discord.py's names.

Checks raise :class:`CheckFailure` (or a subclass naming what was missing);
a callback's own exception arrives wrapped in :class:`CommandInvokeError`; every
one of them reaches the command's ``@error`` handler, its group's ``on_error``,
then the tree's ``on_error`` (which logs it unless a handler exists).
"""

from __future__ import annotations

from typing import Any

from ..commands.checks import human_join, permission_words
from ..rest import DiscordException, HTTPException
from .enums import AppCommandOptionType, AppCommandType

__all__ = [
    "AppCommandError",
    "BotMissingPermissions",
    "CheckFailure",
    "CommandAlreadyRegistered",
    "CommandInvokeError",
    "CommandLimitReached",
    "CommandNotFound",
    "CommandOnCooldown",
    "CommandSignatureMismatch",
    "CommandSyncFailure",
    "MissingAnyRole",
    "MissingApplicationID",
    "MissingPermissions",
    "MissingRole",
    "NoPrivateMessage",
    "TransformerError",
    "TranslationError",
]


class AppCommandError(DiscordException):
    """The base of every application command error."""


class CommandInvokeError(AppCommandError):
    """The callback raised ``original``."""

    def __init__(self, command: Any, e: Exception) -> None:
        self.original = e
        self.command = command
        super().__init__(f"Command {command.name!r} raised an exception: "
                         f"{type(e).__name__}: {e}")


class TransformerError(AppCommandError):
    """A value could not be converted (a member not in the guild, a bad value...)."""

    def __init__(self, value: Any, opt_type: AppCommandOptionType, transformer: Any) -> None:
        self.value = value
        self.type = opt_type
        self.transformer = transformer
        name = getattr(transformer, "_error_display_name", type(transformer).__name__)
        super().__init__(f"Failed to convert {value} to {name!s}")


class TranslationError(AppCommandError):
    """A :class:`Translator` failed."""

    def __init__(self, *msg: str, string: Any = None, locale: Any = None,
                 context: Any = None) -> None:
        self.string, self.locale, self.context = string, locale, context
        if msg:
            super().__init__(*msg)
        else:
            super().__init__(f"Failed to translate {string!r} to {locale!r}")


class CheckFailure(AppCommandError):
    """A check said no."""


class NoPrivateMessage(CheckFailure):
    """The command is for guilds only."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "This command cannot be used in direct messages.")


class MissingRole(CheckFailure):
    """The user lacks a role (``missing_role``: its id or name)."""

    def __init__(self, missing_role: Any) -> None:
        self.missing_role = missing_role
        super().__init__(f"Role {missing_role!r} is required to run this command.")


class MissingAnyRole(CheckFailure):
    """The user has none of ``missing_roles``."""

    def __init__(self, missing_roles: list[Any]) -> None:
        self.missing_roles = missing_roles
        super().__init__("You are missing at least one of the required roles: "
                         + human_join([f"'{r}'" for r in missing_roles]))


class MissingPermissions(CheckFailure):
    """The user lacks ``missing_permissions`` (names)."""

    def __init__(self, missing_permissions: list[str], *args: Any) -> None:
        self.missing_permissions = missing_permissions
        super().__init__(f"You are missing {permission_words(missing_permissions)} "
                         "permission(s) to run this command.", *args)


class BotMissingPermissions(CheckFailure):
    """The bot lacks ``missing_permissions`` (names)."""

    def __init__(self, missing_permissions: list[str], *args: Any) -> None:
        self.missing_permissions = missing_permissions
        super().__init__(f"Bot requires {permission_words(missing_permissions)} "
                         "permission(s) to run this command.", *args)


class CommandOnCooldown(CheckFailure):
    """Used too often: try again in ``retry_after`` seconds."""

    def __init__(self, cooldown: Any, retry_after: float) -> None:
        self.cooldown = cooldown
        self.retry_after = retry_after
        super().__init__(f"You are on cooldown. Try again in {retry_after:.2f}s")


class CommandAlreadyRegistered(AppCommandError):
    """A command of that name is already in the tree (pass ``override=True``)."""

    def __init__(self, name: str, guild_id: int | None) -> None:
        self.name, self.guild_id = name, guild_id
        super().__init__(f"Command {name!r} already registered.")


class CommandNotFound(AppCommandError):
    """Discord sent a command the tree does not have (its commands are out of sync)."""

    def __init__(self, name: str, parents: list[str],
                 type: AppCommandType = AppCommandType.chat_input) -> None:
        self.name, self.parents, self.type = name, parents, type
        super().__init__(f"Application command {name!r} not found")


class CommandLimitReached(AppCommandError):
    """Too many commands: 100 slash commands, 5 of each context menu kind, per scope."""

    def __init__(self, guild_id: int | None, limit: int,
                 type: AppCommandType = AppCommandType.chat_input) -> None:
        self.guild_id, self.limit, self.type = guild_id, limit, type
        what = {1: "slash commands", 2: "user context menu commands",
                3: "message context menu commands"}[int(type)]
        where = "globally" if guild_id is None else "for guild ID " + str(guild_id)
        super().__init__(f"maximum number of {what} exceeded {limit} {where}")


class CommandSignatureMismatch(AppCommandError):
    """What Discord sent does not match the command in code: sync the tree."""

    def __init__(self, command: Any) -> None:
        self.command = command
        super().__init__(
            f"The signature for command {command.name!r} is different from the one provided "
            "by Discord. This can happen because either your code is out of date or you have "
            "not synced the commands with Discord, causing the mismatch in data. It is "
            "recommended to sync the command tree to fix this issue.")


class MissingApplicationID(AppCommandError):
    """The client has no application id yet (log in first)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "The client does not have an application ID set. "
                         "Log in (or set application_id) before syncing.")


class CommandSyncFailure(AppCommandError, HTTPException):
    """Discord refused the commands (a 400): ``errors`` names the bad fields; the
    message names them by command, function and parameter, in discord.py's words."""

    def __init__(self, child: HTTPException, commands: list[Any]) -> None:
        self.__dict__.update(child.__dict__)
        self.commands = commands
        lines = [f"Failed to upload commands to Discord (HTTP status {self.status}, "
                 f"error code {self.code})"]
        errors = self.errors
        if set(errors) == {"_errors"}:  # about the whole list, e.g. too large
            said = [e for e in errors["_errors"] if isinstance(e, dict)]
            if len(said) == 1 and said[0].get("message"):
                lines[0] += f": {said[0]['message']}"
            elif len(said) > 1:
                lines += [f"Error {e.get('code', '')}: {e.get('message', '')}" for e in said]
        else:
            for index, inner in errors.items():
                _refused(index, inner, commands, lines, 0)
        Exception.__init__(self, "\n".join(lines))


def _fields(tree: dict[str, Any], prefix: str) -> dict[str, str]:
    """``{"a.b": "message message"}`` from Discord's nested error tree."""
    out: dict[str, str] = {}
    for key, value in tree.items():
        at = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and isinstance(value.get("_errors"), list):
            out[at] = " ".join(str(e.get("message", "")) for e in value["_errors"])
        elif isinstance(value, dict):
            out.update(_fields(value, at))
        else:
            out[at] = value
    return out


def _refused(index: str, inner: Any, objects: Any, lines: list[str], indent: int) -> None:
    """Lines for what Discord refused in ``objects[index]`` (a command, group, context
    menu or parameter), its options' lines indented under it."""
    from .commands import Command, ContextMenu  # they raise errors of this module
    from .group import Group

    pad = " " * indent
    objects = list(objects)
    if not index.isdigit() or int(index) >= len(objects):
        # Not one of ours (a field of the list, or past its end): the fields as they are.
        pad = pad if not index.isdigit() else " " * max(indent - 2, 0)
        lines += [f"{pad}In {k}: {v}" for k, v in _fields(inner, index).items()]
        return
    obj = objects[int(index)]
    children: Any = ()
    if isinstance(obj, Command):
        lines.append(f"{pad}In command {obj.qualified_name!r} defined in function "
                     f"{obj.callback.__qualname__!r}")
        children = obj.parameters
    elif isinstance(obj, Group):
        lines.append(f"{pad}In group {obj.qualified_name!r} defined in module {obj.module!r}")
        children = obj.commands
    elif isinstance(obj, ContextMenu):
        lines.append(f"{pad}In context menu {obj.qualified_name!r} defined in function "
                     f"{obj.callback.__qualname__!r}")
    else:
        lines.append(f"{pad}In parameter {obj.name!r}")
    for key, rest in inner.items():
        if key == "options" and isinstance(rest, dict):
            for child, below in rest.items():
                _refused(child, below, children, lines, indent + 2)
        elif key == "_errors":
            lines += [f"{pad}  {e.get('message', '')}" for e in rest]
        elif isinstance(rest, dict):
            lines += [f"{pad}  {k}: {v}" for k, v in _fields({key: rest}, "").items()]

