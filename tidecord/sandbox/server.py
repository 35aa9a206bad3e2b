"""The Sandbox: a local Discord (REST, gateway, control API, chat page) on one port.

>>> async with Sandbox() as sb:                                  # doctest: +SKIP
...     await sb.send_message("alice", "general", ".idea")
...     reply = await sb.wait_for_message(author=sb.bot_user, timeout=5)

It owns every task and socket it opens and closes them all in :meth:`stop`.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec
from aiohttp import web

from tidecord.models import Channel, Guild, Message, User

from .bot_guilds import BotGuildsAPI
from .bot_health import BotHealth
from .builder import PRIVILEGED_APP_FLAGS
from .cdn import ImageStore
from .clock import Clock
from .control import add_control_routes
from .faults import FaultAPI, Faults
from .feed import Feed
from .files import FileStore
from .gateway import FirehoseResult, GatewayHub, firehose
from .gateway.ledger import SessionStarts
from .interactions import Interactions
from .outgoing import EndpointSender
from .people import PeopleAPI
from .people_threads import ThreadPeopleAPI
from .rest.app import API_PREFIX, MAX_BODY, add_api_routes, api_middleware
from .rest.context import SANDBOX
from .rest.journal import RestLog, rest_log_middleware
from .rest.nonces import NonceBook
from .rest.ratelimit import Limiter, RateLimits
from .rest.recorder import RequestRecorder
from .security import Guard, fresh_token, is_loopback
from .state import State
from .voice_effects import VoiceEffectsAPI
from .world import World

__all__ = ["Sandbox"]

log = logging.getLogger("tidecord.sandbox")
STATIC = Path(__file__).with_name("static")


def _check_options(minimum: float = 1, **options: float) -> None:
    # A bad number fails here, naming the option, not later at every client's identify.
    for name, value in options.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
                minimum <= value < float("inf")):
            raise ValueError(f"{name} must be a number >= {minimum}, not {value!r}")


class Sandbox(PeopleAPI, ThreadPeopleAPI, VoiceEffectsAPI, FaultAPI, BotGuildsAPI):
    """A protocol-faithful Discord API v10 server for one bot, in memory.

    Options: ``world`` (None for the default world, a :class:`World`, or a JSON
    file path), ``seed``, ``heartbeat_interval`` (ms), ``rate_limits``
    (:class:`RateLimits`), ``shard_count`` (what GET /gateway/bot recommends),
    ``max_concurrency``, ``identify_interval`` (seconds between identifies of one
    concurrency bucket), ``max_guilds_per_shard`` (over it: 4011),
    ``gateway_send_limit`` ((frames, seconds), over it: 4008), ``resume_timeout``
    (seconds a dropped session stays resumable), ``session_start_limit``
    ((total, seconds): identifies allowed per period, default (1000, 86400); past
    zero an identify gets op 9), ``privileged_intents`` (names
    overriding what the world enables, e.g. ``[]`` for none: asking for one then
    closes with 4014), ``full_member_lists`` (GUILD_CREATE carries every member
    even of large guilds; for benchmarks), ``secret`` (what the control API and the
    chat page require; made up when bound beyond loopback, see
    :mod:`tidecord.sandbox.security`).

    The bot token is new for every sandbox, unless ``seed`` is given: then it is
    the seed's own, the same each run (for tests that need it fixed).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        world: World | str | Path | None = None,
        seed: int | None = None,
        *,
        heartbeat_interval: int = 41250,
        rate_limits: RateLimits | None = None,
        shard_count: int = 1,
        max_concurrency: int = 1,
        identify_interval: float = 5.0,
        max_guilds_per_shard: int = 2500,
        gateway_send_limit: tuple[int, float] = (120, 60.0),
        resume_timeout: float = 180.0,
        resume_buffer: int = 10_000,
        session_start_limit: tuple[int, float] = (1000, 86_400.0),
        privileged_intents: list[str] | None = None,
        full_member_lists: bool = False,
        secret: str | None = None,
    ) -> None:
        _check_options(heartbeat_interval=heartbeat_interval, shard_count=shard_count,
                       max_concurrency=max_concurrency, max_guilds_per_shard=max_guilds_per_shard,
                       gateway_send_limit=gateway_send_limit[0],
                       session_start_period=session_start_limit[1])
        _check_options(minimum=0, session_start_total=session_start_limit[0])
        _check_options(minimum=0, identify_interval=identify_interval,
                       resume_timeout=resume_timeout, resume_buffer=resume_buffer,
                       gateway_send_period=gateway_send_limit[1])
        unknown = set(privileged_intents or ()) - set(PRIVILEGED_APP_FLAGS)
        if unknown:
            raise ValueError(f"privileged_intents: unknown {sorted(unknown)}; "
                             f"known: {sorted(PRIVILEGED_APP_FLAGS)}")
        if world is None:
            world = World.default(seed or 0)
        elif not isinstance(world, World):
            world = World.load(world, seed=seed)
        if seed is None:
            # Per run: a token printed once must not open every sandbox started later.
            world = dataclasses.replace(world, token=fresh_token(world.bot.id))
        if privileged_intents is not None:
            flags = world.application.flags_value & ~sum(PRIVILEGED_APP_FLAGS.values())
            for name in privileged_intents:
                flags |= PRIVILEGED_APP_FLAGS[name]
            # A copy: the caller's World may serve other sandboxes.
            world = dataclasses.replace(world, application=msgspec.structs.replace(
                world.application, flags_value=flags))
        self.host = host
        self.port = port
        if secret is None and not is_loopback(host):
            secret = secrets.token_urlsafe(16)
        self.secret = secret
        self.guard = Guard(host, secret)
        self.world = world
        self.clock = Clock()
        self.state = State(world, self.clock)
        self.clock.on_advance(self.state.close_due_polls)  # a poll's time may run out
        self.clock.on_advance(self.state.end_due_subscriptions)  # and a subscription's
        self.limiter = Limiter(rate_limits or RateLimits())
        self.faults = Faults()
        self.files = FileStore()
        self.images = ImageStore(lambda: self.state)
        self.nonces = NonceBook(self.clock)
        self.interactions = Interactions(self.state)
        # Interactions over HTTP, when the application sets an endpoint URL; the
        # application's verify_key is the public half of the key that signs them.
        self.sender = EndpointSender(self)
        self.state.application = msgspec.structs.replace(
            self.state.application, verify_key=self.sender.public_key)
        self.interactions.outgoing = self.sender.deliver
        self.feed = Feed(self.state)
        self.rest_log = RestLog(self.state, self.feed, self.limiter.limits, self.interactions)
        # Off until record_requests(): each request then costs a copy of its body.
        self.requests = RequestRecorder()
        self.bot_health = BotHealth(self.feed, self.token)
        self._hub_options: dict[str, Any] = {
            "heartbeat_interval": heartbeat_interval, "shard_count": shard_count,
            "max_concurrency": max_concurrency, "identify_interval": identify_interval,
            "max_guilds_per_shard": max_guilds_per_shard, "send_limit": gateway_send_limit,
            "resume_timeout": resume_timeout, "resume_buffer": resume_buffer,
            "full_member_lists": full_member_lists,
            "session_starts": SessionStarts(*session_start_limit),
        }
        self._hub: GatewayHub | None = None
        self._runner: web.AppRunner | None = None
        PeopleAPI.__init__(self)

    # -- lifecycle -----------------------------------------------------------------

    async def start(self) -> Sandbox:
        """Bind the port and serve; returns self."""
        if self._runner is not None:
            return self
        app = web.Application(middlewares=[self.guard.middleware, rest_log_middleware,
                                           api_middleware],
                              client_max_size=MAX_BODY)
        app[SANDBOX] = self
        add_api_routes(app)
        add_control_routes(app, self)
        app.router.add_get("/gateway", self._gateway_handler)
        app.router.add_get("/gateway/", self._gateway_handler)
        app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}",
                           self.files.handle)
        app.router.add_get("/cdn/{path:.+}", self.images.handle)
        if STATIC.is_dir():
            app.router.add_get("/", self._index)
            app.router.add_static("/static/", STATIC)
        runner = web.AppRunner(app, handle_signals=False, access_log=None,
                               shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        # Port 0 means "any free port": ask the bound socket which one it got.
        sockets = getattr(site._server, "sockets", None) or []
        if sockets:
            self.port = sockets[0].getsockname()[1]
        self.files.base_url = self.url
        self.guard.port = self.port
        if not self.guard.loopback:
            log.warning(
                "the sandbox listens on %s, beyond this machine: anyone who can reach it "
                "can use its REST API and gateway with the bot token; its control API and "
                "chat page need the secret in %s", self.host, self.chat_url)
        self._hub = GatewayHub(self.state, gateway_url=self.gateway_url, **self._hub_options)
        log.info("sandbox listening on %s", self.url)
        return self

    async def stop(self) -> None:
        """Close every connection and the listening socket."""
        if self._hub is not None:
            self._hub.close()
        self.feed.close()
        await self.sender.close()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> Sandbox:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _gateway_handler(self, request: web.Request) -> web.StreamResponse:
        return await self.hub.handle(request)

    async def _index(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "index.html")

    # -- where things are ----------------------------------------------------------

    @property
    def hub(self) -> GatewayHub:
        """The gateway hub (connections and sessions); exists once started."""
        if self._hub is None:
            raise RuntimeError("the sandbox is not started")
        return self._hub

    @property
    def url(self) -> str:
        """``http://HOST:PORT``: the chat page, and the control API under /_sandbox/."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def chat_url(self) -> str:
        """The chat page, ``http://HOST:PORT/`` (with ``?secret=`` when it needs one)."""
        return self.url + "/" + (f"?secret={self.secret}" if self.secret else "")

    @property
    def api_url(self) -> str:
        """The REST base, ``http://HOST:PORT/api/v10``."""
        return self.url + API_PREFIX

    @property
    def cdn_url(self) -> str:
        """Where images are downloaded, ``http://HOST:PORT/cdn``, in place of Discord's
        CDN (``tidecord.Client(cdn_url=...)``)."""
        return self.url + "/cdn"

    @property
    def gateway_url(self) -> str:
        """The gateway, ``ws://HOST:PORT/gateway``."""
        return "ws" + self.url[4:] + "/gateway"

    @property
    def token(self) -> str:
        """A bot token this sandbox accepts."""
        return self.state.token

    @property
    def bot_user(self) -> User:
        """The bot's user."""
        return self.state.bot_user

    @property
    def guild(self) -> Guild:
        """The first guild of the world (``Sandbox`` in the default world)."""
        return self.state.guild_snapshot(next(iter(self.state.guilds)))

    def guild_named(self, name: str) -> Guild:
        """A guild by name."""
        for guild in self.state.guilds.values():
            if guild.name == name:
                return self.state.guild_snapshot(guild.id)
        raise KeyError(name)

    def channel(self, ref: int | str | Channel) -> Channel:
        """A channel by name (``"general"``), id or model."""
        return self.state.channel(ref)

    def user(self, ref: int | str | User) -> User:
        """A user by username (``"alice"``), id or model."""
        return self.state.user(ref)

    def messages(self, channel: int | str | Channel) -> list[Message]:
        """Messages of a channel, oldest first."""
        return self.state.channel_messages(self.channel(channel).id)

    def describe(self) -> str:
        """What a person needs to point a bot at this sandbox (the token included)."""
        return "\n".join([
            f"chat page:   {self.chat_url}",
            f"REST API:    {self.api_url}",
            f"gateway:     {self.gateway_url}",
            f"images:      {self.cdn_url}",
            f"bot token:   {self.token}",
            f"control API: {self.url}/_sandbox/",
        ])

    def __repr__(self) -> str:
        return f"Sandbox(url={self.url!r})"

    async def set_interactions_endpoint(self, url: str | None) -> None:
        """Send interactions to ``url`` (signed, over HTTP) instead of the gateway;
        ``None`` goes back to the gateway. The endpoint must answer Discord's two
        checks (a PING with PONG, a bad signature with 401), else a 50035 APIError."""
        if url is not None:
            await self.sender.check_url(url)
        self.state.application = msgspec.structs.replace(
            self.state.application, interactions_endpoint_url=url)

    def record_requests(self, keep: int = 1000) -> RequestRecorder:
        """Keep every REST request the bot sends from now on (the last ``keep``), as
        it arrived: ``sb.requests.records``, ``find(method, route)``; ``stop()``. See
        :mod:`tidecord.sandbox.rest.recorder`."""
        return self.requests.start(keep)

    def gateway_report(self) -> dict[str, Any]:
        """What the gateway saw: identifies and resumes per shard, identify-bucket
        violations, refused identifies, closes by code, sessions of one shard live at
        once, and each dispatch's deliveries per shard (lost, duplicated); see
        :mod:`tidecord.sandbox.gateway.ledger`."""
        return self.hub.report()

    # -- benchmarks ----------------------------------------------------------------

    async def firehose(self, channel: int | str | Channel, count: int,
                       author: int | str | User | None = None,
                       contents: Sequence[str] = ("firehose",)) -> FirehoseResult:
        """Send ``count`` precomputed MESSAGE_CREATE to every identified connection.

        ``author`` defaults to the first person (not the bot) in the channel's guild;
        the messages say each of ``contents`` in turn. Returns how many were sent, in
        how many seconds, and the rate.
        """
        chan = self.channel(channel)
        if author is None:
            gid = self.state.guild_id_of(chan)
            people = [uid for uid in self.state.members.get(gid or 0, {})
                      if uid != self.bot_user.id]
            author_id = people[0] if people else self.bot_user.id
        else:
            author_id = self.user(author).id
        return await firehose(self.hub, chan.id, count, author_id, contents)
