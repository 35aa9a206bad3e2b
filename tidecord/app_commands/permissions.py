"""Who may use a command in a guild, as the guild's admins set it: what
``cmd.fetch_permissions(guild)`` returns and ``on_raw_app_command_permissions_update``
receives, as discord.py's.

::

    perms = await cmd.fetch_permissions(guild)   # NotFound (10066) while at the defaults
    for overwrite in perms.permissions:
        print(overwrite.type, overwrite.target, overwrite.permission)

Admins set these in Server Settings; a bot's token may read them but not set them.
"""

from __future__ import annotations

from typing import Any

from ..models import Guild, Member, Role, convert
from ..models.base import NamedEnum, enum_of
from ..models.command_permissions import (
    ApplicationCommandPermission,
    GuildApplicationCommandPermissions,
)
from ..models.object import Object

__all__ = [
    "AllChannels",
    "AppCommandPermissionType",
    "AppCommandPermissions",
    "GuildAppCommandPermissions",
    "RawAppCommandPermissionsUpdateEvent",
]


class AppCommandPermissionType(NamedEnum):
    """What an overwrite is for."""

    role = 1
    user = 2
    channel = 3


class AllChannels:
    """Every channel of ``guild``, as a command permission's target: its ``id`` is the
    guild's id less one, the sentinel Discord uses for "all channels"."""

    __slots__ = ("guild",)

    def __init__(self, guild: Any) -> None:
        self.guild = guild

    @property
    def id(self) -> int:
        """The guild's id less one."""
        return int(self.guild.id) - 1

    def __repr__(self) -> str:
        return f"<AllChannels guild={self.guild}>"


def _guild(state: Any, guild_id: int) -> Any:
    """The cached guild, or an :class:`Object` standing for one the client does not know."""
    cache = getattr(state, "cache", None)
    guild = cache.guilds.get(guild_id) if cache is not None else None
    return guild if guild is not None else Object(id=guild_id, type=Guild)


def _permission(data: Any) -> ApplicationCommandPermission:
    if isinstance(data, ApplicationCommandPermission):
        return data
    return convert(data, ApplicationCommandPermission)


class AppCommandPermissions:
    """One overwrite of a command in a guild.

    ``target`` is the cached role, member (or user), channel or :class:`AllChannels`
    it names, else an :class:`~tidecord.Object` of its id (typed ``Member`` or
    ``Role`` where the kind says so). ``permission`` is ``True`` to allow.
    """

    __slots__ = ("_state", "guild", "id", "permission", "target", "type")

    def __init__(self, *, data: Any, guild: Any, state: Any) -> None:
        parsed = _permission(data)
        self._state = state
        self.guild = guild
        self.id = int(parsed.id)
        self.type = enum_of(AppCommandPermissionType, parsed.type)
        self.permission: bool = parsed.permission
        self.target: Any = self._target()

    def _target(self) -> Any:
        guild = self.guild
        found: Any = None
        kind: type[Any] | None = None
        if self.type == AppCommandPermissionType.user:
            cache = getattr(self._state, "cache", None)
            found = _lookup(guild, "get_member", self.id) or (
                cache.get_user(self.id) if cache is not None else None)
            kind = Member
        elif self.type == AppCommandPermissionType.channel:
            found = (AllChannels(guild) if self.id == int(guild.id) - 1
                     else _lookup(guild, "get_channel", self.id))
        elif self.type == AppCommandPermissionType.role:
            found, kind = _lookup(guild, "get_role", self.id), Role
        return found if found is not None else Object(id=self.id, type=kind)

    def to_dict(self) -> dict[str, Any]:
        """The overwrite as Discord takes it."""
        return {"id": self.target.id, "type": int(self.type), "permission": self.permission}

    def __repr__(self) -> str:
        return (f"<AppCommandPermissions id={self.id} type={self.type!r} guild={self.guild!r} "
                f"permission={self.permission}>")


def _lookup(guild: Any, getter: str, target_id: int) -> Any:
    # A guild the client does not know is an Object: nothing in it to find.
    get = getattr(guild, getter, None)
    return get(target_id) if get is not None else None


def _overwrites(data: Any, guild: Any, state: Any) -> list[AppCommandPermissions]:
    return [AppCommandPermissions(data=p, guild=guild, state=state) for p in data.permissions]


def _record(data: Any) -> GuildApplicationCommandPermissions:
    if isinstance(data, GuildApplicationCommandPermissions):
        return data
    return convert(data, GuildApplicationCommandPermissions)


class GuildAppCommandPermissions:
    """A command's overwrites in a guild (``id`` is the application's own id for those
    every command without its own follows), as ``cmd.fetch_permissions(guild)`` returns."""

    __slots__ = ("_state", "application_id", "command", "guild_id", "id", "permissions")

    def __init__(self, *, data: Any, state: Any, command: Any) -> None:
        parsed = _record(data)
        self._state = state
        self.command = command
        self.id = int(parsed.id)
        self.application_id = int(parsed.application_id)
        self.guild_id = int(parsed.guild_id)
        self.permissions: list[AppCommandPermissions] = _overwrites(parsed, self.guild, state)

    @property
    def guild(self) -> Any:
        """The guild the overwrites are in."""
        return _guild(self._state, self.guild_id)

    def to_dict(self) -> dict[str, Any]:
        """The overwrites as Discord takes them."""
        return {"permissions": [p.to_dict() for p in self.permissions]}

    def __repr__(self) -> str:
        return (f"<GuildAppCommandPermissions id={self.id!r} guild_id={self.guild_id!r} "
                f"permissions={self.permissions!r}>")


class RawAppCommandPermissionsUpdateEvent:
    """APPLICATION_COMMAND_PERMISSIONS_UPDATE: an admin changed a command's overwrites
    (``on_raw_app_command_permissions_update``). ``target_id`` is the command's id, or
    the application's for the overwrites every command without its own follows."""

    __slots__ = ("application_id", "guild", "permissions", "target_id")

    def __init__(self, *, data: Any, state: Any) -> None:
        parsed = _record(data)
        self.target_id = int(parsed.id)
        self.application_id = int(parsed.application_id)
        self.guild = _guild(state, int(parsed.guild_id))
        self.permissions: list[AppCommandPermissions] = _overwrites(parsed, self.guild, state)

    def __repr__(self) -> str:
        return (f"<RawAppCommandPermissionsUpdateEvent target_id={self.target_id!r} "
                f"application_id={self.application_id!r} guild={self.guild!r} "
                f"permissions={self.permissions!r}>")
