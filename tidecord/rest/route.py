"""A REST route: method, path template, and the major parameters its bucket splits on."""

from __future__ import annotations

import hashlib
from typing import Any, Final
from urllib.parse import quote

__all__ = ["Route"]

_IDEMPOTENT: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})

# Path templates the endpoint modules share.
_CH = "/channels/{channel_id}"
_MSG = "/channels/{channel_id}/messages/{message_id}"
_GUILD = "/guilds/{guild_id}"


def _digest(token: object) -> str:
    return hashlib.blake2b(str(token).encode(), digest_size=12).hexdigest()


class Route:
    """One call's route.

    ``key`` (method + template) identifies the route before its bucket hash is
    known; ``major`` is the top-level resource the bucket is split by.

    >>> Route("POST", "/channels/{channel_id}/messages", channel_id=1).path
    '/channels/1/messages'
    """

    __slots__ = ("global_exempt", "idempotent", "key", "major", "method", "path", "template")

    def __init__(self, method: str, template: str, **params: Any) -> None:
        self.method = method
        self.template = template
        self.key = f"{method} {template}"
        get = params.get
        # The bucket's major parameters: channel_id, guild_id, webhook_id and its token,
        # that one as a digest: bucket keys live as long as the client, in plain view (and
        # in a cluster's Redis, so the digest is the same in every process).
        token = get("webhook_token")
        self.major = (f"{get('channel_id', '')}:{get('guild_id', '')}:"
                      f"{get('webhook_id', '')}:{'' if token is None else _digest(token)}")
        if params:
            # Ids need no quoting (most calls: skip urllib); anything else is quoted.
            for k, v in params.items():
                if type(v) is not int:
                    params[k] = quote(str(v), safe="")
            self.path = template.format_map(params)
        else:
            self.path = template
        # Repeating these cannot apply them twice (PATCH bodies set values, never add).
        self.idempotent = method in _IDEMPOTENT
        # Interaction endpoints are exempt from the bot's global limit.
        self.global_exempt = template.startswith("/interactions/") or (
            "webhook_token" in params and "{webhook_token}" in template
        )

    def __repr__(self) -> str:
        # The template, never the formatted path: it may carry a token.
        return f"<Route {self.key}>"
