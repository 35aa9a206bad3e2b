"""Builds a world's models with deterministic ids: the one place worlds are assembled."""

from __future__ import annotations

import base64
import random
from collections.abc import Iterable
from typing import Any

import msgspec

from tidecord.models import (
    UNSET,
    Application,
    Channel,
    ChannelOverwrite,
    Emoji,
    Guild,
    GuildSticker,
    Member,
    Permissions,
    Role,
    RoleTags,
    Snowflake,
    User,
)
from tidecord.models.application import (
    GATEWAY_GUILD_MEMBERS,
    GATEWAY_MESSAGE_CONTENT,
    GATEWAY_PRESENCE,
)
from tidecord.models.entitlement import SKU, SKUFlags, SKUType

from .snowflakes import SnowflakeFactory, iso_timestamp

__all__ = [
    "INTENT_APP_FLAGS", "PRIVILEGED_APP_FLAGS", "WorldBuilder", "kind_fields", "permission_value",
    "role_colors", "wire_attrs",
]

# 2024-01-01T00:00:00Z: worlds are born here (plus one second per seed).
WORLD_EPOCH_MS = 1_704_067_200_000

# Application flag for each privileged intent (the full approval bits, not "limited").
PRIVILEGED_APP_FLAGS = {
    "GUILD_PRESENCES": 1 << 12,
    "GUILD_MEMBERS": 1 << 14,
    "MESSAGE_CONTENT": 1 << 18,
}
# Which application flags let a connection ask for each privileged intent bit.
INTENT_APP_FLAGS = {
    1 << 8: GATEWAY_PRESENCE,
    1 << 1: GATEWAY_GUILD_MEMBERS,
    1 << 15: GATEWAY_MESSAGE_CONTENT,
}


# The Channel fields whose wire name is not their attribute's (``flags`` is
# ``flags_value``...): the sandbox makes and changes channels by the wire's names.
_CHANNEL_ATTRS = {f.encode_name: f.name for f in msgspec.structs.fields(Channel)
                  if f.encode_name != f.name}


def wire_attrs(fields: dict[str, Any]) -> dict[str, Any]:
    """Channel fields named as on the wire, under their attributes' names."""
    return {_CHANNEL_ATTRS.get(key, key): value for key, value in fields.items()}


def kind_fields(type: int) -> dict[str, Any]:
    """What a new voice, stage, forum or media channel carries beside any channel's
    fields, as Discord sends them from its making on (hikari reads a forum's ``topic``
    by key). A voice or stage channel: Discord's default bitrate, no user limit,
    automatic region, and its text chat's fields. A forum or media channel: no topic,
    tags, default reaction or sort order yet (a forum's layout "not set")."""
    if type in (2, 13):
        return {"bitrate": 64000, "user_limit": 0, "rtc_region": None, "last_message_id": None,
                "rate_limit_per_user": 0}
    if type in (15, 16):
        forum: dict[str, Any] = {
            "topic": None, "last_message_id": None, "rate_limit_per_user": 0,
            "available_tags": [], "default_reaction_emoji": None,
            "default_sort_order": None, "default_thread_rate_limit_per_user": 0}
        if type == 15:
            forum["default_forum_layout"] = 0
        return forum
    return {}


def role_colors(color: int) -> dict[str, Any]:
    """A role's ``colors`` object for a plain colour."""
    return {"primary_color": color, "secondary_color": None, "tertiary_color": None}


def permission_value(spec: Any) -> int:
    """Permissions from an int, a decimal string, or a list of flag names."""
    if isinstance(spec, bool):
        raise TypeError("permissions must be an int, a string or a list of names")
    if isinstance(spec, int):
        return spec
    if isinstance(spec, str):
        return int(spec)
    if isinstance(spec, list):
        return Permissions(**{name: True for name in spec}).value
    raise TypeError("permissions must be an int, a string or a list of names")


