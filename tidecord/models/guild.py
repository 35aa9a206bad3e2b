"""Guilds and what belongs to them: roles, members, emojis."""

from __future__ import annotations

import datetime
import enum
from collections.abc import AsyncIterator, Mapping
from typing import Any, Final, NamedTuple

import msgspec

from .activity import BaseActivity, Status
from .asset import Asset, avatar_asset, default_avatar_asset
from .automod import GuildAutoMod
from .base import (
    UNSET,
    Model,
    Snowflake,
    UnsetType,
    decode,
    enum_of,
    snowflake_of,
    snowflake_time,
)
from .channel import Channel, channel_fields
from .colour import Colour
from .emoji import Emoji, bind_emoji
from .flags import Permissions, read_as_copy
from .paging import pages
from .presence import OFFLINE, ClientStatus, Presence
from .scheduled_event import GuildScheduledEvents
from .sticker import GuildSticker, bind_sticker
from .template import GuildTemplates
from .user import DirectMessages, User, _HasUser, mutual_guilds
from .welcome_screen import GuildWelcomeScreen
from .widget import GuildWidget

__all__ = ["BanEntry", "ContentFilter", "Emoji", "Guild", "Member", "NotificationLevel", "Role",
           "RoleTags", "UnavailableGuild", "VerificationLevel"]


class RoleTags(Model, gc=False, kw_only=True):
    """What makes a role special (a bot's, a booster's, an integration's)."""

    bot_id: Snowflake | UnsetType = UNSET
    integration_id: Snowflake | UnsetType = UNSET
    premium_subscriber: UnsetType | None = UNSET


class Role(Model, gc=False, kw_only=True):
    """A guild role; ``@everyone`` has the guild's id."""

    id: int
    name: str
    color: int = 0
    hoist: bool = False
    icon: str | UnsetType | None = UNSET
    unicode_emoji: str | UnsetType | None = UNSET
    position: int = 0
    permissions: Permissions
    managed: bool = False
    mentionable: bool = False
    tags: RoleTags | UnsetType = UNSET
    flags: int = 0
    # {primary_color, secondary_color, tertiary_color}: the newer form of ``color``.
    # Read-only in cached roles: the cache shares one dict among the roles of one
    # colour (Cache._index_roles); a change comes as GUILD_ROLE_UPDATE, a new role.
    colors: dict[str, Any] | UnsetType = UNSET
    _state: Any = UNSET
    # Set by the cache: the guild the role belongs to.
    _guild_id: Any = UNSET

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        # One role is one id (as in discord.py), so roles work in sets and as dict keys.
        return isinstance(other, Role) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    # Role hierarchy, as discord.py orders roles: by position; at one position the newer
    # role is lower, except that @everyone (position 0, the guild's own, oldest id) is
    # below every other role.
    def _rank(self) -> tuple[int, int]:
        return (self.position, self.id if self.position == 0 else -self.id)

    def __lt__(self, other: object) -> bool:
        return self._rank() < other._rank() if isinstance(other, Role) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self._rank() <= other._rank() if isinstance(other, Role) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self._rank() > other._rank() if isinstance(other, Role) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self._rank() >= other._rank() if isinstance(other, Role) else NotImplemented

    @property
    def mention(self) -> str:
        """``<@&id>``: mentions the role."""
        return f"<@&{self.id}>"

    @property
    def colour(self) -> Colour:
        """The role's colour (discord.py spelling, a :class:`Colour`)."""
        return Colour(self.color)

    @property
    def created_at(self) -> Any:
        """When the role was made (from its id)."""
        return snowflake_time(self.id)

    def is_default(self) -> bool:
        """Whether this is ``@everyone`` (the only role Discord keeps at position 0)."""
        return self.position == 0

    def is_bot_managed(self) -> bool:
        """Whether this is a bot's own role."""
        return not isinstance(self.tags, UnsetType) and self.tags.bot_id is not UNSET

    def is_integration(self) -> bool:
        """Whether an integration (a Twitch or YouTube link) manages this role."""
        return not isinstance(self.tags, UnsetType) and self.tags.integration_id is not UNSET

    def is_premium_subscriber(self) -> bool:
        """Whether this is the guild's booster role."""
        return not isinstance(self.tags, UnsetType) and self.tags.premium_subscriber is None

    # -- behaviour (delegates to the client state in ``_state``) -----------------
    @property
    def guild(self) -> Guild | None:
        """The cached guild this role belongs to."""
        if isinstance(self._state, UnsetType):
            return None
        return self._state.cache.guilds.get(self._guild_id)  # type: ignore[no-any-return]

    @property
    def members(self) -> list[Member]:
        """The cached members holding this role (every member for ``@everyone``)."""
        guild = self.guild
        if guild is None:
            return []
        members = guild.members
        if isinstance(members, UnsetType):
            return []
        everyone = self.is_default()
        return [m for m in members if everyone or self.id in m.roles]

    def is_assignable(self) -> bool:
        """Whether the bot may give or take this role, as discord.py judges it: not
        ``@everyone``, not managed, and below the bot's top role (or the bot owns the
        guild). Manage Roles is not asked here."""
        guild = self.guild
        me = guild.me if guild is not None else None
        if guild is None or me is None or self.is_default() or self.managed:
            return False
        top = me.top_role
        return (top is not None and self < top) or guild.owner_id == me.id

    def _home(self) -> tuple[Any, int]:
        if isinstance(self._state, UnsetType):
            raise RuntimeError(f"role {self.id} is not bound to a client: fetch it from a guild")
        return self._state, self._guild_id

    async def edit(self, *, name: str | None = None, permissions: Any = None,
                   colour: Any = None, color: Any = None, hoist: bool | None = None,
                   mentionable: bool | None = None, unicode_emoji: str | None = None,
                   position: int | None = None, reason: str | None = None) -> Role:
        """Change the role; returns it as Discord answered (the cache takes the change
        from GUILD_ROLE_UPDATE). ``position`` moves it there (1 is just above
        ``@everyone``), the roles between shifting by one, as in discord.py."""
        state, guild_id = self._home()
        moved = None if position is None else await self._move(state, guild_id, position,
                                                                 reason)
        fields = _role_body(name=name, permissions=permissions, colour=colour, color=color,
                            hoist=hoist, mentionable=mentionable, unicode_emoji=unicode_emoji)
        if moved is not None and not fields:
            return moved
        data = await state.http.edit_role(guild_id, self.id, fields, reason=reason)
        return bind_role(decode(data, Role), state, guild_id)

    async def _move(self, state: Any, guild_id: int, position: int,
                    reason: str | None) -> Role:
        """Send the positions that put this role at ``position``; returns it as moved."""
        if position <= 0:
            raise ValueError(f"position must be 1 or more (0 is @everyone's), not {position}")
        if self.is_default():
            raise ValueError("@everyone cannot be moved")
        guild = self.guild
        roles = guild.roles if guild is not None else None
        if not isinstance(roles, dict):
            raise RuntimeError(f"role {self.id}: its guild is not cached")
        # The roles between the old place and the new one shift by one, toward the old.
        low, high = sorted((self.position, position))
        between = sorted((r for r in roles.values() if low <= r.position <= high
                          and not r.is_default() and r.id != self.id), key=Role._rank)
        if position > self.position:
            between.append(self)
        else:
            between.insert(0, self)
        changed = [{"id": str(r.id), "position": place}
                   for place, r in zip(range(low, high + 1), between, strict=False)]
        data = await state.http.move_roles(guild_id, changed, reason=reason)
        answered = decode(data, list[Role]) if data else []
        mine = next((r for r in answered if r.id == self.id), self)
        return bind_role(mine, state, guild_id)

    async def move(self, *, beginning: bool = False, end: bool = False, above: Any = None,
                   below: Any = None, offset: int = 0, reason: str | None = None) -> None:
        """Move the role among the guild's roles, as discord.py 2.5+'s ``Role.move``:
        to the ``beginning`` (just above ``@everyone``), the ``end`` (the top), or next
        to ``above`` / ``below`` (a role of the guild), then ``offset`` places further.
        Every role's position is sent, as discord.py does."""
        if sum(bool(x) for x in (beginning, end, above, below)) > 1:
            raise TypeError("Only one of [beginning, end, above, below] can be used.")
        state, guild_id = self._home()
        guild = self.guild
        if guild is None or not isinstance(guild.roles, dict):
            raise RuntimeError(f"role {self.id}: its guild is not cached")
        ordered = sorted(guild.roles.values(), key=Role._rank)
        target = above or below
        if target:
            if target not in ordered:
                raise ValueError("Target role is from a different guild")
            if above is not None and above.is_default():
                raise ValueError("Role cannot be moved below the default role")
            if target == self:
                raise ValueError("Target role cannot be itself")
        rest = [r for r in ordered if r != self]
        if beginning:
            index = 1
        elif end:
            index = len(rest)
        elif above is not None and above in rest:
            index = rest.index(above)
        elif below is not None and below in rest:
            index = rest.index(below) + 1
        else:
            index = ordered.index(self)
        rest.insert(max(index + offset, 1), self)
        await state.http.move_roles(
            guild_id, [{"id": str(r.id), "position": place} for place, r in enumerate(rest)],
            reason=reason)

    async def delete(self, *, reason: str | None = None) -> None:
        """Delete the role (members lose it, as Discord does)."""
        state, guild_id = self._home()
        await state.http.delete_role(guild_id, self.id, reason=reason)


