"""An image bot: the guild's icon, banner and splashes, a member's avatars, a role's
icon, each resized and reformatted, and the bot changing its own avatar; both
libraries must give the same URLs and refuse the same sizes and formats."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from ..client.test_profiles import HASH, profile_world
from .parity import both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def image_world() -> World:
    """The profile world, with a moving guild icon, a banner and splashes, and an
    avatar for alice (bob keeps none)."""
    world = profile_world()
    guild = world.guilds[0]
    guild.icon_hash = "a_" + HASH
    guild.banner_hash = "b" * 32
    guild.splash_hash = "c" * 32
    guild.discovery_splash_hash = "d" * 32
    world.users[0].avatar_hash = HASH
    return world


def image_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def variants(asset):
        if asset is None:
            return "none"
        shown = [asset.url, asset.key, asset.is_animated(), str(asset) == asset.url,
                 asset.with_size(64).url, asset.with_format("webp").url,
                 asset.with_static_format("jpg").url,
                 asset.replace(size=4096, static_format="png").url]
        for bad in (lambda: asset.with_size(100), lambda: asset.with_format("bmp"),
                    lambda: asset.replace(size=8)):
            try:
                bad()
            except ValueError:
                shown.append("refused")
        return " | ".join(map(str, shown))

    @bot.command()
    async def guild(ctx):
        g = ctx.guild
        for name in ("icon", "banner", "splash", "discovery_splash"):
            await ctx.send(f"{name}: {variants(getattr(g, name))}")

    @bot.command()
    async def avatars(ctx, member: discord.Member):
        await ctx.send(f"{member.name} avatar: {variants(member.avatar)}")
        await ctx.send(f"{member.name} guild avatar: {variants(member.guild_avatar)}")
        await ctx.send(f"{member.name} shown: {member.display_avatar.url} "
                       f"default: {member.default_avatar.url} "
                       f"user's: {variants(bot.get_user(member.id).avatar)}")

    @bot.command()
    async def role(ctx, *, name):
        r = discord.utils.get(ctx.guild.roles, name=name)
        await ctx.send(f"{r.name}: {variants(r.icon)} shown {r.display_icon}")

    @bot.command()
    async def fetched(ctx, member: discord.Member):
        u = await bot.fetch_user(member.id)
        await ctx.send(f"{u.name} banner: {variants(u.banner)}")

    @bot.command()
    async def selfie(ctx):
        mine = await bot.user.edit(avatar=PNG)
        key = mine.avatar.key
        await ctx.send(f"mine: {len(key)} {mine.avatar.url.replace(key, 'KEY')} "
                       f"{mine.avatar.is_animated()}")
        gone = await bot.user.edit(avatar=None)
        await ctx.send(f"removed: {gone.avatar} shown {gone.display_avatar.url}")

    return bot


LINES = [
    ("alice", "general", "!guild", 4),
    ("alice", "general", "!avatars alice", 3),
    ("alice", "general", "!avatars bob", 3),
    ("alice", "general", "!role Painter"),
    ("alice", "general", "!role Potter"),
    ("alice", "general", "!fetched alice"),
    ("alice", "general", "!selfie", 2),
]


async def test_images_read_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, image_bot, LINES, world=image_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    cdn = "https://cdn.discordapp.com"
    for part in (f"icon: {cdn}/icons/", f"a_{HASH}.gif?size=1024 | a_{HASH} | True",
                 f"banner: {cdn}/banners/", f"splash: {cdn}/splashes/",
                 f"discovery_splash: {cdn}/discovery-splashes/",
                 f"alice avatar: {cdn}/avatars/", "refused | refused | refused",
                 "bob avatar: none", f"Painter: {cdn}/role-icons/", "Potter: none",
                 "mine: 32 ", "removed: None shown"):
        assert part in text, part
