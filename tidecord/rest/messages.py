"""Messages and what hangs off them: sending (with a nonce Discord enforces),
editing, deleting and reading; reactions, polls, crossposts and pins."""

from __future__ import annotations

import itertools
import random
import time
from typing import Any, Final

from ..models.base import DISCORD_EPOCH_MS
from .files import File
from .http import HTTPClient
from .route import _CH, _MSG, Route

__all__ = ["MessageEndpoints"]


# The low 22 bits of a nonce: a per-process counter from a random start.
_NONCE_COUNTER: Final = itertools.count(random.getrandbits(22))


def new_nonce() -> str:
    """A fresh message nonce, shaped like a snowflake of now (so it stays unique)."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return str((ms << 22) | (next(_NONCE_COUNTER) & 0x3FFFFF))


def _emoji(emoji: Any) -> str:
    # Unicode emoji as is, custom ones as name:id (the Route URL-quotes it).
    emoji = getattr(emoji, "emoji", emoji)  # a Reaction: its emoji
    if isinstance(emoji, str):
        return emoji.strip("<>").removeprefix("a:").removeprefix(":")
    if getattr(emoji, "id", None) is not None:
        return f"{emoji.name}:{emoji.id}"
    if hasattr(emoji, "name"):
        return str(emoji.name)
    # Said here, as discord.py does, not by Discord as an "Unknown Emoji".
    raise TypeError("emoji argument must be str, Emoji, or Reaction not "
                    f"{type(emoji).__name__}.")


class MessageEndpoints(HTTPClient):
    """Send, edit, delete and read messages; react, vote, crosspost and pin (a base of
    :class:`RESTClient`)."""

    async def send_message(
        self, channel_id: int, body: dict[str, Any], files: list[File] | None = None
    ) -> bytes | None:
        """POST a message with a nonce Discord enforces (``enforce_nonce``): sent twice
        within minutes, it returns the first message, so a retry after a failure that
        came after the write cannot post it again."""
        route = Route("POST", _CH + "/messages", channel_id=channel_id)
        body = {**body, "enforce_nonce": True}
        if body.get("nonce") is None:
            body["nonce"] = new_nonce()
        return await self.request_raw(route, json=body, files=files, idempotent=True)

    async def edit_message(
        self,
        channel_id: int,
        message_id: int,
        body: dict[str, Any],
        files: list[File] | None = None,
    ) -> bytes | None:
        route = Route("PATCH", _MSG, channel_id=channel_id, message_id=message_id)
        return await self.request_raw(route, json=body, files=files)

    async def delete_message(
        self, channel_id: int, message_id: int, reason: str | None = None
    ) -> None:
        route = Route("DELETE", _MSG, channel_id=channel_id, message_id=message_id)
        await self.request_raw(route, reason=reason)

    async def bulk_delete(
        self, channel_id: int, message_ids: list[int], reason: str | None = None
    ) -> None:
        route = Route("POST", _CH + "/messages/bulk-delete", channel_id=channel_id)
        await self.request_raw(
            route, json={"messages": [str(i) for i in message_ids]}, reason=reason
        )

    async def get_message(self, channel_id: int, message_id: int) -> bytes | None:
        route = Route("GET", _MSG, channel_id=channel_id, message_id=message_id)
        return await self.request_raw(route)

    async def get_messages(
        self,
        channel_id: int,
        limit: int = 50,
        *,
        before: int | None = None,
        after: int | None = None,
        around: int | None = None,
    ) -> bytes | None:
        params: dict[str, Any] = {"limit": limit}
        for name, value in (("before", before), ("after", after), ("around", around)):
            if value is not None:
                params[name] = str(value)
        route = Route("GET", _CH + "/messages", channel_id=channel_id)
        return await self.request_raw(route, params=params)

    async def add_reaction(self, channel_id: int, message_id: int, emoji: Any) -> None:
        route = Route(
            "PUT",
            _MSG + "/reactions/{emoji}/@me",
            channel_id=channel_id,
            message_id=message_id,
            emoji=_emoji(emoji),
        )
        await self.request_raw(route)

    async def remove_reaction(
        self, channel_id: int, message_id: int, emoji: Any, user_id: int | None = None
    ) -> None:
        who = "@me" if user_id is None else str(user_id)
        route = Route(
            "DELETE",
            _MSG + "/reactions/{emoji}/{user}",
            channel_id=channel_id,
            message_id=message_id,
            emoji=_emoji(emoji),
            user=who,
        )
        await self.request_raw(route)

    async def clear_reaction(self, channel_id: int, message_id: int, emoji: Any) -> None:
        route = Route("DELETE", _MSG + "/reactions/{emoji}", channel_id=channel_id,
                      message_id=message_id, emoji=_emoji(emoji))
        await self.request_raw(route)

    async def reaction_users(self, channel_id: int, message_id: int, emoji: Any,
                             limit: int = 100, after: int | None = None,
                             type: int | None = None) -> bytes | None:
        params: dict[str, Any] = {"limit": limit}
        if after:  # 0 is where Discord starts anyway: left out, as discord.py does
            params["after"] = str(after)
        if type is not None:  # 0 normal (Discord's default), 1 burst
            params["type"] = type
        route = Route("GET", _MSG + "/reactions/{emoji}", channel_id=channel_id,
                      message_id=message_id, emoji=_emoji(emoji))
        return await self.request_raw(route, params=params)

    async def clear_reactions(self, channel_id: int, message_id: int) -> None:
        route = Route("DELETE", _MSG + "/reactions", channel_id=channel_id, message_id=message_id)
        await self.request_raw(route)

    async def poll_answer_voters(self, channel_id: int, message_id: int, answer_id: int, *,
                                 limit: int = 100, after: int | None = None) -> bytes | None:
        params: dict[str, Any] = {"limit": limit}
        if after:  # 0 is where Discord starts anyway: left out, as discord.py does
            params["after"] = str(after)
        route = Route("GET", _CH + "/polls/{message_id}/answers/{answer_id}",
                      channel_id=channel_id, message_id=message_id, answer_id=answer_id)
        return await self.request_raw(route, params=params)

    async def end_poll(self, channel_id: int, message_id: int) -> bytes | None:
        route = Route("POST", _CH + "/polls/{message_id}/expire", channel_id=channel_id,
                      message_id=message_id)
        return await self.request_raw(route)

    async def crosspost(self, channel_id: int, message_id: int) -> bytes | None:
        route = Route("POST", _MSG + "/crosspost", channel_id=channel_id, message_id=message_id)
        return await self.request_raw(route)

    async def pin_message(self, channel_id: int, message_id: int,
                          reason: str | None = None) -> None:
        route = Route("PUT", _CH + "/pins/{message_id}", channel_id=channel_id,
                      message_id=message_id)
        await self.request_raw(route, reason=reason)

    async def unpin_message(self, channel_id: int, message_id: int,
                            reason: str | None = None) -> None:
        route = Route("DELETE", _CH + "/pins/{message_id}", channel_id=channel_id,
                      message_id=message_id)
        await self.request_raw(route, reason=reason)

    async def get_pins(self, channel_id: int, limit: int = 50,
                       before: str | None = None) -> bytes | None:
        """A page of pins, newest first: ``{"items": [{"pinned_at", "message"}], "has_more"}``."""
        params: dict[str, Any] = {"limit": limit}
        if before is not None:
            params["before"] = before
        route = Route("GET", _CH + "/messages/pins", channel_id=channel_id)
        return await self.request_raw(route, params=params)
