"""A guild's members as a guild sees them: the cached ones, fetching them, and
removing them (kicks, bans, prunes)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, NamedTuple

from .base import Model, Snowflake, UnsetType, decode, id_of, snowflake_of
from .member import Member, ban_deletion_seconds
from .paging import pages
from .user import User

__all__ = ["BanEntry", "BulkBanResult", "GuildMembers"]


class BulkBanResult(NamedTuple):
    """What :meth:`Guild.bulk_ban` did: the users banned, and those it could not ban."""

    banned: list[Any]
    failed: list[Any]


class _Pruned(Model, kw_only=True):
    pruned: int | None = None


class _BulkBanned(Model, kw_only=True):
    banned_users: list[Snowflake] = []
    failed_users: list[Snowflake] = []


def _prune_days(days: Any) -> int:
    if not isinstance(days, int) or isinstance(days, bool):
        raise TypeError(f"Expected int for ``days``, received {days.__class__.__name__} "
                        "instead.")
    return days


def _role_ids(roles: Any) -> list[str]:
    return [str(getattr(r, "id", r)) for r in roles or ()]


class BanEntry(NamedTuple):
    """A ban, as discord.py's: why (``None`` when no reason was given), and whom."""

    reason: str | None
    user: User


class _Ban(Model, kw_only=True):
    reason: str | None = None
    user: User


def _require_intent(state: Any, name: str) -> None:
    """discord.py's refusal of a member request the client's intents do not allow."""
    from ..rest.errors import ClientException  # rest imports the models

    intents = getattr(state, "intents", None)
    if intents is not None and not getattr(intents, name):
        raise ClientException(f"Intents.{name} must be enabled to use this.")


# Discord's most bans, or members, a page.
_BANS_PAGE = _MEMBERS_PAGE = 1000


