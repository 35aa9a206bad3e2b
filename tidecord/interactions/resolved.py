"""The objects an interaction's ``resolved`` data describes, as discord.py hands them out.

Users become :class:`~tidecord.User` (or :class:`~tidecord.Member` in guilds),
roles :class:`~tidecord.Role`, channels :class:`AppCommandChannel` /
:class:`AppCommandThread` (partial: ``resolve()`` gives the cached channel),
messages :class:`~tidecord.Message`, attachments :class:`~tidecord.Attachment`.
Shared by the command tree's namespace and by select menus.
"""

from __future__ import annotations

import datetime
from typing import Any, Final, NamedTuple

from ..models import (
    Attachment,
    Channel,
    ChannelFlags,
    ChannelType,
    Member,
    Message,
    Permissions,
    Role,
    User,
    convert,
)
from ..models.base import enum_of, snowflake_time

__all__ = [
    "AppCommandChannel",
    "AppCommandThread",
    "ResolveKey",
    "find_resolved",
    "resolve_items",
]

_THREAD_TYPES: Final = frozenset({10, 11, 12})


class ResolveKey(NamedTuple):
    """An id and the option type it was resolved as (6 user, 7 channel, 8 role, 11 file)."""

    id: str
    type: int


class AppCommandChannel:
    """A channel as an interaction describes it: id, name, type and your permissions.

    ``resolve()`` gives the cached channel (or ``None``), ``fetch()`` asks Discord.
    """

    __slots__ = ("_flags", "_last_pin", "_state", "category_id", "guild_id", "id",
                 "last_message_id", "name", "nsfw", "permissions", "position",
                 "slowmode_delay", "topic", "type")

    def __init__(self, state: Any, data: dict[str, Any], guild_id: int | None) -> None:
        self._state = state
        self.id = int(data["id"])
        self.guild_id = guild_id
        self.name: str = data.get("name") or ""
        kind = int(data.get("type", 0))
        self.type: ChannelType = enum_of(ChannelType, kind)  # a later kind: unknown_<n>
        self.permissions = Permissions(int(data.get("permissions") or 0))
        parent = data.get("parent_id")
        self.category_id: int | None = int(parent) if parent else None
        # Discord's resolved channels are partial: what it leaves out reads as
        # discord.py's defaults.
        self.topic: str | None = data.get("topic")
        self.position: int = data.get("position") or 0
        self.nsfw: bool = bool(data.get("nsfw"))
        self.slowmode_delay: int = data.get("rate_limit_per_user") or 0
        last = data.get("last_message_id")
        self.last_message_id: int | None = int(last) if last else None
        self._last_pin: str | None = data.get("last_pin_timestamp")
        self._flags: int = data.get("flags") or 0

    @property
    def flags(self) -> ChannelFlags:
        """The channel's flags."""
        return ChannelFlags(self._flags)

    @property
    def created_at(self) -> datetime.datetime:
        """When the channel was made (from its id)."""
        return snowflake_time(self.id)

    @property
    def jump_url(self) -> str:
        """A link to the channel."""
        return f"https://discord.com/channels/{self.guild_id}/{self.id}"

    @property
    def last_pin_timestamp(self) -> datetime.datetime | None:
        """When a message was last pinned here, if Discord said."""
        return datetime.datetime.fromisoformat(self._last_pin) if self._last_pin else None

    def is_nsfw(self) -> bool:
        """Whether the channel is age-restricted."""
        return self.nsfw

    def is_news(self) -> bool:
        """Whether it is an announcement channel."""
        return self.type == ChannelType.news

    @property
    def guild(self) -> Any:
        """The cached guild."""
        return None if self.guild_id is None else self._state.cache.guilds.get(self.guild_id)

    @property
    def mention(self) -> str:
        """``<#id>``."""
        return f"<#{self.id}>"

    def resolve(self) -> Channel | None:
        """The cached channel, if the bot has it."""
        return self._state.cache.channels.get(self.id)  # type: ignore[no-any-return]

    async def fetch(self) -> Channel:
        """GET the whole channel."""
        return await self._state.fetch_channel(self.id)  # type: ignore[no-any-return]

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AppCommandChannel | Channel) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} id={self.id} name={self.name!r} type={self.type!r}>"


