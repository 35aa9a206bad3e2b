"""discord.py commands runner: the same bot as ``run_commands_tidecord``, in discord.py 2.7.

``commands.Bot`` with ``!hit <member> <amount>`` (a ``discord.Member``, an ``int``,
``guild_only``, an empty body); ``bot`` mode processes commands before counting,
``plain`` mode only counts. zlib-stream and the cache settings as ``run_discordpy``.
"""

from __future__ import annotations

import sys

sys.modules["zstandard"] = None  # type: ignore[assignment]  # as in run_discordpy

from typing import Any  # noqa: E402

from discord.ext import commands  # noqa: E402

from .base import main, shard_options, switch_on_message  # noqa: E402
from .run_discordpy import DiscordPyAdapter, discord  # noqa: E402


class DiscordPyCommandsAdapter(DiscordPyAdapter):
    """discord.py's ``commands.Bot`` on the commands workload."""

    library = "discord.py"

    def make_client(self, **options: Any) -> discord.Client:
        bot = commands.Bot(command_prefix="!", help_command=None, **shard_options(), **options)

        @bot.command()
        @commands.guild_only()
        async def hit(ctx: commands.Context[Any], member: discord.Member, amount: int) -> None:
            pass

        return bot

    def set_mode(self, mode: str) -> None:
        switch_on_message(self.client, self.counter, mode)


if __name__ == "__main__":
    raise SystemExit(main(DiscordPyCommandsAdapter))
