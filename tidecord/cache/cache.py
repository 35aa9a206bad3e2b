"""The cache: compact records of what the gateway told us, updated by events.

Guilds keep their channels, threads and roles in :class:`IdMap`s (dicts by id that
iterate like discord.py's lists) and their members in a :class:`GuildMembers`,
which holds a GUILD_CREATE's member list packed in columns and hands out light
``Member`` views made on access. Members from events are gc-free ``Member``
structs whose ``User`` is shared with every other membership of the same user
through ``users``; users of packed members are made on access too, and shared
through ``user_views`` while anything holds them. Messages live in a bounded
deque plus an id index. Nothing here calls REST.

:class:`Cache` holds the state and keeps guilds and channels; its other calls come, by
concept, from mixins: users and the views' sweep (:mod:`.users`), roles and members'
role sets (:mod:`.roles`), members with their presences and voice states
(:mod:`.membership`) and messages (:mod:`.messages`).
"""

from __future__ import annotations

import collections
import logging
import weakref
from collections.abc import Callable, Container, Iterable
from typing import Any, Final, TypeVar

from ..models import (
    UNSET,
    Channel,
    Guild,
    Message,
    Permissions,
    ThreadMember,
    User,
    VoiceState,
    convert,
)
from ..models.base import update_in_place
from ..models.channel import CHANNEL_OVERWRITES
from ..models.emoji import bind_emoji
from ..models.presence import Presence
from ..models.scheduled_event import ScheduledEvent, bind_scheduled_event
from ..models.soundboard import SoundboardSound, bind_sound
from ..models.stage_instance import StageInstance, bind_stage_instance
from ..models.sticker import bind_sticker
from .idmap import IdMap
from .members import GuildMembers
from .membership import CacheMembership
from .messages import DEFAULT_MAX_MESSAGE_BYTES, CacheMessages
from .policy import MemberCachePolicy
from .roles import CacheRoles, MemberRoles
from .rows import MemberRow
from .users import DEPARTED_SWEEP_EVERY, SWEEP_EVERY, CacheUsers

__all__ = ["Cache"]

T = TypeVar("T")

log = logging.getLogger("tidecord.cache")

_DM = 1
# Thread archive durations a channel may default to: one int object each, shared.
_DURATIONS: Final = {d: d for d in (60, 1440, 4320, 10080)}
#: The one stored empty overwrites list of cached channels (never handed out).
_NO_OVERWRITES: Final[list[Any]] = []
#: How many stand-ins for guilds the bot is not in are kept (see keep_outside_guild).
OUTSIDE_GUILDS_KEPT: Final = 64
#: How many DM channels are kept, the latest used (discord.py keeps as many).
DM_CHANNELS_KEPT: Final = 128
_THREAD_MEMBER: Final = frozenset({"member"})