#: A role's own ``Permissions`` (``role.permissions`` reads a copy, as in discord.py).
ROLE_PERMISSIONS = read_as_copy(Role, "permissions")


def bind_role(role: Role, state: Any, guild_id: int) -> Role:
    """``role``, knowing its client and guild (as cached roles do)."""
    role._state = state
    role._guild_id = guild_id
    return role


def _role_body(*, permissions: Any, colour: Any, color: Any, **plain: Any) -> dict[str, Any]:
    """A role's JSON for create and edit: the fields given (not ``None``), permissions
    as a decimal string, and ``colour`` (or ``color``) as ``color``."""
    fields = {key: value for key, value in plain.items() if value is not None}
    if permissions is not None:
        fields["permissions"] = str(int(getattr(permissions, "value", permissions)))
    shade = colour if colour is not None else color
    if shade is not None:
        fields["color"] = int(shade)
    return fields


class Member(Model, _HasUser, DirectMessages, gc=False, kw_only=True):
    """A user's membership of a guild. ``user`` is absent in MESSAGE_CREATE."""

    user: User | UnsetType = UNSET
    nick: str | UnsetType | None = UNSET
    avatar: str | UnsetType | None = UNSET
    banner: str | UnsetType | None = UNSET
    roles: list[int] = []
    # ISO 8601 text as sent; ``joined_at`` / ``premium_since`` give datetimes.
    joined_at_iso: str | None = msgspec.field(default=None, name="joined_at")
    premium_since_iso: str | UnsetType | None = msgspec.field(default=UNSET, name="premium_since")
    deaf: bool = False
    mute: bool = False
    flags: int = 0
    pending: bool | UnsetType = UNSET
    permissions: Permissions | UnsetType = UNSET
    communication_disabled_until: str | UnsetType | None = UNSET
    _state: Any = UNSET
    # Set by the cache: the guild this membership belongs to.
    _guild_id: Any = UNSET
    # ``before`` of ``on_presence_update`` holds the presence it had; others read the
    # cache's.
    _presence: Any = UNSET

    def __eq__(self, other: object) -> bool:
        if isinstance(self.user, UnsetType):
            return self is other
        if isinstance(other, (User, _HasUser)):
            return getattr(other, "id", None) == self.user.id
        return NotImplemented  # as User.__eq__: a typed Object decides

    def __hash__(self) -> int:
        return hash(self.user.id) if not isinstance(self.user, UnsetType) else id(self)

    def __str__(self) -> str:
        return str(self.user) if not isinstance(self.user, UnsetType) else ""

    @property
    def id(self) -> int:
        """The member's user id."""
        if isinstance(self.user, UnsetType):
            raise AttributeError("this partial member carries no user")
        return self.user.id

    @property
    def name(self) -> str:
        """The username."""
        return self.user.username if not isinstance(self.user, UnsetType) else ""

    @property
    def display_name(self) -> str:
        """Nickname, else global name, else username."""
        if isinstance(self.nick, str) and self.nick:
            return self.nick
        return self.user.display_name if not isinstance(self.user, UnsetType) else ""

    @property
    def mention(self) -> str:
        """``<@id>``: mentions the member."""
        return f"<@{self.id}>"

    @property
    def display_avatar(self) -> Asset:
        """The guild avatar when set, else the user's avatar; ``.url`` as in discord.py."""
        if isinstance(self.avatar, str) and self.avatar and self._guild_id is not UNSET:
            return avatar_asset(self.id, self.avatar, self._guild_id)
        if isinstance(self.user, UnsetType):
            raise AttributeError("this partial member carries no user")
        return self.user.display_avatar

    @property
    def default_avatar(self) -> Asset:
        """The avatar Discord shows when the user has set none."""
        return default_avatar_asset(self.id)

    @property
    def bot(self) -> bool:
        """Whether the member is a bot."""
        return not isinstance(self.user, UnsetType) and self.user.bot is True

    # -- presence (kept with the presences intent; offline without it) ---------
    def _presence_now(self) -> Presence:
        presence = self._presence
        if presence is UNSET:
            state = self._state
            if state is UNSET or isinstance(self.user, UnsetType):
                return OFFLINE
            presence = state.cache.presence(self._guild_id, self.user.id)
        return OFFLINE if presence is None else presence

    @property
    def client_status(self) -> ClientStatus:
        """The member's status overall and on each platform."""
        return self._presence_now().client_status

    @property
    def status(self) -> Status | str:
        """``Status.online``, ``idle``, ``dnd`` or ``offline`` (offline unless the bot
        has the presences intent)."""
        return self._presence_now().client_status.status

    @property
    def raw_status(self) -> str:
        """The status as Discord sent it."""
        return self._presence_now().client_status.raw_status

    @property
    def desktop_status(self) -> Status | str:
        """The status on the desktop app."""
        return self._presence_now().client_status.desktop_status

    @property
    def mobile_status(self) -> Status | str:
        """The status on a phone."""
        return self._presence_now().client_status.mobile_status

    @property
    def web_status(self) -> Status | str:
        """The status in a browser."""
        return self._presence_now().client_status.web_status

    def is_on_mobile(self) -> bool:
        """Whether the member is on a phone."""
        return self._presence_now().client_status.is_on_mobile()

    @property
    def activities(self) -> tuple[BaseActivity, ...]:
        """What the member is doing: :class:`~tidecord.Game`, :class:`~tidecord.Spotify`..."""
        return self._presence_now().activities

    @property
    def activity(self) -> BaseActivity | None:
        """The first of :attr:`activities`, or ``None``."""
        activities = self._presence_now().activities
        return activities[0] if activities else None

    # -- behaviour (delegates to the client state in ``_state``) -------------
    @property
    def guild(self) -> Any:
        """The cached guild this membership belongs to."""
        return self._state.cache.guilds.get(self._guild_id)

    @property
    def global_name(self) -> str | None:
        """The user's global display name."""
        return None if isinstance(self.user, UnsetType) else self.user.global_name

    @property
    def discriminator(self) -> str:
        """The user's legacy discriminator (``"0"`` for most)."""
        return "0" if isinstance(self.user, UnsetType) else self.user.discriminator

    @property
    def created_at(self) -> Any:
        """When the user's account was made."""
        return snowflake_time(self.id)

    @property
    def role_ids(self) -> list[int]:
        """The member's role ids (``roles`` iterates as Role objects once cached)."""
        return list(getattr(self.roles, "ids", self.roles))

    @property
    def role_objects(self) -> list[Role]:
        """The member's roles as :class:`Role` objects, lowest position first."""
        guild = self.guild
        if guild is None:
            return []
        found = (guild.roles.get(r) for r in self.role_ids)
        return sorted((r for r in found if r is not None), key=lambda r: (r.position, r.id))

    @property
    def top_role(self) -> Role | None:
        """The highest of the member's roles (``@everyone`` if none)."""
        roles = self.role_objects
        if roles:
            return roles[-1]
        guild = self.guild
        return None if guild is None else guild.roles.get(guild.id)

    @property
    def mutual_guilds(self) -> list[Any]:
        """The cached guilds this member's user is a cached member of."""
        return mutual_guilds(self._state, self.id)

    @property
    def colour(self) -> Colour:
        """The colour of the member's highest coloured role (as discord.py's)."""
        for role in reversed(self.role_objects):
            if role.color:
                return Colour(role.color)
        return Colour(0)

    color = colour

    @property
    def guild_permissions(self) -> Any:
        """Guild-wide permissions from the member's roles."""
        from .flags import Permissions
        from .permissions import base_permissions

        guild = self.guild
        return Permissions(base_permissions(
            guild_id=guild.id, owner_id=guild.owner_id, user_id=self.id,
            member_roles=self.role_ids, roles=guild.roles,
        ))

    def mentioned_in(self, message: Any) -> bool:
        """Whether ``message`` mentions this member, one of its roles, or everyone."""
        if message.mention_everyone or any(m.id == self.id for m in message.mentions):
            return True
        return any(r in self.role_ids for r in message.mention_roles)

    async def add_roles(self, *roles: Any, reason: str | None = None) -> None:
        """Give the member roles (objects or ids)."""
        for role in roles:
            await self._state.http.add_role(self._guild_id, self.id, getattr(role, "id", role),
                                            reason=reason)

    async def remove_roles(self, *roles: Any, reason: str | None = None) -> None:
        """Take roles from the member."""
        for role in roles:
            await self._state.http.remove_role(self._guild_id, self.id,
                                               getattr(role, "id", role), reason=reason)

    async def edit(self, *, reason: str | None = None, **fields: Any) -> Member | None:
        """PATCH the member with discord.py's keywords: ``nick``, ``roles``, ``mute``,
        ``deafen``, ``voice_channel`` (``None``: disconnect from voice),
        ``timed_out_until``, ``suppress`` (on a stage) and ``bypass_verification``;
        Discord's own names (``deaf``, ``channel_id``...) are taken too.

        Returns the member as Discord answers (``None`` when only ``suppress`` was
        given, as discord.py).
        """
        suppress = fields.pop("suppress", UNSET)
        for ours, wire in _MEMBER_EDIT_NAMES.items():
            if ours in fields:
                fields[wire] = fields.pop(ours)
        if "roles" in fields:
            fields["roles"] = [str(getattr(r, "id", r)) for r in fields["roles"]]
        if "channel_id" in fields:
            target = snowflake_of(fields["channel_id"])
            fields["channel_id"] = None if target is None else str(target)
        until = fields.get("communication_disabled_until")
        if isinstance(until, datetime.datetime):
            if until.tzinfo is None:
                raise TypeError("timed_out_until must be an aware datetime "
                                "(discord.utils.utcnow(), or datetime.now(timezone.utc))")
            fields["communication_disabled_until"] = until.isoformat()
        if "bypass_verification" in fields:
            bypass = 1 << 2  # BYPASSES_VERIFICATION
            on = fields.pop("bypass_verification")
            fields["flags"] = (self.flags | bypass) if on else (self.flags & ~bypass)
        if suppress is not UNSET:
            await self._edit_suppress(bool(suppress))
        if not fields and suppress is not UNSET:
            return None
        data = await self._state.http.edit_member(self._guild_id, self.id, fields,
                                                  reason=reason)
        return self._state.member_from(self._guild_id, data)  # type: ignore[no-any-return]

    async def _edit_suppress(self, suppress: bool) -> None:
        voice = self.voice
        body: dict[str, Any] = {"suppress": suppress}
        if voice is not None and voice.channel_id is not None:
            body["channel_id"] = str(voice.channel_id)
        me = self.id == self._state.cache.self_id
        if suppress or self.bot:
            body["request_to_speak_timestamp"] = None
        elif not me:
            body["request_to_speak_timestamp"] = _now_iso()
        await self._state.http.edit_voice_state(self._guild_id, "@me" if me else self.id, body)

    @property
    def voice(self) -> Any:
        """The member's :class:`VoiceState` while connected to voice (kept with the voice
        states intent), else ``None``."""
        state = self._state
        if state is UNSET or isinstance(self.user, UnsetType):
            return None
        return state.cache.voice_state(self._guild_id, self.user.id)

    async def move_to(self, channel: Any, *, reason: str | None = None) -> None:
        """Move the member to another voice or stage channel; ``None`` disconnects them
        (Move Members)."""
        await self.edit(voice_channel=channel, reason=reason)

    async def request_to_speak(self) -> None:
        """Ask to speak on the stage the member is in (for another member: let them
        speak, as ``edit(suppress=False)``)."""
        voice = self.voice
        if voice is None or voice.channel_id is None:
            from ..rest.errors import ClientException
            raise ClientException("Cannot request to speak while not connected to a voice "
                                  "channel.")
        body: dict[str, Any] = {"channel_id": str(voice.channel_id),
                                "request_to_speak_timestamp": _now_iso()}
        me = self.id == self._state.cache.self_id
        if not me:
            body["suppress"] = False
        await self._state.http.edit_voice_state(self._guild_id, "@me" if me else self.id, body)

    async def fetch_voice(self) -> Any:
        """GET the member's voice state from Discord (404 ``NotFound`` when they are not
        connected)."""
        return await self._state.fetch_voice_state(self._guild_id, self.id)

    async def timeout(self, until: Any, /, *, reason: str | None = None) -> None:
        """Time the member out for a ``timedelta``, until a ``datetime``, or (``None``) lift it."""
        if isinstance(until, datetime.timedelta):
            until = datetime.datetime.now(datetime.UTC) + until
        value = None if until is None else until.astimezone(datetime.UTC).isoformat()
        await self.edit(communication_disabled_until=value, reason=reason)

    @property
    def joined_at(self) -> datetime.datetime | None:
        """When the member joined the guild (UTC), as discord.py gives it."""
        return _parse_time(self.joined_at_iso)

    @property
    def premium_since(self) -> datetime.datetime | None:
        """Since when the member boosts the guild, if they do."""
        return _parse_time(self.premium_since_iso)

    @property
    def timed_out_until(self) -> datetime.datetime | None:
        """When the member's timeout ends (UTC; it may be past), or ``None``."""
        return _parse_time(self.communication_disabled_until)

    def get_role(self, role_id: int, /) -> Role | None:
        """The role ``role_id`` if the member holds it (not ``@everyone``, as in
        discord.py)."""
        guild = self.guild
        if guild is None or role_id not in self.role_ids:
            return None
        role: Role | None = guild.get_role(role_id)
        return role

    def is_timed_out(self) -> bool:
        """Whether a timeout is running now."""
        until = self.communication_disabled_until
        if not isinstance(until, str):
            return False
        return datetime.datetime.fromisoformat(until) > datetime.datetime.now(datetime.UTC)

    async def kick(self, *, reason: str | None = None) -> None:
        """Remove the member from the guild."""
        await self._state.http.kick(self._guild_id, self.id, reason=reason)

    async def ban(self, *, reason: str | None = None, delete_message_seconds: int = 0) -> None:
        """Ban the member."""
        await self._state.http.ban(self._guild_id, self.id, delete_message_seconds, reason=reason)


