"""Guild-side dispatches: guilds, channels, threads, members, roles, emojis, stickers,
bans."""

from __future__ import annotations

import datetime
import logging
from typing import Any, Final

import msgspec

from ..cache.rows import MemberRow
from ..models import (
    UNSET,
    Channel,
    Emoji,
    Guild,
    GuildMemberRemove,
    GuildMembersChunk,
    GuildMemberUpdate,
    GuildRoleDelete,
    GuildRoleEvent,
    Member,
    Snowflake,
    UnavailableGuild,
    User,
    VoiceState,
    decoder,
)
from ..models.audit_log import AuditLogEntry
from ..models.base import Model, UnsetType, update_in_place
from ..models.emoji import bind_emoji
from ..models.invite import bind_invite
from ..models.partial_channel import nameless_dm
from ..models.sticker import GuildSticker, bind_sticker
from .raw import RawMemberRemoveEvent, RawThreadDeleteEvent

__all__ = ["GuildEvents"]

log = logging.getLogger("tidecord.events")

_GUILD: Final[msgspec.json.Decoder[Guild]] = decoder(Guild)
_UNAVAILABLE: Final[msgspec.json.Decoder[UnavailableGuild]] = decoder(UnavailableGuild)
_CHANNEL: Final[msgspec.json.Decoder[Channel]] = decoder(Channel)
_MEMBER_UPDATE: Final[msgspec.json.Decoder[GuildMemberUpdate]] = decoder(GuildMemberUpdate)
_MEMBER_REMOVE: Final[msgspec.json.Decoder[GuildMemberRemove]] = decoder(GuildMemberRemove)
_CHUNK: Final[msgspec.json.Decoder[GuildMembersChunk]] = decoder(GuildMembersChunk)
_ROLE: Final[msgspec.json.Decoder[GuildRoleEvent]] = decoder(GuildRoleEvent)
_ROLE_DELETE: Final[msgspec.json.Decoder[GuildRoleDelete]] = decoder(GuildRoleDelete)
_USER: Final[msgspec.json.Decoder[User]] = decoder(User)
_VOICE_STATE: Final[msgspec.json.Decoder[VoiceState]] = decoder(VoiceState)
_MEMBER_FIELDS: Final = tuple(f for f in Member.__struct_fields__ if not f.startswith("_"))


class _GuildCreate(Guild, kw_only=True):
    """GUILD_CREATE as the client decodes it: members as rows with plain ids, which
    the cache packs into columns (no ``Member`` is made until one is asked for)."""

    members: list[MemberRow] | UnsetType = UNSET


class _EmojisUpdate(Model, kw_only=True):
    guild_id: Snowflake
    emojis: list[Emoji]


class _StickersUpdate(Model, kw_only=True):
    guild_id: Snowflake
    stickers: list[GuildSticker]


class _Ban(Model, kw_only=True):
    guild_id: Snowflake
    user: User


_GUILD_CREATE: Final[msgspec.json.Decoder[_GuildCreate]] = decoder(_GuildCreate)
_EMOJIS: Final[msgspec.json.Decoder[_EmojisUpdate]] = decoder(_EmojisUpdate)
_STICKERS: Final[msgspec.json.Decoder[_StickersUpdate]] = decoder(_StickersUpdate)
_BAN: Final[msgspec.json.Decoder[_Ban]] = decoder(_Ban)


def _named(user: User) -> tuple[Any, ...]:
    """What a user is shown as: a change to it is an ``on_user_update``."""
    return (user.username, user.global_name, user.avatar_hash, user.discriminator)


def _as_member(event: GuildMemberUpdate) -> Member:
    # The event is a Member plus guild_id; cache a plain Member (of the stored
    # values: some attributes read as views of them).
    values = msgspec.structs.asdict(event)
    return Member(**{f: values[f] for f in _MEMBER_FIELDS})


