"""Webhooks: managing them, and what runs on a webhook's token (executing one and
its messages; an interaction's callback, whose token is a webhook's too)."""

from __future__ import annotations

from typing import Any, Final

from .files import File
from .http import HTTPClient
from .route import _CH, _GUILD, Route

__all__ = ["WebhookEndpoints"]


_HOOK: Final = "/webhooks/{webhook_id}/{webhook_token}"
_HOOK_MESSAGE: Final = _HOOK + "/messages/{message_id}"


def _webhook_route(method: str, webhook_id: int, token: str | None) -> Route:
    if token is None:
        return Route(method, "/webhooks/{webhook_id}", webhook_id=webhook_id)
    return Route(method, _HOOK, webhook_id=webhook_id, webhook_token=token)


def _hook_params(wait: bool | None, thread_id: int | None,
                 body: dict[str, Any] | None = None) -> dict[str, str] | None:
    params: dict[str, str] = {}
    if wait is not None:
        params["wait"] = "true" if wait else "false"
    if body is not None and "components" in body:
        # Without it Discord drops the components of a webhook no application owns (one
        # a person made, used from its URL), as discord.py's view= asks for it too.
        params["with_components"] = "true"
    if thread_id is not None:
        params["thread_id"] = str(thread_id)
    return params or None


class WebhookEndpoints(HTTPClient):
    """Answer interactions, execute webhooks and edit their messages; create, list, edit
    and delete webhooks (a base of :class:`RESTClient`)."""

    # -- interactions and webhooks --------------------------------------
    async def interaction_callback(
        self,
        interaction_id: int,
        token: str,
        body: dict[str, Any],
        files: list[File] | None = None,
        *,
        with_response: bool = False,
    ) -> bytes | None:
        route = Route(
            "POST",
            "/interactions/{interaction_id}/{webhook_token}/callback",
            interaction_id=interaction_id,
            webhook_token=token,
        )
        params = {"with_response": "true"} if with_response else None
        return await self.request_raw(route, json=body, files=files, params=params, auth=False)

    async def execute_webhook(
        self,
        webhook_id: int,
        token: str,
        body: dict[str, Any],
        files: list[File] | None = None,
        *,
        wait: bool = True,
        thread_id: int | None = None,
    ) -> bytes | None:
        route = Route("POST", _HOOK, webhook_id=webhook_id, webhook_token=token)
        return await self.request_raw(route, json=body, files=files,
                                      params=_hook_params(wait, thread_id, body), auth=False)

    async def edit_webhook_message(
        self,
        webhook_id: int,
        token: str,
        message_id: str,
        body: dict[str, Any],
        files: list[File] | None = None,
        *,
        thread_id: int | None = None,
    ) -> bytes | None:
        route = Route("PATCH", _HOOK_MESSAGE, webhook_id=webhook_id, webhook_token=token,
                      message_id=message_id)
        return await self.request_raw(route, json=body, files=files,
                                      params=_hook_params(None, thread_id, body), auth=False)

    async def delete_webhook_message(self, webhook_id: int, token: str, message_id: str, *,
                                     thread_id: int | None = None) -> None:
        route = Route("DELETE", _HOOK_MESSAGE, webhook_id=webhook_id, webhook_token=token,
                      message_id=message_id)
        await self.request_raw(route, params=_hook_params(None, thread_id), auth=False)

    async def get_webhook_message(self, webhook_id: int, token: str, message_id: str, *,
                                  thread_id: int | None = None) -> bytes | None:
        route = Route("GET", _HOOK_MESSAGE, webhook_id=webhook_id, webhook_token=token,
                      message_id=message_id)
        return await self.request_raw(route, params=_hook_params(None, thread_id), auth=False)

    # -- channel webhooks ---------------------------------------------------
    async def create_webhook(self, channel_id: int, fields: dict[str, Any],
                             reason: str | None = None) -> bytes | None:
        route = Route("POST", _CH + "/webhooks", channel_id=channel_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def follow_channel(self, channel_id: int, target_id: int,
                             reason: str | None = None) -> bytes | None:
        """Follow an announcement channel into ``target_id``: ``{channel_id, webhook_id}``."""
        route = Route("POST", _CH + "/followers", channel_id=channel_id)
        return await self.request_raw(route, json={"webhook_channel_id": str(target_id)},
                                      reason=reason)

    async def channel_webhooks(self, channel_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _CH + "/webhooks", channel_id=channel_id))

    async def guild_webhooks(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/webhooks", guild_id=guild_id))

    async def get_webhook(self, webhook_id: int, token: str | None = None) -> bytes | None:
        """With ``token``: read as anyone holding it (no bot token sent)."""
        return await self.request_raw(_webhook_route("GET", webhook_id, token),
                                      auth=token is None)

    async def edit_webhook(self, webhook_id: int, fields: dict[str, Any], *,
                           token: str | None = None, reason: str | None = None) -> bytes | None:
        return await self.request_raw(_webhook_route("PATCH", webhook_id, token), json=fields,
                                      reason=reason, auth=token is None)

    async def delete_webhook(self, webhook_id: int, *, token: str | None = None,
                             reason: str | None = None) -> None:
        await self.request_raw(_webhook_route("DELETE", webhook_id, token), reason=reason,
                               auth=token is None)
