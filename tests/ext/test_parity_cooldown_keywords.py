"""A bot that keeps its own cooldowns and concurrency limits outside commands (an
anti-spam ``on_message``), calling them by keyword as discord.py 2.7.1 names their
parameters: ``CooldownMapping(original=, type=)``, ``get_bucket(message=, current=)``,
``update_rate_limit(message=, current=, tokens=)``, ``create_bucket(message=)``,
``BucketType.get_key(msg=)``, ``MaxConcurrency.acquire(message=)`` and ``release``.
The same bot on tidecord and on discord.py must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def anti_spam_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    per_user = commands.CooldownMapping(original=commands.Cooldown(2, 60.0),
                                        type=commands.BucketType.user)
    per_channel = commands.DynamicCooldownMapping(
        factory=lambda message: commands.Cooldown(1, 30.0), type=commands.BucketType.channel)
    one_at_a_time = commands.MaxConcurrency(1, per=commands.BucketType.guild, wait=False)

    @bot.event
    async def on_message(message: Any) -> None:
        if message.author.bot or not message.content.startswith("spam"):
            return
        bucket = per_user.get_bucket(message=message, current=None)
        left = bucket.get_tokens()
        retry = per_user.update_rate_limit(message=message, current=None, tokens=1)
        fresh = per_user.create_bucket(message=message).get_tokens()
        channel_wait = per_channel.update_rate_limit(message=message)
        keyed = commands.BucketType.user.get_key(msg=message) == message.author.id
        await one_at_a_time.acquire(message=message)
        try:
            await one_at_a_time.acquire(message=message)
            second = "let in"
        except commands.MaxConcurrencyReached:
            second = "refused"
        await one_at_a_time.release(message=message)
        await message.channel.send(
            f"left={left} limited={retry is not None} fresh={fresh} "
            f"channel limited={channel_wait is not None} keyed={keyed} second={second}")

    return bot


async def test_cooldowns_called_by_discord_py_s_keywords(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, anti_spam_bot, [
        ("alice", "general", "spam"), ("alice", "general", "spam"),
        ("alice", "general", "spam"), ("bob", "general", "spam"),
    ])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "#general: left=2 limited=False fresh=2 channel limited=False keyed=True second=refused",
        "#general: left=1 limited=False fresh=2 channel limited=True keyed=True second=refused",
        "#general: left=0 limited=True fresh=2 channel limited=True keyed=True second=refused",
        "#general: left=2 limited=False fresh=2 channel limited=True keyed=True second=refused"]
