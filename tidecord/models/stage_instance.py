"""Stage instances: a live stage, its topic and who may find it.

One :class:`StageInstance` declaration serves the client (``guild.stage_instances``,
``stage.instance``, ``on_stage_instance_create``...) and the sandbox, which keeps and
encodes the same structs. A stage channel's calls (:class:`ChannelStage`) and a
guild's reads (:class:`GuildStageInstances`) are mixed into ``Channel`` and ``Guild``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

from .base import UNSET, Model, Snowflake, UnsetType, decode, enum_of
from .flags import Permissions
from .scheduled_event import PrivacyLevel

__all__ = ["ChannelStage", "GuildStageInstances", "StageInstance", "bind_stage_instance",
           "stage_instance_fields"]


class StageInstance(Model, kw_only=True):
    """A stage channel's live instance (discord.py's ``discord.StageInstance``).

    ``privacy_level`` reads as a :class:`PrivacyLevel`; ``guild``, ``channel`` and
    ``scheduled_event`` come from the cache::

        instance = await stage.create_instance(topic="Town hall")
        await instance.edit(topic="Town hall: questions")
        await instance.delete()
    """

    id: Snowflake
    guild_id: Snowflake
    channel_id: Snowflake
    topic: str
    privacy_level: int = PrivacyLevel.guild_only
    discoverable_disabled: bool = False
    scheduled_event_id: Snowflake | None = msgspec.field(default=None,
                                                         name="guild_scheduled_event_id")
    _state: Any = UNSET

    def __post_init__(self) -> None:
        self.privacy_level = enum_of(PrivacyLevel, self.privacy_level)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StageInstance) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return (f"<StageInstance id={self.id} guild={self.guild!r} "
                f"channel_id={self.channel_id} topic={self.topic!r}>")

    @property
    def guild(self) -> Any:
        """The cached guild the stage is in."""
        return None if self._state is UNSET else self._state.cache.guilds.get(self.guild_id)

    @property
    def channel(self) -> Any:
        """The cached stage channel the instance runs in."""
        return None if self._state is UNSET else self._state.cache.channels.get(self.channel_id)

    @property
    def scheduled_event(self) -> Any:
        """The cached scheduled event the stage was started for, if any."""
        guild = self.guild
        if guild is None or self.scheduled_event_id is None:
            return None
        return guild.get_scheduled_event(self.scheduled_event_id)

    async def edit(self, *, topic: str | UnsetType = UNSET,
                   privacy_level: PrivacyLevel | UnsetType = UNSET,
                   reason: str | None = None) -> None:
        """Change the topic or the privacy level (as discord.py, returns nothing: the
        STAGE_INSTANCE_UPDATE that follows updates the cache). Needs the stage's
        moderator permissions."""
        fields = stage_instance_fields(topic=topic, privacy_level=privacy_level)
        if fields:
            await self._state.http.edit_stage_instance(self.channel_id, fields, reason=reason)

    async def delete(self, *, reason: str | None = None) -> None:
        """End the stage."""
        await self._state.http.delete_stage_instance(self.channel_id, reason=reason)


def stage_instance_fields(*, topic: Any = UNSET, privacy_level: Any = UNSET) -> dict[str, Any]:
    """The JSON fields for a topic and a privacy level (``TypeError`` for a privacy
    level that is not a :class:`PrivacyLevel`, as discord.py)."""
    fields: dict[str, Any] = {}
    if topic is not UNSET:
        fields["topic"] = topic
    if privacy_level is not UNSET:
        if not isinstance(privacy_level, PrivacyLevel):
            raise TypeError("privacy_level field must be of type PrivacyLevel")
        fields["privacy_level"] = int(privacy_level)
    return fields


def bind_stage_instance(instance: StageInstance, state: Any) -> StageInstance:
    """An instance that reaches its client (``instance.edit()``, ``instance.guild``)."""
    instance._state = state
    return instance


class ChannelStage:
    """discord.py's ``StageChannel`` calls about its instance (mixed into
    :class:`~tidecord.models.Channel`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: int

        @property
        def guild(self) -> Any: ...

        @property
        def members(self) -> list[Any]: ...

        def permissions_for(self, obj: Any, /) -> Any: ...

    # Who is on the stage, from the members' voice states (the voice states intent).
    @property
    def requesting_to_speak(self) -> list[Any]:
        """The members in the stage who raised their hand."""
        return [m for m in self.members
                if m.voice is not None and m.voice.requested_to_speak_at is not None]

    @property
    def speakers(self) -> list[Any]:
        """The members speaking on the stage (not suppressed, no hand raised)."""
        return [m for m in self.members if m.voice is not None and not m.voice.suppress
                and m.voice.requested_to_speak_at is None]

    @property
    def listeners(self) -> list[Any]:
        """The members in the audience (suppressed)."""
        return [m for m in self.members if m.voice is not None and m.voice.suppress]

    @property
    def moderators(self) -> list[Any]:
        """The members in the stage who may moderate it (Manage Channels, Mute Members
        and Move Members here)."""
        needed = Permissions.stage_moderator()
        return [m for m in self.members if self.permissions_for(m) >= needed]

    @property
    def instance(self) -> StageInstance | None:
        """The stage's running instance, from the cache."""
        guild = self.guild
        if guild is None:
            return None
        return next((s for s in guild.stage_instances if s.channel_id == self.id), None)

    async def create_instance(self, *, topic: str,
                              privacy_level: PrivacyLevel | UnsetType = UNSET,
                              send_start_notification: bool = False,
                              scheduled_event: Any = UNSET,
                              reason: str | None = None) -> StageInstance:
        """Start the stage with a ``topic`` (Manage Channels, Mute Members and Move
        Members here; ``send_start_notification`` notifies everyone only with Mention
        Everyone)."""
        fields = {"channel_id": str(self.id),
                  **stage_instance_fields(topic=topic, privacy_level=privacy_level)}
        if scheduled_event is not UNSET:
            fields["guild_scheduled_event_id"] = str(scheduled_event.id)
        fields["send_start_notification"] = send_start_notification
        data = await self._state.http.create_stage_instance(fields, reason=reason)
        return bind_stage_instance(decode(data, StageInstance), self._state)

    async def fetch_instance(self) -> StageInstance:
        """GET the stage's instance (``NotFound`` when the stage is not live)."""
        data = await self._state.http.get_stage_instance(self.id)
        return bind_stage_instance(decode(data, StageInstance), self._state)


class GuildStageInstances:
    """A guild's live stages, as discord.py's ``Guild`` offers them (mixed into
    :class:`~tidecord.Guild`; the cache keeps them from GUILD_CREATE and the events)."""

    __slots__ = ()

    if TYPE_CHECKING:
        stage_instance_data: Any

    @property
    def stage_instances(self) -> list[StageInstance]:
        """The guild's running stage instances."""
        found = self.stage_instance_data
        return list(found.values()) if isinstance(found, dict) else []

    def get_stage_instance(self, stage_instance_id: int, /) -> StageInstance | None:
        """A running stage instance of the guild, by its id."""
        found = self.stage_instance_data
        return found.get(stage_instance_id) if isinstance(found, dict) else None
