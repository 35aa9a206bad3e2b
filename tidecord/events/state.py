"""The state models delegate to: the cache, the REST client, the dispatcher and shards.

Models stay declarations; ``message.reply()`` and friends are one line that calls
into here. This module keeps the client's shared attributes, the REST calls model
methods make and the routing of interactions; binding models (``binding.py``),
paged listings (``listings.py``) and member chunking (``chunking.py``) are mixins.
"""

from __future__ import annotations

import asyncio
import itertools
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import msgspec

from ..cache import Cache, IdMap
from ..cache.roles import RoleMap
from ..models import (
    UNSET,
    Channel,
    Guild,
    Member,
    Message,
    Poll,
    Snowflake,
    User,
    VoiceState,
    decoder,
)
from ..models.partial_channel import nameless_dm
from ..models.role import bind_role
from ..rest import RESTClient, edit_payload, message_payload
from ..rest.payloads import said_by
from ..rest.responses import decode_body
from .binding import _MEMBER
from .chunking import ChunkingState
from .dispatcher import Dispatcher
from .listings import ListingState

if TYPE_CHECKING:
    from ..gateway import ShardManager

__all__ = ["State"]

_USER: Final[msgspec.json.Decoder[User]] = decoder(User)
_GUILD: Final[msgspec.json.Decoder[Guild]] = decoder(Guild)
_VOICE_STATE: Final[msgspec.json.Decoder[VoiceState]] = decoder(VoiceState)
# What a state holds of its client's side, each of which reaches the client (its
# handlers, its views' callbacks, its tree, its shards' callbacks): see let_go.
_CLIENT_SIDE: Final = ("dispatcher", "dispatch", "views", "command_tree", "shards")


