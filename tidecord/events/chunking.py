"""Chunking: asking a shard for a guild's members and collecting the answer.

Op 8 (Request Guild Members) goes out on the guild's shard with a nonce; the
GUILD_MEMBERS_CHUNKs that answer it are gathered by that nonce until the last.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import TYPE_CHECKING, Any

from ..models import Member, RequestGuildMembers

if TYPE_CHECKING:
    from ..gateway import ShardManager

__all__ = ["ChunkingState"]


class ChunkingState:
    """Mixin of :class:`~tidecord.events.state.State`: member requests and their chunks."""

    shards: ShardManager | None
    shard_count: int
    intents: Any
    chunk_timeout: float
    _chunks: dict[str, tuple[asyncio.Future[list[Member]], list[Member]]]
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
    ) -> list[Member]:
        """Op 8 and the GUILD_MEMBERS_CHUNKs that answer it, collected by nonce."""
        shard = self.shard_for(guild_id)
        loop = asyncio.get_running_loop()
        results: list[Member] = []
        batches: list[list[int] | None] = [None]
        if user_ids:
            batches = [user_ids[i:i + 100] for i in range(0, len(user_ids), 100)]
        for batch in batches:
            nonce = f"tc{next(self._nonces)}"
            future: asyncio.Future[list[Member]] = loop.create_future()
            self._chunks[nonce] = (future, [])
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

    @property
    def wants_presences(self) -> bool:
        """Whether the bot has the presences intent (a full chunk then asks for them)."""
        return bool(getattr(self.intents, "presences", False))

    def on_chunk(self, nonce: Any, members: list[Member], last: bool) -> None:
        """A GUILD_MEMBERS_CHUNK arrived for a request we made."""
        entry = self._chunks.get(nonce) if isinstance(nonce, str) else None
        if entry is None:
            return
        future, collected = entry
        collected.extend(members)
        if last and not future.done():
            future.set_result(collected)
