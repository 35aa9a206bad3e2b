"""Who may talk to a sandbox: its own pages and local programs, not any web page.

A sandbox on loopback is still reachable from every page the developer's browser
opens: a page on ``evil.example`` can POST to ``http://127.0.0.1:PORT`` (a "simple"
request needs no CORS consent), open a WebSocket to it, or make its own name
resolve to 127.0.0.1 (DNS rebinding). So every request must

- name this sandbox in ``Host`` (127.0.0.1, localhost, ::1 or the bound host, with
  the port) while bound to loopback: a rebound name is refused;
- come from the sandbox's own origin when it says where it comes from (``Origin``,
  ``Sec-Fetch-Site``): browsers send these, client libraries (discord.py, hikari,
  tidecord) send neither and keep working;
- carry the secret, for the control API and the chat page, when the sandbox
  listens beyond loopback (``--host 0.0.0.0``): the printed chat URL holds it
  (``?secret=``), the page then keeps it in a same-site, HTTP-only cookie, and
  programs may send it as ``X-Sandbox-Secret``.

The bot token is made per run (from :mod:`secrets`) unless a seed asks for a
reproducible one, so one sandbox refuses another's token.
"""

from __future__ import annotations

import base64
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from typing import Final

from aiohttp import web

__all__ = ["COOKIE", "Guard", "fresh_token", "is_loopback"]

COOKIE: Final = "tidecord_sandbox_secret"
HEADER: Final = "X-Sandbox-Secret"
_ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
# Paths anyone reaching the port may use with no secret (they need the bot token,
# or are uploads that are public on Discord too).
_OPEN_PREFIXES: Final = ("/api/", "/gateway", "/attachments/", "/cdn/")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def fresh_token(bot_id: int) -> str:
    """A bot token shaped like Discord's (id, timestamp part, signature part), random."""
    first = base64.urlsafe_b64encode(str(bot_id).encode()).decode().rstrip("=")
    second = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    third = "".join(secrets.choice(_ALPHABET) for _ in range(38))
    return f"{first}.{second}.{third}"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address to bind) is this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _refuse(request: web.Request, why: str) -> web.Response:
    if request.path.startswith("/api/"):
        body = f'{{"message": "403: Forbidden ({why})", "code": 0}}'
    else:
        body = f'{{"error": "{why}", "code": 0}}'
    return web.Response(status=403, body=body.encode(), content_type="application/json")


class Guard:
    """The checks of this module for one sandbox (``host`` and ``port`` it listens on)."""

    def __init__(self, host: str, secret: str | None) -> None:
        self.host = host
        self.loopback = is_loopback(host)
        self.secret = secret
        self.port = 0  # known once bound
        self._hosts: tuple[int, set[str]] | None = None

    def hosts(self) -> set[str]:
        """``Host`` values that name this sandbox (while bound to loopback)."""
        known = self._hosts
        if known is not None and known[0] == self.port:
            return known[1]
        names = {"127.0.0.1", "localhost", "[::1]", self.host if ":" not in self.host
                 else f"[{self.host}]"}
        out = {f"{name}:{self.port}" for name in names}
        if self.port == 80:
            out |= names
        self._hosts = (self.port, out)  # asked at every request: made once per port
        return out

    def check(self, request: web.Request) -> web.Response | None:
        """A refusal for ``request``, or None when it may go on."""
        host = request.headers.get("Host", "")
        if self.loopback and host.lower() not in self.hosts():
            return _refuse(request, f"Host {host[:60]!r} is not this sandbox")
        origin = request.headers.get("Origin")
        if origin is not None and origin.lower() != f"http://{host}".lower():
            return _refuse(request, "cross-origin requests are refused")
        site = request.headers.get("Sec-Fetch-Site")
        if site in ("cross-site", "same-site") and not request.path.startswith("/attachments/"):
            return _refuse(request, "cross-site requests are refused")
        if self.secret is not None and not request.path.startswith(_OPEN_PREFIXES):
            if not self._has_secret(request):
                return _refuse(request, "this sandbox needs its secret: open the printed URL")
        return None

    def _has_secret(self, request: web.Request) -> bool:
        assert self.secret is not None
        for given in (request.cookies.get(COOKIE), request.headers.get(HEADER),
                      request.query.get("secret")):
            if given is not None and hmac.compare_digest(given.encode(), self.secret.encode()):
                return True
        return False

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """aiohttp middleware: refuse, or serve (and keep a secret from the URL in a cookie)."""
        refusal = self.check(request)
        if refusal is not None:
            return refusal
        response = await handler(request)
        if (self.secret is not None and not response.prepared
                and request.query.get("secret") == self.secret):
            response.set_cookie(COOKIE, self.secret, httponly=True, samesite="Strict",
                                path="/")
        return response
