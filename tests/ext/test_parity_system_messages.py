"""A logging bot: it writes every system message it sees (a pin's notice, a newcomer's
welcome, a new thread's notice) to #mod-log, as its type and the text Discord's
client shows for it. Both libraries must write the same lines."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.models.system_content import WELCOMES
from tidecord.sandbox import Sandbox

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def logging_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.event
    async def on_message(message):
        log = discord.utils.get(message.guild.text_channels, name="mod-log")
        if message.channel == log:
            return
        if message.type in (discord.MessageType.default, discord.MessageType.reply):
            await bot.process_commands(message)
            return
        ref = message.reference
        about = "nothing"
        if ref is not None:
            where = bot.get_channel(ref.channel_id)
            about = f"#{where.name}" + (" (a message)" if ref.message_id else "")
        pin = message.type == discord.MessageType.pins_add
        await log.send(f"{message.type.name}: {message.system_content}\n"
                       f"{message.type} by {message.author.name} in #{message.channel.name}, "
                       f"system {message.is_system()}, pin {pin}, about {about}, "
                       f"content {message.content!r}")

    @bot.command()
    async def pin(ctx, message_id: int):
        await ctx.channel.get_partial_message(message_id).pin()

    @bot.command()
    async def thread(ctx, *, name: str):
        await ctx.channel.create_thread(name=name, type=discord.ChannelType.public_thread)

    @bot.command()
    async def said(ctx):
        await ctx.send(f"{ctx.message.type.name}: {ctx.message.system_content} "
                       f"(system {ctx.message.is_system()})")

    return bot


async def _rules(sb: Sandbox) -> None:
    await sb.send_message("bob", "general", "house rules: be kind")


def _pin_rules(sb: Sandbox) -> str:
    rules = next(m for m in sb.messages("general") if m.content.startswith("house rules"))
    return f"!pin {rules.id}"


def _reply_said(sb: Sandbox) -> Any:
    rules = next(m for m in sb.messages("general") if m.content.startswith("house rules"))
    return sb.send_message("alice", "general", "!said", reply_to=rules)


def _join_at(name: str, residue: int) -> Any:
    """``name`` joins at a moment whose milliseconds pick welcome line ``residue``: the
    clock stops there, so both runs welcome them in the same words."""
    async def join(sb: Sandbox) -> None:
        sb.clock.freeze()
        for _ in range(1000):
            if sb.clock.time_ms() % len(WELCOMES) == residue:
                break
            sb.clock.advance(0.001)
        await sb.join(name)
        sb.clock.unfreeze()
    join.__name__ = f"{name} joins"
    return join


LINES = [
    ("alice", "general", "!said"),
    Do(_reply_said, replies=1),            # a reply's system_content is its content
    ("alice", "general", _pin_rules, 2),   # the pin's notice (the bot's), then its log
    Do(_join_at("dave", 7), replies=1),    # the welcome is dave's; the log is the bot's
    Do(_join_at("erin", 0), replies=1),
    Do(_join_at("frank", 12), replies=1),
    ("alice", "general", "!thread weekend plans", 2),
]


async def test_a_logging_bot_sees_the_same_system_messages(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, logging_bot, LINES, prepare=_rules)
    assert said["tidecord"] == said["discord.py"], said
    assert "#general: default: !said (system False)" in said["tidecord"]
    assert "#general: reply: !said (system False)" in said["tidecord"]
    log = [line for line in said["tidecord"] if line.startswith("#mod-log")]
    assert log[0].startswith("#mod-log: pins_add:") and "pinned a message" in log[0]
    assert log[1].startswith("#mod-log: new_member: Welcome dave. Say hi!")
    assert log[2].startswith("#mod-log: new_member: erin joined the party.")
    assert log[3].startswith("#mod-log: new_member: Yay you made it, frank!")
    assert "started a thread: **weekend plans**. See all **threads**." in log[4]
