"""An interactions endpoint: Discord POSTs interactions to the bot over HTTP.

Every request's signature and timestamp are checked first (401 otherwise, and
nothing else runs); a PING is answered PONG; any other interaction goes to the
same command tree, views and modals as gateway interactions. The first answer
goes back in the HTTP reply when it can (no files), else through the callback
route with a bare 202, as Discord describes. An answer in the HTTP reply that
Discord refuses is never told to the bot (the person sees "This interaction
failed"); with ``inline=False`` every first answer takes the callback route, a
round trip slower, and a refusal raises ``HTTPException`` in the handler, as it
does for a gateway bot. Nothing is kept between requests
but the view store of this process, so persistent views and dynamic items (which
need no memory) work behind any load balancer::

    endpoint = InteractionEndpoint(client)          # after client.login(token)
    app = web.Application()
    endpoint.add_routes(app, "/interactions")       # into your own aiohttp app
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Final

import msgspec
from aiohttp import web

from ..interactions import Interaction
from ..models import InteractionPayload, decoder, encode
from .verify import SignatureVerifier, VerificationError

if TYPE_CHECKING:
    from ..client import Client

__all__ = ["InteractionEndpoint"]

log = logging.getLogger("tidecord.endpoint")

_PAYLOAD: Final[msgspec.json.Decoder[InteractionPayload]] = decoder(InteractionPayload)
# Discord waits 3 s for the first answer; answer just inside that.
ANSWER_WINDOW = 2.9
MAX_BODY = 4 * 1024 * 1024


class _Reply:
    """The HTTP reply an interaction's first answer may travel in (a ``HTTPTransport``)."""

    def __init__(self, inline: bool) -> None:
        self.outcome: asyncio.Future[tuple[str, Any]] = \
            asyncio.get_running_loop().create_future()
        self.written = asyncio.Event()
        self.inline = inline

    def can_reply(self) -> bool:
        return self.inline and not self.outcome.done()

    async def reply(self, body: dict[str, Any]) -> None:
        self.outcome.set_result(("json", body))
        # Return once Discord has it, so a follow-up made next cannot overtake it.
        try:
            async with asyncio.timeout(ANSWER_WINDOW):
                await self.written.wait()
        except TimeoutError:
            log.debug("the interaction's HTTP reply was not written in time")

    def accepted(self) -> None:
        if not self.outcome.done():
            self.outcome.set_result(("accepted", None))

    def abandon(self) -> None:
        """No answer will come: the bot is shutting down."""
        if not self.outcome.done():
            self.outcome.set_result(("gone", None))


class InteractionEndpoint:
    """Serves one client's interactions over HTTP, verified with ``public_key``.

    ``public_key`` defaults to the application's ``verify_key``, learned at login.
    ``max_age`` bounds how old (or how far in the future) a signed timestamp may be.
    ``inline=False`` sends every first answer through the callback route, so that one
    Discord refuses raises in the handler (see the module docstring).
    """

    def __init__(self, client: Client, *, public_key: str | None = None,
                 max_age: float = 60.0, inline: bool = True) -> None:
        self.client = client
        self.inline = inline
        self._public_key = public_key
        self._max_age = max_age
        self._verifier: SignatureVerifier | None = None
        self.accepted = 0
        self.refused = 0
        self._waiting: set[_Reply] = set()  # requests whose answer is yet to come

    @property
    def verifier(self) -> SignatureVerifier:
        """The signature checker (made on first use, once the key is known)."""
        if self._verifier is None:
            key = self._public_key
            if key is None:
                app = self.client.application
                if app is None or not app.verify_key:
                    raise RuntimeError("no public key: log the client in first, or pass "
                                       "public_key= (the application's verify_key)")
                key = app.verify_key
            self._verifier = SignatureVerifier(key, max_age=self._max_age)
        return self._verifier

    def add_routes(self, app: web.Application, path: str = "/interactions") -> None:
        """Mount the endpoint at ``path`` of your own aiohttp application."""
        app.router.add_post(path, self.handle)
        app.on_shutdown.append(self._shutting_down)

    async def _shutting_down(self, app: web.Application) -> None:
        """Requests still waiting for an answer get 503 now: none will come, and aiohttp
        would otherwise hold the shutdown for its grace period, then cancel them."""
        for reply in self._waiting:
            reply.abandon()

    def make_app(self, path: str = "/interactions") -> web.Application:
        """A new aiohttp application serving only the endpoint."""
        app = web.Application(client_max_size=MAX_BODY)
        self.add_routes(app, path)
        return app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """One POST from Discord."""
        try:
            # Discord sends a body at once; one still trickling in when the window to
            # answer is over (a slowloris) only ties up the connection.
            async with asyncio.timeout(ANSWER_WINDOW):
                body = await request.read()
        except TimeoutError:
            self.refused += 1
            log.debug("refused an interaction request: its body took over %g s to arrive",
                      ANSWER_WINDOW)
            return _plain(408, "request body too slow")
        except web.HTTPRequestEntityTooLarge:
            self.refused += 1
            log.debug("refused an interaction request: its body is over %d bytes", MAX_BODY)
            return _plain(413, "request too large")
        try:
            self.verifier.verify(request.headers.get("X-Signature-Ed25519"),
                                 request.headers.get("X-Signature-Timestamp"), body)
        except VerificationError as exc:
            self.refused += 1
            log.debug("refused an interaction request: %s", exc)
            return _plain(401, "invalid request signature")
        self.accepted += 1
        try:
            payload = _PAYLOAD.decode(body)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            log.warning("a signed interaction could not be read: %s", exc)
            return _plain(400, "malformed interaction")
        if payload.type == 1:
            return _json({"type": 1})
        return await self._run(request, payload)

    async def _run(self, request: web.Request, payload: InteractionPayload
                   ) -> web.StreamResponse:
        state = self.client._connection
        reply = _Reply(self.inline)
        interaction: Interaction[Any] = Interaction(payload, state, transport=reply)
        state.route_interaction(interaction)
        self._waiting.add(reply)
        try:
            async with asyncio.timeout(ANSWER_WINDOW):
                kind, body = await asyncio.shield(reply.outcome)
        except TimeoutError:
            # Too late for the reply: a later answer goes through the callback route
            # (where Discord, past 3 s, refuses it as it would).
            reply.accepted()
            kind, body = "accepted", None
        finally:
            self._waiting.discard(reply)
        if kind == "gone":
            return _plain(503, "the bot is shutting down")
        if kind != "json":
            return web.Response(status=202)
        response = _json(body)
        try:
            await response.prepare(request)
            await response.write_eof()
        finally:
            reply.written.set()
        return response


def _plain(status: int, text: str) -> web.Response:
    return web.Response(status=status, text=text)


def _json(data: Any) -> web.Response:
    response = web.Response(body=encode(data), status=200)
    response.content_type = "application/json"
    return response
