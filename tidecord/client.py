"""``Client``: the discord.py-shaped face of tidecord.

``run(token)`` -> ``asyncio.run(start(token))``; ``start`` = ``login`` (REST: who
am I, which application) + ``connect`` (GET /gateway/bot, then the shards).
Events reach ``on_<event>`` methods, ``@client.event`` functions and listeners
as owned tasks (see :mod:`tidecord.events`).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeVar

import msgspec

from .app_emojis import ApplicationEmojisMixin
from .cache import Cache, MemberCacheFlags, MemberCachePolicy
from .cache.messages import DEFAULT_MAX_MESSAGE_BYTES
from .cache.views import CacheViews
from .events import Dispatcher, Parsers, State
from .events.background import stop_adopted
from .expressions import ExpressionsMixin
from .gateway import ConnectionClosed, Shard, ShardManager, best_compression
from .gateway.presence import build_presence
from .health import LoopHealth, LoopWatchdog, shutdown_offload
from .metrics import set_counting, snapshot
from .models import (
    UNSET,
    Application,
    Channel,
    GatewayBot,
    Guild,
    Intents,
    Snowflake,
    UnsetType,
    User,
    decode,
    decoder,
)
from .models.activity import Status, as_status
from .models.application import (
    GATEWAY_GUILD_MEMBERS,
    GATEWAY_MESSAGE_CONTENT,
    GATEWAY_PRESENCE,
    ApplicationFlags,
)
from .models.base import snowflake_of
from .models.guild_preview import GuildPreview, bind_guild_preview
from .models.invite import Invite, bind_invite, invite_code
from .models.paging import pages
from .models.sticker import GuildSticker, StandardSticker, StickerItem
from .models.template import Template, bind_template, template_code
from .models.widget import Widget, bind_widget
from .monetization import MonetizationMixin
from .rest import ClientClosed, HTTPException, LoginFailure, RESTClient, api_url_from_env
from .rest.cdn import cdn_url_from_env, use_cdn
from .rest.mentions import AllowedMentions
from .rest.secret import Secret, hide
from .stages import StageInstancesMixin
from .ui.client import ViewsMixin
from .ui.store import ViewStore
from .webhook import Webhook, bind_webhook

if TYPE_CHECKING:
    from .cluster import Cluster

__all__ = ["Client"]

log = logging.getLogger("tidecord.client")

Coro = TypeVar("Coro", bound=Callable[..., Coroutine[Any, Any, Any]])

_USER: Final[msgspec.json.Decoder[User]] = decoder(User)
_APPLICATION: Final[msgspec.json.Decoder[Application]] = decoder(Application)
_GATEWAY_BOT: Final[msgspec.json.Decoder[GatewayBot]] = decoder(GatewayBot)


def _default_intents() -> Intents:
    # discord.py's default plus message content, so that a bot that reads
    # commands from messages works as written; 4014 names it if not allowed.
    intents = Intents.default()
    intents.message_content = True
    return intents


class _PartialGuild(msgspec.Struct, kw_only=True):
    """A guild as GET /users/@me/guilds lists it."""

    id: Snowflake
    name: str
    icon: str | None = None
    banner: str | None = None
    features: list[str] = []
    approximate_member_count: int | UnsetType | None = UNSET
    approximate_presence_count: int | UnsetType | None = UNSET


class Client(ViewsMixin, CacheViews, MonetizationMixin, ApplicationEmojisMixin,
             StageInstancesMixin, ExpressionsMixin):
    """A Discord bot connection.

    >>> class MyBot(Client):
    ...     async def on_message(self, message):
    ...         if message.content.startswith(".ping"):
    ...             await message.reply("pong")

    Keyword configuration: ``intents`` (default: :meth:`Intents.default` plus
    message content), ``api_url`` (else ``$TIDECORD_API_URL``, else Discord),
    ``cdn_url`` (where images are downloaded: else ``$TIDECORD_CDN_URL``, else
    Discord's CDN; a sandbox's is ``sandbox.cdn_url``),
    ``max_messages`` (message cache size, ``None`` or 0 disables it),
    ``max_message_bytes`` (what the cached messages may weigh, 16 MiB by default),
    ``member_cache`` (:class:`MemberCachePolicy`) or discord.py's
    ``member_cache_flags``, ``chunk_guilds_at_startup``, ``shard_id`` /
    ``shard_ids`` and ``shard_count``, ``large_threshold``, ``compress``
    (``"zstd-stream"``, ``"zlib-stream"`` or ``None``), ``activity`` / ``status``,
    ``guild_ready_timeout``, ``allowed_mentions`` (:class:`AllowedMentions` for every
    message the bot sends, under each message's own). REST calls: ``rest_timeout``
    (s, default 60: each call's deadline, waits and retries included),
    ``rest_read_timeout`` (default 30: a read that stalls this long fails or, when
    safe, is retried), both raising
    :class:`RESTTimeout`; ``max_ratelimit_timeout`` (default None) bounds how long one
    call waits for rate limits, queueing included, raising :class:`RateLimited`;
    ``rest_global_rate`` (default 50, Discord's) is the token's global limit per
    second, for a bot whose limit Discord raised.
    ``cluster`` (:class:`Cluster`): run as one worker of a bot spread over processes,
    its shards, identifies, sessions and REST limits shared through Redis.
    Loop health: ``loop_watchdog``, ``stall_threshold``. ``metrics`` (``False``: do not
    count events by type nor time handlers for :attr:`metrics`; the rest is counted).
    """

    def __init__(
        self,
        *,
        intents: Intents | None = None,
        api_url: str | None = None,
        cdn_url: str | None = None,
        max_messages: int | None = 1000,
        max_message_bytes: int | None = DEFAULT_MAX_MESSAGE_BYTES,
        member_cache: MemberCachePolicy | None = None,
        member_cache_flags: MemberCacheFlags | None = None,
        chunk_guilds_at_startup: bool = False,
        shard_id: int | None = None,
        shard_ids: Sequence[int] | None = None,
        shard_count: int | None = None,
        large_threshold: int = 250,
        compress: str | None = "auto",
        activity: Any = None,
        status: Any = None,
        max_ratelimit_timeout: float | None = None,
        rest_timeout: float | None = 60.0,
        rest_read_timeout: float | None = 30.0,
        rest_global_rate: int = 50,
        guild_ready_timeout: float = 10.0,
        loop_watchdog: bool = True,
        stall_threshold: float = 0.1,
        cluster: Cluster | None = None,
        metrics: bool = True,
        allowed_mentions: AllowedMentions | None = None,
        **options: Any,
    ) -> None:
        self._intents = intents if intents is not None else _default_intents()
        api = api_url or api_url_from_env()
        #: Where :meth:`Asset.read` and the like download Discord's CDN images from.
        self.cdn_url = (cdn_url or cdn_url_from_env()).rstrip("/")
        # discord.py's networking options, with its names: REST and the gateway use them.
        trace = options.pop("http_trace", None)
        self.http = RESTClient(api, max_ratelimit_timeout=max_ratelimit_timeout,
                               timeout=rest_timeout, read_timeout=rest_read_timeout,
                               global_rate=rest_global_rate,
                               connector=options.pop("connector", None),
                               proxy=options.pop("proxy", None),
                               proxy_auth=options.pop("proxy_auth", None),
                               trace_configs=[trace] if trace is not None else ())
        if member_cache is None and member_cache_flags is not None:
            member_cache = member_cache_flags.to_policy()
        cache = Cache(max_messages=max_messages, members=member_cache,
                      max_message_bytes=max_message_bytes)
        self._dispatcher = Dispatcher(self)
        self._connection = State(self.http, cache, self._dispatcher)
        self._connection.intents = self._intents
        self.allowed_mentions = allowed_mentions
        self._connection.views = ViewStore(self._dispatcher, self._connection)
        self._parsers = Parsers(
            self._connection, self._dispatcher, self._on_shard_ready, guild_ready_timeout
        )
        self.chunk_guilds_at_startup = chunk_guilds_at_startup
        if shard_id is not None and shard_ids is None:
            shard_ids = [shard_id]
        self.shard_ids: list[int] | None = list(shard_ids) if shard_ids is not None else None
        self.shard_count = shard_count
        self.large_threshold = large_threshold
        self.compress = best_compression() if compress == "auto" else compress
        self._presence = build_presence(activity, status) if activity or status else None
        self._activity, self._status = activity, status
        self.cluster = cluster
        self._ready = asyncio.Event()
        self._renewed: set[int] = set()  # shards with a new session since the last on_ready
        self._closed = False
        self._closing: asyncio.Task[None] | None = None  # the close under way, or done
        self._token: str | None = None
        self._shards: ShardManager | None = None
        self._allowed_privileged: list[str] | None = None
        self._application: Application | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        # Loop health: on by default, names the line that blocks the loop.
        self._watchdog = LoopWatchdog(stall_threshold, enabled=loop_watchdog)
        set_counting(self, metrics)  # the per-event counters: events by type, handler durations
        if options:
            # Said once, plainly: an option a program relies on must not vanish unseen.
            log.warning("tidecord ignores these Client options: %s", ", ".join(sorted(options)))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} user={self.user!s} ready={self.is_ready()}>"

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name.startswith("on_") and "_dispatcher" in self.__dict__:
            self._dispatcher.invalidate(name[3:])

    def __delattr__(self, name: str) -> None:
        object.__delattr__(self, name)
        if name.startswith("on_") and "_dispatcher" in self.__dict__:
            self._dispatcher.invalidate(name[3:])

    # -- running --------------------------------------------------------------------
    @property
    def allowed_mentions(self) -> AllowedMentions | None:
        """The mentions every message may ping, unless it says otherwise (``None``:
        Discord's default, everything it names)."""
        return self._connection.allowed_mentions  # type: ignore[no-any-return]

    @allowed_mentions.setter
    def allowed_mentions(self, value: AllowedMentions | None) -> None:
        if value is not None and not isinstance(value, AllowedMentions):
            raise TypeError("allowed_mentions must be AllowedMentions not "
                            f"{value.__class__.__name__}")
        self._connection.allowed_mentions = value

    def run(
        self,
        token: str,
        *,
        reconnect: bool = True,
        log_handler: logging.Handler | None = None,
        log_level: int = logging.INFO,
        root_logger: bool = False,
    ) -> None:
        """Start the bot and block until it stops; Ctrl-C shuts it down cleanly.

        A refused token or a missing privileged intent ends the program with one
        clear line, not a traceback.
        """
        _setup_logging(log_handler, log_level, root_logger)
        token = hide(token)

        async def runner() -> None:
            async with self:
                await self.start(token, reconnect=reconnect)

        try:
            asyncio.run(runner())
        except KeyboardInterrupt:
            return
        except (LoginFailure, ConnectionClosed) as exc:
            raise SystemExit(f"tidecord: {exc}") from None

    async def start(self, token: str, *, reconnect: bool = True) -> None:
        """``login`` then ``connect``; returns when the client is closed."""
        token = hide(token)
        await self.login(token)
        if not self._closed:
            await self.connect(reconnect=reconnect)
        if self._closing is not None:
            # Closed from a handler: return once that close has finished.
            await asyncio.shield(self._closing)

    async def login(self, token: str) -> None:
        """Check the token (GET /users/@me), learn the application, run ``setup_hook``."""
        if not isinstance(token, str):
            raise TypeError(f"token must be a str, not {type(token).__name__}")
        token = Secret(token.strip())
        self._closed = False
        self._closing = None
        self._loop = asyncio.get_running_loop()
        self._watchdog.start(self._loop)
        self._dispatcher.reopen(self._loop)
        use_cdn(self.cdn_url)
        self._token = token
        try:
            user = _USER.decode(await self.http.login(token))
        except ClientClosed:
            if self._closed:
                return  # close() came while we logged in: open nothing more
            raise
        user._state = self._connection
        self._connection.user = user
        try:
            app = await self.application_info()
        except ClientClosed:
            return
        except (HTTPException, msgspec.ValidationError) as exc:
            log.debug("no application info (%s): privileged intents unknown", exc)
        else:
            self._application = app
            self._connection.application_id = app.id
            if not self._connection.application_flags:  # READY's, if it came first
                self._connection.application_flags = app.flags_value
            self._allowed_privileged = _privileged_allowed(app.flags_value)
        if self._closed:
            return
        await self.setup_hook()

    async def setup_hook(self) -> None:
        """Override: runs once after login, before the gateway connects."""

    async def _call_before_identify_hook(self, shard_id: int, initial: bool) -> None:
        # What the shard calls: the public hook, with discord.py's arguments (a client
        # given no shard ids and running one shard says None, as discord.py's Client).
        alone = self.shard_ids is None and self._connection.shard_count == 1
        await self.before_identify_hook(None if alone else shard_id, initial=initial)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Override: awaited before each IDENTIFY (not before a resume), e.g. to space the
        identifies of several bots sharing a token. ``shard_id`` is ``None`` for a
        client given no shard ids that runs one shard (as discord.py's ``Client``);
        ``initial`` is whether it is the shard's first IDENTIFY since the client started.

        The default waits for nothing. discord.py's waits 5 s before any IDENTIFY that
        is not the first, which adds 5 s to every reconnect that cannot resume;
        tidecord already spaces identifies as Discord asks (``max_concurrency`` every
        5 s), after the hook.
        """

    async def connect(self, *, reconnect: bool = True) -> None:
        """Open the shards and run until :meth:`close` (or a fatal gateway error)."""
        if self._token is None:
            raise RuntimeError("call login() before connect()")
        try:
            info = _GATEWAY_BOT.decode(await self.http.get_gateway_bot())  # type: ignore[arg-type]
        except ClientClosed:
            if self._closed:
                return  # close() came while we asked: open nothing
            raise
        if self.cluster is not None:
            await self._run_in_cluster(self.cluster, info)
            return
        count = self.shard_count or info.shards or 1
        ids = self.shard_ids if self.shard_ids is not None else list(range(count))
        limit = info.session_start_limit
        if limit.remaining < len(ids):
            wait = limit.reset_after / 1000
            log.warning("only %d identifies left today; waiting %.0f s", limit.remaining, wait)
            await asyncio.sleep(wait)
        self._connection.shard_count = count
        self._shards = ShardManager.build(
            ids, count, max_concurrency=limit.max_concurrency, factory=Shard,
            **self._shard_options(info.url),
        )
        self._connection.shards = self._shards
        if self._closed:
            return
        await self._shards.run()

    def _shard_options(self, gateway_url: str) -> dict[str, Any]:
        return {
            "session": lambda: self.http.session,
            "token": self._token,
            "gateway_url": gateway_url,
            "intents": self._intents,
            "on_dispatch": self._parsers,
            "large_threshold": self.large_threshold,
            "compress": self.compress,
            "presence": self._presence,
            "allowed_privileged": self._allowed_privileged,
            "on_disconnect": self._on_disconnect,
            # A connector or session handed in (a proxy, TLS settings) serves the gateway too.
            "gateway_on_session": self.http.custom_network,
            "before_identify": self._call_before_identify_hook,
        }

    async def _run_in_cluster(self, cluster: Cluster, info: GatewayBot) -> None:
        """Run as one worker: the cluster decides which shards, and when."""
        user = self._connection.user
        assert user is not None
        count = await cluster.open(self.http, user.id, info, self.shard_count)
        self._connection.shard_count = count
        self._shards = manager = ShardManager([])
        self._connection.shards = manager
        options = {**self._shard_options(info.url), **cluster.shard_options()}
        if not self._closed:
            await cluster.run(manager, lambda shard_id: Shard(shard_id, count, **options))

    async def close(self) -> None:
        """Close the gateway, cancel running handlers, close the HTTP session.

        A close already under way (a handler's ``await client.close()``) is waited for,
        not skipped: the ``async with client`` around ``start`` then ends only once
        everything is closed, instead of letting ``asyncio.run`` cancel that handler
        halfway through its close.
        """
        closing = self._closing
        if closing is None:  # the first close since login (or ever)
            self._closed = True
            closing = self._closing = asyncio.get_running_loop().create_task(
                self._close(asyncio.current_task()), name="tidecord:close")
        # Shielded: a caller cancelled meanwhile leaves the close running to its end.
        await asyncio.shield(closing)

    async def _close(self, caller: Any) -> None:
        if self.cluster is not None:
            await self.cluster.close()  # hands its shards over, sessions kept resumable
        if self._shards is not None:
            await self._shards.close()
        self._parsers.ready.close()
        await stop_adopted()  # background loops (tasks.loop) started on this event loop
        self._view_store.close()
        await self._dispatcher.close(keep=caller)  # the handler that asked goes on
        await self.http.close()
        self._watchdog.stop()
        await shutdown_offload()
        self._ready.clear()

    def is_closed(self) -> bool:
        """Whether :meth:`close` was called (and :meth:`clear` not since)."""
        return self._closed

    def clear(self) -> None:
        """Forget the state of the last run, so that a closed client can start again:
        :meth:`is_closed` and :meth:`is_ready` are then ``False``, the cache is
        empty and no view is listened to any more (as discord.py's).

        >>> # await client.close(); client.clear(); await client.start(token)
        """
        self._closed = False
        self._closing = None
        self._ready.clear()
        self._renewed.clear()
        self._shards = None
        self._connection.shards = None
        self._connection.user = None
        self._connection.cache.clear()
        # As discord.py's: the views of the last run (persistent ones too) are forgotten.
        self._connection.views = ViewStore(self._dispatcher, self._connection)

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _on_disconnect(self, shard: Shard) -> None:
        self.dispatch("disconnect")
        self.dispatch("shard_disconnect", shard.id)

    # -- readiness ------------------------------------------------------------------
    def _on_shard_ready(self, shard_id: int, first: bool) -> None:
        shard = self.shards.get(shard_id)
        if shard is not None and shard.heartbeat_interval:
            # A stall near this long makes Discord drop the connection: warn louder.
            self._watchdog.heartbeat_interval = shard.heartbeat_interval
        if self.chunk_guilds_at_startup and self._intents.members:
            self._dispatcher.spawn(
                self._chunk_then_ready(shard_id, first), f"tidecord:chunk-shard-{shard_id}"
            )
        else:
            self._shard_ready(shard_id, first)

    async def _chunk_then_ready(self, shard_id: int, first: bool) -> None:
        count = self._connection.shard_count
        for guild in list(self._connection.cache.guilds.values()):
            if (guild.id >> 22) % count == shard_id:
                try:
                    await self._connection.request_members(
                        guild.id, presences=self._connection.wants_presences)
                except (TimeoutError, ConnectionError) as exc:
                    log.warning("could not chunk guild %s: %s", guild.id, exc)
        self._shard_ready(shard_id, first)

    def _shard_ready(self, shard_id: int, first: bool) -> None:
        self.dispatch("shard_ready", shard_id)
        shards = self._shards.shards if self._shards is not None else {}
        if not self._ready.is_set():
            if all(s in self._parsers.ready.ready_once for s in shards):
                self._ready.set()
                self.dispatch("ready")
        elif not first and self.cluster is None:
            # A new session (the old one could not be resumed): once every shard has
            # one since the last on_ready, on_ready comes again, as with discord.py's
            # Client (one shard: each new session) and AutoShardedClient.
            self._renewed.add(shard_id)
            if self._renewed >= shards.keys():
                self._renewed.clear()
                self.dispatch("ready")

    def is_ready(self) -> bool:
        """Whether ``on_ready`` has fired (every shard and guild arrived)."""
        return self._ready.is_set()

    async def wait_until_ready(self) -> None:
        """Wait until the client is ready."""
        await self._ready.wait()

    # -- events ---------------------------------------------------------------------
    def event(self, coro: Coro) -> Coro:
        """Register ``coro`` as the handler named like it (``on_message``...)."""
        if not asyncio.iscoroutinefunction(coro):
            raise TypeError("event registered must be a coroutine function")
        setattr(self, coro.__name__, coro)
        return coro

    def add_listener(self, func: Callable[..., Coroutine[Any, Any, Any]],
                     name: str | None = None) -> None:
        """Also call ``func`` for event ``name`` (default: the function's name)."""
        event = (name or func.__name__).removeprefix("on_")
        self._dispatcher.add_listener(event, func)

    def remove_listener(self, func: Callable[..., Coroutine[Any, Any, Any]],
                        name: str | None = None) -> None:
        """Stop calling ``func`` for ``name``."""
        self._dispatcher.remove_listener((name or func.__name__).removeprefix("on_"), func)

    def dispatch(self, event: str, /, *args: Any) -> None:
        """Dispatch ``event`` (without ``on_``) to handlers and waiters."""
        self._dispatcher.dispatch(event, *args)

    async def wait_for(
        self,
        event: str,
        /,
        *,
        check: Callable[..., bool] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - discord.py's signature
    ) -> Any:
        """The next ``event`` whose arguments pass ``check`` (``asyncio.TimeoutError`` after
        ``timeout`` s). One argument comes back as is, several as a tuple."""
        return await self._dispatcher.wait_for(event, check, timeout)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """Called when a handler raises; logs the traceback. Override to change."""
        log.exception("Ignoring exception in %s", event_method)

    @property
    def api_url(self) -> str:
        """The REST base URL; settable before :meth:`start` (e.g. to point at a sandbox)."""
        return self.http.api_url

    @api_url.setter
    def api_url(self, value: str) -> None:
        self.http.api_url = value.rstrip("/")

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The event loop the client runs on (``self.loop.create_task(...)`` in ``setup_hook``).

        As in discord.py 2.x it exists once the client runs; outside a running loop
        before that, reading it raises ``AttributeError``.
        """
        if self._loop is not None and not self._loop.is_closed():
            return self._loop
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            raise AttributeError(
                "loop attribute cannot be accessed in non-async contexts. "
                "Consider using either an asynchronous main function and passing it to "
                "asyncio.run or using asynchronous initialisation hooks such as "
                "Client.setup_hook"
            ) from None

    @property
    def loop_health(self) -> LoopHealth:
        """Stalls seen so far: counts, the worst, lag percentiles, top blocking sites."""
        return self._watchdog.health

    @property
    def metrics(self) -> dict[str, Any]:
        """What the client counted so far, as plain data (see :func:`tidecord.metrics.snapshot`)."""
        return snapshot(self)

    @property
    def latency(self) -> float:
        """Seconds between a heartbeat and its ACK (averaged over shards; ``inf`` before one)."""
        if self._shards is None or not self._shards.shards:
            return float("inf")
        values = [s.latency for s in self._shards.shards.values()]
        return sum(values) / len(values)

    def is_ws_ratelimited(self) -> bool:
        """Whether a gateway send must wait now: a shard has spent its frames for this
        minute (120 per 60 s, heartbeats apart). Useful to choose between
        :meth:`request_members` (the gateway) and fetching members over REST."""
        if self._shards is None:
            return False
        return any(shard.is_ratelimited() for shard in self._shards.shards.values())

    @property
    def voice_clients(self) -> list[Any]:
        """Always empty: tidecord does not connect to voice (it reads voice states,
        :attr:`Member.voice`, but plays and records nothing)."""
        return []

    @property
    def intents(self) -> Intents:
        """The intents this client connects with: a copy, as discord.py's (changing it
        changes nothing; pass ``Client(intents=...)``)."""
        return Intents._from_value(self._intents.value)

    @property
    def application(self) -> Application | None:
        """The bot's application (discord.py's ``AppInfo``), fetched once by :meth:`login`
        (``None`` before; :meth:`application_info` asks again)."""
        return self._application

    @property
    def application_flags(self) -> ApplicationFlags:
        """The application's flags, from READY (or :meth:`login` before it)."""
        return ApplicationFlags._from_value(self._connection.application_flags)

    @property
    def shards(self) -> dict[int, Shard]:
        """The shards this client runs, by id."""
        return dict(self._shards.shards) if self._shards is not None else {}

    # -- asking Discord ----------------------------------------------------------------
    async def fetch_user(self, user_id: int, /) -> User:
        """GET a user."""
        return await self._connection.fetch_user(user_id)

    async def fetch_channel(self, channel_id: int, /) -> Channel:
        """GET a channel."""
        return await self._connection.fetch_channel(channel_id)

    async def fetch_guilds(self, *, limit: int | None = 200, before: Any = None,
                           after: Any = None, with_counts: bool = True) -> AsyncIterator[Guild]:
        """The guilds the bot is in, from Discord (partial: no channels or members),
        oldest first within each page of 200, as discord.py's; ``before`` / ``after``
        take a guild, an id or a datetime."""
        state = self._connection
        low = snowflake_of(after, high=True)
        high = snowflake_of(before)
        backwards = high is not None

        async def fetch(size: int, mark: int | None) -> list[_PartialGuild]:
            data = await self.http.get_my_guilds(
                size, before=mark if backwards else None,
                after=None if backwards else mark, with_counts=with_counts)
            return decode(data or b"[]", list[_PartialGuild])

        async for page in pages(limit, 200, fetch, high if backwards else low,
                                lambda page: page[0].id if backwards else page[-1].id):
            for partial in page:
                if backwards and low is not None and partial.id <= low:
                    continue
                # No owner in this list: 0 stands for "not said" (``owner`` is None).
                guild = Guild(id=partial.id, name=partial.name, owner_id=Snowflake(0),
                              icon_hash=partial.icon, banner_hash=partial.banner,
                              features=partial.features,
                              approximate_members=partial.approximate_member_count,
                              approximate_presences=partial.approximate_presence_count)
                guild._state = state
                yield guild

    async def fetch_guild(self, guild_id: int, /, *, with_counts: bool = True) -> Guild:
        """GET a guild (with its approximate member and presence counts, unless
        ``with_counts=False``)."""
        return await self._connection.fetch_guild(guild_id, with_counts)

    async def fetch_sticker(self, sticker_id: int, /) -> StandardSticker | GuildSticker:
        """GET any sticker, Discord's own or a guild's."""
        return await StickerItem(id=sticker_id, name="", _state=self._connection).fetch()

    async def fetch_template(self, code: str | Template, /) -> Template:
        """A guild template by code or URL (``https://discord.new/code``)."""
        data = await self.http.get_template(template_code(code))
        return bind_template(self._connection, data)

    async def fetch_guild_preview(self, guild_id: int) -> GuildPreview:
        """A guild's preview: one the bot is in, or any discoverable one (``NotFound``
        10004 else)."""
        return bind_guild_preview(self._connection,
                                  await self.http.get_guild_preview(guild_id))

    async def fetch_widget(self, guild_id: int, /) -> Widget:
        """A guild's public widget (``Forbidden`` 50004 while it is off)."""
        return bind_widget(self._connection, await self.http.get_widget(guild_id))

    async def fetch_invite(self, url: str | Invite, *, with_counts: bool = True,
                           with_expiration: bool = True) -> Invite:
        """An invite by code or URL (``https://discord.gg/code``), as anyone may read it:
        with the guild's approximate counts, without its uses."""
        state = self._connection
        data = await state.http.get_invite(invite_code(url), with_counts=with_counts,
                                           with_expiration=with_expiration)
        return bind_invite(state, data)

    async def delete_invite(self, invite: str | Invite, /, *,
                            reason: str | None = None) -> Invite:
        """Revoke an invite (code, URL or :class:`Invite`); returns it as it was."""
        state = self._connection
        return bind_invite(state, await state.http.delete_invite(invite_code(invite),
                                                                 reason=reason))

    async def fetch_webhook(self, webhook_id: int, /) -> Webhook:
        """GET a webhook (needs Manage Webhooks in its channel)."""
        state = self._connection
        return bind_webhook(state, await state.http.get_webhook(webhook_id))

    async def create_dm(self, user: Any) -> Channel:
        """The DM channel with ``user`` (a user, member or id)."""
        return await self._connection.create_dm(getattr(user, "id", user))

    async def request_members(self, guild: Any, **options: Any) -> list[Any]:
        """Op 8: members of ``guild`` (``query=``, ``limit=``, ``user_ids=``, ``presences=``)."""
        return await self._connection.request_members(getattr(guild, "id", guild), **options)

    @property
    def activity(self) -> Any:
        """The activity the bot shows (``Client(activity=...)`` or ``change_presence``)."""
        return self._activity

    @property
    def status(self) -> Status | str:
        """The status the bot shows (online unless set otherwise)."""
        status = self._status
        if status is None:
            return Status.online
        return status if isinstance(status, Status) else as_status(str(status))

    async def application_info(self) -> Application:
        """GET the bot's application: its ``owner`` (or ``team``), name and flags."""
        app = _APPLICATION.decode(await self.http.get_application())  # type: ignore[arg-type]
        app._state = self._connection
        for user in (app.owner, app.bot):
            if not isinstance(user, UnsetType):
                user._state = self._connection
        return app

    async def change_presence(self, *, activity: Any = None, status: Any = None) -> None:
        """Set the bot's status and activity on every shard."""
        self._activity, self._status = activity, status
        self._presence = build_presence(activity, status)
        if self._shards is not None:
            for shard in self._shards.shards.values():
                await shard.change_presence(self._presence)


def _privileged_allowed(flags: int) -> list[str]:
    allowed = []
    if flags & GATEWAY_GUILD_MEMBERS:
        allowed.append("GUILD_MEMBERS")
    if flags & GATEWAY_PRESENCE:
        allowed.append("GUILD_PRESENCES")
    if flags & GATEWAY_MESSAGE_CONTENT:
        allowed.append("MESSAGE_CONTENT")
    return allowed


def _setup_logging(handler: logging.Handler | None, level: int, root: bool) -> None:
    logger = logging.getLogger() if root else logging.getLogger("tidecord")
    if logger.handlers or (not root and logging.getLogger().handlers):
        return  # the program configured logging itself
    handler = handler or logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-8s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
