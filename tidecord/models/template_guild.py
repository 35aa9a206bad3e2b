"""The guild a template keeps: a snapshot of its settings, roles and channels, read as
discord.py reads ``template.source_guild`` (a guild with nothing live behind it)."""

from __future__ import annotations

import datetime
from typing import Any

import msgspec

from .base import Model, Snowflake, convert, enum_of, snowflake_time
from .channel import Channel
from .channel_type import ChannelType
from .record_flags import SystemChannelFlags
from .role import Role

__all__ = ["TemplateGuild"]


class TemplateGuild(Model, gc=False, kw_only=True):
    """The guild a template was taken from, as its snapshot has it: its roles and
    channels read as a guild's own (``template.source_guild.text_channels[0].name``),
    their ids the template's own, counting from 0; its settings as a guild's
    (``verification_level`` a :class:`VerificationLevel`...)."""

    id: Snowflake = Snowflake(0)
    name: str
    description: str | None = None
    kept_verification_level: int = msgspec.field(default=0, name="verification_level")
    default_message_notifications: int = 0
    kept_content_filter: int = msgspec.field(default=0, name="explicit_content_filter")
    kept_locale: str = msgspec.field(default="en-US", name="preferred_locale")
    afk_timeout: int = 300
    afk_channel_id: int | None = None
    system_channel_id: int | None = None
    kept_system_channel_flags: int = msgspec.field(default=0, name="system_channel_flags")
    kept_roles: list[dict[str, Any]] = msgspec.field(default=[], name="roles")
    kept_channels: list[dict[str, Any]] = msgspec.field(default=[], name="channels")

    def __str__(self) -> str:
        return self.name

    @property
    def created_at(self) -> datetime.datetime:
        """When the guild was made (from its id)."""
        return snowflake_time(self.id)

    # Its settings, as a guild's (the kinds live with the guild, which imports this).
    @property
    def verification_level(self) -> Any:
        """A :class:`VerificationLevel`."""
        from .guild import VerificationLevel

        return enum_of(VerificationLevel, self.kept_verification_level)

    @property
    def explicit_content_filter(self) -> Any:
        """A :class:`ContentFilter`."""
        from .guild import ContentFilter

        return enum_of(ContentFilter, self.kept_content_filter)

    @property
    def default_notifications(self) -> Any:
        """A :class:`NotificationLevel`."""
        from .guild import NotificationLevel

        return enum_of(NotificationLevel, self.default_message_notifications)

    @property
    def preferred_locale(self) -> Any:
        """A :class:`Locale` (its code, for one tidecord does not know)."""
        from ..interactions.locale import Locale

        return Locale.try_value(self.kept_locale)

    @property
    def system_channel_flags(self) -> SystemChannelFlags:
        return SystemChannelFlags._from_value(self.kept_system_channel_flags)

    # Its roles and channels, made anew at each read: a snapshot has nothing to keep
    # them in step with.
    @property
    def roles(self) -> list[Role]:
        """Its roles, ``@everyone`` first (id 0)."""
        return [convert(_set(data), Role) for data in self.kept_roles]

    @property
    def channels(self) -> list[Channel]:
        """Its channels (the kinds a template keeps: text, voice, category, forum)."""
        return [convert(_set(data), Channel) for data in self.kept_channels]

    def _of_kind(self, kind: ChannelType) -> list[Channel]:
        return sorted((c for c in self.channels if c.type == kind),
                      key=lambda c: (c.position or 0, c.id))

    @property
    def text_channels(self) -> list[Channel]:
        return self._of_kind(ChannelType.text)

    @property
    def voice_channels(self) -> list[Channel]:
        return self._of_kind(ChannelType.voice)

    @property
    def categories(self) -> list[Channel]:
        return self._of_kind(ChannelType.category)

    @property
    def forums(self) -> list[Channel]:
        return self._of_kind(ChannelType.forum)

    @property
    def stage_channels(self) -> list[Channel]:
        """None: a template keeps no stage channel."""
        return self._of_kind(ChannelType.stage_voice)

    def get_channel(self, channel_id: int, /) -> Channel | None:
        """The channel with this (template) id, or None."""
        return next((c for c in self.channels if c.id == channel_id), None)

    def get_role(self, role_id: int, /) -> Role | None:
        """The role with this (template) id, or None."""
        return next((r for r in self.roles if r.id == role_id), None)

    @property
    def default_role(self) -> Role | None:
        """None, as discord.py's: ``@everyone`` has the guild's id, which a template's
        roles, counted from 0, do not; it is ``roles[0]``."""
        return self.get_role(self.id)

    @property
    def afk_channel(self) -> Channel | None:
        return None if self.afk_channel_id is None else self.get_channel(self.afk_channel_id)

    @property
    def system_channel(self) -> Channel | None:
        return (None if self.system_channel_id is None
                else self.get_channel(self.system_channel_id))


def _set(data: dict[str, Any]) -> dict[str, Any]:
    # A snapshot sends what it leaves out as null (a text channel's archive default,
    # a forum's sort order), which a live channel never does: left out, they read unset.
    return {key: value for key, value in data.items() if value is not None}
