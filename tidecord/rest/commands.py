"""Application commands: ``/applications/{application_id}/commands``, global or a
guild's."""

from __future__ import annotations

from typing import Any

from .http import HTTPClient
from .route import Route

__all__ = ["ApplicationCommandEndpoints"]


class ApplicationCommandEndpoints(HTTPClient):
    """Overwrite, list and fetch application commands, and read the permissions admins
    set on them (a base of :class:`RESTClient`)."""

    async def bulk_overwrite_commands(
        self, application_id: int, commands: list[Any], guild_id: int | None = None
    ) -> bytes | None:
        if guild_id is None:
            route = Route("PUT", "/applications/{application_id}/commands",
                          application_id=application_id)
        else:
            route = Route("PUT", "/applications/{application_id}/guilds/{guild_id}/commands",
                          application_id=application_id, guild_id=guild_id)
        return await self.request_raw(route, json=commands)

    async def get_commands(self, application_id: int, guild_id: int | None = None) -> bytes | None:
        if guild_id is None:
            route = Route("GET", "/applications/{application_id}/commands",
                          application_id=application_id)
        else:
            route = Route("GET", "/applications/{application_id}/guilds/{guild_id}/commands",
                          application_id=application_id, guild_id=guild_id)
        return await self.request_raw(route)

    async def get_command(self, application_id: int, command_id: int,
                          guild_id: int | None = None) -> bytes | None:
        return await self.request_raw(self._command_route("GET", application_id, command_id,
                                                          guild_id))

    def _command_route(self, method: str, application_id: int, command_id: int,
                       guild_id: int | None) -> Route:
        if guild_id is None:
            return Route(method, "/applications/{application_id}/commands/{command_id}",
                         application_id=application_id, command_id=command_id)
        return Route(method,
                     "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
                     application_id=application_id, guild_id=guild_id, command_id=command_id)

    async def edit_command(self, application_id: int, command_id: int, fields: dict[str, Any],
                           guild_id: int | None = None) -> bytes | None:
        return await self.request_raw(
            self._command_route("PATCH", application_id, command_id, guild_id), json=fields)

    async def delete_command(self, application_id: int, command_id: int,
                             guild_id: int | None = None) -> None:
        await self.request_raw(self._command_route("DELETE", application_id, command_id,
                                                   guild_id))

    async def get_guild_command_permissions(self, application_id: int,
                                            guild_id: int) -> bytes | None:
        """The overwrites of every command that has some in the guild."""
        return await self.request_raw(Route(
            "GET", "/applications/{application_id}/guilds/{guild_id}/commands/permissions",
            application_id=application_id, guild_id=guild_id))

    async def get_command_permissions(self, application_id: int, guild_id: int,
                                      command_id: int) -> bytes | None:
        """One command's overwrites in the guild (404 10066 while it has none)."""
        return await self.request_raw(Route(
            "GET",
            "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}/permissions",
            application_id=application_id, guild_id=guild_id, command_id=command_id))
