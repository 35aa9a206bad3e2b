"""Allowed mentions as a careful bot sets them: once on the bot (no @everyone, ever),
then per message on top (no users either, a listed user only), a reply that does not
ping its author, and the bot's setting changed while it runs. What each sent message
ends up pinging must be the same on both libraries."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def pings_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "mention_everyone"],
            "roles": [{"name": "Gardeners", "mentionable": True}],
            "channels": [{"name": "general"}],
            "members": [{"user": "alice", "roles": ["Gardeners"]}, "bob"],
        }],
    })


def careful_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None,
                       allowed_mentions=discord.AllowedMentions(everyone=False))

    def pinged(message):
        users = ",".join(sorted(u.name for u in message.mentions)) or "-"
        roles = ",".join(sorted(r.name for r in message.role_mentions)) or "-"
        return f"everyone {message.mention_everyone}, users {users}, roles {roles}"

    async def call(ctx, **options):
        bob = discord.utils.get(ctx.guild.members, name="bob")
        role = discord.utils.get(ctx.guild.roles, name="Gardeners")
        text = f"@everyone {ctx.author.mention} {bob.mention} {role.mention} water time"
        return await ctx.send(text, **options)

    @bot.command()
    async def plain(ctx):
        sent = await call(ctx)
        await ctx.send(f"plain: {pinged(sent)}")

    @bot.command()
    async def nousers(ctx):
        sent = await call(ctx, allowed_mentions=discord.AllowedMentions(users=False))
        await ctx.send(f"nousers: {pinged(sent)}")

    @bot.command()
    async def onlybob(ctx):
        bob = discord.utils.get(ctx.guild.members, name="bob")
        sent = await call(ctx, allowed_mentions=discord.AllowedMentions(
            users=[bob], roles=False))
        await ctx.send(f"onlybob: {pinged(sent)}")

    @bot.command()
    async def quiet(ctx):
        sent = await ctx.reply("noted", mention_author=False)
        loud = await ctx.reply("noted loudly")
        await ctx.send(f"quiet: {pinged(sent)}; loud: {pinged(loud)}")

    @bot.command()
    async def unleash(ctx):
        bot.allowed_mentions = discord.AllowedMentions.all()
        sent = await call(ctx)
        bot.allowed_mentions = discord.AllowedMentions.none()
        hushed = await call(ctx)
        try:
            bot.allowed_mentions = "everyone"
        except TypeError as exc:
            refused = type(exc).__name__
        await ctx.send(f"unleashed: {pinged(sent)}; none: {pinged(hushed)}; "
                       f"a string: {refused}; now {bot.allowed_mentions}")

    return bot


LINES = [
    ("alice", "general", "!plain", 2),
    ("alice", "general", "!nousers", 2),
    ("alice", "general", "!onlybob", 2),
    ("alice", "general", "!quiet", 3),
    ("alice", "general", "!unleash", 3),
]


async def test_allowed_mentions_behave_alike(sandbox_factory: Any) -> None:
    runs = await both(sandbox_factory, careful_bot, LINES, world=pings_world)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    text = "\n".join(ours)
    for expected in ("plain: everyone False, users alice,bob, roles Gardeners",
                     "nousers: everyone False, users -, roles Gardeners",
                     "onlybob: everyone False, users bob, roles -",
                     "quiet: everyone False, users -, roles -; "
                     "loud: everyone False, users alice, roles -",
                     "unleashed: everyone True, users alice,bob, roles Gardeners; "
                     "none: everyone False, users -, roles -; a string: TypeError"):
        assert expected in text, expected
