"""Text -> members and users: ids, mentions, ``name#discrim``, usernames, display names.

The cache is asked first; a member it does not hold is asked of Discord (a gateway
member query, or REST when no shard can carry one), as discord.py's converters do,
so "mentions of people who left" come back ``None`` rather than stale.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from ...models import Member, User
from ...rest import HTTPException
from ..subject import client_of, guild_of, message_of
from .ids import user_id

__all__ = ["cached_member", "member", "member_named", "name_matcher", "user"]

log = logging.getLogger("tidecord.commands")

#: How long a gateway member query may take before the lookup gives up.
QUERY_TIMEOUT = 10.0


def name_matcher(text: str) -> tuple[str, Callable[[Any], bool]]:
    """What to query for, and the test a person must pass, for ``text``.

    ``name#1234`` and ``name#0`` match username and discriminator; anything else
    matches a username, a global (display) name or a nickname, exactly.
    """
    username, _, discriminator = text.rpartition("#")
    if not username:
        username, discriminator = discriminator, ""
    if discriminator == "0" or (len(discriminator) == 4 and discriminator.isdigit()):
        return username, lambda p: p.name == username and p.discriminator == discriminator

    def by_any_name(p: Any) -> bool:
        return text in (p.name, p.global_name, getattr(p, "nick", None))

    return text, by_any_name


def member_named(guild: Any, text: str) -> Member | None:
    """The cached member of ``guild`` that ``text`` names (``name#discrim``, a username,
    a global name or a nickname), as discord.py's ``Guild.get_member_named``."""
    _, matches = name_matcher(text)
    members: Iterable[Member] = guild.members if isinstance(guild.members, dict) else ()
    return next((m for m in members if matches(m)), None)


def _mentioned(subject: Any, uid: int) -> Any:
    message = message_of(subject)
    if message is None:
        return None
    return next((m for m in message.mentions if m.id == uid), None)


def cached_member(subject: Any, text: str) -> Member | None:
    """The common case of :func:`member` without awaiting: an id or a mention of a
    member cached in the subject's guild; ``None`` when :func:`member` must look further."""
    uid = user_id(text)
    if uid is None:
        return None
    guild = guild_of(subject)
    if guild is None:
        return None
    found = guild.get_member(uid)
    return found if isinstance(found, Member) else None


async def member(subject: Any, text: str) -> Member | None:
    """The member ``text`` names, in the subject's guild (in DMs: any cached guild);
    ``ValueError`` for an empty name no cached member has, as discord.py's converter."""
    guild = guild_of(subject)
    uid = user_id(text)
    if uid is not None and guild is not None:
        found = guild.get_member(uid)  # the common case, answered at once
        if isinstance(found, Member):
            return found
    client = client_of(subject)
    if uid is None:
        if guild is not None:
            found = member_named(guild, text)
        else:
            found = next((m for g in client.guilds if (m := member_named(g, text))), None)
    elif guild is not None:
        found = guild.get_member(uid) or _mentioned(subject, uid)
    else:
        found = next((m for g in client.guilds if (m := g.get_member(uid))), None)
    if isinstance(found, Member):
        return found
    if guild is None:
        return None
    if uid is not None:
        return await _query_by_id(client, guild, uid)
    return await _query_by_name(client, guild, text)


def _keeps(client: Any) -> bool:
    """Whether members a lookup asked Discord for join the cache: as discord.py's
    converter, only where members are cached (``MemberCacheFlags.joined``, by default
    the members intent); else a later lookup in a DM would find them."""
    return bool(getattr(client._connection, "cache_joined", True))


async def _query_by_id(client: Any, guild: Any, uid: int) -> Member | None:
    if uid >> 64:
        return None  # no snowflake is that large: nobody has it, no need to ask
    try:
        if client._connection.shard_for(guild.id).is_ratelimited():
            # As discord.py's converter: REST answers now, where the gateway query
            # would wait for the shard's send limit (up to a minute).
            raise RuntimeError("the shard's send limit is spent")
        found = await client.request_members(guild, user_ids=[uid], limit=1,
                                             timeout=QUERY_TIMEOUT, cache=_keeps(client))
    except (RuntimeError, TimeoutError, ConnectionError) as exc:
        # No shard for this guild, or it did not answer: REST knows too.
        log.debug("member query by id failed (%s); asking REST", exc)
        try:
            return await guild.fetch_member(uid)  # type: ignore[no-any-return]
        except HTTPException:
            return None
    return found[0] if found else None


async def _query_by_name(client: Any, guild: Any, text: str) -> Member | None:
    lookup, matches = name_matcher(text)
    if not lookup:
        # As discord.py's query_members: an empty query would ask for every member, which
        # Discord answers only with the members intent (else not at all).
        raise ValueError("Cannot pass empty query string.")
    try:
        found = await client.request_members(guild, query=lookup, limit=100,
                                             timeout=QUERY_TIMEOUT, cache=_keeps(client))
    except (RuntimeError, TimeoutError, ConnectionError) as exc:
        log.debug("member query by name failed: %s", exc)
        return None
    return next((m for m in found if matches(m)), None)


async def user(subject: Any, text: str) -> User | None:
    """The user ``text`` names: by id or mention (the cache, the message's mentions,
    then REST), or by ``name#discrim``, username or global name among cached users."""
    client = client_of(subject)
    uid = user_id(text)
    if uid is not None:
        found = client.get_user(uid) or _mentioned(subject, uid)
        if found is None:
            try:
                found = await client.fetch_user(uid)
            except HTTPException:
                return None
        return found  # type: ignore[no-any-return]
    _, matches = name_matcher(text)
    return next((u for u in client.users if matches(u)), None)

