"""Pins as a pin-archive bot uses them: pin with a reason, read the pins newest first,
a page at a time, oldest first and before a time, each with when it was pinned,
hear CHANNEL_PINS_UPDATE, unpin; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import both, later

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def pins_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_messages", "pin_messages"],
            "channels": [{"name": "general"}, {"name": "log"}],
            "members": ["alice"],
        }],
    })


async def notes(sb: Sandbox) -> None:
    for n in range(5):
        await sb.send_message("alice", "general", f"note {n}")


def pin_bot(discord: Any, commands: Any) -> Any:
    import itertools
    import warnings

    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    seen = {}

    async def note(channel, n):
        async for message in channel.history(limit=None, oldest_first=True):
            if message.content == f"note {n}":
                return message
        raise LookupError(n)

    @bot.command()
    async def pin(ctx, n: int):
        found = await note(ctx.channel, n)
        await found.pin(reason=f"keeping note {n}")
        seen[n] = found

    @bot.event
    async def on_guild_channel_pins_update(channel, last_pin):
        log = discord.utils.get(channel.guild.text_channels, name="log")
        await log.send(f"pins of #{channel.name} changed; last pin "
                       f"{'none' if last_pin is None else 'at a time'}")

    @bot.command()
    async def pins(ctx):
        newest = [m async for m in ctx.channel.pins()]
        two = [m async for m in ctx.channel.pins(limit=2)]
        oldest = [m async for m in ctx.channel.pins(oldest_first=True)]
        before = [m async for m in ctx.channel.pins(before=newest[0].pinned_at)]
        by_message = [m async for m in ctx.channel.pins(before=seen[0])]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            listed = await ctx.channel.pins()
        order = all(a.pinned_at >= b.pinned_at for a, b in itertools.pairwise(newest))
        await ctx.send(
            f"newest first: {[m.content for m in newest]}\n"
            f"two: {[m.content for m in two]}\n"
            f"oldest first: {[m.content for m in oldest]}\n"
            f"before the newest pin: {[m.content for m in before]}\n"
            f"before note 0 was written: {[m.content for m in by_message]}\n"
            f"awaited: {len(listed)} {type(listed).__name__}, "
            f"{[w.category.__name__ for w in caught]}\n"
            f"pinned flags {[m.pinned for m in newest]}, times in order {order}, "
            f"authors {sorted({m.author.name for m in newest})}, "
            f"aware {all(m.pinned_at.tzinfo is not None for m in newest)}")

    @bot.command()
    async def unpin(ctx, n: int):
        await (await note(ctx.channel, n)).unpin(reason="done")

    @bot.command()
    async def left(ctx):
        await ctx.send(f"left: {[m.content async for m in ctx.channel.pins()]}")

    return bot


# A pin is answered by Discord's "pinned a message" notice (the bot's, as the pinner)
# and the pins update's log line.
LINES = [
    ("alice", "general", "!pin 0", 2),
    later(60),
    ("alice", "general", "!pin 3", 2),
    later(60),
    ("alice", "general", "!pin 1", 2),
    ("alice", "general", "!pins"),
    ("alice", "general", "!unpin 3"),  # answered by the pins update alone
    ("alice", "general", "!left"),
    ("alice", "general", "!unpin 1"),
    ("alice", "general", "!left"),
    ("alice", "general", "!unpin 0"),
    ("alice", "general", "!left"),
]


async def test_pins_read_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, pin_bot, LINES, world=pins_world, prepare=notes)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in ("newest first: ['note 1', 'note 3', 'note 0']",
                 "two: ['note 1', 'note 3']",
                 "oldest first: ['note 0', 'note 3', 'note 1']",
                 "before the newest pin: ['note 3', 'note 0']",
                 "before note 0 was written: []",
                 "awaited: 3 list, ['DeprecationWarning']",
                 "pinned flags [True, True, True], times in order True, authors ['alice'], "
                 "aware True",
                 "left: ['note 1', 'note 0']",
                 "left: ['note 0']",
                 "left: []",
                 "#log: pins of #general changed; last pin at a time",
                 "#log: pins of #general changed; last pin none"):
        assert line in text, line


def edit_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    kept = {}

    @bot.command()
    async def keep(ctx):
        kept["message"] = await ctx.send("keeper")
        await kept["message"].pin()

    @bot.command()
    async def drop(ctx):
        await kept["message"].unpin()

    @bot.event
    async def on_message_edit(before, after):
        if before.pinned != after.pinned:
            log = discord.utils.get(after.guild.text_channels, name="log")
            await log.send(f"{after.content}: pinned {before.pinned} -> {after.pinned}")

    return bot


async def test_a_pin_and_an_unpin_are_message_edits_as_in_discord_py(sandbox_factory) -> None:
    # discord.py lists a pin or an unpin among what fires on_message_edit: Discord sends
    # the message again (MESSAGE_UPDATE, pinned changed). The sandbox sent only
    # CHANNEL_PINS_UPDATE, so a bot's edit listener never heard one.
    lines = [("alice", "general", "!keep", 3), ("alice", "general", "!drop")]
    said = await both(sandbox_factory, edit_bot, lines, world=pins_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    assert "#log: keeper: pinned False -> True" in text, text
    assert "#log: keeper: pinned True -> False" in text, text
