"""Invites, as discord.py's ``discord.Invite``: made for a channel, read by code."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any, Final

import msgspec

from .application import Application
from .base import UNSET, Model, NamedEnum, Snowflake, UnsetType, decode, enum_of, viewed_field
from .object import Object
from .record_flags import InviteFlags
from .scheduled_event import ScheduledEvent, bind_scheduled_event
from .user import User

__all__ = ["Invite", "InviteTarget", "InviteType", "PartialInviteChannel", "PartialInviteGuild",
           "bind_invite", "bind_invites", "invite_code"]

# https://discord.gg/CODE, https://discord.com/invite/CODE, or the code itself
_CODE: Final = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:discord(?:app)?\.com/invite|discord\.gg)/([\w-]+)/?$|^([\w-]+)$")


def invite_code(url_or_code: Any) -> str:
    """The code of an invite, its URL or the code itself."""
    if isinstance(url_or_code, Invite):
        return url_or_code.code
    match = _CODE.match(str(url_or_code).strip())
    if match is None:
        raise ValueError(f"not an invite URL or code: {str(url_or_code)[:100]!r}")
    return match[1] or match[2]


class InviteType(NamedEnum):
    """Where an invite leads: a guild, a group DM, or a friend request."""

    guild = 0
    group_dm = 1
    friend = 2


class InviteTarget(NamedEnum):
    """What a voice channel invite opens: nothing special, a stream, or an activity."""

    unknown = 0
    stream = 1
    embedded_application = 2


class PartialInviteGuild:
    """The guild of an invite to a guild the bot is not in (what the invite says)."""

    __slots__ = ("icon", "id", "name", "verification_level")

    def __init__(self, data: dict[str, Any]) -> None:
        self.id = int(data["id"])
        self.name: str = data.get("name") or ""
        self.icon: str | None = data.get("icon")
        self.verification_level: int = data.get("verification_level") or 0

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<PartialInviteGuild id={self.id} name={self.name!r}>"


class PartialInviteChannel:
    """The channel of an invite, when the bot does not cache it."""

    __slots__ = ("id", "name", "type")

    def __init__(self, data: dict[str, Any]) -> None:
        self.id = int(data["id"])
        self.name: str = data.get("name") or ""
        self.type: int = data.get("type") or 0

    @property
    def mention(self) -> str:
        """``<#id>``."""
        return f"<#{self.id}>"

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<PartialInviteChannel id={self.id} name={self.name!r}>"


def _id_of(raw: Any, data: Any) -> int | None:
    """An id sent on its own (gateway events), else the one of the object sent (REST)."""
    if isinstance(raw, int):
        return raw
    return int(data["id"]) if isinstance(data, dict) else None


