"""``Client``: the discord.py-shaped face of tidecord.

``run(token)`` -> ``asyncio.run(start(token))``; ``start`` = ``login`` (REST: who
am I, which application) + ``connect`` (GET /gateway/bot, then the shards).
Events reach ``on_<event>`` methods, ``@client.event`` functions and listeners
as owned tasks (see :mod:`tidecord.events`).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import msgspec

from .app_emojis import ApplicationEmojisMixin
from .cache import Cache, MemberCacheFlags, MemberCachePolicy
from .cache.messages import DEFAULT_MAX_MESSAGE_BYTES
from .cache.views import CacheViews
from .events import Dispatcher, Parsers, State
from .events.background import stop_adopted
from .events.client import EventsMixin
from .events.ready import GUILD_READY_TIMEOUT
from .expressions import ExpressionsMixin
from .fetching import FetchingMixin
from .gateway import ConnectionClosed, GatewayNotFound, Shard, ShardManager, best_compression
from .gateway.backoff import ReconnectPace
from .gateway.presence import build_presence
from .gateway.shard import HELLO_TIMEOUT
from .health import LoopWatchdog, shutdown_offload, unawaited
from .health.offload import reimported_in_worker
from .metrics import set_counting, snapshot
from .models import Application, GatewayBot, Intents, User, decoder
from .models.application import GATEWAY_GUILD_MEMBERS, GATEWAY_MESSAGE_CONTENT, GATEWAY_PRESENCE
from .monetization import MonetizationMixin
from .readouts import ReadoutsMixin
from .rest import ClientClosed, HTTPException, RESTClient, api_url_from_env
from .rest.cdn import cdn_url_from_env, use_cdn
from .rest.mentions import AllowedMentions
from .rest.secret import Secret, hide
from .running import (
    inside_loop_error,
    one_line_when_uncaught,
    said_in_one_line,
    set_up_logging,
    token_type_error,
)
from .shards import GATEWAY_BOT as _GATEWAY_BOT
from .shards import ShardsMixin
from .stages import StageInstancesMixin
from .ui.client import ViewsMixin
from .ui.store import ViewStore
from .utils import MISSING

if TYPE_CHECKING:
    from .cluster import Cluster

__all__ = ["Client"]

log = logging.getLogger("tidecord.client")

_USER: Final[msgspec.json.Decoder[User]] = decoder(User)


def _default_intents() -> Intents:
    # discord.py's default plus message content, so that a bot that reads
    # commands from messages works as written; 4014 names it if not allowed.
    intents = Intents.default()
    intents.message_content = True
    return intents


class Client(ViewsMixin, CacheViews, MonetizationMixin, ApplicationEmojisMixin,
             StageInstancesMixin, ExpressionsMixin, FetchingMixin, EventsMixin, ShardsMixin,
             ReadoutsMixin):
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
    ``member_cache_flags``, ``chunk_guilds_at_startup`` (with the members intent by
    default: each guild whose member list came incomplete is asked for the rest before
    ``on_ready``), ``shard_id`` /
    ``shard_ids`` and ``shard_count``, ``large_threshold``, ``compress``
    (``"zstd-stream"``, ``"zlib-stream"`` or ``None``), ``activity`` / ``status``,
    ``guild_ready_timeout`` (s, default 2 as discord.py's: how long after the last
    guild's arrival ``on_ready`` waits for a guild READY listed that is still down),
    ``allowed_mentions`` (:class:`AllowedMentions` for every
    message the bot sends, under each message's own), ``application_id`` (known before
    :meth:`login`, which otherwise learns it), ``enable_debug_events`` (dispatch
    ``on_socket_raw_receive``, as discord.py does only then). REST calls: ``rest_timeout``
    (s, default 60: each call's deadline, waits and retries included),
    ``rest_read_timeout`` (default 30: a read that stalls this long fails or, when
    safe, is retried), both raising
    :class:`RESTTimeout`; ``max_ratelimit_timeout`` (default None) bounds how long one
    call waits for rate limits, queueing included, raising :class:`RateLimited`;
    ``rest_global_rate`` (default 50, Discord's) is the token's global limit per
    second, for a bot whose limit Discord raised.
    ``cluster`` (:class:`Cluster`): run as one worker of a bot spread over processes,
    its shards, identifies, sessions and REST limits shared through Redis.
    Reconnecting: ``reconnect_stable_after`` (s; default one heartbeat interval) is how
    long a gateway connection must last after READY or RESUMED for the next one to open
    at once; connections that fail or end sooner, several in a row, wait
    ``reconnect_backoff`` (s, default 1), then twice as long each time, up to 60 s.
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
        chunk_guilds_at_startup: bool | None = None,
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
        guild_ready_timeout: float = GUILD_READY_TIMEOUT,
        reconnect_backoff: float = 1.0,
        reconnect_stable_after: float | None = None,
        loop_watchdog: bool = True,
        stall_threshold: float = 0.1,
        cluster: Cluster | None = None,
        metrics: bool = True,
        allowed_mentions: AllowedMentions | None = None,
        enable_raw_presences: bool | None = None,
        application_id: int | None = None,
        enable_debug_events: bool = False,
        **options: Any,
    ) -> None:
        if intents is not None and not isinstance(intents, Intents):
            # discord.py's TypeError, naming the argument (not an AttributeError later).
            raise TypeError(f"intents parameter must be Intent not {type(intents)!r}")
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
        if member_cache_flags is not None:
            if not isinstance(member_cache_flags, MemberCacheFlags):
                raise TypeError("member_cache_flags parameter must be MemberCacheFlags not "
                                f"{type(member_cache_flags)!r}")
            member_cache_flags.verify(self._intents)
            if member_cache is None:
                member_cache = member_cache_flags.to_policy()
        cache = Cache(max_messages=max_messages, members=member_cache,
                      max_message_bytes=max_message_bytes)
        self._dispatcher = Dispatcher(self)
        self._dispatcher.debug_events = enable_debug_events
        self._connection = State(self.http, cache, self._dispatcher)
        self._connection.intents = self._intents
        # discord.py's MemberCacheFlags.joined (by default: with the members intent).
        self._connection.cache_joined = (member_cache_flags.joined if member_cache_flags
                                         is not None else self._intents.members)
        # Known before login when given (discord.py's option); login learns it otherwise.
        self._connection.application_id = application_id
        # As discord.py: on_raw_presence_update by default only where no member cache
        # answers for presences (the presences intent without the members one).
        self._connection.raw_presences = (
            enable_raw_presences if enable_raw_presences is not None
            else self._intents.presences and not self._intents.members)
        self.allowed_mentions = allowed_mentions
        self._connection.views = ViewStore(self._dispatcher, self._connection)
        self._parsers = Parsers(
            self._connection, self._dispatcher, self._on_shard_ready, guild_ready_timeout
        )
        if type(self).dispatch is not EventsMixin.dispatch:
            self._parsers.dispatch_through(self.dispatch)
        # As discord.py: with the members intent, guilds whose GUILD_CREATE did not
        # carry every member (Discord sends the bot and voice alone without the
        # presences intent, only the online in a large guild) are chunked before ready.
        if chunk_guilds_at_startup is None:
            chunk_guilds_at_startup = self._intents.members
        elif chunk_guilds_at_startup and not self._intents.members:
            raise ValueError("Intents.members must be enabled to chunk guilds at startup.")
        self.chunk_guilds_at_startup = chunk_guilds_at_startup
        #: The one shard this client was told to run (``shard_id=``), as discord.py's.
        self.shard_id = shard_id
        if shard_id is not None and shard_ids is None:
            shard_ids = [shard_id]
        self.shard_ids: list[int] | None = list(shard_ids) if shard_ids is not None else None
        self.shard_count = shard_count
        self.large_threshold = large_threshold
        self.compress = best_compression() if compress == "auto" else compress
        # Each shard paces its reconnects as this one says (made here: nonsense refused now).
        self._reconnect_pace = ReconnectPace(reconnect_backoff, stable_after=reconnect_stable_after)
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
        # While closed: the side of this client its state holds only weakly (see
        # State.let_go), and what frees that state's cache once this client is collected.
        self._held: dict[str, Any] = {}
        self._forget: weakref.finalize[[], Client] | None = None
        # Loop health: on by default, names the line that blocks the loop.
        self._watchdog = LoopWatchdog(stall_threshold, enabled=loop_watchdog)
        set_counting(self, metrics)  # the per-event counters: events by type, handler durations
        if options:
            # Said once, plainly: an option a program relies on must not vanish unseen.
            log.warning("tidecord ignores these Client options: %s", ", ".join(sorted(options)))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} user={self.user!s} ready={self.is_ready()}>"

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
        log_handler: logging.Handler | None = MISSING,
        log_formatter: logging.Formatter = MISSING,
        log_level: int = MISSING,
        root_logger: bool = False,
    ) -> None:
        """Start the bot and block until it stops; Ctrl-C shuts it down cleanly.

        Logging is set up as :func:`tidecord.utils.setup_logging` does, for the
        ``tidecord`` logger (the root one with ``root_logger=True``), with
        ``log_handler``, ``log_formatter`` and ``log_level`` (INFO) when given;
        ``log_handler=None`` sets up nothing. Unlike discord.py, a program that
        configured logging itself (``logging.basicConfig``...) and gave no handler is
        left alone, so each line is not printed twice.

        A refused token (:class:`LoginFailure`) or a fatal gateway close such as a
        missing privileged intent (:class:`ConnectionClosed`,
        :class:`PrivilegedIntentsRequired`) is raised, as in discord.py; left uncaught,
        it ends the program with one clear line, not a traceback.
        """
        if reimported_in_worker():
            return  # a to_process worker running the script again: not a second bot
        if _loop_running():
            one_line_when_uncaught()
            raise inside_loop_error()
        set_up_logging(log_handler, log_formatter, log_level, root_logger)
        token = hide(token)

        async def runner() -> None:
            async with self:
                await self.start(token, reconnect=reconnect)

        try:
            asyncio.run(runner())
        except KeyboardInterrupt:
            return
        except Exception as error:
            # Out of run() as in discord.py, for programs that catch them around it; one
            # that does not ends with one line rather than a traceback.
            if said_in_one_line(error):
                one_line_when_uncaught()
            raise

    async def start(self, token: str, *, reconnect: bool = True) -> None:
        """``login`` then ``connect``; returns when the client is closed."""
        if reimported_in_worker():
            return  # a to_process worker running the script's asyncio.run(main()) again
        token = hide(token)
        unawaited.install()  # a handler's forgotten await is named with its fix
        await self.login(token)
        await self.connect(reconnect=reconnect)

    async def login(self, token: str) -> None:
        """Check the token (GET /users/@me), learn the application, run ``setup_hook``."""
        if not isinstance(token, str):
            raise token_type_error(token)
        if self._closing is not None and not self._closing.done():
            # A close asked for before this start ran, and still under way, wins (as one
            # during login does): logging in now would reopen what it is closing, and
            # is_closed() would then deny the close its caller saw return.
            return
        token = Secret(token.strip())
        self._closed = False
        self._closing = None
        self._hold_strongly()
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
        log.info("logged in as %s (id %s)", user, user.id)
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
        # Named while it runs (cogs loaded, extensions set up from it): a stall there
        # reads as the setup_hook, not as the program's own anonymous task.
        task = asyncio.current_task()
        task_name = task.get_name() if task is not None else ""
        if task is not None:
            task.set_name("tidecord:setup_hook")
        try:
            await self.setup_hook()
        finally:
            if task is not None:
                task.set_name(task_name)

    async def setup_hook(self) -> None:
        """Override: runs once after login, before the gateway connects."""

    async def connect(self, *, reconnect: bool = True) -> None:
        """Open the shards and run until :meth:`close` (or a fatal gateway error).

        Closed meanwhile (from a handler, say), it returns once that close has finished,
        not halfway: ``asyncio.run`` around it would otherwise cancel the close and
        leave the HTTP session open.
        """
        if not self._closed:  # as discord.py's: a closed client does not connect
            await self._connect()
        if self._closing is not None:
            await asyncio.shield(self._closing)

    async def _connect(self) -> None:
        if self._token is None:
            raise RuntimeError("call login() before connect()")
        try:
            info = _GATEWAY_BOT.decode(await self.http.get_gateway_bot())  # type: ignore[arg-type]
        except ClientClosed:
            if self._closed:
                return  # close() came while we asked: open nothing
            raise
        except HTTPException as exc:
            raise GatewayNotFound(f"GET /gateway/bot answered {exc.status}") from exc
        except (msgspec.DecodeError, TypeError) as exc:
            raise GatewayNotFound(f"GET /gateway/bot answered something unreadable: {exc}") from exc
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
        if self._auto_sharded:
            self.shard_count = count  # what Discord recommended, as discord.py's
        self._shards = ShardManager.build(
            ids, count, max_concurrency=limit.max_concurrency, factory=Shard,
            **self._shard_options(info.url),
        )
        self._connection.shards = self._shards
        if self._closed:
            self._hold_weakly()  # closed meanwhile: these shards are held weakly too
            return
        try:
            await self._shards.run()
        except Exception as exc:
            # A fatal close (a refused token, intents, sharding) ends the bot: closed, as
            # discord.py's, so its HTTP session and handlers do not outlive the error.
            if isinstance(exc, ConnectionClosed) and self._one_plain_shard():
                exc.shard_id = None
            await self.close()
            raise

    def _shard_options(self, gateway_url: str) -> dict[str, Any]:
        return {
            "session": lambda: self.http.session,
            "token": self._token,
            "gateway_url": gateway_url,
            "intents": self._intents,
            "on_dispatch": self._parsers.__call__,
            "large_threshold": self.large_threshold,
            "compress": self.compress,
            "presence": self._presence,
            "allowed_privileged": self._allowed_privileged,
            "on_disconnect": self._on_disconnect,
            # A connector or session handed in (a proxy, TLS settings) serves the gateway too.
            "gateway_on_session": self.http.custom_network,
            "before_identify": self._call_before_identify_hook,
            # discord.py's shard_connect_timeout can only shorten the wait for HELLO.
            "hello_timeout": min(HELLO_TIMEOUT, self.shard_connect_timeout or HELLO_TIMEOUT),
            "reconnect_backoff": self._reconnect_pace.first,
            "stable_after": self._reconnect_pace.stable_after,
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
        if self._closed:
            self._hold_weakly()  # closed meanwhile: these shards are held weakly too
            return
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
        try:
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
        finally:
            self._hold_weakly()

    def _hold_weakly(self) -> None:
        """Closed: let the state hold this client only weakly, so that a closed client
        nobody holds is freed, its cache with it (see :meth:`State.let_go`)."""
        self._held.update(self._connection.let_go())
        if self._forget is None:
            # Given the state alone: holding this client, it would never be called.
            self._forget = weakref.finalize(self, self._connection.forget)
            self._forget.atexit = False

    def _hold_strongly(self) -> None:
        """Starting again: the state holds this client's side as it runs."""
        if self._forget is not None:
            self._forget.detach()
            self._forget = None
        self._connection.take_back(self._held)
        self._held = {}

    def is_closed(self) -> bool:
        """Whether :meth:`close` was called (and neither :meth:`clear` nor a new
        :meth:`login` since: unlike discord.py's, a closed client may simply start again)."""
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
        if self._forget is not None:  # closed, not started again: the new ones held weakly
            self._hold_weakly()

    async def __aenter__(self) -> Client:
        self._loop = asyncio.get_running_loop()  # client.loop from here on, as discord.py's
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- where REST goes, what was counted ------------------------------------------
    @property
    def api_url(self) -> str:
        """The REST base URL; settable before :meth:`start` (e.g. to point at a sandbox)."""
        return self.http.api_url

    @api_url.setter
    def api_url(self, value: str) -> None:
        self.http.api_url = value.rstrip("/")

    @property
    def metrics(self) -> dict[str, Any]:
        """What the client counted so far, as plain data (see :func:`tidecord.metrics.snapshot`)."""
        return snapshot(self)


def _privileged_allowed(flags: int) -> list[str]:
    allowed = []
    if flags & GATEWAY_GUILD_MEMBERS:
        allowed.append("GUILD_MEMBERS")
    if flags & GATEWAY_PRESENCE:
        allowed.append("GUILD_PRESENCES")
    if flags & GATEWAY_MESSAGE_CONTENT:
        allowed.append("MESSAGE_CONTENT")
    return allowed


def _loop_running() -> bool:
    """Whether this thread is inside a running event loop (async code)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
