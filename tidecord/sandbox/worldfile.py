"""The world file's shape, declared once, so a wrong file is refused with what is wrong.

``{"foo": 1}`` is not a world: without a declared shape it loaded as an empty one and
the sandbox started with no guild at all. :func:`check_world_spec` refuses unknown
keys and wrong types with the path to them (``$.guilds[0].channels[1]``), and
names that refer to nothing (a member who is not among the users, a parent channel
that does not exist). The format itself is described in :mod:`tidecord.sandbox.world`.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

__all__ = ["WorldFileError", "check_world_spec"]

Permissions = int | str | list[str]


class WorldFileError(ValueError):
    """A world description that cannot be loaded; the message says where and why."""


class _Spec(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    pass


class _Team(_Spec):
    name: str
    owner: str
    # Each other member's role in the team, by username.
    members: dict[str, Literal["admin", "developer", "read_only"]] = {}


class _Application(_Spec):
    name: str | None = None
    privileged_intents: list[str] | None = None
    # A team owns the application instead of its first user.
    team: _Team | None = None


class _Bot(_Spec):
    username: str | None = None


class _User(_Spec):
    username: str
    global_name: str | None = None


class _Role(_Spec):
    name: str
    permissions: Permissions = 0
    color: int = 0
    hoist: bool = False
    mentionable: bool = False


class _Overwrite(_Spec):
    role: str | None = None
    user: str | None = None
    allow: Permissions = 0
    deny: Permissions = 0


class _Channel(_Spec):
    name: str
    type: int = 0
    parent: str | None = None
    topic: str | None = None
    nsfw: bool = False
    overwrites: list[_Overwrite] = []


class _Member(_Spec):
    user: str
    roles: list[str] = []
    nick: str | None = None


class _Emoji(_Spec):
    name: str
    animated: bool = False


class _Sticker(_Spec):
    name: str
    emoji: str = "smile"
    format_type: int = 1


class _Guild(_Spec):
    name: str
    owner: str | None = None
    bot_permissions: Permissions | None = None
    roles: list[_Role] = []
    channels: list[_Channel] = []
    members: list[str | _Member] = []
    emojis: list[str | _Emoji] = []
    stickers: list[str | _Sticker] = []
    features: list[str] = []


_SKU_FLAGS = {"available", "guild_subscription", "user_subscription"}
_PRIVILEGED_INTENTS = {"GUILD_PRESENCES", "GUILD_MEMBERS", "MESSAGE_CONTENT"}


class _SKU(_Spec):
    name: str
    type: Literal["durable", "consumable", "subscription"] = "durable"
    slug: str | None = None
    flags: list[str] | None = None


class _World(_Spec):
    seed: int = 0
    application: _Application | None = None
    bot: _Bot | None = None
    users: list[str | _User] = []
    guilds: list[_Guild] = []
    skus: list[str | _SKU] = []


def check_world_spec(data: Any) -> None:
    """Raise :class:`WorldFileError` unless ``data`` is a world description."""
    try:
        world = msgspec.convert(data, _World)
    except msgspec.ValidationError as exc:
        message = str(exc).replace("Object contains unknown field", "unknown key")
        if " - at " not in message:  # msgspec names no path for the top level
            message += f" (a world file has: {', '.join(_World.__struct_fields__)})"
        raise WorldFileError(message) from None
    users = {u if isinstance(u, str) else u.username for u in world.users}
    for name in (world.application.privileged_intents or []) if world.application else []:
        _known(name, _PRIVILEGED_INTENTS, "privileged intent", "$.application.privileged_intents")
    team = world.application.team if world.application else None
    if team is not None:
        _known(team.owner, users, "user", "$.application.team.owner")
        for name in team.members:
            _known(name, users, "user", "$.application.team.members")
    for si, sku in enumerate(world.skus):
        for flag in [] if isinstance(sku, str) else sku.flags or []:
            _known(flag, _SKU_FLAGS, "SKU flag", f"$.skus[{si}].flags")
    for gi, guild in enumerate(world.guilds):
        where = f"$.guilds[{gi}] ({guild.name!r})"
        roles = {r.name for r in guild.roles} | {"@everyone"}
        channels: set[str] = set()
        _known(guild.owner, users, "user", f"{where}.owner")
        for ci, channel in enumerate(guild.channels):
            _known(channel.parent, channels, "channel", f"{where}.channels[{ci}].parent")
            channels.add(channel.name)
            for oi, overwrite in enumerate(channel.overwrites):
                at = f"{where}.channels[{ci}].overwrites[{oi}]"
                if (overwrite.role is None) == (overwrite.user is None):
                    raise WorldFileError(f"an overwrite needs a role or a user, not both - at {at}")
                _known(overwrite.role, roles, "role", at)
                bot = world.bot.username if world.bot and world.bot.username else "SandboxBot"
                _known(overwrite.user, users | {bot}, "user", at)
        for mi, member in enumerate(guild.members):
            spec = _Member(user=member) if isinstance(member, str) else member
            _known(spec.user, users, "user", f"{where}.members[{mi}]")
            for role in spec.roles:
                _known(role, roles, "role", f"{where}.members[{mi}].roles")


def _known(name: str | None, names: set[str], what: str, where: str) -> None:
    if name is not None and name not in names:
        known = ", ".join(sorted(names)) or "none"
        raise WorldFileError(f"no {what} named {name!r} (known: {known}) - at {where}")
