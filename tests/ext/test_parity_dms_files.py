"""A member's DM channel used as discord.py programs use it (send, dm_channel,
history, typing, fetch_message), an attachment sent on again with to_file, and a
thread started from a message (its owner and starter message, leave and join); both
libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def dms_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "channels": [{"name": "general"}],
            "members": ["alice"],
        }],
    })


def dm_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def dm(ctx):
        member = ctx.author
        before = member.dm_channel is None
        first = await member.send("hello in private")
        async with member.typing():
            await member.send("and again")
        seen = [m.content async for m in member.history(limit=5)]
        again = await member.fetch_message(first.id)
        await ctx.send(f"no DM channel before {before}, one after "
                       f"{member.dm_channel is not None}; history {seen}; fetched "
                       f"{again.content!r}; same channel {again.channel.id == first.channel.id}")

    @bot.command()
    async def mirror(ctx):
        async for message in ctx.channel.history(limit=10):
            if message.attachments:
                break
        found = message.attachments[0]
        file = await found.to_file()
        sent = await ctx.send("mirrored", file=file)
        copy = sent.attachments[0]
        data = await copy.read()
        await ctx.send(f"{copy.filename} {copy.size} bytes, {data.decode()!r}")

    @bot.command()
    async def thread(ctx):
        async for message in ctx.channel.history(limit=20):
            if message.content == "let us talk about tomatoes":
                break
        made = await message.create_thread(name="tomatoes")
        await made.leave()
        await made.join()
        starter = made.starter_message
        await ctx.send(f"{made.name}: owner {made.owner.name}, started from "
                       f"{starter.content if starter else None!r}")

    return bot


def upload(sb: Sandbox) -> Any:
    return sb.send_message("alice", "general", "my notes",
                           files=[("notes.txt", b"water the tomatoes")])


LINES = [
    ("alice", "general", "!dm", 3),  # two DMs and the answer
    Do(upload),
    ("alice", "general", "!mirror", 2),
    ("alice", "general", "let us talk about tomatoes", 0),
    ("alice", "general", "!thread"),
]


async def test_dms_files_and_threads_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, dm_bot, LINES, world=dms_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in ("no DM channel before True, one after True; history ['and again', "
                 "'hello in private']; fetched 'hello in private'; same channel True",
                 "notes.txt 18 bytes, 'water the tomatoes'",
                 "tomatoes: owner SandboxBot, started from 'let us talk about tomatoes'"):
        assert line in text, line