class WorldBuilder:
    """Assigns ids in call order from a seed, so one seed always gives one world."""

    def __init__(self, seed: int, *, ids: SnowflakeFactory | None = None,
                 now_ms: int | None = None) -> None:
        # ``ids`` and ``now_ms``: a running sandbox's id factory and clock, for a guild
        # made while it runs (its ids then never meet ones the world already has).
        self.seed = seed
        self.rng = random.Random(seed)
        self._ids = ids or SnowflakeFactory(worker=0, process=0)
        self._ms = WORLD_EPOCH_MS + seed * 1000 if now_ms is None else now_ms
        self.joined_at = iso_timestamp(self._ms)

    def next_id(self) -> Snowflake:
        """The next id of this world, one millisecond after the previous one.

        Spreading ids over time spreads guilds over shards, ``(id >> 22) % shards``.
        """
        self._ms += 1
        return self._ids.at(self._ms)

    def user(self, username: str, *, bot: bool = False, global_name: str | None = None) -> User:
        """A person (or a bot) with a deterministic id and no avatar."""
        return User(
            id=self.next_id(),
            username=username,
            global_name=global_name,
            bot_value=True if bot else UNSET,
            public_flags_value=0,
            flags=0,
            primary_guild_data=None,
        )

    def team_owned(self, app: Application, spec: dict[str, Any], users: dict[str, User]
                   ) -> Application:
        """``app`` owned by a team (``spec``: its name, owner and members' roles by
        username). As on Discord, ``owner`` is then the team's own pseudo-user."""
        team_id = self.next_id()
        roles = {spec["owner"]: "admin", **spec.get("members", {})}

        def entry(user: User, role: str) -> dict[str, Any]:
            return {"membership_state": 2, "team_id": str(team_id), "role": role,
                    "permissions": ["*"],
                    "user": {"id": str(user.id), "username": user.username,
                             "global_name": user.global_name, "avatar": user.avatar_hash,
                             "discriminator": user.discriminator, "public_flags": 0}}

        team = {"id": str(team_id), "name": spec["name"], "icon": None,
                "owner_user_id": str(users[spec["owner"]].id),
                "members": [entry(users[name], role) for name, role in roles.items()]}
        pseudo = User(id=team_id, username=f"team{team_id}", discriminator="0000",
                      global_name=None, public_flags_value=1 << 10, flags=1 << 10)
        changed: Application = msgspec.structs.replace(app, owner=pseudo, team_data=team)
        return changed

    def application(
        self, name: str, bot: User, owner: User, privileged: Iterable[str]
    ) -> Application:
        """The bot's application; ``privileged`` names the intents it may ask for."""
        flags = 0
        for intent in privileged:
            flags |= PRIVILEGED_APP_FLAGS[intent]
        return Application(
            id=Snowflake(bot.id),
            name=name,
            description="An application living in a tidecord sandbox.",
            bot_public=True,
            bot_require_code_grant=False,
            bot=bot,
            owner=owner,
            verify_key=self.rng.randbytes(32).hex(),
            flags_value=flags,
            team_data=None,
            rpc_origins=[],
            tags=[],
            redirect_uris=[],
            interactions_endpoint_url=None,
        )

    def sku(self, application_id: int, name: str, *, type: int, slug: str | None = None,
            flags: int | None = None) -> SKU:
        """Something the application sells; its slug is made from its name unless
        given, and it is on sale (``available``, and for a subscription a user one)
        unless ``flags`` say otherwise."""
        if flags is None:
            flags = SKUFlags(available=True,
                             user_subscription=type == SKUType.subscription).value
        return SKU(id=self.next_id(), type=SKUType(type), application_id=Snowflake(application_id),
                   name=name, slug=slug or "-".join(name.lower().split()), flags_value=flags)

    def token(self, bot_id: int) -> str:
        """A bot token shaped like Discord's: base64 id, timestamp part, signature part."""
        first = base64.urlsafe_b64encode(str(bot_id).encode()).decode().rstrip("=")
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        second = "".join(self.rng.choice(alphabet) for _ in range(6))
        third = "".join(self.rng.choice(alphabet) for _ in range(38))
        return f"{first}.{second}.{third}"

    def guild(self, name: str, owner_id: int) -> Guild:
        """An empty guild; roles, channels and members are added to its lists."""
        # Guilds are made at scattered times, so they spread evenly over shards.
        self._ms += self.rng.randrange(1000)
        gid = self.next_id()
        return Guild(
            id=gid,
            name=name,
            owner_id=Snowflake(owner_id),
            roles=[],
            emojis=[],
            features=[],
            widget_enabled=False,
            max_members=500_000,
            max_presences=None,
            premium_subscription_count=0,
            stickers=[],
            safety_alerts_channel_id=None,
            max_video_channel_users=25,
            max_stage_video_users=50,
            incidents_data=None,
            joined_at=self.joined_at,
            large=False,
            unavailable=False,
            member_count=0,
            voice_states=[],
            members=[],
            channels=[],
            threads=[],
            presences=[],
            stage_instance_data=[],
            guild_scheduled_events=[],
            soundboard_data=[],
        )

    def emoji(self, guild: Guild, name: str, *, animated: bool = False) -> Emoji:
        """A custom emoji of ``guild`` (usable by everyone there)."""
        emoji = Emoji(id=self.next_id(), name=name, role_ids=[], require_colons=True,
                      managed=False, animated=animated, available=True)
        guild.emojis.append(emoji)
        return emoji

    def sticker(self, guild: Guild, name: str, *, emoji: str = "smile",
                format_type: int = 1) -> GuildSticker:
        """A sticker of ``guild`` (PNG unless ``format_type`` says otherwise)."""
        sticker = GuildSticker(id=self.next_id(), name=name, description="", emoji=emoji,
                               format_type=format_type, available=True, guild_id=guild.id)
        guild.stickers.append(sticker)
        return sticker

    def role(
        self,
        guild: Guild,
        name: str,
        permissions: int,
        *,
        everyone: bool = False,
        color: int = 0,
        hoist: bool = False,
        mentionable: bool = False,
        bot_id: int | None = None,
    ) -> Role:
        """A role appended to ``guild.roles`` (``@everyone`` takes the guild's id)."""
        assert isinstance(guild.roles, list)
        role = Role(
            id=guild.id if everyone else self.next_id(),
            name=name,
            color=color,
            hoist=hoist,
            icon_hash=None,
            unicode_emoji=None,
            position=0 if everyone else len(guild.roles),
            permissions=Permissions(permissions),
            managed=bot_id is not None,
            mentionable=mentionable,
            tags=RoleTags(bot_id=Snowflake(bot_id)) if bot_id is not None else UNSET,
            flags=0,
            colors=role_colors(color),
        )
        guild.roles.append(role)
        return role

    def channel(
        self,
        guild: Guild,
        name: str,
        *,
        type: int = 0,
        parent_id: int | None = None,
        topic: str | None = None,
        overwrites: list[ChannelOverwrite] | None = None,
        nsfw: bool = False,
    ) -> Channel:
        """A guild channel appended to ``guild.channels``."""
        assert isinstance(guild.channels, list)
        fields: dict[str, Any] = {}
        if type in (0, 5):
            fields = {"topic": topic, "last_message_id": None, "rate_limit_per_user": 0,
                      "default_auto_archive_duration": 1440, "last_pin_timestamp": None}
        else:
            fields = wire_attrs(kind_fields(type))
        channel = Channel(
            id=self.next_id(),
            type=type,
            guild_id=guild.id,
            position=sum(1 for c in guild.channels if c.type == type),
            permission_overwrites=overwrites or [],
            name=name,
            nsfw=nsfw,
            parent_id=Snowflake(parent_id) if parent_id is not None else None,
            flags_value=0,
            **fields,
        )
        guild.channels.append(channel)
        return channel

    def member(self, guild: Guild, user: User, role_ids: Iterable[int] = (),
               nick: str | None = None) -> Member:
        """A membership appended to ``guild.members``."""
        assert isinstance(guild.members, list)
        member = Member(
            user=user,
            nick=nick,
            guild_avatar_hash=None,
            guild_banner_hash=None,
            role_set=[Snowflake(r) for r in role_ids],
            joined_at_iso=self.joined_at,
            premium_since_iso=None,
            deaf=False,
            mute=False,
            flags=0,
            pending=False,
            communication_disabled_until=None,
        )
        guild.members.append(member)
        guild.member_count = len(guild.members)
        return member
