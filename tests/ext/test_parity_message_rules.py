"""A bot editing and sending messages near Discord's edges: an edit that would leave a
message with nothing, a nonce sent twice, a reply to a message elsewhere, a bulk
delete out of bounds; both libraries must meet the same refusals and results."""

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

    return bot


async def test_an_edit_leaving_nothing_is_refused(sandbox_factory) -> None:
    said = await both(sandbox_factory, edits_bot, [("alice", "general", "!blank", 3)])
    assert said["tidecord"] == said["discord.py"]
    assert ("empty 400 50006; null 400 50006; with an embed ok '' embeds 1 then 400 50006; "
            "still 'just words'") in said["tidecord"][-1]