class UnavailableGuild(Model, gc=False, kw_only=True):
    """A guild announced in READY (or lost to an outage)."""

    id: Snowflake
    unavailable: bool | UnsetType = UNSET


class BulkBanResult(NamedTuple):
    """What :meth:`Guild.bulk_ban` did: the users banned, and those it could not ban."""

    banned: list[Any]
    failed: list[Any]


class _Pruned(Model, kw_only=True):
    pruned: int | None = None


class _BulkBanned(Model, kw_only=True):
    banned_users: list[Snowflake] = []
    failed_users: list[Snowflake] = []


def _prune_days(days: Any) -> int:
    if not isinstance(days, int) or isinstance(days, bool):
        raise TypeError(f"Expected int for ``days``, received {days.__class__.__name__} "
                        "instead.")
    return days


def _role_ids(roles: Any) -> list[str]:
    return [str(getattr(r, "id", r)) for r in roles or ()]


class BanEntry(NamedTuple):
    """A ban, as discord.py's: why (``None`` when no reason was given), and whom."""

    reason: str | None
    user: User


class _Ban(Model, kw_only=True):
    reason: str | None = None
    user: User


# Discord's most bans, or members, a page.
_BANS_PAGE = _MEMBERS_PAGE = 1000


class VerificationLevel(enum.IntEnum):
    """What a member must have done before talking in the guild."""

    none = 0
    low = 1
    medium = 2
    high = 3
    highest = 4

    def __str__(self) -> str:
        return self.name


