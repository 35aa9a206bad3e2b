"""A profile card bot: what a member shows of its guild and user profile (guild avatar
and banner, accent colour, badges, primary guild, avatar decoration, role icon) and
what a role shows (icon, gradient colours); both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from ..client.test_profiles import profile_world
from .parity import both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def card_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def card(m):
        pg = m.primary_guild
        return (f"{m.name}: guild avatar {m.guild_avatar} banner {m.guild_banner} "
                f"shown {m.display_banner}; accent {m.accent_colour} {m.accent_color}; "
                f"flags {m.public_flags.value} staff {m.public_flags.staff} system {m.system}; "
                f"primary {pg.id} {pg.identity_enabled} {pg.tag} {pg.badge}; "
                f"decoration {m.avatar_decoration} {m.avatar_decoration_sku_id}; "
                f"icon {m.display_icon}; resolved {m.resolved_permissions}; "
                f"collectibles {[shown(c) for c in m.collectibles]}")

    def shown(c):
        return (str(c.type), c.sku_id, c.label, str(c.palette), c.expires_at, c.static.url,
                c.animated.url, repr(c))

    @bot.command()
    async def profile(ctx, member: discord.Member = None):
        await ctx.send(card(member or ctx.author))

    @bot.command()
    async def fetched(ctx, member: discord.Member):
        await ctx.send("fetched " + card(await ctx.guild.fetch_member(member.id)))

    @bot.command()
    async def user(ctx, member: discord.Member):
        u = await bot.fetch_user(member.id)
        await ctx.send(f"user {u.name}: accent {u.accent_colour} {u.accent_color}; "
                       f"flags {u.public_flags.value}; decoration {u.avatar_decoration} "
                       f"{u.avatar_decoration_sku_id}; primary {u.primary_guild.tag}")

    @bot.command()
    async def roles(ctx):
        shown = [(r.name, str(r.display_icon), str(r.secondary_colour),
                  str(r.secondary_color), str(r.tertiary_colour), str(r.tertiary_color))
                 for r in ctx.guild.roles if r.name in ("Painter", "Potter", "Plain")]
        await ctx.send(f"roles {shown}")

    return bot


LINES = [
    ("alice", "general", "!profile"),
    ("alice", "general", "!profile bob"),
    ("alice", "general", "!fetched alice"),
    ("alice", "general", "!user alice"),
    ("alice", "general", "!user bob"),
    ("alice", "general", "!roles"),
]


async def test_profiles_read_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, card_bot, LINES, world=profile_world)
    assert said["tidecord"] == said["discord.py"]
    assert len(said["tidecord"]) == len(LINES)
    text = "\n".join(said["tidecord"])
    for part in ("accent #123456 #123456", "flags 4194305 staff True system False",
                 "primary 4242 True ART", "decoration https://cdn.discordapp.com/"
                 "avatar-decoration-presets/a_deco.png?size=96 77", "resolved None",
                 "bob: guild avatar None banner None shown None; accent None None",
                 "collectibles [('CollectibleType.nameplate', 88, 'Garden', "
                 "'NameplatePalette.forest', None"):
        assert part in text, part