class AppCommandThread(AppCommandChannel):
    """A thread as an interaction describes it: its owner, counts and archive state."""

    __slots__ = ("_applied", "_created", "archive_timestamp", "archived", "archiver_id",
                 "auto_archive_duration", "invitable", "locked", "member_count",
                 "message_count", "owner_id", "total_message_sent")

    def __init__(self, state: Any, data: dict[str, Any], guild_id: int | None) -> None:
        super().__init__(state, data, guild_id)
        owner = data.get("owner_id")
        self.owner_id: int | None = int(owner) if owner else None
        self.member_count: int = int(data.get("member_count") or 0)
        self.message_count: int = int(data.get("message_count") or 0)
        self.total_message_sent: int = int(data.get("total_message_sent") or 0)
        self._applied: list[int] = [int(t) for t in data.get("applied_tags") or ()]
        meta = data.get("thread_metadata") or {}
        self.archived: bool = bool(meta.get("archived", False))
        self.locked: bool = bool(meta.get("locked", False))
        self.invitable: bool = bool(meta.get("invitable", True))
        archiver = meta.get("archiver_id")
        self.archiver_id: int | None = int(archiver) if archiver else None
        self.auto_archive_duration: int = int(meta.get("auto_archive_duration") or 1440)
        self.archive_timestamp: datetime.datetime | None = _when(meta.get("archive_timestamp"))
        self._created: datetime.datetime | None = _when(meta.get("create_timestamp"))

    @property
    def parent_id(self) -> int | None:
        """The channel the thread is in."""
        return self.category_id

    @property
    def parent(self) -> Any:
        """The cached channel the thread is in."""
        return None if self.parent_id is None else \
            self._state.cache.channels.get(self.parent_id)

    @property
    def owner(self) -> Any:
        """The cached member who started the thread."""
        guild = self.guild
        return None if guild is None or self.owner_id is None else \
            guild.get_member(self.owner_id)

    @property
    def applied_tags(self) -> list[Any]:
        """The parent forum's tags applied to the thread (those the bot has cached)."""
        tags = {t.id: t for t in getattr(self.parent, "available_tags", None) or ()}
        return [tags[i] for i in self._applied if i in tags]

    @property
    def created_at(self) -> datetime.datetime | None:  # type: ignore[override]
        """When the thread was made (threads older than 2022-01-09 do not say)."""
        return self._created

    def __repr__(self) -> str:
        return (f"<AppCommandThread id={self.id!r} name={self.name!r} "
                f"archived={self.archived} type={self.type!r}>")


def _when(text: Any) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(text) if isinstance(text, str) and text else None


def resolve_items(state: Any, resolved: dict[str, Any] | None,
                  guild_id: int | None) -> dict[ResolveKey, Any]:
    """Every object of ``resolved``, keyed by id and option type."""
    out: dict[ResolveKey, Any] = {}
    if not resolved:
        return out
    users = resolved.get("users") or {}
    members = resolved.get("members") or {}
    for uid, raw in users.items():
        user = convert(raw, User)
        user._state = state
        cached = state.cache.users.get(user.id)
        if cached is not None:
            user = cached
        member_raw = members.get(uid)
        if member_raw is not None and guild_id is not None:
            member = convert({**member_raw, "user": raw}, Member)
            state.bind_member(member, guild_id)
            member.user = user
            out[ResolveKey(uid, 6)] = member
        else:
            out[ResolveKey(uid, 6)] = user
    for rid, raw in (resolved.get("roles") or {}).items():
        guild = None if guild_id is None else state.cache.guilds.get(guild_id)
        role = guild.get_role(int(rid)) if guild is not None else None
        if role is None:
            role = convert(raw, Role)
        out[ResolveKey(rid, 8)] = role
    for cid, raw in (resolved.get("channels") or {}).items():
        kind = AppCommandThread if int(raw.get("type", 0)) in _THREAD_TYPES else AppCommandChannel
        out[ResolveKey(cid, 7)] = kind(state, raw, guild_id)
    for mid, raw in (resolved.get("messages") or {}).items():
        message = state.bind_in_channel(convert(raw, Message), guild_id)
        out[ResolveKey(mid, 44)] = message
    for aid, raw in (resolved.get("attachments") or {}).items():
        attachment = convert(raw, Attachment)
        attachment._state = state
        out[ResolveKey(aid, 11)] = attachment
    return out


def find_resolved(items: dict[ResolveKey, Any], value: str, kinds: tuple[int, ...]) -> Any:
    """The object resolved for id ``value`` among option types ``kinds``, else None."""
    for kind in kinds:
        found = items.get(ResolveKey(value, kind))
        if found is not None:
            return found
    return None