def _time(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


class Invite(Model, kw_only=True):
    """An invite. ``uses``, ``max_uses``, ``max_age``, ``temporary`` and ``created_at``
    are known to those who manage it (from ``channel.invites()``, ``guild.invites()``,
    ``create_invite``, or ``on_invite_create``), ``None`` when read by code."""

    code: str
    type: int = 0
    inviter: User | None = None
    guild_data: dict[str, Any] | UnsetType | None = msgspec.field(default=UNSET, name="guild")
    channel_data: dict[str, Any] | UnsetType | None = msgspec.field(default=UNSET,
                                                                    name="channel")
    # The gateway's events name the guild and channel by id only.
    guild_id_raw: Snowflake | UnsetType = msgspec.field(default=UNSET, name="guild_id")
    channel_id_raw: Snowflake | UnsetType = msgspec.field(default=UNSET, name="channel_id")
    uses: int | None = None
    max_uses: int | None = None
    max_age: int | None = None
    temporary: bool | None = None
    created_at_iso: str | None = msgspec.field(default=None, name="created_at")
    expires_at_iso: str | None = msgspec.field(default=None, name="expires_at")
    approximate_member_count: int | None = None
    approximate_presence_count: int | None = None
    target_type: int = 0
    target_user: User | None = None
    target_application: Application | None = None
    # Discord no longer sends it; kept for code that reads it, as discord.py does.
    revoked: bool | None = None
    # Sent when the invite is fetched for an event (``fetch_invite(scheduled_event_id=)``).
    guild_scheduled_event: ScheduledEvent | None = None
    flags: int = 0
    _state: Any = UNSET
    # Set by ``set_scheduled_event`` (or from an invite link's ``?event=``).
    _event_id: int | None = None

    BASE = "https://discord.gg"

    @property
    def id(self) -> str:
        """The code (an invite's id, as in discord.py)."""
        return self.code

    @property
    def url(self) -> str:
        """``https://discord.gg/<code>``, with ``?event=<id>`` for an event's invite."""
        event_id = self.scheduled_event_id
        event = "" if event_id is None else f"?event={event_id}"
        return f"{self.BASE}/{self.code}{event}"

    @property
    def scheduled_event_id(self) -> int | None:
        """The scheduled event the invite points at, if any."""
        if self._event_id is not None:
            return self._event_id
        event = self.guild_scheduled_event
        return None if event is None else int(event.id)

    @property
    def scheduled_event(self) -> ScheduledEvent | None:
        """That event: the guild's cached one, else the one Discord sent with the invite."""
        event_id = self.scheduled_event_id
        if event_id is None:
            return None
        guild = self.guild
        finder = getattr(guild, "get_scheduled_event", None)
        found = finder(event_id) if finder is not None else None
        if found is not None:
            return found  # type: ignore[no-any-return]
        event = self.guild_scheduled_event
        return event if event is not None and int(event.id) == event_id else None

    def set_scheduled_event(self, scheduled_event: Any, /) -> Invite:
        """Point the invite at an event (anything with an ``id``), for its ``url``;
        returns the invite, for chaining."""
        self._event_id = int(scheduled_event.id)
        return self

    @property
    def created_at(self) -> datetime.datetime | None:
        """When it was made (UTC), if known."""
        return _time(self.created_at_iso)

    @property
    def expires_at(self) -> datetime.datetime | None:
        """When it stops working (UTC); ``None`` if it never does, or is not known."""
        return _time(self.expires_at_iso)

    @property
    def guild_id(self) -> int | None:
        """The guild it invites to."""
        return _id_of(self.guild_id_raw, self.guild_data)

    @property
    def channel_id(self) -> int | None:
        """The channel it opens on."""
        return _id_of(self.channel_id_raw, self.channel_data)

    @property
    def guild(self) -> Any:
        """The cached guild, else what the invite says of it (``None`` if nothing)."""
        return self._cached_or_partial("guilds", self.guild_id, self.guild_data,
                                       PartialInviteGuild)

    @property
    def channel(self) -> Any:
        """The cached channel, else what the invite says of it."""
        return self._cached_or_partial("channels", self.channel_id, self.channel_data,
                                       PartialInviteChannel)

    def _cached_or_partial(self, kind: str, key: int | None, data: Any,
                           partial: Callable[[dict[str, Any]], Any]) -> Any:
        """The cache's object of ``kind`` (``guilds``, ``channels``), else a partial one
        made from what the invite carries, else (a gateway invite names only the id) an
        :class:`Object` of that id, as discord.py's, else ``None``."""
        state = self._state
        if key is not None and state is not UNSET:
            cached = getattr(state.cache, kind).get(key)
            if cached is not None:
                return cached
        if isinstance(data, dict):
            return partial(data)
        return None if key is None else Object(id=key)

    async def delete(self, *, reason: str | None = None) -> Invite:
        """Revoke it (needs Manage Channels, or Manage Server); returns it as it was."""
        return bind_invite(self._state, await self._state.http.delete_invite(self.code,
                                                                             reason=reason))

    def __str__(self) -> str:
        return self.url

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Invite) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)

    def __repr__(self) -> str:
        return (f"<Invite code={self.code!r} guild={self.guild_id} channel={self.channel_id} "
                f"uses={self.uses} max_uses={self.max_uses}>")


viewed_field(Invite, "type", lambda value: enum_of(InviteType, value), int)
viewed_field(Invite, "target_type", lambda value: enum_of(InviteTarget, value), int)
viewed_field(Invite, "flags", lambda value: InviteFlags._from_value(int(value)), int)


def _bound(state: Any, invite: Invite) -> Invite:
    invite._state = state
    if invite.guild_scheduled_event is not None:
        bind_scheduled_event(invite.guild_scheduled_event, state)
    for user in (invite.inviter, invite.target_user):
        if user is not None:
            user._state = state
    return invite


def bind_invite(state: Any, data: bytes | None) -> Invite:
    """An invite from a REST answer or an event, knowing its client."""
    return _bound(state, decode(data or b"{}", Invite))


def bind_invites(state: Any, data: bytes | None) -> list[Invite]:
    """Invites from a REST list answer."""
    return [_bound(state, invite) for invite in decode(data or b"[]", list[Invite])]
