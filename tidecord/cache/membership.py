"""The cache's members as events and chunks bring them (within the member cache
policy), and what they show and where they are: presences and voice states, kept apart
from the members, per guild and user."""

from __future__ import annotations

import collections
import copy
import logging
from typing import TYPE_CHECKING, Any, Final

from ..models import (
    UNSET,
    Guild,
    Member,
    PresenceUpdate,
    Snowflake,
    User,
    VoiceState,
    convert,
)
from ..models.base import public_slots
from ..models.presence import OFFLINE, Presence, presence_of
from .member_view import PackedMember
from .members import GuildMembers
from .policy import MemberCachePolicy
from .roles import MemberRoles
from .users import _refresh_user

__all__ = ["CacheMembership"]

log = logging.getLogger("tidecord.cache")

#: How many distinct combinations of rare member fields the cache shares at most.
_RARES_KEPT: Final = 1024


# A member's fields, written through their slots (some attributes read as views).
_MEMBER_SLOTS: Final = public_slots(Member)
# What a message's member carries that may have changed since the cache heard: the
# cached author is refreshed with it (``roles`` are shared sets, compared by identity).
_ROLE_SET: Final = Member.__dict__["role_set"]
_SENT_WITH_MESSAGES: Final = tuple(
    slot for slot in _MEMBER_SLOTS
    if slot.__name__ in ("nick", "role_set", "guild_avatar_hash", "guild_banner_hash",
                         "premium_since_iso", "flags", "pending",
                         "communication_disabled_until"))

class CacheMembership:
    """The member, presence and voice calls of :class:`~tidecord.cache.Cache` (mixed
    into it)."""

    if TYPE_CHECKING:
        state: Any
        self_id: int
        policy: MemberCachePolicy
        guilds: dict[int, Guild]
        users: dict[int, User]
        presences: dict[int, dict[int, Presence]]
        voice_states: dict[int, dict[int, VoiceState]]
        _lru: collections.OrderedDict[tuple[int, int], None] | None
        _role_sets: dict[int, dict[tuple[int, ...], MemberRoles]]
        _rares: dict[tuple[Any, ...], tuple[Any, ...]]

        def store_user(self, user: User) -> User: ...
        def share_roles(self, guild_id: int, ids: Any) -> MemberRoles: ...
        def user_left(self, user_id: int) -> None: ...

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
        roles: Any = member.role_set
        if not isinstance(roles, MemberRoles):  # already shared when bound by an event
            sets = self._role_sets.get(guild_id)
            shared_roles = sets.get(tuple(roles)) if sets is not None else None
            if shared_roles is None:
                shared_roles = self.share_roles(guild_id, roles)
            member.role_set = shared_roles  # type: ignore[assignment]
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
        member.role_set = self.share_roles(guild_id, member.role_set)  # type: ignore[assignment]
        if guild is None or member.user is UNSET:
            return None
        members = guild.members
        old = members.get(member.user.id) if isinstance(members, dict) else None
        if old is None:
            self.add_members(guild, [member])
            return None
        if isinstance(old.user, User):
            # Keep the shared user record, refreshed with what this event says.
            _refresh_user(old.user, member.user)
            member.user = old.user
        # The cached member changes in place, so that a member code holds (a
        # message's author, one kept from ``get_member``) reads the change, as in
        # discord.py; the "before" is a copy as it was.
        before = old.detach() if isinstance(old, PackedMember) else copy.copy(old)
        for slot in _MEMBER_SLOTS:
            slot.__set__(old, slot.__get__(member))
        if isinstance(old, PackedMember):
            old.slots_written()  # its names and roles follow what was written above
        self.add_members(guild, [old])
        return before

    def made_member(self, guild_id: int, user_id: int) -> Member | None:
        """The cached ``Member`` object of a member, if one is made (an event's record or
        a view handed out); ``None`` when the cache holds them only packed, or not."""
        guild = self.guilds.get(guild_id)
        if guild is None:
            return None
        members = guild.members
        if isinstance(members, GuildMembers):
            return members.made(user_id)
        return members.get(user_id) if isinstance(members, dict) else None

    def message_author(self, guild_id: int, member: Member, refresh: bool) -> Member | None:
        """The cached record of a message's author, as discord.py hands out the cached
        member; ``member`` is what the message says of them (``user`` set, bound), and
        with ``refresh`` the record takes it (without the members intent no event keeps
        records fresh). Where the cache holds them only packed (no object made yet),
        ``member`` becomes the record: cheaper than a view, and as fresh. ``None``
        when the cache keeps no such member."""
        uid = member.user.id  # type: ignore[union-attr]
        cached = self.made_member(guild_id, uid)
        if cached is None:
            guild = self.guilds.get(guild_id)
            members = guild.members if guild is not None else None
            if not isinstance(members, GuildMembers) or uid not in members:
                return None
            members[uid] = self.adopt(guild_id, member)
            if self._lru is not None:
                self._touch(guild_id, uid)
            return member
        if not refresh:
            return cached
        for slot in _SENT_WITH_MESSAGES:
            sent = slot.__get__(member)
            if slot.__get__(cached) is not sent:
                slot.__set__(cached, sent)
                if slot is _ROLE_SET and isinstance(cached, PackedMember):
                    cached.roles_changed()  # its kept list was of the set before
        return cached

    def remove_member(self, guild_id: int, user_id: int) -> Member | None:
        """GUILD_MEMBER_REMOVE."""
        guild = self.guilds.get(guild_id)
        if guild is None or not isinstance(guild.members, dict):
            return None
        if self._lru is not None:
            self._lru.pop((guild_id, user_id), None)
        self.set_presence(guild_id, user_id, OFFLINE)
        old: Member | None = guild.members.pop(user_id, None)
        self.user_left(user_id)
        return old

    def get_member(self, guild_id: int, user_id: int) -> Member | None:
        """A cached member, or ``None``."""
        guild = self.guilds.get(guild_id)
        if guild is None or not isinstance(guild.members, dict):
            return None
        return guild.members.get(user_id)

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
