"""A channel a bot knows by id alone and of no guild it named
(``bot.get_partial_messageable(id)`` without ``guild_id``), as discord.py 2.7.1 hands
it: its ``guild_id`` reads ``None`` (not a sentinel), it has no guild, links through
``@me``, grants nothing, and still sends, fetches and reads history; a message it names
links through ``@me`` too. Asked of a guild channel and of a DM, the same bot on
tidecord and on discord.py must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def guildless_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def kinds(channel: Any) -> list[str]:
        return [kind.__name__ for kind in (discord.PartialMessageable, discord.TextChannel,
                                           discord.DMChannel) if isinstance(channel, kind)]

    @bot.command()
    async def loose(ctx: Any) -> None:
        ids = {ctx.channel.id: "CHANNEL", ctx.message.id: "ASKED"}
        if ctx.guild is not None:
            ids[ctx.guild.id] = "GUILD"

        def plain(text: str) -> str:
            for number, name in ids.items():
                text = text.replace(str(number), name)
            return text

        channel = bot.get_partial_messageable(ctx.channel.id)
        named = channel.get_partial_message(ctx.message.id)
        sent = await channel.send("through it")
        fetched = await channel.fetch_message(ctx.message.id)
        history = [m.content async for m in channel.history(limit=1)]
        await ctx.send(plain(
            f"guild_id={channel.guild_id!r} is None={channel.guild_id is None} "
            f"truthy={bool(channel.guild_id)} guild={channel.guild} url={channel.jump_url} "
            f"perms={channel.permissions_for(ctx.author).value} kinds={kinds(channel)} | "
            f"named url={named.jump_url} guild={named.guild} | "
            f"sent={sent.content} fetched={fetched.content} history={history}"))

    return bot


async def test_a_channel_known_by_id_alone_has_no_guild(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, guildless_bot, [
        ("alice", "general", "!loose", 2),
        ("bob", "dm", "!loose", 2),
    ])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][1] == (
        "#general: guild_id=None is None=True truthy=False guild=None "
        "url=https://discord.com/channels/@me/CHANNEL perms=0 kinds=['PartialMessageable'] | "
        "named url=https://discord.com/channels/@me/CHANNEL/ASKED guild=None | "
        "sent=through it fetched=!loose history=['through it']")