class Cache(CacheUsers, CacheRoles, CacheMembership, CacheMessages):
    """Everything the client knows without asking REST."""

    def __init__(
        self,
        *,
        max_messages: int | None = 1000,
        members: MemberCachePolicy | None = None,
        max_message_bytes: int | None = DEFAULT_MAX_MESSAGE_BYTES,
    ) -> None:
        self.policy = members or MemberCachePolicy.all()
        self.max_messages = max_messages
        # Bounded by size too: a thousand huge messages must not hold gigabytes.
        self.max_message_bytes = max_message_bytes
        self.state: Any = None  # set by the state: models point back at it
        # One bound method each for every guild's packed members (not one object each).
        self.roles_kind_of: Callable[[int], type[MemberRoles]] = self.roles_kind
        self.role_ranks_of: Callable[[int], tuple[list[Any], dict[int, int]]] = self.role_ranks
        self._start_empty()

    def clear(self) -> None:
        """Forget everything (a fresh session will resend it)."""
        self._start_empty()

    def free(self) -> None:
        """Forget everything, for good (the client is gone): each guild's members too,
        whose views refer back to their guild's list, a cycle the collector cannot see
        (they are untracked), so that nothing of it outlives the client."""
        for guild in [*self.guilds.values(), *self.outside_guilds.values()]:
            if isinstance(guild.members, GuildMembers):
                guild.members.clear()
        # A guild's MemberRoles type keeps its roles ranked: roles refer to the state
        # unseen (untracked), and a type goes only when the collector frees it, so
        # until then the state would look held, and outlive it by one more collection.
        for kind in self._roles_kinds.values():
            kind._ranks = None
        self._start_empty()

    def _start_empty(self) -> None:
        # Everything the cache knows, empty: one list, so that clear() misses nothing.
        self.message_bytes = 0  # wire bytes of the cached messages
        self.self_id: int = 0
        self.guilds: dict[int, Guild] = {}
        # Stand-ins for guilds the bot is not in, as the latest interactions from them
        # (a command of an app installed to a person's account) described them: what
        # their channels' and members' ``guild`` read. The last few only.
        self.outside_guilds: dict[int, Guild] = {}
        # guild id -> user id -> what the member shows, for members not offline
        self.presences: dict[int, dict[int, Presence]] = {}
        # guild id -> user id -> voice state, for members connected to voice
        self.voice_states: dict[int, dict[int, VoiceState]] = {}
        self.channels: dict[int, Channel] = {}
        self.users: dict[int, User] = {}
        # Users made from packed members, kept while anything else holds them.
        self.user_views: dict[int, User] = {}
        self._views_made = 0
        self._sweep_at = SWEEP_EVERY
        # Departures since the last sweep of unheld users (see user_left).
        self._departures = 0
        self._departed_sweep_at = DEPARTED_SWEEP_EVERY
        # Guilds that made views (or role sets) since their last sweep: a sweep visits
        # these, not every guild (a walk of 500 guilds sweeps dozens of times).
        self._viewing: dict[int, GuildMembers] = {}
        self._messages: dict[int, Message] = {}
        self._order: collections.deque[int] = collections.deque()
        self._sizes: dict[int, int] = {}
        self._lru: collections.OrderedDict[tuple[int, int], None] | None = (
            collections.OrderedDict() if self.policy.mode == "lru" else None
        )
        # DM channel of each user we have talked to.
        self.dm_by_user: dict[int, Channel] = {}
        # thread id -> user id -> member, for those THREAD_MEMBERS_UPDATE said joined
        # (discord.py's ``thread.members``); dropped with the thread.
        self.thread_members: dict[int, dict[int, ThreadMember]] = {}
        # Members' role sets, shared per guild: most members hold one of a few.
        self._role_sets: dict[int, dict[tuple[int, ...], MemberRoles]] = {}
        # Each guild's MemberRoles type (about 1.8 KB), while some role set uses it.
        self._roles_kinds: weakref.WeakValueDictionary[int, type[MemberRoles]] = (
            weakref.WeakValueDictionary())
        # One-colour roles' ``colors`` dicts, one per colour (see roles._COLOR_KEYS).
        self._colors: dict[int, dict[str, Any]] = {}
        # Roles' permissions, one object per value (see ROLE_PERMISSIONS).
        self._permissions: dict[int, Permissions] = {}
        # Packed guilds' combinations of rare member fields: most guilds have the same
        # few (everyone's usual one, the bot's).
        self._rares: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def sizes(self) -> dict[str, int]:
        """How much is cached: guilds, channels, users, members (decoded or not), messages."""
        guilds = list(self.guilds.values())  # one copy: a metrics scrape may read from a thread
        member_lists: list[Any] = [g.members for g in guilds]
        return {
            "guilds": len(guilds),
            "channels": len(self.channels),
            "users": len(self.users),
            "members": sum(len(m) for m in member_lists if isinstance(m, dict)),
            "messages": len(self._messages),
        }

    # -- guilds ---------------------------------------------------------------
    def add_guild(self, guild: Guild) -> Guild:
        """Store a GUILD_CREATE's guild, indexing what it carries."""
        state = self.state
        gid = guild.id
        guild._state = state
        for emoji in guild.emojis:
            bind_emoji(emoji, state, gid)
        for sticker in guild.stickers:
            bind_sticker(sticker, state)
        guild.roles = self._index_roles(gid, guild.roles)  # type: ignore[assignment]
        known = self.guilds.get(gid)
        if known is not None:  # again (a new session, an outage over): gone ones go
            listed = {c.id for group in (guild.channels, guild.threads)
                      if isinstance(group, list) for c in group}
            self._forget_channels(known, listed)
        guild.channels = self._index_channels(gid, guild.channels)  # type: ignore[assignment]
        guild.threads = self._index_channels(gid, guild.threads)  # type: ignore[assignment]
        incoming: Any = guild.members
        # The list replaces what was kept: whoever it leaves out left meanwhile, or is
        # a large guild's offline member, known again once the guild is chunked (as
        # after discord.py's clear on READY).
        if known is not None:
            self._forget_members(known)
        members: Any = GuildMembers(self, gid)
        if isinstance(incoming, list) and incoming and isinstance(incoming[0], MemberRow):
            if self.policy.mode == "all":
                # The common case: keep the list packed, make members on demand.
                members.pack(incoming)
                incoming = UNSET
            else:
                unpacked = GuildMembers(self, gid)
                unpacked.pack(incoming)
                incoming = unpacked.detached()
        guild.members = members
        # Presences (sent with the presences intent) are kept apart from the guild. A
        # GUILD_CREATE carries all that show: whoever it leaves out is offline now.
        self.presences.pop(gid, None)
        self.keep_presences(gid, guild.presences)
        guild.presences = UNSET
        self.keep_voice_states(gid, guild.voice_states)
        guild.voice_states = UNSET
        guild.guild_scheduled_events = self._index(  # type: ignore[assignment]
            gid, guild.guild_scheduled_events, ScheduledEvent, bind_scheduled_event,
            "scheduled events")
        guild.stage_instance_data = self._index(  # type: ignore[assignment]
            gid, guild.stage_instance_data, StageInstance, bind_stage_instance,
            "stage instances")
        guild.soundboard_data = self._index(  # type: ignore[assignment]
            gid, guild.soundboard_data, SoundboardSound,
            lambda s, state: bind_sound(s, state, gid), "soundboard sounds")
        if known is not None:
            # Changed in place, as discord.py's: a Guild object code holds (one from
            # on_ready, or READY's stand-in while it was unavailable) is the guild still.
            update_in_place(known, guild)
            guild = known
        self.guilds[gid] = guild
        if isinstance(incoming, list) and incoming:
            self.add_members(guild, incoming)
        return guild

    def _index(self, gid: int, raw: Any, model: type[T], bind: Callable[[T, Any], T],
               what: str) -> IdMap[T]:
        """GUILD_CREATE's list of ``model`` by id (a bad one is logged and skipped)."""
        found: IdMap[T] = IdMap()
        bad: list[Exception] = []
        for data in raw if isinstance(raw, list) else ():
            try:
                item = convert(data, model)
            except (TypeError, ValueError) as exc:
                bad.append(exc)
                continue
            found[item.id] = bind(item, self.state)  # type: ignore[attr-defined]
        if bad:
            log.warning("guild %d: skipped %d %s that do not read (first: %s)",
                        gid, len(bad), what, str(bad[0]).splitlines()[0] if str(bad[0]) else
                        type(bad[0]).__name__)
        return found

    def _index_channels(self, gid: int, channels: Any) -> IdMap[Channel]:
        out: IdMap[Channel] = IdMap()
        if channels is UNSET or channels is None:
            return out
        state = self.state
        everything = self.channels
        for ch in channels:
            ch.guild_id = gid
            ch._state = state
            out[ch.id] = ch
            everything[ch.id] = ch
        # Values many channels have: one object each (a category's children share its
        # id object as parent_id), not one per channel.
        for ch in channels:
            if CHANNEL_OVERWRITES.__get__(ch) == []:  # read as a copy: shared safely
                CHANNEL_OVERWRITES.__set__(ch, _NO_OVERWRITES)
            parent = everything.get(ch.parent_id) if ch.parent_id else None
            if parent is not None:
                ch.parent_id = parent.id
            duration = ch.default_auto_archive_duration
            if type(duration) is int:
                ch.default_auto_archive_duration = _DURATIONS.get(duration, duration)
        return out

    def update_guild(self, new: Guild) -> tuple[Guild | None, Guild]:
        """GUILD_UPDATE: ``(a copy of the guild as it was, the guild)``; the cached
        record is updated in place and keeps its channels and members."""
        old = self.guilds.get(new.id)
        new._state = self.state
        for emoji in new.emojis:
            bind_emoji(emoji, self.state, new.id)
        for sticker in new.stickers:
            bind_sticker(sticker, self.state)
        new.roles = self._index_roles(new.id, new.roles)  # type: ignore[assignment]
        if old is not None:
            # what only GUILD_CREATE says (an update that left out unavailable read UNSET)
            for name in ("channels", "threads", "members", "member_count", "joined_at", "large",
                         "unavailable", "voice_states"):
                if getattr(new, name) is UNSET:
                    setattr(new, name, getattr(old, name))
            # Kept by id from GUILD_CREATE and their own events: a list in a GUILD_UPDATE
            # (Discord sends none) must not replace them.
            new.stage_instance_data = old.stage_instance_data
            new.guild_scheduled_events = old.guild_scheduled_events
            new.soundboard_data = old.soundboard_data
            # Changed in place: a Guild object code holds sees the new name, icon...
            return update_in_place(old, new), old
        else:
            new.channels = IdMap()  # type: ignore[assignment]
            new.threads = IdMap()  # type: ignore[assignment]
            new.members = GuildMembers(self, new.id)  # type: ignore[assignment]
        self.guilds[new.id] = new
        return old, new

    def forget_unlisted_guilds(self, listed: Iterable[int], shard_id: int,
                               shard_count: int) -> list[int]:
        """A new session's READY lists every guild of its shard: forget the shard's
        cached guilds it leaves out (left, or removed, while the bot was away)."""
        keep = set(listed)
        gone = [gid for gid in self.guilds
                if (gid >> 22) % shard_count == shard_id and gid not in keep]
        for gid in gone:
            self.remove_guild(gid)
        return gone

    def guild_anywhere(self, guild_id: Any) -> Guild | None:
        """The cached guild, else the stand-in kept for one the bot is not in."""
        guild = self.guilds.get(guild_id)
        return guild if guild is not None else self.outside_guilds.get(guild_id)

    def keep_outside_guild(self, guild: Guild) -> None:
        """An interaction's stand-in for a guild the bot is not in: its channel's and
        person's ``guild`` read it (the latest :data:`OUTSIDE_GUILDS_KEPT` guilds')."""
        kept = self.outside_guilds
        kept.pop(guild.id, None)
        kept[guild.id] = guild
        if len(kept) > OUTSIDE_GUILDS_KEPT:
            del kept[next(iter(kept))]

    def remove_guild(self, guild_id: int) -> Guild | None:
        """GUILD_DELETE (left or kicked): drop the guild and its channels."""
        guild = self.guilds.pop(guild_id, None)
        self.presences.pop(guild_id, None)
        self.voice_states.pop(guild_id, None)
        self._role_sets.pop(guild_id, None)
        self._roles_kinds.pop(guild_id, None)
        if guild is not None:
            self._forget_channels(guild)
            self._forget_members(guild)
        return guild

    def _forget_members(self, guild: Guild) -> None:
        if self._lru is not None and isinstance(guild.members, dict):
            for uid in guild.members.keys():
                self._lru.pop((guild.id, uid), None)

    # -- channels -------------------------------------------------------------
    def _forget_channels(self, guild: Guild, keep: Container[int] = ()) -> None:
        """Drop ``guild``'s channels and threads from the index, but those in ``keep``."""
        for group in (guild.channels, guild.threads):
            if isinstance(group, dict):
                for cid in group.keys():
                    if cid not in keep:
                        self.channels.pop(cid, None)
                        self.thread_members.pop(cid, None)

    def add_channel(self, channel: Channel) -> Channel | None:
        """CHANNEL_CREATE / THREAD_CREATE / UPDATE; returns the record it replaced."""
        channel._state = self.state
        old = self.channels.get(channel.id)
        self.channels[channel.id] = channel
        gid = channel.guild_id
        if gid is not UNSET:
            guild = self.guilds.get(gid)
            if guild is not None:
                group = guild.threads if channel.is_thread else guild.channels
                if isinstance(group, dict):
                    group[channel.id] = channel
        elif channel.type == _DM and isinstance(channel.recipients, list) and channel.recipients:
            self.keep_dm(channel.recipients[0].id, channel)
        return old

    def keep_dm(self, user_id: int, channel: Channel) -> None:
        """Keep ``channel`` as the DM channel with ``user_id``, the latest: a bot that
        talks to thousands of people keeps the last DM_CHANNELS_KEPT opened only (as
        discord.py 2.7.1, where neither reopening one nor a message in it changes
        its place; only its ``get_channel`` does, which reads here change nothing)."""
        dms = self.dm_by_user
        dms.pop(user_id, None)
        dms[user_id] = channel
        self.channels[channel.id] = channel
        if len(dms) > DM_CHANNELS_KEPT:
            oldest = next(iter(dms))
            self.channels.pop(dms.pop(oldest).id, None)
            # A person the bot shares no guild with was kept for this channel alone.
            self.user_left(oldest)

    def update_channel(self, channel: Channel) -> tuple[Channel, Channel | None]:
        """CHANNEL_UPDATE / THREAD_UPDATE: ``(the cached channel, a copy of it as it
        was)``. A cached channel changes in place, so references code holds (a log
        channel kept from startup) see the change, as in discord.py; one not cached is
        added, with ``None`` as before."""
        old = self.channels.get(channel.id)
        if old is None or type(old) is not type(channel):
            return channel, self.add_channel(channel)
        # A thread's own membership comes from thread events, not from its updates.
        keep = _THREAD_MEMBER if channel.member is UNSET else frozenset()
        return old, update_in_place(old, channel, keep)

    def remove_channel(self, channel_id: int, guild_id: Any = UNSET) -> Channel | None:
        """CHANNEL_DELETE / THREAD_DELETE (and a thread archived)."""
        old = self.channels.pop(channel_id, None)
        self.thread_members.pop(channel_id, None)
        gid = guild_id if guild_id is not UNSET else getattr(old, "guild_id", UNSET)
        if gid is not UNSET:
            guild = self.guilds.get(gid)
            if guild is not None:
                for group in (guild.channels, guild.threads):
                    if isinstance(group, dict):
                        group.pop(channel_id, None)
        return old

    def thread_members_of(self, thread_id: int) -> dict[int, ThreadMember]:
        """The members known of a cached thread, by user id (to change them)."""
        return self.thread_members.setdefault(thread_id, {})
