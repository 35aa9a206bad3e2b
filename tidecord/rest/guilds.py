"""A guild itself: its settings, roles, audit log, preview, widget, welcome screen
and templates."""

from __future__ import annotations

from typing import Any

from .http import HTTPClient
from .route import _GUILD, Route

__all__ = ["GuildEndpoints"]


class GuildEndpoints(HTTPClient):
    """Fetch, edit and delete a guild; its roles, audit log, widget, welcome screen and
    templates (a base of :class:`RESTClient`)."""

    async def get_guild(self, guild_id: int, with_counts: bool = False) -> bytes | None:
        params = {"with_counts": "true"} if with_counts else None
        return await self.request_raw(Route("GET", _GUILD, guild_id=guild_id), params=params)

    async def edit_guild(self, guild_id: int, fields: dict[str, Any],
                         reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _GUILD, guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def delete_guild(self, guild_id: int) -> None:
        await self.request_raw(Route("DELETE", _GUILD, guild_id=guild_id))

    async def edit_incident_actions(self, guild_id: int, fields: dict[str, Any]) -> bytes | None:
        route = Route("PUT", _GUILD + "/incident-actions", guild_id=guild_id)
        return await self.request_raw(route, json=fields)

    async def vanity_url(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/vanity-url", guild_id=guild_id))

    async def get_roles(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/roles", guild_id=guild_id))

    async def get_role(self, guild_id: int, role_id: int) -> bytes | None:
        route = Route("GET", _GUILD + "/roles/{role_id}", guild_id=guild_id, role_id=role_id)
        return await self.request_raw(route)

    async def create_role(
        self, guild_id: int, fields: dict[str, Any], reason: str | None = None
    ) -> bytes | None:
        route = Route("POST", _GUILD + "/roles", guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def edit_role(
        self, guild_id: int, role_id: int, fields: dict[str, Any], reason: str | None = None
    ) -> bytes | None:
        route = Route("PATCH", _GUILD + "/roles/{role_id}", guild_id=guild_id, role_id=role_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def move_roles(
        self, guild_id: int, positions: list[dict[str, Any]], reason: str | None = None
    ) -> bytes | None:
        route = Route("PATCH", _GUILD + "/roles", guild_id=guild_id)
        return await self.request_raw(route, json=positions, reason=reason)

    async def delete_role(self, guild_id: int, role_id: int, reason: str | None = None) -> None:
        route = Route("DELETE", _GUILD + "/roles/{role_id}", guild_id=guild_id, role_id=role_id)
        await self.request_raw(route, reason=reason)

    async def role_member_counts(self, guild_id: int) -> bytes | None:
        route = Route("GET", _GUILD + "/roles/member-counts", guild_id=guild_id)
        return await self.request_raw(route)

    async def get_audit_logs(self, guild_id: int, *, limit: int = 100,
                             user_id: int | None = None, action_type: int | None = None,
                             before: int | None = None, after: int | None = None
                             ) -> bytes | None:
        params: dict[str, Any] = {"limit": limit}
        for key, value in (("user_id", user_id), ("action_type", action_type),
                           ("before", before), ("after", after)):
            if value is not None:
                params[key] = value
        return await self.request_raw(Route("GET", _GUILD + "/audit-logs", guild_id=guild_id),
                                      params=params)

    # -- widget, welcome screen, templates -----------------------------------------
    async def get_guild_preview(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/preview", guild_id=guild_id))

    async def get_widget(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/widget.json", guild_id=guild_id))

    async def get_widget_settings(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/widget", guild_id=guild_id))

    async def edit_widget(self, guild_id: int, fields: dict[str, Any],
                          reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _GUILD + "/widget", guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def get_welcome_screen(self, guild_id: int) -> bytes | None:
        route = Route("GET", _GUILD + "/welcome-screen", guild_id=guild_id)
        return await self.request_raw(route)

    async def edit_welcome_screen(self, guild_id: int, fields: dict[str, Any],
                                  reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _GUILD + "/welcome-screen", guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def get_template(self, code: str) -> bytes | None:
        return await self.request_raw(Route("GET", "/guilds/templates/{code}", code=code))

    async def guild_templates(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/templates", guild_id=guild_id))

    async def create_template(self, guild_id: int, fields: dict[str, Any]) -> bytes | None:
        route = Route("POST", _GUILD + "/templates", guild_id=guild_id)
        return await self.request_raw(route, json=fields)

    async def sync_template(self, guild_id: int, code: str) -> bytes | None:
        route = Route("PUT", _GUILD + "/templates/{code}", guild_id=guild_id, code=code)
        return await self.request_raw(route)

    async def edit_template(self, guild_id: int, code: str,
                            fields: dict[str, Any]) -> bytes | None:
        route = Route("PATCH", _GUILD + "/templates/{code}", guild_id=guild_id, code=code)
        return await self.request_raw(route, json=fields)

    async def delete_template(self, guild_id: int, code: str) -> bytes | None:
        route = Route("DELETE", _GUILD + "/templates/{code}", guild_id=guild_id, code=code)
        return await self.request_raw(route)
