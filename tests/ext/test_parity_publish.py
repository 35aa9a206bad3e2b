"""Announcements as an auto-publisher bot handles them: publish what people post in an
announcement channel, publish its own, be refused a second publish and a channel that
is not one; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def news_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_messages"],
            "channels": [{"name": "general"}, {"name": "news", "type": 5}],
            "members": ["alice"],
        }],
    })


def publisher_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.listen()
    async def on_message(message):
        if message.author.bot or not message.channel.is_news():
            return
        await message.publish()
        try:
            await message.publish()
        except discord.HTTPException as exc:
            twice = f"{exc.status} {exc.code}"
        log = discord.utils.get(message.guild.text_channels, name="general")
        await log.send(f"published {message.content!r}; again: {twice}")

    @bot.command()
    async def announce(ctx):
        news = discord.utils.get(ctx.guild.text_channels, name="news")
        sent = await news.send("the garden opens at nine")
        await sent.publish()
        try:
            await sent.publish()
        except discord.HTTPException as exc:
            twice = f"{exc.status} {exc.code}"
        try:
            await ctx.message.publish()
        except discord.HTTPException as exc:
            here = f"{exc.status} {exc.code}"
        await ctx.send(f"news is news {news.is_news()}, general {ctx.channel.is_news()}; "
                       f"twice: {twice}; in general: {here}")

    return bot


LINES = [
    ("alice", "news", "big news: tomatoes are ripe"),
    ("alice", "general", "!announce", 2),  # the announcement and the answer
]


async def test_announcements_publish_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, publisher_bot, LINES, world=news_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in ("published 'big news: tomatoes are ripe'; again: 400 40033",
                 "news is news True, general False; twice: 400 40033; in general: 400 50024"):
        assert line in text, line
