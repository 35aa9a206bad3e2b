"""AutoMod dispatches: rules made, changed and deleted, and actions AutoMod took.

Nothing is cached (discord.py keeps no rules either); each dispatch for a guild the
cache knows becomes ``on_automod_rule_create/update/delete(rule)`` or
``on_automod_action(execution)``.
"""

from __future__ import annotations

import logging
from typing import Any, Final

import msgspec

from ..models import decoder
from ..models.automod import AutoModAction, AutoModRule, bind_rule

__all__ = ["AutoModEvents"]

log = logging.getLogger("tidecord.events")

_RULE: Final[msgspec.json.Decoder[AutoModRule]] = decoder(AutoModRule)
_ACTION: Final[msgspec.json.Decoder[AutoModAction]] = decoder(AutoModAction)


class AutoModEvents:
    """Parsers for AutoMod dispatches (mixed into :class:`Parsers`)."""

    state: Any
    cache: Any
    dispatch: Any

    def _automod_guild(self, guild_id: int, what: str) -> bool:
        if guild_id in self.cache.guilds:
            return True
        log.debug("%s referencing an unknown guild %s: discarded", what, guild_id)
        return False

    def _rule(self, d: Any, what: str) -> None:
        rule = bind_rule(_RULE.decode(d), self.state)
        if self._automod_guild(rule.guild_id, what):
            self.dispatch(what.lower().replace("auto_moderation", "automod"), rule)

    def parse_auto_moderation_rule_create(self, shard: Any, d: Any) -> None:
        self._rule(d, "AUTO_MODERATION_RULE_CREATE")

    def parse_auto_moderation_rule_update(self, shard: Any, d: Any) -> None:
        self._rule(d, "AUTO_MODERATION_RULE_UPDATE")

    def parse_auto_moderation_rule_delete(self, shard: Any, d: Any) -> None:
        self._rule(d, "AUTO_MODERATION_RULE_DELETE")

    def parse_auto_moderation_action_execution(self, shard: Any, d: Any) -> None:
        execution = _ACTION.decode(d)
        execution._state = self.state
        if self._automod_guild(execution.guild_id, "AUTO_MODERATION_ACTION_EXECUTION"):
            self.dispatch("automod_action", execution)