class State(ListingState, ChunkingState):
    """Shared by every model a client decodes (their ``_state``)."""

    def __init__(self, http: RESTClient, cache: Cache, dispatcher: Dispatcher) -> None:
        self.http = http
        self.cache = cache
        cache.state = self
        self.dispatcher = dispatcher
        self.dispatch = dispatcher.dispatch
        self.user: User | None = None
        self.application_id: int | None = None
        self.application_flags = 0
        self.shards: ShardManager | None = None
        self.shard_count = 1
        self.intents: Any = None
        #: Whether PRESENCE_UPDATE makes ``on_raw_presence_update`` (``Client``'s
        #: ``enable_raw_presences``).
        self.raw_presences = True
        # The client's allowed_mentions: every message's, under its own.
        self.allowed_mentions: Any = None
        self._chunks: dict[str, tuple[asyncio.Future[list[Member]], list[Member], bool]] = {}
        self._nonces = itertools.count(1)
        self.chunk_guilds = False
        self.cache_joined = True
        self.chunk_timeout = 60.0
        # Set by the client: the views listening for clicks, and the command tree.
        self.views: Any = None
        self.command_tree: Any = None
        # What let_go left in place of the client's side, until take_back.
        self._let_go: dict[str, Any] = {}

    # -- REST used by model methods -------------------------------------------
    async def send_message(self, channel_id: int, content: Any = None, **options: Any) -> Message:
        """POST a message (``options`` as discord.py's ``send``) and return it."""
        delete_after = options.pop("delete_after", None)
        try:
            body, files = message_payload(content, default_mentions=self.allowed_mentions,
                                          **options)
        except TypeError as error:
            raise said_by(error, "Messageable.send()") from None
        msg = self.message_from(await self.http.send_message(channel_id, body, files or None))
        self.listen(options.get("view"), msg.id)
        poll = options.get("poll")
        if isinstance(poll, Poll):
            poll._update(msg)  # as discord.py: the poll sent is now the message's
        if delete_after is not None:
            self._delete_later(msg, float(delete_after))
        return msg

    def listen(self, view: Any, message_id: int | None) -> None:
        """Have a view sent on a message listen for its clicks (if it has any)."""
        if view is not None and self.views is not None and hasattr(view, "is_dispatchable") \
                and view.is_dispatchable() and not view.is_finished():
            self.views.add_view(view, message_id)

    def _delete_later(self, msg: Message, delay: float) -> None:
        async def later() -> None:
            await asyncio.sleep(delay)
            try:
                await self.http.delete_message(msg.channel_id, msg.id)
            except Exception:  # gone already, or no longer allowed: nothing to do
                pass

        self.dispatcher.spawn(later(), "tidecord:delete_after")

    async def edit_message(
        self, channel_id: int, message_id: int, content: Any = UNSET, **options: Any
    ) -> Message:
        """PATCH a message; ``content=None`` clears it; ``delete_after`` deletes it that
        many seconds after the edit, as discord.py's."""
        delete_after = options.pop("delete_after", None)
        try:
            body, files = edit_payload(content, default_mentions=self.allowed_mentions,
                                       **options)
        except TypeError as error:
            raise said_by(error, "Message.edit()") from None
        data = await self.http.edit_message(channel_id, message_id, body, files or None)
        self.listen(options.get("view"), message_id)
        msg = self.message_from(data)
        if delete_after is not None:
            self._delete_later(msg, float(delete_after))
        return msg

    async def fetch_message(self, channel_id: int, message_id: int) -> Message:
        """GET one message."""
        return self.message_from(await self.http.get_message(channel_id, message_id))

    async def create_dm(self, user_id: int) -> Channel:
        """The DM channel with a user (cached after the first call)."""
        channel = self.cache.dm_by_user.get(user_id)
        if channel is None:
            # No gateway event announces a DM channel: cache it ourselves.
            # As discord.py's DMChannel: no ``name`` (Discord sends none).
            channel = nameless_dm(self.channel_from(await self.http.create_dm(user_id)))
            # Kept as the latest (the oldest beyond DM_CHANNELS_KEPT are forgotten).
            self.cache.keep_dm(user_id, channel)
        return channel

    async def fetch_user(self, user_id: int) -> User:
        """GET a user."""
        user = decode_body(_USER, await self.http.get_user(user_id))
        user._state = self
        return user

    async def fetch_channel(self, channel_id: int) -> Channel:
        """GET a channel."""
        return self.channel_from(await self.http.get_channel(channel_id))

    async def fetch_guild(self, guild_id: int, with_counts: bool = True) -> Guild:
        """GET a guild (not cached: it lacks channels and members). It reads as
        discord.py's: its roles by id (``default_role``, ``get_role``), no channels,
        threads or members, available, not large, its member count unknown."""
        guild = decode_body(_GUILD, await self.http.get_guild(guild_id, with_counts))
        guild._state = self
        roles: RoleMap = RoleMap()
        for role in guild.roles:
            roles[role.id] = bind_role(role, self, guild.id)
        guild.roles = roles  # type: ignore[assignment]  # the cache's kind, as a guild's
        # the cache's kinds (empty), as a cached guild's read
        guild.channels = IdMap()  # type: ignore[assignment]
        guild.threads = IdMap()  # type: ignore[assignment]
        guild.members = IdMap()  # type: ignore[assignment]
        guild.unavailable, guild.large, guild.member_count = False, False, None
        return guild

    async def fetch_voice_state(self, guild_id: int, user_id: int) -> VoiceState:
        """GET a member's voice state (the bot's own through ``@me``)."""
        who: int | str = "@me" if user_id == self.cache.self_id else user_id
        voice = decode_body(_VOICE_STATE, await self.http.get_voice_state(guild_id, who))
        voice.guild_id = Snowflake(guild_id)
        voice.member = UNSET
        voice._state = self
        return voice

    async def fetch_member(self, guild_id: int, user_id: int) -> Member:
        """GET a member. The cache is left as it was, as discord.py leaves it: without
        the members intent no update would keep a member stored here true (their roles
        would go stale where discord.py fetches them afresh each time)."""
        member = decode_body(_MEMBER, await self.http.get_member(guild_id, user_id))
        return self.bind_member(member, guild_id)

    # -- interactions -----------------------------------------------------------
    def route_interaction(self, interaction: Any) -> None:
        """Hand an interaction to the command tree or the views, then ``on_interaction``.

        Commands and autocomplete go to the tree (if the client has one), button
        presses and select picks to the view store, modal submissions to their
        modal; each of those runs as an owned task. Gateway and HTTP
        interactions both come through here.
        """
        kind = interaction.type
        if kind in (2, 4) and self.command_tree is not None:
            self.command_tree._from_interaction(interaction)
        elif kind == 3 and self.views is not None:
            self.views.dispatch_component(interaction)
        elif kind == 5 and self.views is not None:
            self.views.dispatch_modal(interaction)
        self.dispatch("interaction", interaction)

    # -- a closed client's side, held weakly ----------------------------------------
    def let_go(self) -> dict[str, Any]:
        """Hold the client's side (dispatcher, views, command tree, shards) weakly from
        now on, and return it, for the client to hold until :meth:`take_back`.

        Most models are untracked by the collector (``gc=False``: cheaper to make) and
        hold this state, which holds the cache that holds them: cycles the collector
        cannot see, so the state lives as long as its cache does. Holding the client's
        side, it would keep the client alive too, however closed and forgotten. Once
        the client is closed, then, the state reaches it only through weak proxies,
        which answer as before while the client lives (``interaction.client``,
        ``ctx.bot``, ``interaction.command``), and the cache stays readable as
        discord.py's does after ``close()``; :meth:`forget` frees the cache once the
        client is gone.
        """
        held: dict[str, Any] = {}
        let_go = self._let_go
        for name in _CLIENT_SIDE:
            value = self.__dict__[name]
            if value is None or value is let_go.get(name):
                continue  # nothing, or held weakly already
            held[name] = value
            let_go[name] = self.__dict__[name] = (  # the dispatcher's comes first
                _weak_dispatch(let_go["dispatcher"]) if name == "dispatch"
                else weakref.proxy(value))
        return held

    def take_back(self, held: dict[str, Any]) -> None:
        """Hold again what :meth:`let_go` returned (the client starts again): each part
        not replaced meanwhile (``client.clear()`` makes new views)."""
        for name, value in held.items():
            if self.__dict__[name] is self._let_go.pop(name, None):
                self.__dict__[name] = value
        self._let_go.clear()

    def forget(self) -> None:
        """Free what the closed client left (its cache, the bot's user): called once
        that client was collected. Models kept elsewhere still read, as ones of an
        empty cache."""
        self.cache.free()
        self.user = None
        self._chunks.clear()
        for name in self._let_go:  # dead now: left, they would fail whoever walks the heap
            self.__dict__[name] = None
        self._let_go.clear()


def _weak_dispatch(dispatcher: Any) -> Callable[..., None]:
    """``dispatch`` through the client's own (an override too), known weakly."""
    def dispatch(event: str, /, *args: Any, **kwargs: Any) -> None:
        dispatcher.owner.dispatch(event, *args, **kwargs)
    return dispatch
