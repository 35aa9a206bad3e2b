"""Gateway errors: the close codes after which reconnecting cannot help."""

from __future__ import annotations

from ..rest.errors import ClientException, LoginFailure

__all__ = [
    "ConnectionClosed", "GatewayError", "GatewayNotFound", "PrivilegedIntentsRequired",
    "TokenRefused",
]

_EXPLAIN = {
    4010: "invalid shard: the shard id is not below the shard count",
    4011: "sharding required: this bot is in too many guilds for one shard; "
    "pass shard_count= or leave it unset to use Discord's recommendation",
    4012: "invalid API version",
    4013: "invalid intents: the intents value is not a valid bit set",
}


class GatewayError(ClientException):
    """Something went wrong on the gateway."""


class GatewayNotFound(GatewayError):
    """Discord did not say where its gateway is (``GET /gateway/bot`` failed after its
    retries, or answered something unreadable); the cause is chained."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("the gateway to connect to Discord was not found"
                         + (f": {detail}" if detail else ""))


class ConnectionClosed(GatewayError):
    """The gateway closed the connection with a code that forbids reconnecting."""

    def __init__(self, code: int, reason: str = "", *, shard_id: int | None = None) -> None:
        self.code = code
        self.reason = reason
        self.shard_id = shard_id
        explain = _EXPLAIN.get(code, reason or "closed")
        where = f"shard {shard_id}: " if shard_id is not None else ""
        super().__init__(f"{where}gateway closed with {code}: {explain}")


class PrivilegedIntentsRequired(ConnectionClosed):
    """Close 4014: the bot asked for privileged intents its application lacks.

    ``missing`` names them (``GUILD_MEMBERS``, ``GUILD_PRESENCES``, ``MESSAGE_CONTENT``).
    """

    def __init__(self, missing: list[str], *, shard_id: int | None = None) -> None:
        self.missing = missing
        GatewayError.__init__(
            self,
            "gateway closed with 4014 (disallowed intents): the application is not "
            f"allowed the privileged intent(s) {', '.join(missing)}; enable them in the "
            "Developer Portal (Bot > Privileged Gateway Intents) or remove them from intents=",
        )
        self.code = 4014
        self.reason = "Disallowed intent(s)."
        self.shard_id = shard_id


class TokenRefused(LoginFailure, ConnectionClosed):
    """Close 4004: the gateway refused the token. A :class:`LoginFailure` (a token
    refused, as at login) and a :class:`ConnectionClosed` (code 4004), which is what
    discord.py raises here: a bot catching either one catches it."""

    def __init__(self, *, shard_id: int | None = None) -> None:
        GatewayError.__init__(  # neither parent's: each would word it its own way
            self, "Improper token has been passed (gateway closed with 4004: "
            "authentication failed).")
        self.code = 4004
        self.reason = "Authentication failed."
        self.shard_id = shard_id
