"""Worlds: the guilds, channels, roles, people and bot a sandbox starts with.

Three ways to get one, all deterministic for a given seed:

- :meth:`World.default`: guild "Sandbox" with a "Text Channels" category holding
  #general, #ideas and #announcements (where only the owner may send: the bot
  gets 50013 there), roles ``@everyone``, ``Moderator`` and the bot's managed
  role, and three members: the bot, alice (the owner, a moderator) and bob;
- :meth:`World.load` / :meth:`World.from_dict`: a JSON description (below);
- :meth:`World.generate`: many guilds at size, for benchmarks.

The JSON format names things instead of numbering them; ids are assigned in order
from the seed::

    {
      "seed": 0,
      "application": {"name": "Sandbox App",
                      "privileged_intents": ["GUILD_MEMBERS", "MESSAGE_CONTENT"]},
      "bot": {"username": "SandboxBot"},
      "users": ["alice", {"username": "bob", "global_name": "Bob"}],
      "guilds": [{
        "name": "Sandbox",
        "owner": "alice",
        "bot_permissions": ["view_channel", "send_messages"],
        "roles": [{"name": "@everyone", "permissions": ["view_channel", "send_messages"]},
                  {"name": "Moderator", "permissions": ["kick_members"], "hoist": true}],
        "channels": [{"name": "Text Channels", "type": 4},
                     {"name": "general", "parent": "Text Channels", "topic": "Say hi",
                      "overwrites": [{"role": "@everyone", "deny": ["send_messages"]},
                                     {"user": "bob", "allow": ["send_messages"]}]}],
        "members": [{"user": "alice", "roles": ["Moderator"], "nick": "Al"}, "bob"],
        "emojis": ["party", {"name": "dance", "animated": true}],
        "stickers": ["wave", {"name": "hug", "emoji": "hugging", "format_type": 4}],
        "features": ["COMMUNITY"]
      }],
      "skus": ["Supporter", {"name": "Coins", "type": "consumable", "slug": "coins"},
               {"name": "Premium", "type": "subscription", "flags": ["available",
                                                                   "guild_subscription"]}]
    }

Permissions are an int, a decimal string or a list of :class:`Permissions` flag
names. The bot joins every guild with a managed role holding ``bot_permissions``.
``skus`` are what the application sells (``type`` durable, the default, consumable or
subscription; ``flags`` :class:`SKUFlags` names), for entitlements to be granted to.
The application may belong to a team instead of its first user:
``"team": {"name": "Crew", "owner": "alice", "members": {"bob": "developer"}}`` (roles
``admin``, ``developer`` or ``read_only``; the owner is an admin).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from tidecord.models import (
    Application,
    ChannelOverwrite,
    Guild,
    Permissions,
    Snowflake,
    User,
)
from tidecord.models.entitlement import SKU, SKUFlags, SKUType

from .builder import INTENT_APP_FLAGS, WorldBuilder, permission_value
from .worldfile import WorldFileError, check_world_spec

__all__ = ["DEFAULT_BOT_PERMISSIONS", "DEFAULT_EVERYONE_PERMISSIONS", "World", "WorldFileError",
           "guild_from_dict"]

DEFAULT_EVERYONE_PERMISSIONS = Permissions(
    create_instant_invite=True, add_reactions=True, view_channel=True, send_messages=True,
    embed_links=True, attach_files=True, read_message_history=True, use_external_emojis=True,
    connect=True, speak=True, change_nickname=True, use_application_commands=True,
    create_public_threads=True, send_messages_in_threads=True, send_polls=True,
).value
MODERATOR_PERMISSIONS = Permissions(
    kick_members=True, ban_members=True, manage_messages=True, manage_threads=True,
    manage_nicknames=True, moderate_members=True, mention_everyone=True, manage_roles=True,
).value
DEFAULT_BOT_PERMISSIONS = Permissions(
    view_channel=True, send_messages=True, embed_links=True, attach_files=True,
    read_message_history=True, add_reactions=True, manage_messages=True,
    use_external_emojis=True, create_public_threads=True, create_private_threads=True,
    send_messages_in_threads=True, manage_threads=True, pin_messages=True, send_polls=True,
).value
ALL_PRIVILEGED = ("GUILD_MEMBERS", "GUILD_PRESENCES", "MESSAGE_CONTENT")


@dataclasses.dataclass
class World:
    """Everything a sandbox starts with. ``guilds`` carry their roles, channels, members."""

    seed: int
    application: Application
    bot: User
    users: list[User]
    guilds: list[Guild]
    token: str = dataclasses.field(repr=False)  # a secret: kept out of reprs and logs
    skus: list[SKU] = dataclasses.field(default_factory=list)  # what the application sells

    @property
    def privileged_intents(self) -> int:
        """The privileged intent bits the application may ask for."""
        value = 0
        for bit, flags in INTENT_APP_FLAGS.items():
            if self.application.flags_value & flags:
                value |= bit
        return value

    @classmethod
    def default(cls, seed: int = 0) -> World:
        """The default world: guild "Sandbox", #general and #ideas, alice and bob."""
        return cls.from_dict(
            {
                "seed": seed,
                "users": [
                    {"username": "alice", "global_name": "Alice"},
                    {"username": "bob", "global_name": "Bob"},
                ],
                "guilds": [
                    {
                        "name": "Sandbox",
                        "owner": "alice",
                        "roles": [
                            {"name": "@everyone", "permissions": DEFAULT_EVERYONE_PERMISSIONS},
                            {"name": "Moderator", "permissions": MODERATOR_PERMISSIONS,
                             "color": 0x3498DB, "hoist": True, "mentionable": True},
                        ],
                        "channels": [
                            {"name": "Text Channels", "type": 4},
                            {"name": "general", "parent": "Text Channels",
                             "topic": "Talk about anything"},
                            {"name": "ideas", "parent": "Text Channels",
                             "topic": "Share your ideas with .idea"},
                            # Only the owner speaks here: the bot gets 50013 sending.
                            {"name": "announcements", "parent": "Text Channels",
                             "topic": "Read only",
                             "overwrites": [{"role": "@everyone", "deny": ["send_messages"]}]},
                        ],
                        "members": [{"user": "alice", "roles": ["Moderator"]}, "bob"],
                    }
                ],
            },
            seed=seed,
        )

    @classmethod
    def load(cls, path: str | Path, seed: int | None = None) -> World:
        """A world from a JSON file (format in this module's docstring)."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls.from_dict(data, seed=seed)

    @classmethod
    def from_dict(cls, data: dict[str, Any], seed: int | None = None) -> World:
        """A world from its JSON description; ``seed`` overrides the file's.

        Raises :class:`WorldFileError` (a ``ValueError``) naming what is wrong and where.
        """
        check_world_spec(data)
        seed = int(data.get("seed", 0)) if seed is None else seed
        b = WorldBuilder(seed)
        app_spec = data.get("application", {})
        bot_spec = data.get("bot", {})
        bot = b.user(bot_spec.get("username", "SandboxBot"), bot=True)
        users: dict[str, User] = {}
        for spec in data.get("users", []):
            spec = {"username": spec} if isinstance(spec, str) else spec
            users[spec["username"]] = b.user(spec["username"], global_name=spec.get("global_name"))
        owner = next(iter(users.values()), bot)
        privileged = app_spec.get("privileged_intents", ALL_PRIVILEGED)
        app = b.application(app_spec.get("name", f"{bot.username} App"), bot, owner, privileged)
        if app_spec.get("team"):
            app = b.team_owned(app, app_spec["team"], users)
        world = cls(seed=seed, application=app, bot=bot, users=list(users.values()), guilds=[],
                    token=b.token(bot.id))
        for gspec in data.get("guilds", []):
            world.guilds.append(guild_from_dict(b, gspec, users, bot))
        for sspec in data.get("skus", []):
            sspec = {"name": sspec} if isinstance(sspec, str) else sspec
            flags = sspec.get("flags")
            world.skus.append(b.sku(
                app.id, sspec["name"], type=SKUType[sspec.get("type", "durable")],
                slug=sspec.get("slug"),
                flags=None if flags is None else SKUFlags(**dict.fromkeys(flags, True)).value))
        return world

    @classmethod
    def generate(
        cls,
        guilds: int = 500,
        members_per_guild: int = 500,
        channels: int = 20,
        roles: int = 20,
        *,
        seed: int = 0,
    ) -> World:
        """A world at size for benchmarks: every guild has its own people.

        Guild ``i`` is named ``guild-i``, its text channels ``channel-0..``, roles
        ``role-0..`` and people ``g{i}-user-{j}``; the first person owns the guild.
        """
        b = WorldBuilder(seed)
        bot = b.user("SandboxBot", bot=True)
        people: list[User] = []
        world_guilds: list[Guild] = []
        for gi in range(guilds):
            members = [b.user(f"g{gi}-user-{j}") for j in range(max(members_per_guild - 1, 0))]
            people.extend(members)
            owner_id = members[0].id if members else bot.id
            guild = b.guild(f"guild-{gi}", owner_id)
            b.role(guild, "@everyone", DEFAULT_EVERYONE_PERMISSIONS, everyone=True)
            role_ids = [b.role(guild, f"role-{r}", 0).id for r in range(max(roles - 2, 0))]
            bot_role = b.role(guild, bot.username, DEFAULT_BOT_PERMISSIONS, bot_id=bot.id)
            category = b.channel(guild, "Text Channels", type=4)
            for ci in range(channels):
                b.channel(guild, f"channel-{ci}", parent_id=category.id)
            b.member(guild, bot, [bot_role.id])
            for j, user in enumerate(members):
                b.member(guild, user, [role_ids[j % len(role_ids)]] if role_ids else [])
            world_guilds.append(guild)
        owner = people[0] if people else bot
        app = b.application("SandboxBot App", bot, owner, ALL_PRIVILEGED)
        return cls(seed=seed, application=app, bot=bot, users=people, guilds=world_guilds,
                   token=b.token(bot.id))


def guild_from_dict(
    b: WorldBuilder, spec: dict[str, Any], users: dict[str, User], bot: User
) -> Guild:
    owner = users.get(spec.get("owner", ""), bot)
    guild = b.guild(spec["name"], owner.id)
    guild.features = [str(f) for f in spec.get("features", [])]  # e.g. COMMUNITY
    role_specs = list(spec.get("roles", []))
    if not any(r.get("name") == "@everyone" for r in role_specs):
        role_specs.insert(0, {"name": "@everyone", "permissions": DEFAULT_EVERYONE_PERMISSIONS})
    role_specs.sort(key=lambda r: r.get("name") != "@everyone")
    roles: dict[str, int] = {}
    for r in role_specs:
        role = b.role(
            guild, r["name"], permission_value(r.get("permissions", 0)),
            everyone=r["name"] == "@everyone", color=int(r.get("color", 0)),
            hoist=bool(r.get("hoist", False)), mentionable=bool(r.get("mentionable", False)),
        )
        roles[r["name"]] = role.id
    bot_perms = permission_value(spec.get("bot_permissions", DEFAULT_BOT_PERMISSIONS))
    bot_role = b.role(guild, bot.username, bot_perms, bot_id=bot.id)
    channels: dict[str, int] = {}
    for c in spec.get("channels", []):
        overwrites = [_overwrite(o, roles, users, bot) for o in c.get("overwrites", [])]
        channel = b.channel(
            guild, c["name"], type=int(c.get("type", 0)),
            parent_id=channels.get(c.get("parent", "")), topic=c.get("topic"),
            overwrites=overwrites, nsfw=bool(c.get("nsfw", False)),
        )
        channels[c["name"]] = channel.id
    for e in spec.get("emojis", []):
        e = {"name": e} if isinstance(e, str) else e
        b.emoji(guild, e["name"], animated=bool(e.get("animated", False)))
    for s in spec.get("stickers", []):
        s = {"name": s} if isinstance(s, str) else s
        b.sticker(guild, s["name"], emoji=s.get("emoji", "smile"),
                  format_type=int(s.get("format_type", 1)))
    text = [ch for ch in guild.channels or [] if ch.type == 0]
    if text:
        guild.system_channel_id = Snowflake(text[0].id)
    b.member(guild, bot, [bot_role.id])
    for m in spec.get("members", []):
        m = {"user": m} if isinstance(m, str) else m
        user = users[m["user"]]
        b.member(guild, user, [roles[name] for name in m.get("roles", [])], nick=m.get("nick"))
    member_ids = {m.user.id for m in guild.members or [] if isinstance(m.user, User)}
    if owner.id not in member_ids:
        b.member(guild, owner)  # an owner is always a member
    return guild


def _overwrite(
    spec: dict[str, Any], roles: dict[str, int], users: dict[str, User], bot: User
) -> ChannelOverwrite:
    if "role" in spec:
        target, kind = roles[spec["role"]], 0
    else:
        name = spec["user"]
        target, kind = (bot.id if name == bot.username else users[name].id), 1
    return ChannelOverwrite(
        id=Snowflake(target), type=kind,
        allow=Permissions(permission_value(spec.get("allow", 0))),
        deny=Permissions(permission_value(spec.get("deny", 0))),
    )
