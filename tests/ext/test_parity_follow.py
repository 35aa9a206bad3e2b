"""Following an announcement channel, as a bot does it: ``news.follow(destination=)``
gives the follower webhook, whose source reads back as discord.py's; a published
announcement then arrives through it as a crosspost; following what is not an
announcement channel, or into what is not a text channel, is refused in discord.py's
words. Both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def follow_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Garden Club", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_messages", "manage_webhooks"],
            "channels": [{"name": "general"}, {"name": "news", "type": 5},
                         {"name": "Lounge", "type": 2}],
            "members": ["alice"],
        }],
    })


def follower_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.listen()
    async def on_message(message: discord.Message) -> None:
        if message.webhook_id is None or message.channel.name != "general":
            return
        news = discord.utils.get(message.guild.channels, name="news")
        await message.channel.send(
            f"arrived {message.content!r} crossposted {message.flags.is_crossposted} "
            f"from news {message.reference.channel_id == news.id}")

    @bot.command()
    async def follow(ctx: commands.Context) -> None:
        news = discord.utils.get(ctx.guild.text_channels, name="news")
        hook = await news.follow(destination=ctx.channel, reason="updates here")
        fetched = await bot.fetch_webhook(hook.id)
        source, guild = fetched.source_channel, fetched.source_guild
        await ctx.send(
            f"{type(hook).__name__} {hook.type} here {hook.channel_id == ctx.channel.id} "
            f"token {hook.token} | {source.name} {source.mention == news.mention} "
            f"{guild.name} {guild.icon} {guild.id == ctx.guild.id} "
            f"{repr(source).replace(str(news.id), 'ID')} "
            f"{repr(guild).replace(str(ctx.guild.id), 'ID')} {source == fetched.source_channel}")
        try:
            await ctx.channel.follow(destination=ctx.channel)
        except discord.ClientException as exc:
            await ctx.send(f"not news: {exc}")
        try:
            await news.follow(destination=discord.utils.get(ctx.guild.channels, name="Lounge"))
        except TypeError as exc:
            await ctx.send(f"into voice: {exc}")
        announcement = await news.send("the garden opens at nine")
        await announcement.publish()

    return bot


LINES = [("alice", "general", "!follow", 5)]  # three answers, the announcement, its copy


async def test_following_an_announcement_channel_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, follower_bot, LINES, world=follow_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in ("Webhook WebhookType.channel_follower here True token None | news True "
                 "Garden Club None True <PartialWebhookChannel name='news' id=ID> "
                 "<PartialWebhookGuild name='Garden Club' id=ID> True",
                 "not news: The channel must be a news channel.",
                 "into voice: Expected TextChannel received VoiceChannel",
                 "arrived 'the garden opens at nine' crossposted True from news True"):
        assert line in text, line
