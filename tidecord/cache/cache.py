"""The cache: compact records of what the gateway told us, updated by events.

Guilds keep their channels, threads and roles in :class:`IdMap`s (dicts by id that
iterate like discord.py's lists) and their members in a :class:`GuildMembers`,
which holds a GUILD_CREATE's member list packed in columns and hands out light
``Member`` views made on access. Members from events are gc-free ``Member``
structs whose ``User`` is shared with every other membership of the same user
through ``users``; users of packed members are made on access too, and shared
through ``user_views`` while anything holds them. Messages live in a bounded
deque plus an id index. Nothing here calls REST.
"""

from __future__ import annotations

import collections
import logging
import weakref
from collections.abc import Callable
from typing import Any, Final

from ..models import (
    UNSET,
    Channel,
    Guild,
    Member,
    Message,
    Permissions,
    PresenceUpdate,
    Role,
    Snowflake,
    ThreadMember,
    User,
    VoiceState,
    convert,
)
from ..models.channel import CHANNEL_OVERWRITES
from ..models.emoji import bind_emoji
from ..models.presence import OFFLINE, Presence, presence_of
from ..models.role import ROLE_PERMISSIONS, bind_role
from ..models.scheduled_event import ScheduledEvent, bind_scheduled_event
from ..models.sticker import bind_sticker
from .idmap import IdMap
from .members import GuildMembers
from .policy import MemberCachePolicy
from .roles import MemberRoles, roles_kind
from .rows import MemberRow
from .sweep import drop_unreferenced

__all__ = ["Cache"]

log = logging.getLogger("tidecord.cache")

_DM = 1
#: What cached messages may weigh by default (their wire bytes): 16 MiB.
DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024
# A role's ``colors`` as Discord sends it for a role of one colour: the cache keeps
# one such dict per colour, shared by the roles that have it (a dict is ~220 bytes;
# a bot in thousands of guilds holds tens of thousands of roles).
_COLOR_KEYS: Final = ["primary_color", "secondary_color", "tertiary_color"]
# Thread archive durations a channel may default to: one int object each, shared.
_DURATIONS: Final = {d: d for d in (60, 1440, 4320, 10080)}
#: Views made from packed members between two sweeps, at least (see :meth:`Cache.view_made`).
SWEEP_EVERY = 4096
#: The one stored empty overwrites list of cached channels (never handed out).
_NO_OVERWRITES: Final[list[Any]] = []
#: How many distinct combinations of rare member fields the cache shares at most.
_RARES_KEPT: Final = 1024


