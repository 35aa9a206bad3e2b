"""A user's membership of a guild: its nickname, roles, presence, voice and timeout."""

from __future__ import annotations

import datetime
import warnings
from typing import Any

import msgspec

from .activity import BaseActivity, Status
from .asset import Asset, default_avatar_asset
from .base import (
    UNSET,
    Model,
    UnsetType,
    none_if_unset,
    snowflake_of,
    snowflake_time,
    viewed_field,
)
from .colour import Colour
from .flags import Permissions
from .member_profile import MemberProfile
from .presence import OFFLINE, ClientStatus, Presence
from .record_flags import MemberFlags
from .role import Role
from .user import DirectMessages, User, _HasUser, mutual_guilds

__all__ = ["Member", "ban_deletion_seconds"]


class Member(Model, _HasUser, DirectMessages, MemberProfile, gc=False, kw_only=True):
    """A user's membership of a guild. ``user`` is absent in MESSAGE_CREATE."""

    user: User | UnsetType = UNSET
    nick: str | UnsetType | None = UNSET
    # The guild profile's images as sent (``guild_avatar``, ``guild_banner``);
    # ``avatar`` and ``banner`` are the user's, as in discord.py.
    guild_avatar_hash: str | UnsetType | None = msgspec.field(default=UNSET, name="avatar")
    guild_banner_hash: str | UnsetType | None = msgspec.field(default=UNSET, name="banner")
    # The role ids as cached (a shared set once the cache has the member); ``roles``
    # gives them as Role objects, a new list each time.
    role_set: list[int] = msgspec.field(default=[], name="roles")
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

    def __repr__(self) -> str:
        user = self.user
        if isinstance(user, UnsetType):
            return f"<Member nick={self.nick!r}>"
        return (f"<Member id={user.id} name={user.username!r} "
                f"global_name={user.global_name!r} bot={user.bot} "
                f"nick={none_if_unset(self.nick)!r} "
                f"guild={self.guild if self._state else None!r}>")

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
        guild = self.guild_avatar
        if guild is not None:
            return guild
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
    def status(self) -> Status:
        """``Status.online``, ``idle``, ``dnd`` or ``offline`` (offline unless the bot
        has the presences intent)."""
        return self._presence_now().client_status.status

    @property
    def raw_status(self) -> str:
        """The status as Discord sent it."""
        return self._presence_now().client_status.raw_status

    @property
    def desktop_status(self) -> Status:
        """The status on the desktop app."""
        return self._presence_now().client_status.desktop_status

    @property
    def mobile_status(self) -> Status:
        """The status on a phone."""
        return self._presence_now().client_status.mobile_status

    @property
    def web_status(self) -> Status:
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
        """The cached guild this membership belongs to (for a guild the bot is not in,
        the stand-in its latest interaction described, as discord.py's)."""
        return self._state.cache.guild_anywhere(self._guild_id)

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
    def roles(self) -> list[Any]:
        """The member's roles as :class:`Role` objects, ``@everyone`` first, then by
        position; a new list each read, as discord.py's, so it can be changed and
        handed back (``roles.append(role); await member.edit(roles=roles)``)."""
        held: Any = self.role_set
        try:
            return held.as_roles  # type: ignore[no-any-return]  # the cache's shared set
        except AttributeError:
            pass
        guild = None if self._state is UNSET else self.guild
        if guild is None:  # not cached: the ids as Discord sent them
            return list(held)
        everyone = guild.roles.get(guild.id)
        found = self.role_objects
        return found if everyone is None or everyone in found else [everyone, *found]

    @property
    def role_ids(self) -> list[int]:
        """The member's role ids, as Discord sent them."""
        return list(getattr(self.role_set, "ids", self.role_set))

    @property
    def role_objects(self) -> list[Role]:
        """The member's roles as :class:`Role` objects, lowest position first."""
        guild = self.guild
        if guild is None:
            return []
        found = (guild.roles.get(r) for r in self.role_ids)
        return sorted(r for r in found if r is not None)  # discord.py's hierarchy order

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
            if int(role.color):  # a Colour is truthy even when black: ask its value
                return Colour(role.color)
        return Colour(0)

    color = colour

    @property
    def guild_permissions(self) -> Any:
        """Guild-wide permissions from the member's roles; while a timeout runs, only
        View Channel and Read Message History of them (unless the member owns the guild
        or is an administrator), as discord.py reads it."""
        from .flags import Permissions
        from .permissions import ALL_PERMISSIONS, base_permissions

        guild = self.guild
        value = base_permissions(
            guild_id=guild.id, owner_id=guild.owner_id, user_id=self.id,
            member_roles=self.role_ids, roles=guild.roles,
        )
        if value != ALL_PERMISSIONS and self.is_timed_out():
            value &= Permissions.view_channel | Permissions.read_message_history
        return Permissions(value)

    def mentioned_in(self, message: Any) -> bool:
        """Whether ``message`` mentions this member, one of its roles, or everyone."""
        if message.mention_everyone or any(m.id == self.id for m in message.mentions):
            return True
        return any(r in self.role_ids for r in message.mention_roles)

    async def add_roles(self, *roles: Any, reason: str | None = None,
                        atomic: bool = True) -> None:
        """Give the member roles (objects or ids): one call a role, each safe against
        concurrent changes; ``atomic=False``: one edit of the whole list as cached."""
        if not atomic:
            # Each role once, as discord.py: one it already holds is not named again.
            held = dict.fromkeys([*self._kept_role_ids(), *_role_ids(roles)])
            await self.edit(roles=list(held), reason=reason)
            return
        for role_id in _role_ids(roles):  # all read before the first request
            await self._state.http.add_role(self._guild_id, self.id, role_id, reason=reason)

    async def remove_roles(self, *roles: Any, reason: str | None = None,
                           atomic: bool = True) -> None:
        """Take roles from the member (``atomic=False``: one edit, as for ``add_roles``)."""
        if not atomic:
            gone = set(_role_ids(roles))
            await self.edit(roles=[r for r in self._kept_role_ids() if r not in gone],
                            reason=reason)
            return
        for role_id in _role_ids(roles):
            await self._state.http.remove_role(self._guild_id, self.id, role_id, reason=reason)

    def _kept_role_ids(self) -> list[int]:
        """The member's role ids as cached, without @everyone (it is implied)."""
        return [i for i in self.role_ids if i != self._guild_id]

    async def edit(self, *, nick: Any = UNSET, roles: Any = UNSET, mute: Any = UNSET,
                   deafen: Any = UNSET, suppress: Any = UNSET, voice_channel: Any = UNSET,
                   timed_out_until: Any = UNSET, bypass_verification: Any = UNSET,
                   reason: str | None = None, deaf: Any = UNSET, channel_id: Any = UNSET,
                   communication_disabled_until: Any = UNSET, flags: Any = UNSET,
                   avatar: Any = UNSET, banner: Any = UNSET,
                   bio: Any = UNSET) -> Member | None:
        """PATCH the member with discord.py's keywords: ``nick``, ``roles``, ``mute``,
        ``deafen``, ``voice_channel`` (``None``: disconnect from voice),
        ``timed_out_until``, ``suppress`` (on a stage) and ``bypass_verification``;
        Discord's own names (``deaf``, ``channel_id``, ``communication_disabled_until``,
        ``flags``) are taken too. Any other keyword (``nickname=``) is a TypeError, as in
        discord.py, not a change silently left out. The bot's own member also takes
        ``avatar`` and ``banner`` (image bytes, or ``None`` to remove) and ``bio``.

        Returns the member as Discord answers (``None`` when only ``suppress`` was
        given, or nothing at all, as discord.py).
        """
        given = {"nick": nick, "roles": roles, "mute": mute,
                 "deaf": deaf if deafen is UNSET else deafen,
                 "channel_id": channel_id if voice_channel is UNSET else voice_channel,
                 "communication_disabled_until": communication_disabled_until
                 if timed_out_until is UNSET else timed_out_until,
                 "flags": flags, "bypass_verification": bypass_verification}
        fields = {name: value for name, value in given.items() if value is not UNSET}
        if "roles" in fields:
            fields["roles"] = [str(i) for i in _role_ids(fields["roles"])]
        if "channel_id" in fields:
            target = snowflake_of(fields["channel_id"], name="voice_channel")
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
            held = int(self.flags)  # reads as MemberFlags
            fields["flags"] = (held | bypass) if on else (held & ~bypass)
        if avatar is not UNSET or banner is not UNSET or bio is not UNSET:
            own = await self._edit_profile(avatar, banner, bio, reason)
            if not fields and suppress is UNSET:
                return own
        if suppress is not UNSET:
            await self._edit_suppress(bool(suppress))
        if not fields:
            return None  # nothing (else) to change: no request, as discord.py's edit
        data = await self._state.http.edit_member(self._guild_id, self.id, fields,
                                                  reason=reason)
        return self._state.member_from(self._guild_id, data)  # type: ignore[no-any-return]

    async def _edit_profile(self, avatar: Any, banner: Any, bio: Any,
                            reason: str | None) -> Member:
        """The bot's own guild avatar, banner and bio (discord.py's words when the member
        is someone else's)."""
        if self.id != self._state.cache.self_id:
            raise ValueError("Editing the bio, avatar or banner is only for the bot's own "
                             "member.")
        from ..rest.payloads import image_data  # rest imports the models

        body: dict[str, Any] = {}
        for name, image in (("avatar", avatar), ("banner", banner)):
            if image is not UNSET:
                body[name] = None if image is None else image_data(image)
        if bio is not UNSET:
            body["bio"] = bio or ""
        data = await self._state.http.edit_my_member(self._guild_id, body, reason=reason)
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
        elif until is not None and not isinstance(until, datetime.datetime):
            # discord.py's words; a naive datetime is refused by edit(), as there.
            raise TypeError("expected None, datetime.datetime, or datetime.timedelta "
                            f"not {type(until).__name__}")
        await self.edit(timed_out_until=until, reason=reason)

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

    async def ban(self, *, reason: str | None = None, delete_message_days: int | None = None,
                  delete_message_seconds: int | None = None) -> None:
        """Ban the member (as ``guild.ban(member)``: one day of their messages deleted
        unless told otherwise)."""
        seconds = ban_deletion_seconds(delete_message_days, delete_message_seconds)
        await self._state.http.ban(self._guild_id, self.id, seconds, reason=reason)

    async def unban(self, *, reason: str | None = None) -> None:
        """Lift the member's ban (as ``guild.unban(member)``)."""
        await self._state.http.unban(self._guild_id, self.id, reason=reason)


