"""A guild's auto-moderation rules: ``/guilds/{guild_id}/auto-moderation/rules``."""

from __future__ import annotations

from typing import Any

from .http import HTTPClient
from .route import Route

__all__ = ["AutoModerationEndpoints"]

_RULES = "/guilds/{guild_id}/auto-moderation/rules"
_RULE = _RULES + "/{rule_id}"


class AutoModerationEndpoints(HTTPClient):
    """List, fetch, create, edit and delete auto-moderation rules (a base of
    :class:`RESTClient`)."""

    async def get_automod_rules(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _RULES, guild_id=guild_id))

    async def get_automod_rule(self, guild_id: int, rule_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _RULE, guild_id=guild_id, rule_id=rule_id))

    async def create_automod_rule(self, guild_id: int, fields: dict[str, Any],
                                  reason: str | None = None) -> bytes | None:
        route = Route("POST", _RULES, guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def edit_automod_rule(self, guild_id: int, rule_id: int, fields: dict[str, Any],
                                reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _RULE, guild_id=guild_id, rule_id=rule_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def delete_automod_rule(self, guild_id: int, rule_id: int,
                                  reason: str | None = None) -> None:
        await self.request_raw(Route("DELETE", _RULE, guild_id=guild_id, rule_id=rule_id),
                               reason=reason)
