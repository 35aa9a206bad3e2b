"""Stage-instance dispatches: stages started, changed and ended; the cache keeps each
guild's live stages by id (``guild.stage_instances``)."""

from __future__ import annotations

import logging
from typing import Any, Final

import msgspec

from ..models import decoder
from ..models.stage_instance import StageInstance, bind_stage_instance

__all__ = ["StageInstanceEvents"]

log = logging.getLogger("tidecord.events")

_STAGE: Final[msgspec.json.Decoder[StageInstance]] = decoder(StageInstance)


class StageInstanceEvents:
    """Parsers for STAGE_INSTANCE_* (mixed into :class:`Parsers`)."""

    state: Any
    cache: Any
    dispatch: Any

    def _stages_of(self, d: Any, what: str) -> tuple[StageInstance, dict[int, StageInstance]
                                                     ] | None:
        """The instance a dispatch carries and its guild's cached ones; ``None`` (the
        event dropped, as discord.py drops it) for a guild not cached."""
        instance = bind_stage_instance(_STAGE.decode(d), self.state)
        guild = self.cache.guilds.get(instance.guild_id)
        stages = getattr(guild, "stage_instance_data", None)
        if not isinstance(stages, dict):
            log.debug("%s referencing an unknown guild %s: discarded", what, instance.guild_id)
            return None
        return instance, stages

    def parse_stage_instance_create(self, shard: Any, d: Any) -> None:
        found = self._stages_of(d, "STAGE_INSTANCE_CREATE")
        if found is not None:
            instance, stages = found
            stages[instance.id] = instance
            self.dispatch("stage_instance_create", instance)

    def parse_stage_instance_update(self, shard: Any, d: Any) -> None:
        found = self._stages_of(d, "STAGE_INSTANCE_UPDATE")
        if found is None:
            return
        instance, stages = found
        old = stages.get(instance.id)
        if old is None:
            log.debug("STAGE_INSTANCE_UPDATE of an unknown instance %s: discarded", instance.id)
            return
        stages[instance.id] = instance
        self.dispatch("stage_instance_update", old, instance)

    def parse_stage_instance_delete(self, shard: Any, d: Any) -> None:
        found = self._stages_of(d, "STAGE_INSTANCE_DELETE")
        if found is not None:
            instance, stages = found
            old = stages.pop(instance.id, None)
            if old is not None:  # as discord.py: only for an instance it knew
                self.dispatch("stage_instance_delete", old)
