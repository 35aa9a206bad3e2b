"""tidecord commands runner: a ``commands.Bot`` with one command, one check, two converters.

The command ``!hit <member> <amount>`` converts a member and an int, passes
``guild_only`` and does nothing. In ``bot`` mode ``on_message`` runs
``process_commands`` and then counts the message (so a command is counted once it
has run; ``timed`` also adds up the time spent in ``process_commands``); in ``plain``
mode it only counts, as the plain ``Client`` runner does. ``BENCH_SHARD`` makes it
one shard of two.
"""

from __future__ import annotations

from typing import Any

import tidecord
from tidecord.ext import commands

from .base import main, shard_options, switch_on_message
from .run_tidecord import TidecordAdapter


class TidecordCommandsAdapter(TidecordAdapter):
    """tidecord's ``commands.Bot`` on the commands workload."""

    library = "tidecord"

    def make_client(self, **options: Any) -> tidecord.Client:
        bot = commands.Bot(command_prefix="!", help_command=None, **shard_options(), **options)

        @bot.command()
        @commands.guild_only()
        async def hit(ctx: commands.Context, member: tidecord.Member, amount: int) -> None:
            pass

        return bot

    def set_mode(self, mode: str) -> None:
        switch_on_message(self.client, self.counter, mode)


if __name__ == "__main__":
    raise SystemExit(main(TidecordCommandsAdapter))