class GuildMembers:
    """The member, ban and prune calls of discord.py's ``Guild`` (mixed into
    :class:`~tidecord.Guild`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: Snowflake
        owner_id: Snowflake
        member_count: int | UnsetType | None
        members: list[Member] | UnsetType

    # -- the cache keeps a guild's members as an id map -----------------------
    def get_member(self, user_id: int, /) -> Member | None:
        """A cached member."""
        return self.members.get(user_id) if isinstance(self.members, dict) else None

    def get_member_named(self, name: str, /) -> Member | None:
        """The first member whose username, global name or nickname is ``name``."""
        for member in self.members if isinstance(self.members, dict | list) else ():
            if name in (member.name, member.global_name, member.nick):
                return member
        return None

    @property
    def me(self) -> Member | None:
        """The bot's own member."""
        return self.get_member(self._state.cache.self_id)

    @property
    def owner(self) -> Member | None:
        """The owner's member, if cached."""
        return self.get_member(self.owner_id)

    @property
    def premium_subscribers(self) -> list[Member]:
        """The cached members who boost the guild."""
        members = self.members if isinstance(self.members, dict | list) else ()
        return [m for m in members if m.premium_since is not None]

    @property
    def chunked(self) -> bool:
        """Whether every member is cached."""
        members = self.members if isinstance(self.members, dict | list) else ()
        return isinstance(self.member_count, int) and len(members) >= self.member_count

    async def chunk(self, *, cache: bool = True) -> list[Member]:
        """Fetch every member over the gateway (op 8) and cache them (with their
        presences, given the presences intent). Needs the members intent, as Discord
        answers no request for the whole list without it."""
        state = self._state
        _require_intent(state, "members")
        return await state.request_members(  # type: ignore[no-any-return]
            self.id, presences=state.wants_presences, cache=cache)

    async def query_members(
        self, query: str | None = None, *, limit: int = 5, user_ids: list[int] | None = None,
        presences: bool = False, cache: bool = True,
    ) -> list[Member]:
        """Members whose name starts with ``query``, or those of ``user_ids`` (one or the
        other), up to ``limit`` (at most 100), kept in the cache unless ``cache=False``.
        Refuses what discord.py refuses before anything is sent."""
        if presences:
            _require_intent(self._state, "presences")
        if query == "":
            raise ValueError("Cannot pass empty query string.")
        if query is None and user_ids is None:
            raise ValueError("Must pass either query or user_ids")
        if query is not None and user_ids is not None:
            raise ValueError("Cannot pass both query and user_ids")
        if user_ids is not None and not user_ids:
            raise ValueError("user_ids must contain at least 1 value")
        return await self._state.request_members(  # type: ignore[no-any-return]
            self.id, query=query or "", limit=min(100, limit or 5), user_ids=user_ids,
            presences=presences, cache=cache,
        )

    async def fetch_member(self, user_id: int, /) -> Member:
        """GET a member."""
        return await self._state.fetch_member(self.id, user_id)  # type: ignore[no-any-return]

    async def fetch_members(self, *, limit: int | None = 1000,
                            after: Any = None) -> AsyncIterator[Member]:
        """``async for member in guild.fetch_members(limit=150):`` members by REST, as
        discord.py: pages of up to 1,000 from ``after`` (a user, an id or a datetime),
        each page newest id first. Needs the members intent; the cache is not changed.
        """
        state = self._state
        _require_intent(state, "members")

        async def fetch(size: int, mark: int) -> list[Member]:
            return state.members_page(  # type: ignore[no-any-return]
                self.id, await state.http.get_members(self.id, limit=size, after=mark))

        async for page in pages(limit, _MEMBERS_PAGE, fetch,
                                snowflake_of(after, high=True) or 0,
                                lambda page: page[-1].id):
            for member in reversed(page):
                yield member

    async def kick(self, user: Any, *, reason: str | None = None) -> None:
        """Kick a member."""
        await self._state.http.kick(self.id, id_of(user, "user"), reason=reason)

    async def ban(self, user: Any, *, reason: str | None = None,
                  delete_message_days: int | None = None,
                  delete_message_seconds: int | None = None) -> None:
        """Ban a user, deleting their messages of the last ``delete_message_seconds``
        (one day unless told; ``delete_message_days`` is discord.py's older spelling)."""
        seconds = ban_deletion_seconds(delete_message_days, delete_message_seconds)
        await self._state.http.ban(self.id, id_of(user, "user"), seconds, reason=reason)

    async def unban(self, user: Any, *, reason: str | None = None) -> None:
        """Lift a ban."""
        await self._state.http.unban(self.id, id_of(user, "user"), reason=reason)

    async def bulk_ban(self, users: Any, *, reason: str | None = None,
                       delete_message_seconds: int = 86400) -> BulkBanResult:
        """Ban up to 200 users at once; which were banned and which were not, as
        :class:`Object` s (discord.py's ``BulkBanResult``)."""
        from .object import Object

        ids = [str(id_of(u, "users")) for u in users]
        data = await self._state.http.bulk_ban(self.id, ids, delete_message_seconds,
                                               reason=reason)
        answer = decode(data or b"{}", _BulkBanned)
        return BulkBanResult(banned=[Object(int(u), type=User) for u in answer.banned_users],
                             failed=[Object(int(u), type=User) for u in answer.failed_users])

    async def fetch_ban(self, user: Any) -> BanEntry:
        """The ban of ``user`` (an id or anything with one); :class:`NotFound` if none."""
        data = await self._state.http.get_ban(self.id, getattr(user, "id", user))
        return self._ban_entry(decode(data, _Ban))

    async def bans(self, *, limit: int | None = 1000, before: Any = None,
                   after: Any = None) -> AsyncIterator[BanEntry]:
        """``async for entry in guild.bans(limit=150):`` the banned users, as discord.py.

        Bans come by user id, ascending; ``after`` starts past a user, ``before`` reads
        back from one (each page still ascending, the pages going back). ``limit=None``
        reads them all, a page of 1,000 at a time.
        """
        if before is not None and after is not None:
            raise TypeError("bans pagination does not support both before and after")
        backwards = before is not None
        start = before if backwards else after

        async def fetch(size: int, mark: Any) -> list[_Ban]:
            data = await self._state.http.get_bans(
                self.id, limit=size, before=mark if backwards else None,
                after=None if backwards else mark)
            return decode(data, list[_Ban])

        async for page in pages(limit, _BANS_PAGE, fetch, getattr(start, "id", start),
                                lambda page: page[0 if backwards else -1].user.id):
            for ban in page:
                yield self._ban_entry(ban)

    def _ban_entry(self, ban: _Ban) -> BanEntry:
        ban.user._state = self._state
        return BanEntry(reason=ban.reason, user=ban.user)

    async def estimate_pruned_members(self, *, days: int, roles: Any = None) -> int:
        """How many members a prune of ``days`` would remove (those with no roles, or
        only roles among ``roles``, inactive that long)."""
        data = await self._state.http.prune_count(self.id, _prune_days(days),
                                                  _role_ids(roles))
        return int(decode(data or b"{}", _Pruned).pruned or 0)

    async def prune_members(self, *, days: int, compute_prune_count: bool = True,
                            roles: Any = None, reason: str | None = None) -> int | None:
        """Remove the members :meth:`estimate_pruned_members` counts; returns how many
        (``None`` with ``compute_prune_count=False``, kinder to a large guild)."""
        data = await self._state.http.prune(self.id, _prune_days(days), compute_prune_count,
                                            _role_ids(roles), reason=reason)
        return decode(data or b"{}", _Pruned).pruned
