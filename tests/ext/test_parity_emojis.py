"""Custom emojis as a reaction-role or emoji-manager bot uses them: list and find them,
react with them, make one (limited to a role), rename it, fetch, delete it, hear
GUILD_EMOJIS_UPDATE; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

#: The smallest bytes that read as a PNG and as a GIF (the sandbox checks the type).
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32


def emoji_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "roles": [{"name": "Gardener"}],
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "add_reactions", "manage_expressions", "create_expressions",
                                "view_audit_log"],
            "channels": [{"name": "general"}, {"name": "log"}],
            "emojis": ["party", {"name": "dance", "animated": True}],
            "members": ["alice"],
        }],
    })


def emoji_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    made = {}

    def describe(e):
        return (f"{e.name} animated {e.animated} str ok "
                f"{str(e) == ('<a:' if e.animated else '<:') + e.name + ':' + str(e.id) + '>'} "
                f"url {e.url.rsplit('.', 1)[-1]} roles {[r.name for r in e.roles]}")

    @bot.command()
    async def emojis(ctx):
        party = discord.utils.get(ctx.guild.emojis, name="party")
        await ctx.send(
            f"{sorted(describe(e) for e in ctx.guild.emojis)}\n"
            f"bot knows {len(bot.emojis)}; get_emoji finds party "
            f"{bot.get_emoji(party.id) == party}; guild {party.guild.name}; "
            f"usable {party.is_usable()}; made {party.created_at is not None}; "
            f"limit {ctx.guild.emoji_limit}")

    @bot.command()
    async def react(ctx):
        sent = await ctx.send("pick one")
        for name in ("party", "dance"):
            await sent.add_reaction(discord.utils.get(ctx.guild.emojis, name=name))
        await sent.add_reaction("\N{SEEDLING}")
        again = await ctx.channel.fetch_message(sent.id)
        seen = [(getattr(r.emoji, "name", r.emoji), r.count, r.me) for r in again.reactions]
        await ctx.send(f"reactions {seen}")

    @bot.event
    async def on_guild_emojis_update(guild, before, after):
        log = discord.utils.get(guild.text_channels, name="log")
        await log.send(f"emojis {len(before)} -> {len(after)}: "
                       f"{sorted(e.name for e in after)}")

    @bot.command()
    async def make(ctx):
        role = discord.utils.get(ctx.guild.roles, name="Gardener")
        made["sprout"] = e = await ctx.guild.create_custom_emoji(
            name="sprout", image=PNG, roles=[role], reason="for gardeners")
        spin = await ctx.guild.create_custom_emoji(name="spin", image=GIF)
        made["spin"] = spin
        await ctx.send(f"made {describe(e)}; by {e.user.name}; usable {e.is_usable()}; "
                       f"spin animated {spin.animated}")

    @bot.command()
    async def rename(ctx):
        e = await made["sprout"].edit(name="seedling", roles=[], reason="for all")
        await ctx.send(f"now {describe(e)}")

    @bot.command()
    async def fetch(ctx):
        every = await ctx.guild.fetch_emojis()
        one = await ctx.guild.fetch_emoji(made["sprout"].id)
        await ctx.send(f"fetched {sorted(e.name for e in every)}; one {one.name}")

    @bot.command()
    async def drop(ctx):
        await made["spin"].delete(reason="too much")
        try:
            await ctx.guild.fetch_emoji(made["spin"].id)
        except discord.NotFound as exc:
            await ctx.send(f"gone ({exc.status} {exc.code})")

    @bot.command()
    async def bad(ctx):
        try:
            await ctx.guild.create_custom_emoji(name="x", image=PNG)
        except discord.HTTPException as exc:
            await ctx.send(f"refused ({exc.status} {exc.code})")

    @bot.command()
    async def logged(ctx):
        found = [entry async for entry in ctx.guild.audit_logs(limit=10)]
        await ctx.send(f"audit {[(e.action.name, e.reason) for e in found]}")

    return bot


LINES = [
    ("alice", "general", "!emojis"),
    ("alice", "general", "!react", 2),
    ("alice", "general", "!make", 3),  # two emojis updates and the answer
    ("alice", "general", "!rename", 2),
    ("alice", "general", "!fetch"),
    ("alice", "general", "!drop", 2),
    ("alice", "general", "!bad"),
    ("alice", "general", "!logged"),
]


async def test_custom_emojis_work_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, emoji_bot, LINES, world=emoji_world)
    # An emojis update's log line and the command's answer race each other (gateway
    # and REST are two connections): the same lines, in either order.
    assert sorted(said["tidecord"]) == sorted(said["discord.py"])
    text = "\n".join(said["tidecord"])
    for line in (
        "['dance animated True str ok True url webp?animated=true roles []', "
        "'party animated False str ok True url png roles []']",
        "bot knows 2; get_emoji finds party True; guild Sandbox; usable True; made True; "
        "limit 50",
        "reactions [('party', 1, True), ('dance', 1, True), ('🌱', 1, True)]",
        "made sprout animated False str ok True url png roles ['Gardener']; by SandboxBot; "
        "usable False; spin animated True",
        "now seedling animated False str ok True url png roles []",
        "fetched ['dance', 'party', 'seedling', 'spin']; one seedling",
        "gone (404 10014)",
        "refused (400 50035)",
        "#log: emojis 2 -> 3: ['dance', 'party', 'sprout']",
        "#log: emojis 4 -> 3: ['dance', 'party', 'seedling']",
        "audit [('emoji_delete', 'too much'), ('emoji_update', 'for all'), "
        "('emoji_create', None), ('emoji_create', 'for gardeners')]",
    ):
        assert line in text, line
