"""A bot that keeps its own emojis (the application's, not a guild's): it makes them,
lists and fetches them, renames and deletes one, meets Discord's refusals, tells them
from a guild's emoji, and reads its guild's preview; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
GIF = b"GIF89a" + b"\0" * 16


def emoji_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def about(e):
        return (f"{e.name} animated {e.animated} owned {e.is_application_owned()} "
                f"guild {e.guild_id} by {e.user.name if e.user else None} "
                f"mine {e.user is not None and e.user.id == bot.user.id}")

    def refusal(exc):
        return f"{type(exc).__name__} {exc.status} {exc.code}"

    @bot.command()
    async def make(ctx):
        tide = await bot.create_application_emoji(name="tide", image=PNG)
        wave = await bot.create_application_emoji(name="wave", image=GIF)
        await ctx.send(f"made {about(tide)} | {about(wave)}")

    @bot.command()
    async def look(ctx):
        found = await bot.fetch_application_emojis()
        one = await bot.fetch_application_emoji(found[0].id)
        party = ctx.guild.emojis[0]
        await ctx.send(f"listed {[about(e) for e in found]} | fetched {about(one)} "
                       f"same {one == found[0]} | guild's {party.name} owned "
                       f"{party.is_application_owned()}")

    @bot.command()
    async def change(ctx):
        found = await bot.fetch_application_emojis()
        renamed = await found[0].edit(name="tides")
        await found[1].delete()
        left = await bot.fetch_application_emojis()
        await ctx.send(f"renamed {about(renamed)} | left {[e.name for e in left]}")

    @bot.command()
    async def refused(ctx):
        said = []
        for name, image in (("tides", PNG), ("x", PNG), ("has space", PNG)):
            try:
                await bot.create_application_emoji(name=name, image=image)
            except discord.HTTPException as exc:
                said.append(f"{name}: {refusal(exc)}")
        try:
            await bot.fetch_application_emoji(1234567890123)
        except discord.HTTPException as exc:
            said.append(f"unknown: {refusal(exc)}")
        await ctx.send("; ".join(said))

    @bot.command()
    async def preview(ctx):
        p = await bot.fetch_guild_preview(ctx.guild.id)
        try:
            await bot.fetch_guild_preview(1234567890123)
        except discord.HTTPException as exc:
            missing = refusal(exc)
        await ctx.send(
            f"{p} {p.id == ctx.guild.id} {p.description} {sorted(p.features)} members "
            f"{p.approximate_member_count} emojis {[e.name for e in p.emojis]} "
            f"stickers {list(p.stickers)} icon {p.icon} created {p.created_at} "
            f"equal {p == await bot.fetch_guild_preview(ctx.guild.id)}; other: {missing}")

    return bot


LINES = [
    ("alice", "general", "!make"),
    ("alice", "general", "!look"),
    ("alice", "general", "!change"),
    ("alice", "general", "!refused"),
    ("alice", "general", "!preview"),
]


async def test_application_emojis_read_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, emoji_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    assert "owned True guild 0 by SandboxBot mine True" in text
    assert "guild's party owned False" in text
    assert "left ['tides']" in text
    assert "tides: HTTPException 400 50035" in text and "unknown: NotFound 404 10014" in text
    assert "other: NotFound 404 10004" in text
