"""Wherever a payload names the bot itself (the maker of a sticker or of a scheduled
event it created, the author of a DM it sent, itself mentioned there), discord.py
2.7.1 hands out its own ClientUser, whose ``locale``, ``verified`` and
``mfa_enabled`` only READY carries. The same bot on tidecord and on discord.py must
read the same values there as on ``bot.user``, whether the object came back from the
call that made it, from a fetch, or from the cache the gateway keeps."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
import datetime
import io
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

# A file's header is all the sandbox checks of a sticker's.
_PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def own_world() -> World:
    return World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Home", "owner": "alice", "bot_permissions": ["administrator"],
                    "channels": [{"name": "general"}], "members": ["alice"]}],
    })


def own_user_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.all()
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def who(user: Any) -> str:
        if user is None:
            return "None"
        return (f"{user.locale}/{user.verified}/{user.mfa_enabled}/"
                f"{user == bot.user}/{user.name == bot.user.name}")

    @bot.command()
    async def mine(ctx: Any) -> None:
        guild = ctx.guild
        sticker = await guild.create_sticker(
            name="wave", description="a wave", emoji="wave",
            file=discord.File(io.BytesIO(_PNG), filename="s.png"))
        start = discord.utils.utcnow() + datetime.timedelta(days=1)
        event = await guild.create_scheduled_event(
            name="Meetup", start_time=start, end_time=start + datetime.timedelta(hours=1),
            entity_type=discord.EntityType.external, location="park",
            privacy_level=discord.PrivacyLevel.guild_only)
        dm = await ctx.author.send(f"hello from {bot.user.mention}")
        await asyncio.sleep(0.3)  # the gateway's GUILD_STICKERS_UPDATE and event create
        cached_sticker = discord.utils.get(guild.stickers, id=sticker.id)
        history = [m async for m in dm.channel.history(limit=1)]
        await ctx.send("\n".join([
            f"bot.user {who(bot.user)}",
            f"sticker {who(sticker.user)}",
            f"fetched sticker {who((await guild.fetch_sticker(sticker.id)).user)}",
            f"cached sticker {who(cached_sticker.user if cached_sticker else None)}",
            f"event {who(event.creator)}",
            f"fetched event {who((await guild.fetch_scheduled_event(event.id)).creator)}",
            f"cached event {who(guild.get_scheduled_event(event.id).creator)}",
            f"dm author {who(dm.author)} mentioned {who(dm.mentions[0])}",
            f"fetched dm {who((await dm.channel.fetch_message(dm.id)).author)}",
            f"dm history {who(history[0].author)} mentioned {who(history[0].mentions[0])}",
        ]))

    return bot


async def test_the_bot_named_by_a_payload_is_its_own_user(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, own_user_bot, [("alice", "general", "!mine", 2)],
                      world=own_world)
    assert said["tidecord"] == said["discord.py"]
    mine = "en-US/True/False/True/True"
    assert said["tidecord"][0] == "#general: " + "\n".join([
        f"bot.user {mine}", f"sticker {mine}", f"fetched sticker {mine}",
        f"cached sticker {mine}", f"event {mine}", f"fetched event {mine}",
        f"cached event {mine}", f"dm author {mine} mentioned {mine}", f"fetched dm {mine}",
        f"dm history {mine} mentioned {mine}"])