class GuildEvents:
    """Parsers for guild-side dispatches (mixed into :class:`Parsers`)."""

    state: Any
    cache: Any
    dispatch: Any
    wants: Any
    ready: Any
    _dispatcher: Any
    # Guild id -> a token of its latest GUILD_CREATE (see parse_guild_create).
    arrivals: dict[int, object]
    drop_channel_events: Any

    def _known_guild(self, event: str, guild_id: Any) -> bool:
        """Whether ``guild_id`` is a cached guild; events about others are dropped, as
        discord.py does (a handler must never get a member or channel with no guild)."""
        if guild_id in self.cache.guilds:
            return True
        log.debug("%s referencing an unknown guild %s: discarded", event, guild_id)
        return False

    # -- guilds -----------------------------------------------------------------
    def parse_guild_create(self, shard: Any, d: Any) -> None:
        guild = _GUILD_CREATE.decode(d)
        if guild.unavailable is True:
            return
        known = guild.id in self.cache.guilds
        guild = self.cache.add_guild(guild)
        # One READY announced (at start or after a new session): available, as
        # discord.py says it, before the ready its arrival may complete. So is one
        # Discord says was unavailable (``unavailable`` false: back from an outage,
        # perhaps one that began before READY); a join carries no such key.
        announced = self.ready.announced(shard.id, guild.id)
        available = announced or known or guild.unavailable is False
        event = "guild_available" if available else "guild_join"
        guild.unavailable = False  # here now, whatever the payload said: a bool, as discord.py
        # This arrival is the guild's latest: one still being chunked is overtaken.
        arrival = self.arrivals[guild.id] = object()
        if self.state.needs_chunking(guild):
            # As discord.py: a guild whose member list came incomplete is announced
            # (and counts for on_ready) once chunked, so its handlers see every member.
            self._dispatcher.spawn(
                self._chunk_then_announce(shard.id, guild, event, announced, arrival),
                f"tidecord:chunk-guild-{guild.id}")
            return
        self._announce(shard.id, guild, event, announced)

    def _announce(self, shard_id: int, guild: Guild, event: str, announced: bool) -> None:
        self.dispatch(event, guild)
        if announced:
            self.ready.guild_arrived(shard_id, guild.id)

    async def _chunk_then_announce(self, shard_id: int, guild: Guild, event: str,
                                   announced: bool, arrival: object) -> None:
        # discord.py's wait: 5 s, or a second per 10,000 members.
        count = guild.member_count if isinstance(guild.member_count, int) else 0
        try:
            await self.state.request_members(guild.id, presences=self.state.wants_presences,
                                             timeout=max(5.0, count / 10_000))
        except (TimeoutError, ConnectionError, RuntimeError) as exc:
            log.warning("could not chunk guild %s: %s", guild.id, exc)
        if self.arrivals.get(guild.id) is arrival:  # else gone, or arrived again since
            self._announce(shard_id, guild, event, announced)

    def parse_guild_update(self, shard: Any, d: Any) -> None:
        old, new = self.cache.update_guild(_GUILD.decode(d))
        if old is not None:
            self.dispatch("guild_update", old, new)

    def parse_guild_delete(self, shard: Any, d: Any) -> None:
        event = _UNAVAILABLE.decode(d)
        # A guild READY announced may be down: do not wait for it to be ready.
        self.ready.guild_arrived(shard.id, event.id)
        if event.unavailable is True:
            guild = self.cache.guilds.get(event.id)
            if guild is not None:
                guild.unavailable = True
                self.dispatch("guild_unavailable", guild)
            return
        self.arrivals.pop(event.id, None)
        guild = self.cache.remove_guild(event.id)
        if guild is not None:
            self.dispatch("guild_remove", guild)

    def parse_guild_emojis_update(self, shard: Any, d: Any) -> None:
        event = _EMOJIS.decode(d)
        guild = self.cache.guilds.get(event.guild_id)
        if guild is not None:
            before = guild.emojis
            guild.emojis = [bind_emoji(e, self.state, guild.id) for e in event.emojis]
            # Tuples, as discord.py hands them (its guild.emojis is one).
            self.dispatch("guild_emojis_update", guild, tuple(before or ()),
                          tuple(guild.emojis))

    def parse_guild_stickers_update(self, shard: Any, d: Any) -> None:
        event = _STICKERS.decode(d)
        guild = self.cache.guilds.get(event.guild_id)
        if guild is not None:
            before = guild.stickers
            guild.stickers = [bind_sticker(s, self.state) for s in event.stickers]
            self.dispatch("guild_stickers_update", guild, tuple(before or ()),
                          tuple(guild.stickers))

    def parse_guild_ban_add(self, shard: Any, d: Any) -> None:
        self._ban(d, "member_ban")

    def parse_guild_ban_remove(self, shard: Any, d: Any) -> None:
        self._ban(d, "member_unban")

    def _ban(self, d: Any, name: str) -> None:
        event = _BAN.decode(d)
        guild = self.cache.guilds.get(event.guild_id)
        if guild is not None:
            event.user._state = self.state
            who: Any = event.user
            if name == "member_ban":  # the member as the bot knew them, if it did
                who = self.cache.get_member(event.guild_id, event.user.id) or who
            self.dispatch(name, guild, who)

    # -- channels and threads ---------------------------------------------------
    def parse_channel_create(self, shard: Any, d: Any) -> None:
        channel = nameless_dm(_CHANNEL.decode(d))  # a DM has no name, as discord.py's
        if channel.guild_id is not UNSET and not self._known_guild("CHANNEL_CREATE",
                                                                   channel.guild_id):
            return
        self.cache.add_channel(channel)
        if channel.guild_id is not UNSET:
            self.dispatch("guild_channel_create", channel)
        else:
            self.dispatch("private_channel_create", channel)

    def parse_channel_update(self, shard: Any, d: Any) -> None:
        channel = nameless_dm(_CHANNEL.decode(d))
        if channel.guild_id is not UNSET and not self._known_guild("CHANNEL_UPDATE",
                                                                   channel.guild_id):
            return
        channel, old = self.cache.update_channel(channel)
        if old is not None:
            self.dispatch("guild_channel_update" if channel.guild_id is not UNSET
                          else "private_channel_update", old, channel)

    def parse_channel_delete(self, shard: Any, d: Any) -> None:
        channel = _CHANNEL.decode(d)
        old = self.cache.remove_channel(channel.id, channel.guild_id)
        channel._state = self.state
        self.dispatch("guild_channel_delete", old or channel)
        if old is not None:
            self.drop_channel_events(old)
            self._drop_threads_of(old)

    def _drop_threads_of(self, channel: Any) -> None:
        """A deleted channel's threads went with it, though Discord sends no
        THREAD_DELETE for them: out of the cache, with ``thread_delete`` and
        ``raw_thread_delete`` for each, as discord.py."""
        guild = self.cache.guilds.get(channel.guild_id)
        threads = getattr(guild, "threads", None)
        if not isinstance(threads, dict):
            return
        for thread in [t for t in threads.values() if t.parent_id == channel.id]:
            self.cache.remove_channel(thread.id, channel.guild_id)
            self.dispatch("thread_delete", thread)
            self.dispatch("raw_thread_delete", RawThreadDeleteEvent(thread, thread))

    def parse_channel_pins_update(self, shard: Any, d: Any) -> None:
        event = msgspec.json.decode(d)
        channel = self.cache.channels.get(int(event["channel_id"]))
        if channel is not None:
            channel.last_pin_timestamp = stamp = event.get("last_pin_timestamp")
            last_pin = datetime.datetime.fromisoformat(stamp) if stamp else None
            private = "guild_id" not in event
            self.dispatch("private_channel_pins_update" if private
                          else "guild_channel_pins_update", channel, last_pin)

    def parse_guild_audit_log_entry_create(self, shard: Any, d: Any) -> None:
        if not self.wants("audit_log_entry_create"):
            return  # resolving its user and target would decode members for nobody
        data = msgspec.json.decode(d)
        guild = self.cache.guilds.get(int(data["guild_id"]))
        if guild is not None:
            self.dispatch("audit_log_entry_create", AuditLogEntry(data, guild))

    def parse_invite_create(self, shard: Any, d: Any) -> None:
        self.dispatch("invite_create", bind_invite(self.state, d))

    def parse_invite_delete(self, shard: Any, d: Any) -> None:
        self.dispatch("invite_delete", bind_invite(self.state, d))

    def parse_webhooks_update(self, shard: Any, d: Any) -> None:
        event = msgspec.json.decode(d)
        channel = self.cache.channels.get(int(event["channel_id"]))
        if channel is not None:
            self.dispatch("webhooks_update", channel)

    # -- members ------------------------------------------------------------------
    def parse_guild_member_add(self, shard: Any, d: Any) -> None:
        event = _MEMBER_UPDATE.decode(d)
        if not self._known_guild("GUILD_MEMBER_ADD", event.guild_id):
            return
        member = _as_member(event)
        if self.state.cache_joined:  # discord.py's MemberCacheFlags.joined
            self.cache.add_member(event.guild_id, member)
        member = self._kept(event.guild_id, member)
        guild = self.cache.guilds.get(event.guild_id)
        if guild is not None and isinstance(guild.member_count, int):
            guild.member_count += 1
        self.dispatch("member_join", member)

    def parse_guild_member_update(self, shard: Any, d: Any) -> None:
        event = _MEMBER_UPDATE.decode(d)
        if not self._known_guild("GUILD_MEMBER_UPDATE", event.guild_id):
            return
        member = _as_member(event)
        sent = event.user
        user = None if isinstance(sent, UnsetType) else self.cache.get_user(sent.id)
        user_before = None if user is None else msgspec.structs.replace(user)
        before = None
        if self.state.cache_joined or (
                not isinstance(sent, UnsetType) and self.cache.get_member(event.guild_id, sent.id)):
            # One not kept is kept now, unless only members in voice are.
            before = self.cache.add_member(event.guild_id, member)
        member = self._kept(event.guild_id, member)
        if user is not None and user_before is not None and _named(user) != _named(
                user_before):
            # As discord.py: a new name or avatar said by a member update is the user's.
            self.dispatch("user_update", user_before, user)
        if before is not None:
            self.dispatch("member_update", before, member)
        self.dispatch("raw_member_update", member)

    def _kept(self, guild_id: int, member: Member) -> Member:
        """The cached record of ``member``, just stored (a record already cached is
        changed in place), else ``member`` itself, bound (the policy keeps no such
        member)."""
        self.state.bind_member(member, guild_id)
        user = member.user
        kept = None if isinstance(user, UnsetType) else self.cache.get_member(guild_id, user.id)
        return member if kept is None else kept

    def parse_guild_member_remove(self, shard: Any, d: Any) -> None:
        event = _MEMBER_REMOVE.decode(d)
        event.user._state = self.state
        shown = self.cache.presence(event.guild_id, event.user.id)
        old = self.cache.remove_member(event.guild_id, event.user.id)
        if old is not None and shown is not None:
            # The member that left still shows what it showed (discord.py's keeps its
            # status and activities); the cache forgets the presence with the member.
            old._presence = shown
        guild = self.cache.guilds.get(event.guild_id)
        if guild is not None and isinstance(guild.member_count, int):
            guild.member_count -= 1
        # As discord.py: the member first, then the raw event, whose user is the
        # member the bot knew, if it did.
        if old is not None:
            self.dispatch("member_remove", old)
        self.dispatch("raw_member_remove",
                      RawMemberRemoveEvent(event.user if old is None else old, event.guild_id))

    def parse_voice_state_update(self, shard: Any, d: Any) -> None:
        voice = _VOICE_STATE.decode(d)
        gid = voice.guild_id
        if gid is UNSET or gid is None or not self._known_guild("VOICE_STATE_UPDATE", gid):
            return  # a DM call's state: not kept, as discord.py keeps none
        sent = voice.member
        voice.member = UNSET  # the member is read from the cache, as for everyone else
        voice._state = self.state
        uid = int(voice.user_id)
        member = self.cache.get_member(gid, uid)
        if member is None and not isinstance(sent, UnsetType):
            member = self.state.bind_member(sent, gid)
            if not isinstance(member.user, UnsetType):
                member.user._state = self.state
            if voice.channel_id is not None:
                # As discord.py's MemberCacheFlags.voice: who is in voice is kept.
                self.cache.add_member(gid, member)
                member = self.cache.get_member(gid, uid) or member
        elif (member is not None and voice.channel_id is None and uid != self.cache.self_id
              and self._voice_only_members()):
            # Kept for being in voice alone (no members intent): forgotten on leaving.
            self.cache.remove_member(gid, uid)
        before = self.cache.set_voice_state(gid, voice)
        if before is None:
            # Newly connected (or a disconnect never seen connected): ``before`` is
            # the same state in no channel, as discord.py gives it.
            before = msgspec.structs.replace(voice, channel_id=None)
        if member is not None:
            self.dispatch("voice_state_update", member, before, voice)

    def _voice_only_members(self) -> bool:
        """Whether the cache keeps members only for being in voice: discord.py's
        MemberCacheFlags without ``joined`` (as made from intents without members)."""
        return not self.state.cache_joined

    def parse_guild_members_chunk(self, shard: Any, d: Any) -> None:
        event = _CHUNK.decode(d)
        guild = self.cache.guilds.get(event.guild_id)
        for member in event.members:
            self.state.bind_member(member, event.guild_id)
        if guild is not None and self.state.caches_chunk(event.nonce):
            self.cache.add_members(guild, event.members)
            self.cache.keep_presences(guild.id, event.presences)
        self.state.on_chunk(event.nonce, event.members, event.chunk_index + 1 >= event.chunk_count)
        self.dispatch("guild_members_chunk", event)

    # -- roles ----------------------------------------------------------------------
    def _roles(self, guild_id: int) -> tuple[Any, dict[int, Any] | None]:
        # Whatever the event does to them, the roles are ranked again when next read.
        self.cache.forget_role_ranks(guild_id)
        guild = self.cache.guilds.get(guild_id)
        roles = guild.roles if guild is not None and isinstance(guild.roles, dict) else None
        return guild, roles

    def parse_guild_role_create(self, shard: Any, d: Any) -> None:
        event = _ROLE.decode(d)
        guild, roles = self._roles(event.guild_id)
        if roles is not None:
            roles[event.role.id] = self.cache.bind_role(guild.id, event.role)
            self.dispatch("guild_role_create", event.role)

    def parse_guild_role_update(self, shard: Any, d: Any) -> None:
        event = _ROLE.decode(d)
        guild, roles = self._roles(event.guild_id)
        if roles is not None:
            role = self.cache.bind_role(guild.id, event.role)
            cached = roles.get(role.id)
            if cached is None:
                roles[role.id] = role
                return
            # In place, as discord.py: a Role object code holds sees the change.
            self.dispatch("guild_role_update", update_in_place(cached, role), cached)

    def parse_guild_role_delete(self, shard: Any, d: Any) -> None:
        event = _ROLE_DELETE.decode(d)
        _, roles = self._roles(event.guild_id)
        if roles is None:
            return
        old = roles.pop(event.role_id, None)
        self.cache.drop_role(event.guild_id, event.role_id)
        if old is not None:
            self.dispatch("guild_role_delete", old)

    # -- the bot itself ---------------------------------------------------------------
    def parse_user_update(self, shard: Any, d: Any) -> None:
        user = _USER.decode(d)
        me = self.state.user
        if me is not None:
            before = msgspec.structs.replace(me)
            for name in ("username", "global_name", "avatar_hash", "discriminator", "banner_hash"):
                setattr(me, name, getattr(user, name))
            self.dispatch("user_update", before, me)
