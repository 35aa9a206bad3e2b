"""From a dispatch to the cache and the handlers: one ``parse_<event>`` per event name."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any, Final

import msgspec

from ..models import Guild, Message, Ready, Snowflake, decoder
from .dispatcher import NO_SOCKET_EVENTS, Dispatcher
from .parse_automod import AutoModEvents
from .parse_command_permissions import CommandPermissionEvents
from .parse_entitlement import EntitlementEvents
from .parse_guild import GuildEvents
from .parse_integration import IntegrationEvents
from .parse_message import MessageEvents
from .parse_poll import PollEvents
from .parse_scheduled import ScheduledEventEvents
from .parse_soundboard import SoundboardEvents
from .parse_stage import StageInstanceEvents
from .parse_thread import ThreadEvents
from .parse_voice_effect import VoiceEffectEvents
from .ready import GUILD_READY_TIMEOUT, ReadyTracker
from .state import State

__all__ = ["Parsers"]

_READY: Final[msgspec.json.Decoder[Ready]] = decoder(Ready)
log = logging.getLogger("tidecord.events")


class Parsers(GuildEvents, ThreadEvents, MessageEvents, PollEvents, ScheduledEventEvents,
              AutoModEvents, EntitlementEvents, StageInstanceEvents, IntegrationEvents,
              SoundboardEvents, CommandPermissionEvents, VoiceEffectEvents):
    """The dispatch callback the shards call, synchronously, for every event.

    Raw hooks (``on_socket_raw_receive(text)``, with ``enable_debug_events``, and
    ``on_socket_event_type(t)``) see every dispatch, known or not; then the event's
    parser, if any, decodes it, updates the cache, and dispatches the friendly event(s).
    """

    def __init__(
        self,
        state: State,
        dispatcher: Dispatcher,
        on_shard_ready: Callable[[int, bool], None],
        guild_ready_timeout: float = GUILD_READY_TIMEOUT,
    ) -> None:
        self.state = state
        self.cache = state.cache
        # Gateway events, one after another from the read loop: handlers start at once.
        self.dispatch = dispatcher.dispatch_eagerly
        self.wants = dispatcher.wants
        self._dispatcher = dispatcher
        self.ready = ReadyTracker(on_shard_ready, guild_ready_timeout)
        self.arrivals: dict[int, object] = {}
        # Dispatches received, by event name (metrics; None: not counted).
        self.counts: defaultdict[str, int] | None = defaultdict(int)
        self.table: dict[str, Callable[[Any, Any], None]] = {
            name.removeprefix("parse_").upper(): getattr(self, name)
            for name in dir(self)
            if name.startswith("parse_")
        }

    def dispatch_through(self, dispatch: Callable[..., None]) -> None:
        """Hand every event to ``dispatch`` (a client subclass's own), whether or not
        anything listens, as discord.py calls its ``dispatch`` for each: a bot that
        overrides it to log every event hears them all (its handlers then start as
        tasks, as discord.py's do)."""
        self.dispatch = dispatch
        self.state.dispatch = dispatch
        self._dispatcher.want_everything()
        self.wants = self._dispatcher.wants

    def __call__(self, shard: Any, t: str, d: Any, data: bytes) -> None:
        """Handle one dispatch from ``shard``."""
        counts = self.counts
        if counts is not None:
            counts[t] += 1
        if self._dispatcher.socket_flags is not NO_SOCKET_EVENTS:
            self._socket_events(t, data)
        if d.__class__ is Message:  # decoded with its frame (MessageCreateFrame)
            self.parse_message_create(shard, d, len(data))
            return
        parser = self.table.get(t)
        if parser is not None:
            parser(shard, d)

    def _socket_events(self, t: str, data: bytes) -> None:
        event_type, raw = self._dispatcher.socket_wants()
        # As discord.py: the text received, then its type.
        if raw:
            self.dispatch("socket_raw_receive", data.decode() if isinstance(data, bytes) else data)
        if event_type:
            self.dispatch("socket_event_type", t)

    # -- session ------------------------------------------------------------------
    def parse_ready(self, shard: Any, d: Any) -> None:
        ready = _READY.decode(d)
        state = self.state
        user = ready.user
        user._state = state
        if state.user is None or state.user.id != user.id:
            state.user = user
        self.cache.self_id = user.id
        self.cache.users[user.id] = state.user
        state.application_id = ready.application.id
        state.application_flags = ready.application.flags
        gone = self.cache.forget_unlisted_guilds((g.id for g in ready.guilds), shard.id,
                                                 shard.shard_count)
        if gone:
            log.info("shard %d: %d guilds cached from an earlier session are gone", shard.id,
                     len(gone))
        self.dispatch("connect")
        self.dispatch("shard_connect", shard.id)
        # Without the GUILDS intent no GUILD_CREATE follows: nothing to wait for.
        wait_for_guilds = state.intents is None or state.intents.guilds
        pending = [g.id for g in ready.guilds] if wait_for_guilds else []
        for gid in pending:
            if gid not in self.cache.guilds:
                # As discord.py: a guild READY announces is one of the bot's from now on,
                # unavailable until its GUILD_CREATE (so through an outage, in
                # client.guilds at on_ready as one with ``unavailable`` true).
                self.cache.add_guild(Guild(id=gid, name="", owner_id=Snowflake(0),
                                           unavailable=True, channels=[], threads=[],
                                           members=[]))
        self.ready.shard_ready_sent(shard.id, pending)

    def parse_resumed(self, shard: Any, d: Any) -> None:
        ready = self.ready
        if shard.id not in ready.ready_once and not ready.is_pending(shard.id):
            # A session this process never saw READY for (taken over from another
            # process of a cluster): it is ready as it resumes, with no guilds to wait for.
            ready.shard_ready_sent(shard.id, [])
        self.dispatch("resumed")
        self.dispatch("shard_resumed", shard.id)