viewed_field(Member, "flags", lambda value: MemberFlags._from_value(int(value)), int)


def ban_deletion_seconds(days: int | None, seconds: int | None) -> int:
    """How much of a banned user's history to delete, from ``ban``'s keywords: one
    day unless told, as discord.py's default."""
    if days is not None and seconds is not None:
        raise TypeError("Cannot mix delete_message_days and delete_message_seconds "
                        "keyword arguments.")
    if days is not None:
        warnings.warn("delete_message_days is deprecated, use delete_message_seconds instead",
                      DeprecationWarning, stacklevel=3)
        return int(days) * 86400
    return 86400 if seconds is None else int(seconds)


def _now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def _parse_time(text: str | UnsetType | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(text) if isinstance(text, str) else None


def _role_ids(roles: Any) -> list[int]:
    """Each role's id (a Role, an Object or an id), or a TypeError naming ``roles``: a
    role's name or anything else is refused before any request, not sent to Discord."""
    try:
        return [int(getattr(role, "id", role)) for role in roles]
    except (TypeError, ValueError):
        pass
    kinds = ", ".join(dict.fromkeys(type(role).__name__ for role in roles)) \
        if isinstance(roles, list | tuple) else type(roles).__name__
    raise TypeError(f"roles must be Role objects or role ids, not {kinds}")
