"""Chunking: asking a shard for a guild's members and collecting the answer.

Op 8 (Request Guild Members) goes out on the guild's shard with a nonce; the
GUILD_MEMBERS_CHUNKs that answer it are gathered by that nonce until the last.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import TYPE_CHECKING, Any

from ..models import Member, RequestGuildMembers
from ..rest.errors import ClientException

if TYPE_CHECKING:
    from ..gateway import ShardManager

__all__ = ["ChunkingState"]


class ChunkingState:
    """Mixin of :class:`~tidecord.events.state.State`: member requests and their chunks."""

    shards: ShardManager | None
    shard_count: int
    intents: Any
    cache: Any
    #: Whether guilds are chunked as they arrive (``Client``'s ``chunk_guilds_at_startup``).
    chunk_guilds: bool
    #: Whether members who join (and those chunks bring) are kept: discord.py's
    #: ``MemberCacheFlags.joined`` (else only the bot and members in voice are).
    cache_joined: bool
    chunk_timeout: float
    # nonce -> (the answer's future, the members so far, whether to cache them)
    _chunks: dict[str, tuple[asyncio.Future[list[Member]], list[Member], bool]]
    _nonces: itertools.count[int]

    # -- gateway requests -------------------------------------------------------
    def shard_for(self, guild_id: int | None) -> Any:
        """The shard that carries ``guild_id`` (shard 0 for DMs)."""
        if self.shards is None:
            raise RuntimeError("the client is not connected")
        shard_id = 0 if guild_id is None else (guild_id >> 22) % self.shard_count
        shard = self.shards.shards.get(shard_id)
        if shard is None:
            raise RuntimeError(f"shard {shard_id} is not run by this client")
        return shard

    async def request_members(
        self,
        guild_id: int,
        *,
        query: str = "",
        limit: int = 0,
        user_ids: list[int] | None = None,
        presences: bool = False,
        timeout: float | None = None,  # noqa: ASYNC109 - bounded by chunk_timeout otherwise
        cache: bool = True,
    ) -> list[Member]:
        """Op 8 and the GUILD_MEMBERS_CHUNKs that answer it, collected by nonce; with
        ``cache`` the members found are kept in the guild's cache (as the policy allows)."""
        if not user_ids and not query and not getattr(self.intents, "members", True):
            # Every member: Discord answers that only with the members intent, and
            # without it never (the wait would run to its timeout).
            raise ClientException("Intents.members must be enabled to use this.")
        shard = self.shard_for(guild_id)
        loop = asyncio.get_running_loop()
        results: list[Member] = []
        batches: list[list[int] | None] = [None]
        if user_ids:
            batches = [user_ids[i:i + 100] for i in range(0, len(user_ids), 100)]
        for batch in batches:
            nonce = f"tc{next(self._nonces)}"
            future: asyncio.Future[list[Member]] = loop.create_future()
            self._chunks[nonce] = (future, [], cache)
            request = RequestGuildMembers(guild_id=guild_id, limit=limit, nonce=nonce)  # type: ignore[arg-type]
            if batch is None:
                request.query = query
            else:
                request.user_ids = batch  # type: ignore[assignment]
            if presences:
                request.presences = True
            try:
                await shard.request_members(request)
                async with asyncio.timeout(timeout or self.chunk_timeout):
                    results.extend(await future)
            finally:
                self._chunks.pop(nonce, None)
        return results

    def needs_chunking(self, guild: Any) -> bool:
        """Whether a guild that just arrived is chunked before it is announced:
        discord.py's rule (chunking on, some members missing, and the member list not
        one the presences intent made whole: a small guild's), unless the cache keeps
        no members, or none for having joined."""
        return (self.chunk_guilds and self.cache_joined and not guild.chunked
                and not (self.wants_presences and not guild.large)
                and self.cache.policy.mode != "self")

    @property
    def wants_presences(self) -> bool:
        """Whether the bot has the presences intent (a full chunk then asks for them)."""
        return bool(getattr(self.intents, "presences", False))

    def caches_chunk(self, nonce: Any) -> bool:
        """Whether a GUILD_MEMBERS_CHUNK's members go to the cache: only those answering
        a request of ours that asked for it, as discord.py keeps them."""
        entry = self._chunks.get(nonce) if isinstance(nonce, str) else None
        return entry is not None and entry[2]

    def on_chunk(self, nonce: Any, members: list[Member], last: bool) -> None:
        """A GUILD_MEMBERS_CHUNK arrived for a request we made."""
        entry = self._chunks.get(nonce) if isinstance(nonce, str) else None
        if entry is None:
            return
        future, collected, _ = entry
        collected.extend(members)
        if last and not future.done():
            future.set_result(collected)
