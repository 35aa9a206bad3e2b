"""Threads (and forum posts): start them, list the active and archived ones, and
their members."""

from __future__ import annotations

from typing import Any

from .files import File
from .http import HTTPClient
from .route import _CH, _GUILD, _MSG, Route

__all__ = ["ThreadEndpoints"]


class ThreadEndpoints(HTTPClient):
    """Start and list threads, join and leave them, add and remove their members (a base
    of :class:`RESTClient`)."""

    async def start_thread(
        self, channel_id: int, fields: dict[str, Any], message_id: int | None = None,
        reason: str | None = None, files: list[File] | None = None,
    ) -> bytes | None:
        """Start a thread; in a forum or media channel, a post, whose first message
        (``fields["message"]``) may carry ``files``."""
        if message_id is None:
            route = Route("POST", _CH + "/threads", channel_id=channel_id)
        else:
            route = Route("POST", _MSG + "/threads", channel_id=channel_id, message_id=message_id)
        return await self.request_raw(route, json=fields, reason=reason, files=files)

    async def active_threads(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/threads/active",
                                            guild_id=guild_id))

    async def archived_threads(self, channel_id: int, *, private: bool, joined: bool,
                               limit: int, before: str | None = None) -> bytes | None:
        """A page of a channel's archived threads: public, private, or the private ones
        the bot joined (then ``before`` is a thread id, else a time)."""
        path = ("/users/@me/threads/archived/private" if joined
                else "/threads/archived/private" if private else "/threads/archived/public")
        params: dict[str, Any] = {"limit": limit}
        if before is not None:
            params["before"] = before
        route = Route("GET", _CH + path, channel_id=channel_id)
        return await self.request_raw(route, params=params)

    async def thread_member(self, channel_id: int, user_id: int, add: bool) -> None:
        route = Route("PUT" if add else "DELETE", _CH + "/thread-members/{user_id}",
                      channel_id=channel_id, user_id=user_id)
        await self.request_raw(route)

    async def thread_members(self, channel_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _CH + "/thread-members",
                                            channel_id=channel_id))

    async def get_thread_member(self, channel_id: int, user_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _CH + "/thread-members/{user_id}",
                                            channel_id=channel_id, user_id=user_id))

    async def join_thread(self, channel_id: int, join: bool = True) -> None:
        route = Route("PUT" if join else "DELETE", _CH + "/thread-members/@me",
                      channel_id=channel_id)
        await self.request_raw(route)
