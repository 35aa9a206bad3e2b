"""Op 8 (Request Guild Members): who matches, in GUILD_MEMBERS_CHUNK pieces of 1000."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tidecord.models import UNSET, GuildMembersChunk, Member, RequestGuildMembers, Snowflake, encode

from ..dispatch import Intent
from .connection import GatewayClose

if TYPE_CHECKING:
    from ..state import State
    from .session import Session

__all__ = ["CHUNK_SIZE", "member_chunks"]

CHUNK_SIZE = 1000


def member_chunks(state: State, session: Session, request: RequestGuildMembers) -> Iterator[bytes]:
    """The encoded ``d`` of each GUILD_MEMBERS_CHUNK answering ``request``."""
    gid = int(request.guild_id)
    members = state.members.get(gid)
    if members is None or not session.on_shard(gid):
        return
    has_members_intent = bool(session.intents & Intent.GUILD_MEMBERS)
    # Discord's Request Guild Members: without the presences intent ``presences`` is
    # taken as false (the chunks come, without presences).
    presences = request.presences is True and bool(session.intents & Intent.GUILD_PRESENCES)
    # A nonce over 32 bytes is ignored: the chunks then carry none.
    nonce = request.nonce if len(str(request.nonce).encode()) <= 32 else UNSET
    not_found: list[Snowflake] = []
    found: list[Member]
    if request.user_ids is not UNSET:
        ids = request.user_ids if isinstance(request.user_ids, list) else [request.user_ids]
        try:
            wanted = [int(uid) for uid in ids[:100]]
        except ValueError:
            # "user_ids": "x" is a payload Discord cannot decode either.
            raise GatewayClose(4002, "Error while decoding payload.") from None
        found = []
        for uid in wanted:
            member = members.get(uid)
            if member is None:
                not_found.append(Snowflake(uid))
            else:
                found.append(member)
    else:
        query = (request.query if isinstance(request.query, str) else "").lower()
        if query == "" and not has_members_intent:
            # The whole member list needs the GUILD_MEMBERS intent: without it Discord
            # sends nothing back (the connection stays; the requester waits in vain).
            return
        # A prefix query returns at most 100 members, whatever the limit asked.
        limit = request.limit if request.limit > 0 else 0
        if query:
            limit = min(limit or 100, 100)
        found = []
        for member in members.values():
            if _matches(member, query):
                found.append(member)
                if limit and len(found) >= limit:
                    break
    chunks = [found[i:i + CHUNK_SIZE] for i in range(0, len(found), CHUNK_SIZE)] or [[]]
    for index, chunk in enumerate(chunks):
        yield encode(GuildMembersChunk(
            guild_id=Snowflake(gid), members=chunk, chunk_index=index, chunk_count=len(chunks),
            not_found=not_found if index == 0 and request.user_ids is not UNSET else UNSET,
            presences=(state.guild_presences(gid, [int(m.user.id) for m in chunk
                                                    if m.user is not UNSET])
                       if presences else UNSET),
            nonce=nonce,
        ))


def _matches(member: Member, query: str) -> bool:
    if not query:
        return True
    user = member.user
    names = [member.nick] if isinstance(member.nick, str) else []
    if user is not UNSET:
        names.append(user.username)
        if user.global_name:
            names.append(user.global_name)
    return any(name.lower().startswith(query) for name in names)
