"""Stage instances: at most one live instance per stage channel.

Starting, changing and ending one sends STAGE_INSTANCE_CREATE, _UPDATE and _DELETE
(GUILDS intent, to bots that see the channel); GUILD_CREATE lists the live ones.
"""

from __future__ import annotations

from typing import Any

import msgspec

from tidecord.models.stage_instance import StageInstance

from .core import StateCore, StateError

__all__ = ["StageOps"]


class StageOps(StateCore):
    """The guilds' live stages, by channel id (``self.stage_instances``)."""

    def stage_instance(self, channel_id: int) -> StageInstance:
        """The live instance of a stage channel; 10067 when it is not live."""
        instance = self.stage_instances.get(int(channel_id))
        if instance is None:
            raise StateError(10067, "Unknown Stage Instance", 404)
        return instance

    def guild_stage_instances(self, guild_id: int) -> list[StageInstance]:
        """A guild's live stages, oldest first (as GUILD_CREATE lists them)."""
        return [s for s in self.stage_instances.values() if int(s.guild_id) == int(guild_id)]

    def add_stage_instance(self, instance: StageInstance) -> StageInstance:
        """Start a stage: STAGE_INSTANCE_CREATE (150006 if it is live already)."""
        if int(instance.channel_id) in self.stage_instances:
            raise StateError(150006, "Stage already open", 400)
        self.stage_instances[int(instance.channel_id)] = instance
        self._stage_emit("STAGE_INSTANCE_CREATE", instance)
        return instance

    def update_stage_instance(self, channel_id: int, **changes: Any) -> StageInstance:
        """Change a live stage's topic or privacy: STAGE_INSTANCE_UPDATE."""
        instance = msgspec.structs.replace(self.stage_instance(channel_id), **changes)
        self.stage_instances[int(channel_id)] = instance
        self._stage_emit("STAGE_INSTANCE_UPDATE", instance)
        return instance

    def end_stage_instance(self, channel_id: int) -> StageInstance:
        """End a stage: STAGE_INSTANCE_DELETE."""
        instance = self.stage_instance(channel_id)
        del self.stage_instances[int(channel_id)]
        self._stage_emit("STAGE_INSTANCE_DELETE", instance)
        return instance

    def end_channel_stage(self, channel_id: int) -> None:
        """A stage channel that is going away ends its stage first (STAGE_INSTANCE_DELETE,
        while the bot may still see the channel)."""
        if int(channel_id) in self.stage_instances:
            self.end_stage_instance(channel_id)

    def _stage_emit(self, name: str, instance: StageInstance) -> None:
        self.touch_guild(int(instance.guild_id))  # GUILD_CREATE lists the live stages
        self.emit(name, instance, guild_id=int(instance.guild_id),
                  channel_id=int(instance.channel_id))