class Cache:
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
        self.message_bytes = 0  # wire bytes of the cached messages
        self.self_id: int = 0
        self.state: Any = None  # set by the state: models point back at it
        self.guilds: dict[int, Guild] = {}
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
        # One bound method for every guild's packed members (not one object each).
        self.roles_kind_of: Callable[[int], type[MemberRoles]] = self.roles_kind
        # One-colour roles' ``colors`` dicts, one per colour (see _COLOR_KEYS).
        self._colors: dict[int, dict[str, Any]] = {}
        # Roles' permissions, one object per value (see ROLE_PERMISSIONS).
        self._permissions: dict[int, Permissions] = {}
        # Packed guilds' combinations of rare member fields: most guilds have the same
        # few (everyone's usual one, the bot's).
        self._rares: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def clear(self) -> None:
        """Forget everything (a fresh session will resend it)."""
        self.guilds.clear()
        self.channels.clear()
        self.users.clear()
        self.user_views.clear()
        self._messages.clear()
        self._order.clear()
        self._sizes.clear()
        self.message_bytes = 0
        self.dm_by_user.clear()
        self.thread_members.clear()
        self._role_sets.clear()
        self._roles_kinds.clear()
        self._colors.clear()
        self._permissions.clear()
        self._rares.clear()
        self.voice_states.clear()
        if self._lru is not None:
            self._lru.clear()

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

    def share_roles(self, guild_id: int, ids: Any) -> MemberRoles:
        """The shared :class:`MemberRoles` for this set of role ids in this guild."""
        sets = self._role_sets.get(guild_id)
        if sets is None:
            sets = self._role_sets[guild_id] = {}
        # A decoded member's roles are a list; getattr's miss would cost more than the rest.
        key = tuple(ids) if ids.__class__ is list else tuple(getattr(ids, "ids", ids))
        shared = sets.get(key)
        if shared is None:
            same = self.role_ids(guild_id).get
            shared = sets[key] = self.roles_kind(guild_id)(map(same, key, key))
        return shared

    def roles_kind(self, guild_id: int) -> type[MemberRoles]:
        """The :class:`MemberRoles` type of a guild: made when a role set of the guild
        is, and forgotten with the last of them (at 1M members, 2,000 idle types
        would hold 3.6 MB), so a walk over every guild leaves none behind."""
        kind = self._roles_kinds.get(guild_id)
        if kind is None:
            kind = self._roles_kinds[guild_id] = roles_kind(self, guild_id)
        return kind

    def share_rares(self, combos: list[tuple[Any, ...]]) -> None:
        """Replace each of a packed guild's combinations of rare member fields (about
        220 bytes each) with the one kept tuple equal to it, while fewer than
        ``_RARES_KEPT`` are kept: a booster's date makes a combination of its own."""
        kept = self._rares
        for k, combo in enumerate(combos):
            if len(kept) >= _RARES_KEPT:
                return
            try:
                combos[k] = kept.setdefault(combo, combo)
            except TypeError:  # holds a dict
                pass

    def role_ids(self, guild_id: int) -> dict[int, int]:
        """The guild's role ids, each mapped to itself: a set of ids made with these
        shares the roles' own ``Snowflake`` objects instead of one per member."""
        guild = self.guilds.get(guild_id)
        table: dict[int, Any] = (
            guild.roles if guild is not None and isinstance(guild.roles, dict) else {})
        return {k: k for k in dict.keys(table)}

    # -- users ----------------------------------------------------------------
    def store_user(self, user: User) -> User:
        """The shared record of ``user`` (this one if new)."""
        existing = self.users.get(user.id)
        if existing is None:
            existing = self.user_views.pop(user.id, None)
            if existing is not None:  # kept for good from now on
                self.users[user.id] = existing
                self._pin_in_views(existing)
                return existing
            user._state = self.state
            self.users[user.id] = user
            return user
        return existing

    def shared_user(self, user_id: int, make: Callable[[], User]) -> User:
        """The shared user of ``user_id``, made by ``make`` if there is none yet."""
        user = self.users.get(user_id)
        if user is None:
            user = self.user_views.get(user_id)
            if user is None:
                user = self.user_views[user_id] = make()
                self.views_made(1)
        return user

    def get_user(self, user_id: int) -> User | None:
        """A user we know of: cached, or a member of a guild kept packed."""
        user = self.users.get(user_id) or self.user_views.get(user_id)
        if user is not None:
            return user
        for guild in self.guilds.values():
            members = guild.members
            if isinstance(members, GuildMembers):
                user = members.user_of(user_id)
                if user is not None:
                    return user
        return None

    def all_users(self) -> list[User]:
        """Every user we know of (made for packed members as needed)."""
        everyone = dict(self.user_views)
        for guild in self.guilds.values():
            if isinstance(guild.members, GuildMembers):
                everyone.update((u.id, u) for u in guild.members.users())
        everyone.update(self.users)
        return list(everyone.values())

    def refresh_user(self, user_id: int, fields: dict[str, Any]) -> bool:
        """Update a known user from an event's fields (a presence carries names and
        avatars); a packed member's user that changed is kept for good from then on.
        Returns whether anything changed."""
        user = self.get_user(user_id)
        if user is None:
            return False
        changed = False
        for key in _USER_REFRESHED:
            if key in fields and getattr(user, key) != fields[key]:
                setattr(user, key, fields[key])
                changed = True
        if changed:
            self.store_user(user)
        return changed

    def _pin_in_views(self, user: User) -> None:
        # Views read names from the columns until their user is set: set it, since
        # this user may now differ from what was packed.
        for guild in self.guilds.values():
            if isinstance(guild.members, GuildMembers):
                guild.members.use_user(user)

    # -- views of packed members ---------------------------------------------------
    def views_made(self, count: int, members: GuildMembers | None = None) -> None:
        """``count`` views of packed members (or their users) were made, by ``members``
        (None: users): sweep now and then.

        The sweep drops the views nothing outside the cache refers to; the next
        one comes after as many new views as survived (at least SWEEP_EVERY), so
        its cost per view stays constant however many a bot keeps.
        """
        if members is not None:
            self._viewing[id(members)] = members
        self._views_made += count
        if self._views_made >= self._sweep_at:
            self.sweep_views()

    def sweep_views(self) -> int:
        """Forget every view only the cache refers to; returns how many are left."""
        kept = 0
        viewing = self._viewing
        for key, members in list(viewing.items()):
            left = members.sweep()
            kept += left
            if not left and not members.holds_role_sets():
                del viewing[key]
        # Members first: a view held by nothing else no longer holds its user.
        drop_unreferenced(self.user_views)
        kept += len(self.user_views)
        self._views_made = 0
        self._sweep_at = max(SWEEP_EVERY, kept)
        return kept

    def drop_role(self, guild_id: int, role_id: int) -> None:
        """GUILD_ROLE_DELETE: members lose the role too, as Discord does."""
        guild = self.guilds.get(guild_id)
        if guild is not None and isinstance(guild.members, GuildMembers):
            guild.members.drop_role(role_id, lambda ids: self.share_roles(guild_id, ids))

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
        guild.channels = self._index_channels(gid, guild.channels)  # type: ignore[assignment]
        guild.threads = self._index_channels(gid, guild.threads)  # type: ignore[assignment]
        incoming: Any = guild.members
        old = self.guilds.get(gid)
        members: Any = old.members if old is not None else None
        fresh = not isinstance(members, GuildMembers)
        if fresh:
            members = GuildMembers(self, gid)
        if isinstance(incoming, list) and incoming and isinstance(incoming[0], MemberRow):
            if fresh and self.policy.mode == "all":
                # The common case: keep the list packed, make members on demand.
                members.pack(incoming)
                incoming = UNSET
            else:
                unpacked = GuildMembers(self, gid)
                unpacked.pack(incoming)
                incoming = unpacked.detached()
        guild.members = members
        # Presences (sent with the presences intent) are kept apart from the guild.
        self.keep_presences(gid, guild.presences)
        guild.presences = UNSET
        self.keep_voice_states(gid, guild.voice_states)
        guild.voice_states = UNSET
        guild.guild_scheduled_events = self._index_events(  # type: ignore[assignment]
            gid, guild.guild_scheduled_events)
        self.guilds[gid] = guild
        if isinstance(incoming, list) and incoming:
            self.add_members(guild, incoming)
        return guild

    def _index_events(self, gid: int, raw: Any) -> IdMap[ScheduledEvent]:
        """GUILD_CREATE's scheduled events by id (a bad one is logged and skipped)."""
        events: IdMap[ScheduledEvent] = IdMap()
        bad: list[Exception] = []
        for data in raw if isinstance(raw, list) else ():
            try:
                event = convert(data, ScheduledEvent)
            except (TypeError, ValueError) as exc:
                bad.append(exc)
                continue
            events[event.id] = bind_scheduled_event(event, self.state)
        if bad:
            log.warning("guild %d: skipped %d scheduled events that do not read (first: %s)",
                        gid, len(bad), str(bad[0]).splitlines()[0] if str(bad[0]) else
                        type(bad[0]).__name__)
        return events

    def bind_role(self, guild_id: int, role: Role) -> Role:
        """A role of the guild, knowing its client and guild (``role.edit()``...)."""
        return bind_role(role, self.state, guild_id)

    def _index_roles(self, gid: int, roles: Any) -> IdMap[Role]:
        out: IdMap[Role] = IdMap()
        shared = self._colors
        permissions = self._permissions
        state = self.state
        for role in roles:
            out[role.id] = bind_role(role, state, gid)
            # Equal permissions: one stored object (reading one gives a copy).
            stored = ROLE_PERMISSIONS.__get__(role)
            if type(stored) is Permissions:
                ROLE_PERMISSIONS.__set__(role, permissions.setdefault(stored.value, stored))
            colors = role.colors
            # A one-colour role's dict: the one already kept for that colour.
            if (type(colors) is dict and list(colors) == _COLOR_KEYS
                    and colors["secondary_color"] is None and colors["tertiary_color"] is None):
                primary = colors["primary_color"]
                if type(primary) is int:
                    role.colors = shared.setdefault(primary, colors)
        return out

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
        """GUILD_UPDATE: the new record keeps the old one's channels and members."""
        old = self.guilds.get(new.id)
        new._state = self.state
        for emoji in new.emojis:
            bind_emoji(emoji, self.state, new.id)
        for sticker in new.stickers:
            bind_sticker(sticker, self.state)
        new.roles = self._index_roles(new.id, new.roles)  # type: ignore[assignment]
        if old is not None:
            for name in ("channels", "threads", "members", "member_count", "joined_at", "large",
                         "voice_states", "stage_instances", "guild_scheduled_events"):
                if getattr(new, name) is UNSET:
                    setattr(new, name, getattr(old, name))
        else:
            new.channels = IdMap()  # type: ignore[assignment]
            new.threads = IdMap()  # type: ignore[assignment]
            new.members = GuildMembers(self, new.id)  # type: ignore[assignment]
        self.guilds[new.id] = new
        return old, new

    def remove_guild(self, guild_id: int) -> Guild | None:
        """GUILD_DELETE (left or kicked): drop the guild and its channels."""
        guild = self.guilds.pop(guild_id, None)
        self.presences.pop(guild_id, None)
        self.voice_states.pop(guild_id, None)
        self._role_sets.pop(guild_id, None)
        self._roles_kinds.pop(guild_id, None)
        if guild is not None:
            for group in (guild.channels, guild.threads):
                if isinstance(group, dict):
                    for cid in group.keys():
                        self.channels.pop(cid, None)
                        self.thread_members.pop(cid, None)
            if self._lru is not None and isinstance(guild.members, dict):
                for uid in guild.members.keys():
                    self._lru.pop((guild_id, uid), None)
        return guild

    # -- channels -------------------------------------------------------------
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
            self.dm_by_user[channel.recipients[0].id] = channel
        return old

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

    # -- members --------------------------------------------------------------
    def add_members(self, guild: Guild, incoming: list[Member]) -> None:
        """Store members (GUILD_CREATE, chunks) as the policy allows, sharing users."""
        members = guild.members
        if not isinstance(members, dict):
            return
        gid = guild.id
        only_self = self.policy.mode == "self"
        self_id = self.self_id
        adopt = self.adopt
        lru = self._lru
        for m in incoming:
            u = m.user
            if u is UNSET:
                continue
            uid = u.id
            if only_self and uid != self_id:
                continue
            members[uid] = adopt(gid, m)
            if lru is not None:
                self._touch(gid, uid)

    def adopt(self, guild_id: int, member: Member) -> Member:
        """Bind a decoded member to the cache: shared user and role set, state, guild."""
        u = member.user
        if u is not UNSET:
            shared = self.users.get(u.id)
            if shared is None:
                shared = self.store_user(u)
            if shared is not u:
                member.user = shared
        roles: Any = member.roles
        if not isinstance(roles, MemberRoles):  # already shared when bound by an event
            sets = self._role_sets.get(guild_id)
            shared_roles = sets.get(tuple(roles)) if sets is not None else None
            if shared_roles is None:
                shared_roles = self.share_roles(guild_id, roles)
            member.roles = shared_roles  # type: ignore[assignment]
        member._guild_id = guild_id
        member._state = self.state
        return member

    def _touch(self, gid: int, uid: int) -> None:
        lru = self._lru
        assert lru is not None
        key = (gid, uid)
        lru[key] = None
        lru.move_to_end(key)
        limit = self.policy.max_members or 0
        while len(lru) > limit:
            (old_gid, old_uid), _ = lru.popitem(last=False)
            if old_uid == self.self_id:
                continue
            guild = self.guilds.get(old_gid)
            if guild is not None and isinstance(guild.members, dict):
                guild.members.pop(old_uid, None)

    def add_member(self, guild_id: int, member: Member) -> Member | None:
        """GUILD_MEMBER_ADD / UPDATE; returns the record it replaced (if cached)."""
        guild = self.guilds.get(guild_id)
        member._guild_id = guild_id
        member._state = self.state
        member.roles = self.share_roles(guild_id, member.roles)  # type: ignore[assignment]
        if guild is None or member.user is UNSET:
            return None
        members = guild.members
        old = members.get(member.user.id) if isinstance(members, dict) else None
        if old is not None and isinstance(old.user, User):
            # Keep the shared user record, refreshed with what this event says.
            _refresh_user(old.user, member.user)
            member.user = old.user
        self.add_members(guild, [member])
        return old

    def remove_member(self, guild_id: int, user_id: int) -> Member | None:
        """GUILD_MEMBER_REMOVE."""
        guild = self.guilds.get(guild_id)
        if guild is None or not isinstance(guild.members, dict):
            return None
        if self._lru is not None:
            self._lru.pop((guild_id, user_id), None)
        self.set_presence(guild_id, user_id, OFFLINE)
        return guild.members.pop(user_id, None)

    def get_member(self, guild_id: int, user_id: int) -> Member | None:
        """A cached member, or ``None``."""
        guild = self.guilds.get(guild_id)
        if guild is None or not isinstance(guild.members, dict):
            return None
        return guild.members.get(user_id)

    # -- presences ------------------------------------------------------------
    def presence(self, guild_id: int, user_id: int) -> Presence | None:
        """What a member shows in a guild, if more than offline."""
        kept = self.presences.get(guild_id)
        return None if kept is None else kept.get(user_id)

    def set_presence(self, guild_id: int, user_id: int, presence: Presence) -> Presence | None:
        """Keep what a member shows (offline with nothing to show is not kept);
        returns what it replaced."""
        kept = self.presences.get(guild_id)
        if presence.offline:
            return None if kept is None else kept.pop(user_id, None)
        if kept is None:
            kept = self.presences[guild_id] = {}
        old = kept.get(user_id)
        kept[user_id] = presence
        return old

    def keep_presences(self, guild_id: int, raw: Any) -> None:
        """GUILD_CREATE's or a member chunk's presences (a bad one is logged and skipped)."""
        if not isinstance(raw, list):
            return
        bad: list[Exception] = []
        for data in raw:
            try:
                update = convert(data, PresenceUpdate)
                user_id = int(update.user["id"])
            except (KeyError, TypeError, ValueError) as exc:
                bad.append(exc)
                continue
            self.set_presence(guild_id, user_id, presence_of(update))
        if bad:
            log.warning("guild %d: skipped %d presences that do not read (first: %s)",
                        guild_id, len(bad), str(bad[0]).splitlines()[0] if str(bad[0]) else
                        type(bad[0]).__name__)

    # -- voice ----------------------------------------------------------------
    def voice_state(self, guild_id: int, user_id: int) -> VoiceState | None:
        """A member's voice state while they are connected."""
        kept = self.voice_states.get(guild_id)
        return None if kept is None else kept.get(user_id)

    def set_voice_state(self, guild_id: int, voice: VoiceState) -> VoiceState | None:
        """Keep a VOICE_STATE_UPDATE's state (a disconnect forgets the member's);
        returns the state it replaced."""
        uid = int(voice.user_id)
        kept = self.voice_states.get(guild_id)
        if voice.channel_id is None:
            return None if kept is None else kept.pop(uid, None)
        if kept is None:
            kept = self.voice_states[guild_id] = {}
        old = kept.get(uid)
        kept[uid] = voice
        return old

    def keep_voice_states(self, guild_id: int, raw: Any) -> None:
        """GUILD_CREATE's voice states, in place of any kept before (a bad one is
        logged and skipped)."""
        self.voice_states.pop(guild_id, None)
        if not isinstance(raw, list):
            return
        bad: list[Exception] = []
        for data in raw:
            try:
                voice = convert(data, VoiceState)
            except (TypeError, ValueError) as exc:
                bad.append(exc)
                continue
            voice.guild_id = Snowflake(guild_id)
            voice.member = UNSET  # the cached member is the one to read
            voice._state = self.state
            self.set_voice_state(guild_id, voice)
        if bad:
            log.warning("guild %d: skipped %d voice states that do not read (first: %s)",
                        guild_id, len(bad), str(bad[0]).splitlines()[0] if str(bad[0]) else
                        type(bad[0]).__name__)

    # -- messages -------------------------------------------------------------
    def add_message(self, message: Message, size: int = 0) -> None:
        """Keep ``message`` (``size``: its wire bytes), evicting the oldest beyond
        ``max_messages`` or ``max_message_bytes``."""
        limit = self.max_messages
        if not limit:
            return
        order = self._order
        if len(order) >= limit:
            self._evict()
        mid = message.id
        self._messages[mid] = message
        order.append(mid)
        if size:
            self.message_bytes += size - self._sizes.get(mid, 0)
            self._sizes[mid] = size
            most = self.max_message_bytes
            while most is not None and self.message_bytes > most and len(order) > 1:
                self._evict()

    def _evict(self) -> None:
        mid = self._order.popleft()
        self._messages.pop(mid, None)
        self.message_bytes -= self._sizes.pop(mid, 0)

    def get_message(self, message_id: int) -> Message | None:
        """A cached message, or ``None``."""
        return self._messages.get(message_id)

    def replace_message(self, message: Message, size: int | None = None) -> Message | None:
        """MESSAGE_UPDATE with a full message: swap it in; returns the old one."""
        old = self._messages.get(message.id)
        if old is not None:
            self._messages[message.id] = message
            if size is not None:
                self.message_bytes += size - self._sizes.get(message.id, 0)
                self._sizes[message.id] = size
        return old

    def remove_message(self, message_id: int) -> Message | None:
        """MESSAGE_DELETE: the deque keeps a stale id that eviction skips over."""
        self.message_bytes -= self._sizes.pop(message_id, 0)
        return self._messages.pop(message_id, None)

    @property
    def messages(self) -> list[Message]:
        """Cached messages, oldest first."""
        get = self._messages.get
        return [m for m in (get(i) for i in self._order) if m is not None]


_USER_REFRESHED = ("username", "global_name", "avatar", "discriminator")


def _refresh_user(shared: User, fresh: User) -> None:
    for name in _USER_REFRESHED:
        value = getattr(fresh, name)
        if getattr(shared, name) != value:
            setattr(shared, name, value)

