"""A thread the bot archives, as discord.py tells it: ``on_thread_update`` hands the
thread code holds, changed in place, and it still knows the bot is in it
(``thread.me``) though the cache keeps only active threads. The same bot on tidecord
and on discord.py 2.7.1 must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def archive_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def shelve(ctx):
        thread = await ctx.channel.create_thread(name="old news",
                                                 type=discord.ChannelType.public_thread)
        await asyncio.sleep(0.2)  # the bot's own membership arrives
        held = ctx.guild.get_thread(thread.id) or thread
        updated = asyncio.ensure_future(bot.wait_for(
            "thread_update", timeout=5, check=lambda b, a: a.id == thread.id))
        await held.edit(archived=True)
        before, after = await updated
        await ctx.send(f"{before.archived}->{after.archived} {after is held} "
                       f"{held.archived} {before.me is not None} {after.me is not None} "
                       f"{ctx.guild.get_thread(thread.id) is None}")

    return bot


async def test_an_archived_thread_is_updated_in_place_and_knows_its_member(
        sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, archive_bot, [("alice", "general", "!shelve", 2)])
    assert said["tidecord"] == said["discord.py"]
    # The thread's notice, then what the bot saw.
    assert said["tidecord"][-1] == "#general: False->True True True True True True"
