"""Integration dispatches (GUILD_INTEGRATIONS intent): integrations added, changed and
removed, and the bare "something changed" GUILD_INTEGRATIONS_UPDATE. Nothing is
cached: ``guild.integrations()`` asks REST, as discord.py does."""

from __future__ import annotations

import logging
from typing import Any, Final

import msgspec

from ..models import Snowflake, decoder
from ..models.base import Model
from ..models.integration import integration_of
from .raw import RawIntegrationDeleteEvent

__all__ = ["IntegrationEvents"]

log = logging.getLogger("tidecord.events")


class _Removed(Model, kw_only=True):
    id: Snowflake
    guild_id: Snowflake
    application_id: Snowflake | None = None


class _GuildOnly(Model, kw_only=True):
    guild_id: Snowflake


_RAW: Final[msgspec.json.Decoder[dict[str, Any]]] = decoder(dict[str, Any])
_REMOVED: Final[msgspec.json.Decoder[_Removed]] = decoder(_Removed)
_GUILD: Final[msgspec.json.Decoder[_GuildOnly]] = decoder(_GuildOnly)


class IntegrationEvents:
    """Parsers for INTEGRATION_* and GUILD_INTEGRATIONS_UPDATE (mixed into
    :class:`Parsers`); each is dropped, as discord.py drops it, for a guild not cached."""

    state: Any
    cache: Any
    dispatch: Any

    def _guild(self, guild_id: int, what: str) -> Any:
        guild = self.cache.guilds.get(guild_id)
        if guild is None:
            log.debug("%s referencing an unknown guild %s: discarded", what, guild_id)
        return guild

    def parse_guild_integrations_update(self, shard: Any, d: Any) -> None:
        guild = self._guild(_GUILD.decode(d).guild_id, "GUILD_INTEGRATIONS_UPDATE")
        if guild is not None:
            self.dispatch("guild_integrations_update", guild)

    def parse_integration_create(self, shard: Any, d: Any) -> None:
        self._integration(d, "integration_create")

    def parse_integration_update(self, shard: Any, d: Any) -> None:
        self._integration(d, "integration_update")

    def _integration(self, d: Any, name: str) -> None:
        data = _RAW.decode(d)
        guild = self._guild(int(data.get("guild_id") or 0), name.upper())
        if guild is not None:
            self.dispatch(name, integration_of(data, self.state, guild))

    def parse_integration_delete(self, shard: Any, d: Any) -> None:
        removed = _REMOVED.decode(d)
        if self._guild(removed.guild_id, "INTEGRATION_DELETE") is not None:
            self.dispatch("raw_integration_delete", RawIntegrationDeleteEvent(
                removed.id, removed.guild_id, removed.application_id))
