"""Application command permissions: the overwrites an admin sets on the bot's commands
in a guild (Server Settings > Integrations, or a dashboard holding their Bearer token).

A bot only reads them (its token is refused on the PUT, see ``rest/commands.py``);
:meth:`CommandPermissionOps.set_command_permissions` is how a test or the world acts
as that admin. Each change sends APPLICATION_COMMAND_PERMISSIONS_UPDATE, which needs
no intent. An empty list puts the command back to its defaults, after which Discord
answers 10066 for it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from tidecord.models import UNSET, Permissions, Snowflake, User, convert
from tidecord.models.command_permissions import (
    ApplicationCommandPermission,
    GuildApplicationCommandPermissions,
)

from ..clock import Clock
from ..world import World
from .core import StateCore, StateError

__all__ = ["CommandPermissionOps"]

#: What the admin needs in the guild, as Discord asks of a Bearer token's user.
_ADMIN: Final[int] = Permissions.manage_guild | Permissions.manage_roles
MAX_OVERWRITES: Final = 100


class CommandPermissionOps(StateCore):
    """The overwrites on the application's commands, per guild."""

    def __init__(self, world: World, clock: Clock) -> None:
        super().__init__(world, clock)
        # guild id -> command id (or the application's id) -> its overwrites there
        self.command_permissions: dict[int, dict[int, GuildApplicationCommandPermissions]] = {}

    def command_permissions_of(self, guild_id: int,
                               target_id: int) -> GuildApplicationCommandPermissions:
        """A command's overwrites in the guild; 10066 while it has none."""
        found = self.command_permissions.get(int(guild_id), {}).get(int(target_id))
        if found is None:
            raise StateError(10066, "Unknown application command permissions", 404)
        return found

    def guild_command_permissions(self, guild_id: int) -> list[GuildApplicationCommandPermissions]:
        """Every command's overwrites in the guild, of the commands that have some."""
        return list(self.command_permissions.get(int(guild_id), {}).values())

    def set_command_permissions(
        self, guild_id: int, command_id: int,
        permissions: Iterable[ApplicationCommandPermission | dict[str, Any]],
        *, by: int | str | User,
    ) -> GuildApplicationCommandPermissions:
        """Replace a command's overwrites in the guild as the admin ``by`` does;
        ``command_id`` may be the application's id (the overwrites every command without
        its own follows). Each permission is ``{"id", "type" (1 role, 2 user, 3 channel),
        "permission"}``.

        10004 for an unknown guild, 50013 unless ``by`` may manage the server and its
        roles, 10063 for a command that is not the application's here, 50035 past 100
        overwrites or for an unknown type.
        """
        gid = int(self.guild(guild_id).id)
        admin = self.user(by)
        if self.permissions_in_guild(gid, admin.id) & _ADMIN != _ADMIN:
            raise StateError(50013, "Missing Permissions", 403)
        target = int(command_id)
        app_id = int(self.application.id)
        if target != app_id and not any(
                c.id == target and c.guild_id in (UNSET, gid)
                for c in self.commands.values()):
            raise StateError(10063, "Unknown application command", 404)
        entries = [p if isinstance(p, ApplicationCommandPermission)
                   else convert(p, ApplicationCommandPermission) for p in permissions]
        if len(entries) > MAX_OVERWRITES or any(p.type not in (1, 2, 3) for p in entries):
            raise StateError(50035, "Invalid Form Body")
        record = GuildApplicationCommandPermissions(
            id=Snowflake(target), application_id=Snowflake(app_id), guild_id=Snowflake(gid),
            permissions=entries)
        kept = self.command_permissions.setdefault(gid, {})
        if entries:
            kept[target] = record
        else:
            kept.pop(target, None)
        self.emit("APPLICATION_COMMAND_PERMISSIONS_UPDATE", record, guild_id=gid)
        return record
