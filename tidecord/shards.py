"""The client's shards seen as one: when they are all ready (``on_ready``, and again
once every shard has a new session), the hook before each IDENTIFY and the events when
one disconnects, their latency and gateway rate limits, member requests over the
gateway and the presence the bot shows. Mixed into
:class:`tidecord.Client`; the shards themselves are in :mod:`tidecord.gateway`.

>>> # await client.wait_until_ready(); print(client.latency)
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, ClassVar, Final

import msgspec

from .gateway.presence import build_presence
from .models import GatewayBot, SessionStartLimit, decoder
from .models.activity import Status, as_status
from .models.presence import ClientStatus, Presence

if TYPE_CHECKING:
    from .cluster import Cluster
    from .events import Dispatcher, Parsers, State
    from .gateway import Shard, ShardManager
    from .health import LoopWatchdog
    from .models import Intents, UpdatePresence
    from .rest import RESTClient

__all__ = ["GATEWAY_BOT", "SessionStartLimits", "ShardsMixin"]

#: GET /gateway/bot's answer, read (where to connect, shards, identifies left).
GATEWAY_BOT: Final[msgspec.json.Decoder[GatewayBot]] = decoder(GatewayBot)
#: discord.py's name for what ``fetch_session_start_limits`` returns: ``total``,
#: ``remaining``, ``reset_after`` (ms), ``max_concurrency``.
SessionStartLimits = SessionStartLimit

# The client's logger, as before these methods left client.py: a program's filters
# and levels set on "tidecord.client" still apply.
log = logging.getLogger("tidecord.client")


class ShardsMixin:
    """``client.wait_until_ready``, ``is_ready``, ``latency``, ``shards``,
    ``is_ws_ratelimited``, ``before_identify_hook``, ``request_members``,
    ``change_presence``..."""

    _connection: State
    _dispatcher: Dispatcher
    _parsers: Parsers
    _watchdog: LoopWatchdog
    _intents: Intents
    _shards: ShardManager | None
    _ready: asyncio.Event
    _renewed: set[int]
    _presence: UpdatePresence | None
    # AutoShardedClient's (and AutoShardedBot's): the shard count is read from Discord
    # into shard_count, hooks name shard 0 even when it is the only one, and closing
    # dispatches no shard's disconnect, as discord.py's AutoShardedClient.
    _auto_sharded: ClassVar[bool] = False
    #: How long a shard waits for the gateway's HELLO once connected (at most 30 s, and
    #: that when ``None``); set by ``AutoShardedClient(shard_connect_timeout=)``.
    shard_connect_timeout: float | None = None
    _activity: Any
    _status: Any
    _closed: bool
    shard_ids: list[int] | None
    http: RESTClient
    cluster: Cluster | None

    if TYPE_CHECKING:
        # The events mixin's.
        def dispatch(self, event: str, /, *args: Any, **kwargs: Any) -> None: ...

    # -- readiness ------------------------------------------------------------------
    def _on_shard_ready(self, shard_id: int, first: bool) -> None:
        shard = self.shards.get(shard_id)
        if shard is not None and shard.heartbeat_interval:
            # A stall near this long makes Discord drop the connection: warn louder.
            self._watchdog.heartbeat_interval = shard.heartbeat_interval
        # Guilds that needed chunking counted as arrived once chunked (parse_guild).
        self._shard_ready(shard_id, first)

    @property
    def chunk_guilds_at_startup(self) -> bool:
        """Whether guilds whose member list came incomplete are chunked as they arrive,
        before ``on_guild_available`` / ``on_guild_join`` and ``on_ready``."""
        return self._connection.chunk_guilds

    @chunk_guilds_at_startup.setter
    def chunk_guilds_at_startup(self, value: bool) -> None:
        self._connection.chunk_guilds = value

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

    # -- identifies and disconnects --------------------------------------------------
    async def _call_before_identify_hook(self, shard_id: int, initial: bool) -> None:
        # What the shard calls: the public hook, with discord.py's arguments (a client
        # given no shard ids and running one shard says None, as discord.py's Client).
        # initial: the client's first IDENTIFY only (its first shard's), as discord.py's.
        first = shard_id == min(self.shards, default=shard_id)
        await self.before_identify_hook(None if self._one_plain_shard() else shard_id,
                                        initial=initial and first)

    def _one_plain_shard(self) -> bool:
        # A client given no shard ids that runs one shard: discord.py's plain Client,
        # whose hooks and errors name no shard (None).
        return (not self._auto_sharded and self.shard_ids is None
                and self._connection.shard_count == 1)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Override: awaited before each IDENTIFY (not before a resume), e.g. to space the
        identifies of several bots sharing a token. ``shard_id`` is ``None`` for a
        client given no shard ids that runs one shard (as discord.py's ``Client``);
        ``initial`` is whether it is the client's first IDENTIFY since it started (its
        first shard's; the other shards' first ones are not, as on discord.py).

        The default waits for nothing. discord.py's waits 5 s before any IDENTIFY that
        is not the first, which adds 5 s to every reconnect that cannot resume;
        tidecord already spaces identifies as Discord asks (``max_concurrency`` every
        5 s), after the hook.
        """

    def _on_disconnect(self, shard: Shard) -> None:
        # As discord.py's: an AutoShardedClient closing tells no shard's end (nor does
        # one stopping all because a shard failed fatally: that shard's alone), and a
        # shard switched off by hand (ShardInfo.disconnect) only its own.
        shards = self._shards
        if self._auto_sharded and (self._closed or (shards is not None and shards.stopping)):
            return
        if not shard.is_switched_off():
            self.dispatch("disconnect")
        self.dispatch("shard_disconnect", shard.id)

    # -- the shards' state ----------------------------------------------------------
    @property
    def latency(self) -> float:
        """Seconds between a heartbeat and its ACK (averaged over shards; ``inf`` before
        the first ACK and while a shard has no connection, ``nan`` before the client
        connects, as discord.py's)."""
        if self._shards is None or not self._shards.shards:
            return float("nan")
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
    def latencies(self) -> list[tuple[int, float]]:
        """``(shard id, latency)`` for each shard this client runs (``inf`` before a
        shard's first heartbeat is answered, and while it has no connection)."""
        return [(shard_id, shard.latency) for shard_id, shard in sorted(self.shards.items())]

    @property
    def shards(self) -> dict[int, Shard]:
        """The shards this client runs, by id."""
        return dict(self._shards.shards) if self._shards is not None else {}

    def get_shard(self, shard_id: int) -> Shard | None:
        """The shard ``shard_id`` this client runs, or ``None``."""
        return self.shards.get(shard_id)

    # -- asking the gateway ---------------------------------------------------------
    async def fetch_session_start_limits(self) -> SessionStartLimit:
        """How many sessions the bot may still start (GET /gateway/bot): ``total``,
        ``remaining``, ``reset_after`` (ms) and ``max_concurrency``."""
        answer = await self.http.get_gateway_bot()
        return GATEWAY_BOT.decode(answer).session_start_limit  # type: ignore[arg-type]

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
        return _shown_status(self._status)

    async def change_presence(self, *, activity: Any = None, status: Any = None,
                              shard_id: int | None = None) -> None:
        """Set the bot's status and activity on every shard, or on shard ``shard_id``
        only (its guilds show it; ``KeyError`` if this client does not run that shard);
        ``guild.me`` shows them at once, as discord.py's does (Discord sends a bot no
        presence of its own)."""
        presence = build_presence(activity, status)
        if shard_id is None:
            self._activity, self._status, self._presence = activity, status, presence
            targets = list(self.shards.values())
        else:
            targets = [self.shards[shard_id]]  # discord.py's KeyError for a shard not run
        for shard in targets:
            await shard.change_presence(presence)
        cache = self._connection.cache
        shown = Presence(ClientStatus(str(_shown_status(status))),
                         () if activity is None else (activity,))
        count = self._connection.shard_count or 1
        for guild_id in list(cache.guilds):
            if shard_id is None or (guild_id >> 22) % count == shard_id:
                cache.set_presence(guild_id, cache.self_id, shown)


def _shown_status(status: Any) -> Status | str:
    # What guild.me and client.status show for a status asked for (online if none).
    if status is None:
        return Status.online
    return status if isinstance(status, Status) else as_status(str(status))
