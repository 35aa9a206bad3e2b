"""A notes bot: files added to and removed from its message, the message as a reference
dict, the thread started from it, and the rare parts an ordinary message lacks; both
libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import io
import warnings
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def notes_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def names(message):
        return [a.filename for a in message.attachments]

    @bot.command()
    async def files(ctx):
        sent = await ctx.send("notes", file=discord.File(io.BytesIO(b"1"), filename="one.txt"))
        more = await sent.add_files(discord.File(io.BytesIO(b"2"), filename="two.txt"))
        fewer = await more.remove_attachments(more.attachments[0])
        await ctx.send(f"files {names(sent)} then {names(more)} then {names(fewer)}")

    @bot.command()
    async def reference(ctx):
        ref = ctx.message.to_message_reference_dict()
        ours = {"message_id": ctx.message.id, "channel_id": ctx.channel.id,
                "guild_id": ctx.guild.id}
        await ctx.send(f"reference keys {sorted(ref)} ours {ref == ours}")

    @bot.command()
    async def thread(ctx):
        try:
            await ctx.message.fetch_thread()
        except discord.NotFound as exc:
            before = f"{exc.status} {exc.code}"
        made = await ctx.message.create_thread(name="side talk")
        fetched = await ctx.message.fetch_thread()
        await ctx.send(f"thread before: {before}; after: {fetched.name} "
                       f"same {fetched.id == made.id == ctx.message.id}")

    @bot.command()
    async def rare(ctx):
        m = ctx.message
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            legacy = m.interaction
        await ctx.send(f"rare {m.activity} {m.application} {m.call} {legacy} "
                       f"{m.role_subscription} {m.purchase_notification} "
                       f"warned {[str(w.message) for w in caught]}")

    return bot


LINES = [
    ("alice", "general", "!files", 2),
    ("alice", "general", "!reference"),
    ("alice", "general", "!thread"),
    ("alice", "general", "!rare"),
]


async def test_message_details_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, notes_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for part in ("files ['one.txt'] then ['one.txt', 'two.txt'] then ['two.txt']",
                 "reference keys ['channel_id', 'guild_id', 'message_id'] ours True",
                 "thread before: 404 10003; after: side talk same True",
                 "rare None None None None None None warned"):
        assert part in text, part
