"""The cache's users: one record per user, shared by every membership of that user,
and the views of packed members (and of their users) that the cache sweeps now and
then (:mod:`.sweep`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..models import Guild, User
from .members import GuildMembers
from .sweep import drop_unreferenced, unreferenced_keys

__all__ = ["SWEEP_EVERY", "CacheUsers"]

#: Views made from packed members between two sweeps, at least (see :meth:`CacheUsers.views_made`).
SWEEP_EVERY = 4096
#: Departures between two sweeps of unheld users, at least (see :meth:`CacheUsers.user_left`).
DEPARTED_SWEEP_EVERY = 32


class CacheUsers:
    """The user and view calls of :class:`~tidecord.cache.Cache` (mixed into it)."""

    if TYPE_CHECKING:
        state: Any
        guilds: dict[int, Guild]
        users: dict[int, User]
        user_views: dict[int, User]
        _views_made: int
        _sweep_at: int
        _viewing: dict[int, GuildMembers]
        _departures: int
        _departed_sweep_at: int
        self_id: int
        dm_by_user: dict[int, Any]

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
        for key, wire in _USER_REFRESHED_WIRE:
            if wire in fields and getattr(user, key) != fields[wire]:
                setattr(user, key, fields[wire])
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

    # -- users who left -------------------------------------------------------------
    def user_left(self, user_id: int) -> None:
        """``user_id`` left a guild (or lost their DM channel): once nothing holds
        their user, no member (a decoded one, or a packed one's pin), handler, cached
        message or DM channel, it is forgotten, as discord.py's (kept weakly) is.

        Checked by a sweep of every user after as many departures as an eighth of
        the users (at least DEPARTED_SWEEP_EVERY), so its cost per departure stays
        constant however many users a bot keeps."""
        self._departures += 1
        if self._departures >= self._departed_sweep_at:
            self.sweep_departed()

    def sweep_departed(self) -> None:
        """Forget every user nothing but the cache holds (but the bot's own and those
        the bot keeps a DM channel with)."""
        users = self.users
        keep = self.dm_by_user
        self_id = self.self_id
        for uid in unreferenced_keys(users):
            if uid not in keep and uid != self_id:
                del users[uid]
        self._departures = 0
        self._departed_sweep_at = max(DEPARTED_SWEEP_EVERY, len(users) // 8)

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


_USER_REFRESHED = ("username", "global_name", "avatar_hash", "discriminator")
# The same, each with its name on the wire (an event's user as sent).
_USER_REFRESHED_WIRE = (("username", "username"), ("global_name", "global_name"),
                        ("avatar_hash", "avatar"), ("discriminator", "discriminator"))


def _refresh_user(shared: User, fresh: User) -> None:
    for name in _USER_REFRESHED:
        value = getattr(fresh, name)
        if getattr(shared, name) != value:
            setattr(shared, name, value)