class NotificationLevel(enum.IntEnum):
    """Which messages notify members by default."""

    all_messages = 0
    only_mentions = 1

    def __str__(self) -> str:
        # As discord.py's (which gives this one no name-only text): the class and name.
        return f"NotificationLevel.{self.name}"


class ContentFilter(enum.IntEnum):
    """Whose images Discord scans for explicit content."""

    disabled = 0
    no_role = 1
    all_members = 2

    def __str__(self) -> str:
        return self.name


#: ``Guild.edit`` keywords that are not the wire's names, and the fields it sends.
_GUILD_EDIT_NAMES: Final = {
    "system_channel": "system_channel_id", "rules_channel": "rules_channel_id",
    "public_updates_channel": "public_updates_channel_id", "afk_channel": "afk_channel_id",
    "default_notifications": "default_message_notifications"}
_GUILD_EDIT_FIELDS: Final = frozenset({
    "name", "description", "icon", "system_channel_id", "rules_channel_id",
    "public_updates_channel_id", "afk_channel_id", "afk_timeout", "verification_level",
    "default_message_notifications", "explicit_content_filter", "preferred_locale",
    "system_channel_flags", "premium_progress_bar_enabled"})


class Guild(Model, GuildScheduledEvents, GuildAutoMod, GuildWidget, GuildWelcomeScreen,
            GuildTemplates, kw_only=True):
    """A guild. Fields after ``premium_progress_bar_enabled`` come only in GUILD_CREATE."""

    id: Snowflake
    name: str
    icon: str | None = None
    splash: str | None = None
    discovery_splash: str | None = None
    owner_id: Snowflake
    afk_channel_id: Snowflake | None = None
    afk_timeout: int = 300
    widget_enabled: bool | UnsetType = UNSET
    widget_channel_id: Snowflake | UnsetType | None = UNSET
    verification_level: int = 0
    default_message_notifications: int = 0
    explicit_content_filter: int = 0
    roles: list[Role] = []
    emojis: list[Emoji] = []
    features: list[str] = []
    mfa_level: int = 0
    application_id: Snowflake | None = None
    system_channel_id: Snowflake | None = None
    system_channel_flags: int = 0
    rules_channel_id: Snowflake | None = None
    max_presences: int | UnsetType | None = UNSET
    # With counts (GET /users/@me/guilds, a fetched guild): roughly how many there are.
    approximate_members: int | UnsetType | None = msgspec.field(
        default=UNSET, name="approximate_member_count")
    approximate_presences: int | UnsetType | None = msgspec.field(
        default=UNSET, name="approximate_presence_count")
    max_members: int | UnsetType = UNSET
    vanity_url_code: str | None = None
    description: str | None = None
    banner: str | None = None
    premium_tier: int = 0
    premium_subscription_count: int | UnsetType = UNSET
    preferred_locale: str = "en-US"
    public_updates_channel_id: Snowflake | None = None
    nsfw_level: int = 0
    stickers: list[GuildSticker] = []
    premium_progress_bar_enabled: bool = False
    safety_alerts_channel_id: Snowflake | UnsetType | None = UNSET
    # GUILD_CREATE only
    joined_at: str | UnsetType = UNSET
    large: bool | UnsetType = UNSET
    unavailable: bool | UnsetType = UNSET
    member_count: int | UnsetType = UNSET
    voice_states: list[dict[str, Any]] | UnsetType = UNSET
    members: list[Member] | UnsetType = UNSET
    channels: list[Channel] | UnsetType = UNSET
    threads: list[Channel] | UnsetType = UNSET
    presences: list[dict[str, Any]] | UnsetType = UNSET
    stage_instances: list[dict[str, Any]] | UnsetType = UNSET
    # As sent (one that does not read cannot spoil the guild); the client keeps them by
    # id as ScheduledEvents, which ``guild.scheduled_events`` reads.
    guild_scheduled_events: list[dict[str, Any]] | UnsetType = UNSET
    soundboard_sounds: list[dict[str, Any]] | UnsetType = UNSET
    _state: Any = UNSET

    def __post_init__(self) -> None:
        # discord.py's settings are enums (``str()`` is the name); a value Discord adds
        # later stays an int, so decoding never fails on one.
        self.verification_level = enum_of(VerificationLevel, self.verification_level)
        self.default_message_notifications = enum_of(NotificationLevel,
                                                      self.default_message_notifications)
        self.explicit_content_filter = enum_of(ContentFilter, self.explicit_content_filter)

    @property
    def default_notifications(self) -> NotificationLevel | int:
        """Which messages notify members by default (discord.py's name)."""
        return self.default_message_notifications

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Guild) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __str__(self) -> str:
        return self.name

    @property
    def created_at(self) -> Any:
        """When the guild was made (from its id)."""
        return self.id.created_at

    # -- behaviour (the cache keeps channels, roles, members as id maps) -----
    def get_member(self, user_id: int, /) -> Member | None:
        """A cached member."""
        return self.members.get(user_id) if isinstance(self.members, dict) else None

    def get_channel(self, channel_id: int, /) -> Channel | None:
        """A cached channel of this guild."""
        return self.channels.get(channel_id) if isinstance(self.channels, dict) else None

    def get_thread(self, thread_id: int, /) -> Channel | None:
        """A cached thread of this guild."""
        return self.threads.get(thread_id) if isinstance(self.threads, dict) else None

    def get_channel_or_thread(self, channel_id: int, /) -> Channel | None:
        """A cached channel or thread."""
        return self.get_channel(channel_id) or self.get_thread(channel_id)

    def get_role(self, role_id: int, /) -> Role | None:
        """A role of this guild."""
        return self.roles.get(role_id) if isinstance(self.roles, dict) else None

    def get_member_named(self, name: str, /) -> Member | None:
        """The first member whose username, global name or nickname is ``name``."""
        for member in self.members if isinstance(self.members, dict | list) else ():
            if name in (member.name, member.global_name, member.nick):
                return member
        return None

    @property
    def me(self) -> Member | None:
        """The bot's own member."""
        return self.get_member(self._state.cache.self_id)

    @property
    def owner(self) -> Member | None:
        """The owner's member, if cached."""
        return self.get_member(self.owner_id)

    @property
    def default_role(self) -> Role | None:
        """``@everyone``."""
        return self.get_role(self.id)

    @property
    def system_channel(self) -> Channel | None:
        """Where Discord posts join messages."""
        return self.get_channel(self.system_channel_id) if self.system_channel_id else None

    @property
    def rules_channel(self) -> Channel | None:
        """A community guild's rules channel."""
        return self.get_channel(self.rules_channel_id) if self.rules_channel_id else None

    @property
    def public_updates_channel(self) -> Channel | None:
        """Where Discord sends a community guild's moderator notices."""
        cid = self.public_updates_channel_id
        return self.get_channel(cid) if cid else None

    @property
    def afk_channel(self) -> Channel | None:
        """The voice channel idle members are moved to."""
        return self.get_channel(self.afk_channel_id) if self.afk_channel_id else None

    @property
    def filesize_limit(self) -> int:
        """How many bytes an upload may weigh here (more with boosts)."""
        tier = min(int(self.premium_tier or 0), 3)
        return (10_485_760, 10_485_760, 52_428_800, 104_857_600)[tier]

    @property
    def premium_subscribers(self) -> list[Member]:
        """The cached members who boost the guild."""
        members = self.members if isinstance(self.members, dict | list) else ()
        return [m for m in members if m.premium_since is not None]

    @property
    def premium_subscriber_role(self) -> Role | None:
        """The role Discord gives boosters."""
        roles: Any = self.roles.values() if isinstance(self.roles, dict) else ()
        return next((r for r in roles if r.is_premium_subscriber()), None)

    @property
    def self_role(self) -> Role | None:
        """The bot's own managed role."""
        me_id = self._state.cache.self_id
        roles: Any = self.roles.values() if isinstance(self.roles, dict) else ()
        return next((r for r in roles if not isinstance(r.tags, UnsetType)
                     and r.tags.bot_id is not UNSET and r.tags.bot_id == me_id), None)

    @property
    def stage_channels(self) -> list[Channel]:
        """Stage channels, by position."""
        return self._of_type(13)

    @property
    def forums(self) -> list[Channel]:
        """Forum and media channels, by position."""
        return self._of_type(15, 16)

    def by_category(self) -> list[tuple[Channel | None, list[Channel]]]:
        """Each category with its channels, by position; channels in no category first,
        under ``None``, as discord.py's."""
        channels: Any = self.channels.values() if isinstance(self.channels, dict) else ()
        groups: dict[int | None, list[Channel]] = {}
        for channel in channels:
            if channel.type == 4:
                groups.setdefault(channel.id, [])
            else:
                groups.setdefault(channel.parent_id or None, []).append(channel)

        def place(c: Channel) -> tuple[int, int, int]:
            # Within a category, text-like channels come before voice-like ones.
            bucket = 1 if c.type in (2, 13) else 0
            return (bucket, c.position if isinstance(c.position, int) else 0, c.id)

        out: list[tuple[Channel | None, list[Channel]]] = []
        for cid in sorted(groups, key=lambda k: (-1, -1, -1) if k is None else place(
                self.get_channel(k) or Channel(id=k, type=4))):
            out.append((self.get_channel(cid) if cid is not None else None,
                        sorted(groups[cid], key=place)))
        return out

    def _of_type(self, *types: int) -> list[Channel]:
        channels = self.channels if isinstance(self.channels, dict | list) else ()
        found = [c for c in channels if c.type in types]
        found.sort(key=lambda c: (c.position if isinstance(c.position, int) else 0, c.id))
        return found

    @property
    def text_channels(self) -> list[Channel]:
        """Text and announcement channels, by position."""
        return self._of_type(0, 5)

    @property
    def voice_channels(self) -> list[Channel]:
        """Voice channels, by position."""
        return self._of_type(2)

    @property
    def categories(self) -> list[Channel]:
        """Categories, by position."""
        return self._of_type(4)

    @property
    def chunked(self) -> bool:
        """Whether every member is cached."""
        members = self.members if isinstance(self.members, dict | list) else ()
        return isinstance(self.member_count, int) and len(members) >= self.member_count

    async def chunk(self, *, cache: bool = True) -> list[Member]:
        """Fetch every member over the gateway (op 8) and cache them (with their
        presences, given the presences intent)."""
        return await self._state.request_members(  # type: ignore[no-any-return]
            self.id, presences=self._state.wants_presences)

    async def query_members(
        self, query: str = "", *, limit: int = 5, user_ids: list[int] | None = None,
        presences: bool = False,
    ) -> list[Member]:
        """Members whose name starts with ``query``, or those of ``user_ids``."""
        if presences and not self._state.wants_presences:
            from ..rest.errors import ClientException

            raise ClientException("Intents.presences must be enabled to use this.")
        return await self._state.request_members(  # type: ignore[no-any-return]
            self.id, query=query, limit=limit, user_ids=user_ids, presences=presences
        )

    async def invites(self) -> list[Any]:
        """Every invite of the guild, with their uses (needs Manage Server)."""
        from .invite import bind_invites

        return bind_invites(self._state, await self._state.http.guild_invites(self.id))

    async def webhooks(self) -> list[Any]:
        """Every webhook of the guild's channels (needs Manage Webhooks)."""
        from ..webhook import bind_webhooks

        return bind_webhooks(self._state, await self._state.http.guild_webhooks(self.id))

    async def edit(self, *, reason: str | None = None, **options: Any) -> Guild:
        """Change the guild's settings (Manage Server), with discord.py's keywords:
        ``name``, ``description``, ``icon`` (bytes or None), ``system_channel``,
        ``rules_channel``, ``public_updates_channel``, ``afk_channel`` (channels or
        None), ``afk_timeout``, ``verification_level``, ``default_notifications``,
        ``explicit_content_filter``, ``preferred_locale``, ``system_channel_flags``,
        ``premium_progress_bar_enabled``; ``widget_enabled`` and ``widget_channel`` go
        to :meth:`edit_widget` after. Returns the guild as Discord answers; the cache
        follows with GUILD_UPDATE."""
        from ..rest.payloads import image_data  # rest imports the models

        widget = {"enabled": options.pop("widget_enabled", UNSET),
                  "channel": options.pop("widget_channel", UNSET)}
        fields: dict[str, Any] = {}
        for key, value in options.items():
            wire = _GUILD_EDIT_NAMES.get(key, key)
            if wire not in _GUILD_EDIT_FIELDS:
                raise TypeError(f"{key}: Guild.edit has no such setting")
            if wire == "icon":
                value = image_data(value) if value is not None else None
            elif wire.endswith("_channel_id"):
                value = str(value.id) if value is not None else None
            elif isinstance(value, enum.Enum):
                value = value.value
            elif wire == "system_channel_flags":
                value = int(getattr(value, "value", value))
            elif wire == "preferred_locale":
                value = str(getattr(value, "value", value))
            fields[wire] = value
        data = await self._state.http.edit_guild(self.id, fields, reason=reason)
        await self.edit_widget(**widget, reason=reason)
        guild = decode(data, Guild)
        guild._state = self._state
        return guild

    async def active_threads(self) -> list[Channel]:
        """GET every active thread of the guild the bot can see (fresh, not the cache)."""
        threads: list[Channel] = self._state.threads_from(
            await self._state.http.active_threads(self.id))
        return threads

    async def fetch_emojis(self) -> list[Emoji]:
        """GET the guild's custom emojis (each with its maker, given Manage Expressions)."""
        data = await self._state.http.list_emojis(self.id)
        return [bind_emoji(e, self._state, self.id)
                for e in (decode(data, list[Emoji]) if data else [])]

    async def fetch_emoji(self, emoji_id: int, /) -> Emoji:
        """GET one custom emoji of the guild (``NotFound`` if there is none)."""
        data = await self._state.http.get_emoji(self.id, emoji_id)
        return bind_emoji(decode(data, Emoji), self._state, self.id)

    async def create_custom_emoji(self, *, name: str, image: bytes, roles: Any = None,
                                  reason: str | None = None) -> Emoji:
        """Make a custom emoji from PNG, JPEG, GIF (animated) or WebP bytes of at most
        256 KiB; ``roles``: only they may use it. Needs Create Expressions."""
        from ..rest.payloads import image_data  # rest imports the models

        fields: dict[str, Any] = {"name": name, "image": image_data(image)}
        if roles:
            fields["roles"] = [str(getattr(r, "id", r)) for r in roles]
        data = await self._state.http.create_emoji(self.id, fields, reason=reason)
        return bind_emoji(decode(data, Emoji), self._state, self.id)

    @property
    def emoji_limit(self) -> int:
        """How many static (and as many animated) custom emojis the guild may have."""
        more = 200 if "MORE_EMOJI" in (self.features or []) else 50
        return max(more, (50, 100, 150, 250)[min(int(self.premium_tier or 0), 3)])

    @property
    def sticker_limit(self) -> int:
        """How many stickers the guild may have (5, more with boosts)."""
        more = 60 if "MORE_STICKERS" in (self.features or []) else 0
        return max(more, (5, 15, 30, 60)[min(int(self.premium_tier or 0), 3)])

    async def fetch_stickers(self) -> list[GuildSticker]:
        """GET the guild's stickers."""
        data = await self._state.http.list_stickers(self.id)
        return [bind_sticker(s, self._state)
                for s in (decode(data, list[GuildSticker]) if data else [])]

    async def fetch_sticker(self, sticker_id: int, /) -> GuildSticker:
        """GET one sticker of the guild (``NotFound`` if there is none)."""
        data = await self._state.http.get_guild_sticker(self.id, sticker_id)
        return bind_sticker(decode(data, GuildSticker), self._state)

    async def create_sticker(self, *, name: str, description: str = "", emoji: str,
                             file: Any, reason: str | None = None) -> GuildSticker:
        """Make a sticker from a PNG, APNG, GIF or Lottie JSON ``File`` of at most
        512 KiB; ``emoji`` is the expression it stands for. Needs Create Expressions.

        >>> # await guild.create_sticker(name="wave", emoji="👋", file=File("wave.png"))
        """
        fields = {"name": name, "description": description or "", "tags": emoji}
        data = await self._state.http.create_sticker(self.id, fields, file, reason=reason)
        return bind_sticker(decode(data, GuildSticker), self._state)

    async def delete_sticker(self, sticker: Any, /, *, reason: str | None = None) -> None:
        """Delete one of the guild's stickers (anything with an ``id``)."""
        await self._state.http.delete_sticker(self.id, sticker.id, reason=reason)

    async def fetch_roles(self) -> list[Role]:
        """GET the guild's roles (the cache is kept by the gateway, not by this)."""
        data = await self._state.http.get_roles(self.id)
        return [bind_role(role, self._state, self.id)
                for role in (decode(data, list[Role]) if data else [])]

    async def fetch_role(self, role_id: int, /) -> Role:
        """GET one role of the guild (``NotFound`` if there is no such role)."""
        data = await self._state.http.get_role(self.id, role_id)
        return bind_role(decode(data, Role), self._state, self.id)

    async def fetch_channels(self) -> list[Channel]:
        """GET the guild's channels (not its threads), bound like the cache's."""
        data = await self._state.http.get_guild_channels(self.id)
        channels = decode(data, list[Channel]) if data else []
        for channel in channels:
            channel._state = self._state
        return channels

    async def fetch_channel(self, channel_id: int, /) -> Channel:
        """GET a channel or thread of this guild; ``InvalidData`` if it is another
        guild's or a DM (as discord.py)."""
        from ..rest.errors import InvalidData  # models do not import the REST layer

        channel: Channel = await self._state.fetch_channel(channel_id)
        if isinstance(channel.guild_id, UnsetType):
            raise InvalidData(f"channel {channel_id} is a private channel, not this guild's")
        if channel.guild_id != self.id:
            raise InvalidData(f"channel {channel_id} belongs to another guild")
        return channel

    async def fetch_member(self, user_id: int, /) -> Member:
        """GET a member."""
        return await self._state.fetch_member(self.id, user_id)  # type: ignore[no-any-return]

    async def create_text_channel(self, name: str, *, reason: str | None = None,
                                  category: Any = None, news: bool = False,
                                  **options: Any) -> Channel:
        """Create a text channel (``news=True``: an announcement channel), as
        discord.py's: ``category``, ``overwrites`` (a role or member to a
        :class:`PermissionOverwrite`), ``topic``, ``slowmode_delay``, ``nsfw``,
        ``position``, ``default_auto_archive_duration``..."""
        return await self._create_channel(name, 5 if news else 0, category, reason, options)

    async def create_voice_channel(self, name: str, *, reason: str | None = None,
                                   category: Any = None, **options: Any) -> Channel:
        """Create a voice channel: ``bitrate``, ``user_limit``, ``rtc_region``,
        ``video_quality_mode``, ``overwrites``, ``position``... as discord.py's."""
        return await self._create_channel(name, 2, category, reason, options)

    async def create_stage_channel(self, name: str, *, reason: str | None = None,
                                   category: Any = None, **options: Any) -> Channel:
        """Create a stage channel (options as :meth:`create_voice_channel`)."""
        return await self._create_channel(name, 13, category, reason, options)

    async def create_forum(self, name: str, *, reason: str | None = None,
                           category: Any = None, media: bool = False,
                           **options: Any) -> Channel:
        """Create a forum (``media=True``: a media channel): ``topic``, ``slowmode_delay``,
        ``default_thread_slowmode_delay``, ``default_auto_archive_duration``,
        ``overwrites``, ``nsfw``, ``position``... as discord.py's."""
        return await self._create_channel(name, 16 if media else 15, category, reason, options)

    create_forum_channel = create_forum

    @property
    def approximate_member_count(self) -> int | None:
        """Roughly how many members the guild has, when Discord counted (a guild from
        ``fetch_guilds`` or ``fetch_guild(with_counts=True)``), else ``None``."""
        count = self.approximate_members
        return count if isinstance(count, int) else None

    @property
    def approximate_presence_count(self) -> int | None:
        """Roughly how many members are online, when Discord counted, else ``None``."""
        count = self.approximate_presences
        return count if isinstance(count, int) else None

    def get_emoji(self, emoji_id: int, /) -> Emoji | None:
        """One of the guild's custom emojis."""
        return next((e for e in self.emojis if e.id == emoji_id), None)

    async def delete_emoji(self, emoji: Any, /, *, reason: str | None = None) -> None:
        """Delete one of the guild's custom emojis (Manage Expressions)."""
        await self._state.http.delete_emoji(self.id, int(getattr(emoji, "id", emoji)),
                                            reason=reason)

    async def create_category(self, name: str, *, reason: str | None = None,
                              **options: Any) -> Channel:
        """Create a category: ``overwrites`` and ``position``, as discord.py's."""
        return await self._create_channel(name, 4, None, reason, options)

    create_category_channel = create_category

    async def _create_channel(self, name: str, kind: int, category: Any, reason: str | None,
                              options: dict[str, Any]) -> Channel:
        fields = channel_fields(options)
        fields.update(name=name, type=kind)
        if category is not None:
            fields["parent_id"] = category.id
        data = await self._state.http.create_channel(self.id, fields, reason=reason)
        return self._state.channel_from(data)  # type: ignore[no-any-return]

    async def create_role(self, *, name: str = "new role", permissions: Any = None,
                          colour: Any = None, color: Any = None, hoist: bool = False,
                          mentionable: bool = False, reason: str | None = None) -> Role:
        """Create a role (it starts at the bottom of the list, as on Discord)."""
        fields = _role_body(name=name, permissions=permissions, colour=colour, color=color,
                            hoist=hoist, mentionable=mentionable)
        data = await self._state.http.create_role(self.id, fields, reason=reason)
        return bind_role(decode(data, Role), self._state, self.id)

    async def leave(self) -> None:
        """Leave the guild."""
        await self._state.http.leave_guild(self.id)

    async def edit_role_positions(self, positions: Any, *,
                                  reason: str | None = None) -> list[Role]:
        """Give roles new positions (``{role: position}``); returns every role of the
        guild as Discord answers, lowest first."""
        if not isinstance(positions, Mapping):
            raise TypeError("positions parameter expects a dict.")
        data = await self._state.http.move_roles(
            self.id, [{"id": str(getattr(r, "id", r)), "position": int(p)}
                      for r, p in positions.items()], reason=reason)
        roles = [bind_role(role, self._state, self.id) for role in decode(data, list[Role])]
        return sorted(roles, key=Role._rank)

    async def estimate_pruned_members(self, *, days: int, roles: Any = None) -> int:
        """How many members a prune of ``days`` would remove (those with no roles, or
        only roles among ``roles``, inactive that long)."""
        data = await self._state.http.prune_count(self.id, _prune_days(days),
                                                  _role_ids(roles))
        return int(decode(data or b"{}", _Pruned).pruned or 0)

    async def prune_members(self, *, days: int, compute_prune_count: bool = True,
                            roles: Any = None, reason: str | None = None) -> int | None:
        """Remove the members :meth:`estimate_pruned_members` counts; returns how many
        (``None`` with ``compute_prune_count=False``, kinder to a large guild)."""
        data = await self._state.http.prune(self.id, _prune_days(days), compute_prune_count,
                                            _role_ids(roles), reason=reason)
        return decode(data or b"{}", _Pruned).pruned

    async def bulk_ban(self, users: Any, *, reason: str | None = None,
                       delete_message_seconds: int = 86400) -> BulkBanResult:
        """Ban up to 200 users at once; which were banned and which were not, as
        :class:`Object` s (discord.py's ``BulkBanResult``)."""
        from .object import Object

        ids = [str(getattr(u, "id", u)) for u in users]
        data = await self._state.http.bulk_ban(self.id, ids, delete_message_seconds,
                                               reason=reason)
        answer = decode(data or b"{}", _BulkBanned)
        return BulkBanResult(banned=[Object(int(u), type=User) for u in answer.banned_users],
                             failed=[Object(int(u), type=User) for u in answer.failed_users])

    async def kick(self, user: Any, *, reason: str | None = None) -> None:
        """Kick a member."""
        await self._state.http.kick(self.id, getattr(user, "id", user), reason=reason)

    async def ban(self, user: Any, *, reason: str | None = None,
                  delete_message_seconds: int = 0) -> None:
        """Ban a user."""
        await self._state.http.ban(self.id, getattr(user, "id", user), delete_message_seconds,
                                   reason=reason)

    async def unban(self, user: Any, *, reason: str | None = None) -> None:
        """Lift a ban."""
        await self._state.http.unban(self.id, getattr(user, "id", user), reason=reason)

    async def fetch_members(self, *, limit: int | None = 1000,
                            after: Any = None) -> AsyncIterator[Member]:
        """``async for member in guild.fetch_members(limit=150):`` members by REST, as
        discord.py: pages of up to 1,000 from ``after`` (a user, an id or a datetime),
        each page newest id first. Needs the members intent; the cache is not changed.
        """
        from ..rest.errors import ClientException  # rest imports the models

        state = self._state
        intents = getattr(state, "intents", None)
        if intents is not None and not intents.members:
            raise ClientException("Intents.members must be enabled to use this.")

        async def fetch(size: int, mark: int) -> list[Member]:
            return state.members_page(  # type: ignore[no-any-return]
                self.id, await state.http.get_members(self.id, limit=size, after=mark))

        async for page in pages(limit, _MEMBERS_PAGE, fetch,
                                snowflake_of(after, high=True) or 0,
                                lambda page: page[-1].id):
            for member in reversed(page):
                yield member

    async def fetch_ban(self, user: Any) -> BanEntry:
        """The ban of ``user`` (an id or anything with one); :class:`NotFound` if none."""
        data = await self._state.http.get_ban(self.id, getattr(user, "id", user))
        return self._ban_entry(decode(data, _Ban))

    async def bans(self, *, limit: int | None = 1000, before: Any = None,
                   after: Any = None) -> AsyncIterator[BanEntry]:
        """``async for entry in guild.bans(limit=150):`` the banned users, as discord.py.

        Bans come by user id, ascending; ``after`` starts past a user, ``before`` reads
        back from one (each page still ascending, the pages going back). ``limit=None``
        reads them all, a page of 1,000 at a time.
        """
        if before is not None and after is not None:
            raise TypeError("bans pagination does not support both before and after")
        backwards = before is not None
        start = before if backwards else after

        async def fetch(size: int, mark: Any) -> list[_Ban]:
            data = await self._state.http.get_bans(
                self.id, limit=size, before=mark if backwards else None,
                after=None if backwards else mark)
            return decode(data, list[_Ban])

        async for page in pages(limit, _BANS_PAGE, fetch, getattr(start, "id", start),
                                lambda page: page[0 if backwards else -1].user.id):
            for ban in page:
                yield self._ban_entry(ban)

    def audit_logs(self, *, limit: int | None = 100, before: Any = None, after: Any = None,
                   oldest_first: bool | None = None, user: Any = None,
                   action: Any = None) -> AsyncIterator[Any]:
        """``async for entry in guild.audit_logs(limit=20, action=AuditLogAction.ban):``
        the audit log, newest first (``oldest_first=True``: oldest first). ``before`` and
        ``after`` take an id, an object with one, or a datetime; ``user`` keeps one
        moderator's entries. Needs View Audit Log.

        As discord.py 2.7.1 does, ``after`` alone keeps the newest-first order (its
        documentation says ``after`` turns ``oldest_first`` on; its code does not).
        """
        from .audit_log import read_audit_log

        return read_audit_log(self, limit=limit, before=before, after=after,
                              oldest_first=bool(oldest_first), user=user, action=action)

    def _ban_entry(self, ban: _Ban) -> BanEntry:
        ban.user._state = self._state
        return BanEntry(reason=ban.reason, user=ban.user)


# discord.py's keywords for ``Member.edit`` -> Discord's field names.
_MEMBER_EDIT_NAMES: Final = {"deafen": "deaf", "voice_channel": "channel_id",
                             "timed_out_until": "communication_disabled_until"}


def _now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def _parse_time(text: str | UnsetType | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(text) if isinstance(text, str) else None
