"""The bot added to a guild while it runs, and taken out of one, as Discord tells a bot:
a GUILD_CREATE with no ``unavailable`` (``on_guild_join``), a GUILD_DELETE with none
(``on_guild_remove``). Mixed into :class:`~tidecord.sandbox.Sandbox`.

>>> # guild = await sandbox.add_bot_to_guild({"name": "Book Club", "owner": "alice"})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .builder import WorldBuilder
from .world import guild_from_dict
from .worldfile import check_world_spec

if TYPE_CHECKING:
    from tidecord.models import Guild

    from .gateway import GatewayHub
    from .state import State

__all__ = ["BotGuildsAPI"]


class BotGuildsAPI:
    """``add_bot_to_guild`` and ``remove_bot_from_guild``."""

    state: State

    if TYPE_CHECKING:
        @property
        def hub(self) -> GatewayHub: ...

        def guild_named(self, name: str) -> Guild: ...

    async def add_bot_to_guild(self, spec: dict[str, Any]) -> Guild:
        """Someone adds the bot to a new guild, described as a world file describes one
        (``name``, ``owner``, ``roles``, ``channels``, ``members``...; people by the
        usernames of the world's users). Each of the bot's sessions gets its
        GUILD_CREATE. Returns the guild."""
        state = self.state
        bot = state.bot_user
        users = {u.username: u for u in state.users.values() if u.id != bot.id}
        check_world_spec({"users": sorted(users), "guilds": [spec]})
        # Ids from the running sandbox's factory and clock: newer than any it has.
        builder = WorldBuilder(state.world.seed, ids=state.ids, now_ms=state.clock.time_ms())
        gid = state.join_guild(guild_from_dict(builder, spec, users, bot))
        self.hub.guild_joined(gid)
        return state.guild_snapshot(gid)

    def add_guild_without_bot(self, spec: dict[str, Any]) -> Guild:
        """A guild the bot is not in, described as :meth:`add_bot_to_guild`'s: the bot
        hears nothing of it and cannot read it; a person there reaches the app only
        through their own install (``install_app_for``). Returns the guild."""
        state = self.state
        bot = state.bot_user
        users = {u.username: u for u in state.users.values() if u.id != bot.id}
        check_world_spec({"users": sorted(users), "guilds": [spec]})
        builder = WorldBuilder(state.world.seed, ids=state.ids, now_ms=state.clock.time_ms())
        guild = guild_from_dict(builder, spec, users, bot)
        gid = int(guild.id)
        state.outside_guilds.add(gid)  # first: the chat page's GUILD_CREATE only
        state.join_guild(guild)
        state.members[gid].pop(bot.id, None)
        return state.guild_snapshot(gid)

    async def remove_bot_from_guild(self, guild: int | str) -> None:
        """Someone removes the bot from a guild (by id or name): GUILD_DELETE, and the
        guild is gone from the sandbox, as when the bot leaves it."""
        if isinstance(guild, str) and not guild.isdigit():
            guild = self.guild_named(guild).id
        self.state.leave_guild(int(guild))
