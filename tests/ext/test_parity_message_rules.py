"""A bot editing messages near Discord's edges: an edit that would leave a message with
nothing, and Discord's own notices (not edited; some not deleted); both libraries must
meet the same refusals and results."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def edits_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async def attempt(step) -> str:
        try:
            result = await step
        except discord.HTTPException as exc:
            return f"{exc.status} {exc.code}"
        return f"ok {result.content!r} embeds {len(result.embeds)}"

    @bot.command()
    async def blank(ctx):
        text = await ctx.send("just words")
        emptied = await attempt(text.edit(content=""))
        nulled = await attempt(text.edit(content=None))
        framed = await ctx.send("caption", embed=discord.Embed(title="kept"))
        uncaptioned = await attempt(framed.edit(content=None))
        stripped = await attempt(framed.edit(embed=None))
        kept = await ctx.channel.fetch_message(text.id)
        await ctx.send(f"empty {emptied}; null {nulled}; with an embed {uncaptioned} "
                       f"then {stripped}; still {kept.content!r}")

    @bot.command()
    async def notices(ctx):
        await ctx.message.pin()
        notice = [m async for m in ctx.channel.history(limit=5)
                  if m.type == discord.MessageType.pins_add][0]
        edited = await attempt(notice.edit(content="my own words"))
        await notice.delete()  # a pin's notice may go
        thread = await ctx.channel.create_thread(name="plans",
                                                 type=discord.ChannelType.public_thread)
        await thread.edit(name="plans 2")
        renamed = [m async for m in thread.history(limit=5)
                   if m.type == discord.MessageType.channel_name_change][0]
        try:
            await renamed.delete()
            kept = "deleted"
        except discord.HTTPException as exc:
            kept = f"{exc.status} {exc.code}"
        await ctx.send(f"pin notice edit {edited}; rename notice delete {kept}")

    return bot


async def test_an_edit_leaving_nothing_is_refused(sandbox_factory) -> None:
    said = await both(sandbox_factory, edits_bot, [("alice", "general", "!blank", 3)])
    assert said["tidecord"] == said["discord.py"]
    assert ("empty 400 50006; null 400 50006; with an embed ok '' embeds 1 then 400 50006; "
            "still 'just words'") in said["tidecord"][-1]


async def test_discords_own_notices_are_not_edited_nor_all_deleted(sandbox_factory) -> None:
    said = await both(sandbox_factory, edits_bot, [("alice", "general", "!notices", 3)])
    assert said["tidecord"] == said["discord.py"]
    assert "pin notice edit 400 50021; rename notice delete 400 50021" in "\n".join(
        said["tidecord"])
