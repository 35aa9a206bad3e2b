"""A guild's widget: its settings (``/guilds/{id}/widget``, for its managers) and the
public view of it (``/guilds/{id}/widget.json``, for anyone), as discord.py shows them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import msgspec

from .activity import Status, as_status
from .base import UNSET, Model, Snowflake, UnsetType, decode, snowflake_time

__all__ = ["GuildWidget", "Widget", "WidgetChannel", "WidgetMember", "WidgetSettings",
           "bind_widget"]


class WidgetSettings(Model, gc=False, kw_only=True):
    """Whether the widget is on and which channel its invite leads to."""

    enabled: bool
    channel_id: Snowflake | None = None


class WidgetChannel(Model, gc=False, kw_only=True):
    """A voice channel the widget shows."""

    id: Snowflake
    name: str
    position: int = 0

    def __str__(self) -> str:
        return self.name

    @property
    def mention(self) -> str:
        """``<#id>``."""
        return f"<#{self.id}>"

    @property
    def created_at(self) -> datetime.datetime:
        """When the channel was made (from its id)."""
        return snowflake_time(self.id)


class WidgetMember(Model, gc=False, kw_only=True):
    """Someone online, as the widget shows them: Discord hides who they are (the ids
    count up from 0), so there is nothing to fetch."""

    id: Snowflake
    name: str = msgspec.field(default="", name="username")
    discriminator: str = "0000"
    avatar: str | None = None
    avatar_url: str | None = None
    raw_status: str = msgspec.field(default="offline", name="status")
    nick: str | None = None
    deaf: bool = False
    mute: bool = False
    self_deaf: bool = False
    self_mute: bool = False
    suppress: bool = False
    channel_id: Snowflake | None = None
    # Set from the widget's channels once it is read (see bind_widget).
    connected_channel: WidgetChannel | None = None

    def __str__(self) -> str:
        return self.name

    @property
    def bot(self) -> bool:
        """Always False: the widget does not say."""
        return False

    @property
    def global_name(self) -> str | None:
        """Always None: the widget shows only a name."""
        return None

    @property
    def display_name(self) -> str:
        """The nickname if the widget shows one, else the name."""
        return self.nick or self.name

    @property
    def status(self) -> Status:
        """What they show (a value Discord adds later reads ``unknown_<value>``)."""
        return as_status(self.raw_status)

    @property
    def deafened(self) -> bool:
        """Deafened by a moderator or by themselves."""
        return self.deaf or self.self_deaf

    @property
    def muted(self) -> bool:
        """Muted by a moderator or by themselves."""
        return self.mute or self.self_mute


class Widget(Model, gc=False, kw_only=True):
    """The public view of a guild's widget: its voice channels, who is online, and an
    invite (if the guild named a widget channel).

    >>> # widget = await guild.widget(); print(widget.presence_count)
    """

    id: Snowflake
    name: str
    instant_invite: str | None = None
    channels: list[WidgetChannel] = []
    members: list[WidgetMember] = []
    presence_count: int = 0
    _state: Any = UNSET

    def __str__(self) -> str:
        return self.json_url

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Widget) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def created_at(self) -> datetime.datetime:
        """When the guild was made (from its id)."""
        return snowflake_time(self.id)

    @property
    def json_url(self) -> str:
        """Where anyone may read the widget."""
        return f"https://discord.com/api/guilds/{self.id}/widget.json"

    @property
    def invite_url(self) -> str | None:
        """The widget's invite, if the guild has a widget channel."""
        return self.instant_invite

    async def fetch_invite(self, *, with_counts: bool = True) -> Any:
        """The widget's :class:`~tidecord.Invite`, or None if it has none."""
        if not self.instant_invite:
            return None
        from .invite import bind_invite, invite_code

        state = self._state
        data = await state.http.get_invite(invite_code(self.instant_invite),
                                           with_counts=with_counts, with_expiration=True)
        return bind_invite(state, data)


def bind_widget(state: Any, data: bytes | None) -> Widget:
    """A widget from its REST answer, its members placed in their channels."""
    widget = decode(data or b"{}", Widget)
    widget._state = state
    channels: dict[int, WidgetChannel] = {int(c.id): c for c in widget.channels}
    for member in widget.members:
        cid = member.channel_id
        if cid is not None:
            # A channel the widget does not list is known by its id alone.
            member.connected_channel = channels.get(int(cid)) or WidgetChannel(
                id=cid, name="", position=0)
    return widget



class GuildWidget:
    """A guild's widget calls, as discord.py's ``Guild`` offers them (mixed into
    :class:`~tidecord.Guild`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: Snowflake
        widget_channel_id: Snowflake | UnsetType | None

        def get_channel(self, channel_id: int, /) -> Any: ...

    @property
    def widget_channel(self) -> Any:
        """The channel the widget's invite leads to, if any (as last heard)."""
        cid = self.widget_channel_id
        return self.get_channel(cid) if isinstance(cid, int) else None

    async def widget(self) -> Widget:
        """The public view of the widget (``Forbidden`` 50004 while it is off)."""
        return bind_widget(self._state, await self._state.http.get_widget(self.id))

    async def widget_settings(self) -> WidgetSettings:
        """Whether the widget is on, and its channel (needs Manage Server)."""
        return decode(await self._state.http.get_widget_settings(self.id) or b"{}",
                      WidgetSettings)

    async def edit_widget(self, *, enabled: bool | UnsetType = UNSET,
                          channel: Any = UNSET, reason: str | None = None) -> None:
        """Turn the widget on or off, or point it at a channel (``None``: no channel);
        needs Manage Server. Nothing given, nothing sent."""
        fields: dict[str, Any] = {}
        if channel is not UNSET:
            fields["channel_id"] = None if channel is None else str(channel.id)
        if enabled is not UNSET:
            fields["enabled"] = enabled
        if fields:
            await self._state.http.edit_widget(self.id, fields, reason=reason)
