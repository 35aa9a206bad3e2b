"""Guild stickers as a sticker-manager bot uses them: list and find them, upload two,
edit one, send one, hear what stickers people send and when the guild's change,
fetch, convert, delete; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import io
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

#: The smallest bytes that read as a PNG and as a GIF (the sandbox checks the type).
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32


def sticker_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_expressions", "create_expressions", "view_audit_log"],
            "channels": [{"name": "general"}, {"name": "log"}],
            "stickers": [{"name": "wave", "emoji": "waving_hand"},
                         {"name": "dance", "emoji": "dancer", "format_type": 4}],
            "members": ["alice"],
        }],
    })


def sticker_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    made = {}

    def describe(s):
        return (f"{s.name} [{s.emoji}] {s.format} {s.format.name} {s.type} "
                f"str {str(s) == s.name} url {s.url.replace(str(s.id), 'ID')} "
                f"description {s.description!r} available {s.available}")

    @bot.command()
    async def stickers(ctx):
        wave = discord.utils.get(ctx.guild.stickers, name="wave")
        await ctx.send(
            f"{sorted(describe(s) for s in ctx.guild.stickers)}\n"
            f"bot knows {len(bot.stickers)}; get_sticker finds wave "
            f"{bot.get_sticker(wave.id) == wave}; guild {wave.guild.name}; "
            f"guild_id ok {wave.guild_id == ctx.guild.id}; made {wave.created_at is not None}; "
            f"limit {ctx.guild.sticker_limit}; "
            f"is GuildSticker {isinstance(wave, discord.GuildSticker)} "
            f"is Sticker {isinstance(wave, discord.Sticker)}")

    @bot.event
    async def on_guild_stickers_update(guild, before, after):
        log = discord.utils.get(guild.text_channels, name="log")
        await log.send(f"stickers {len(before)} -> {len(after)}: "
                       f"{sorted(s.name for s in after)}")

    @bot.event
    async def on_message(message):
        if message.author != bot.user and message.stickers:
            item = message.stickers[0]
            full = await item.fetch()
            await message.channel.send(
                f"{message.author.name} sent {[str(s) for s in message.stickers]} "
                f"format {item.format} url {item.url.replace(str(item.id), 'ID')}; "
                f"fetched {type(full).__name__} {full.name} [{full.emoji}] "
                f"by {full.user}; is item {isinstance(item, discord.StickerItem)}")
        await bot.process_commands(message)

    @bot.command()
    async def make(ctx):
        sprout = await ctx.guild.create_sticker(
            name="sprout", description="a small plant", emoji="seedling",
            file=discord.File(io.BytesIO(PNG), filename="sprout.png"), reason="for gardeners")
        spin = await ctx.guild.create_sticker(
            name="spin", emoji="cyclone", file=discord.File(io.BytesIO(GIF), filename="spin.gif"))
        made["sprout"], made["spin"] = sprout, spin
        await ctx.send(f"made {describe(sprout)}; by {sprout.user.name}; "
                       f"and {describe(spin)}")

    @bot.command()
    async def edit(ctx):
        s = await made["sprout"].edit(name="seedling", description="", emoji="\N{SEEDLING}",
                                      reason="renamed")
        made["sprout"] = s
        await ctx.send(f"now {describe(s)}")

    @bot.command()
    async def fetch(ctx):
        every = await ctx.guild.fetch_stickers()
        one = await ctx.guild.fetch_sticker(made["sprout"].id)
        anywhere = await bot.fetch_sticker(made["spin"].id)
        await ctx.send(f"fetched {sorted(s.name for s in every)}; one {describe(one)}; "
                       f"anywhere {type(anywhere).__name__} {anywhere.name} "
                       f"user {anywhere.user}")

    @bot.command()
    async def send(ctx):
        sent = await ctx.send("have a sprout", stickers=[made["sprout"]])
        await ctx.send(f"sent {[(s.name, s.format.name) for s in sent.stickers]}")

    @bot.command()
    async def about(ctx, sticker: discord.GuildSticker):
        await ctx.send(f"about {sticker.name} [{sticker.emoji}]")

    @about.error
    async def about_error(ctx, error):
        await ctx.send(f"about failed: {type(error).__name__} {error}")

    @bot.command()
    async def drop(ctx):
        await ctx.guild.delete_sticker(made["spin"], reason="too much")
        await made["sprout"].delete()
        try:
            await ctx.guild.fetch_sticker(made["spin"].id)
        except discord.NotFound as exc:
            await ctx.send(f"gone ({exc.status} {exc.code})")

    @bot.command()
    async def bad(ctx):
        try:
            await ctx.guild.create_sticker(name="x", emoji="x",
                                           file=discord.File(io.BytesIO(PNG), filename="x.png"))
        except discord.HTTPException as exc:
            await ctx.send(f"name refused ({exc.status} {exc.code})")
        try:
            await ctx.send(stickers=[discord.Object(id=12345)])
        except discord.HTTPException as exc:
            await ctx.send(f"unknown sticker refused ({exc.status} {exc.code})")

    @bot.command()
    async def logged(ctx):
        found = [entry async for entry in ctx.guild.audit_logs(limit=10)]
        await ctx.send(f"audit {[(e.action.name, e.reason) for e in found]}")

    return bot


def people_send_stickers(sb: Sandbox) -> Any:
    wave = sb.guild_named("Sandbox").stickers[0]
    return sb.send_message("alice", "general", "look", stickers=[wave])


LINES = [
    ("alice", "general", "!stickers"),
    Do(people_send_stickers, replies=1),
    ("alice", "general", "!make", 3),  # two stickers updates and the answer
    ("alice", "general", "!edit", 2),
    ("alice", "general", "!fetch"),
    ("alice", "general", "!send", 2),
    ("alice", "general", "!about seedling"),
    ("alice", "general", "!about nothing"),
    ("alice", "general", "!drop", 3),
    ("alice", "general", "!bad", 2),
    ("alice", "general", "!logged"),
]


async def test_guild_stickers_work_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, sticker_bot, LINES, world=sticker_world)
    # A stickers update's log line and the command's answer race each other (gateway
    # and REST are two connections): the same lines, in either order.
    assert sorted(said["tidecord"]) == sorted(said["discord.py"])
    text = "\n".join(said["tidecord"])
    for line in (
        "bot knows 2; get_sticker finds wave True; guild Sandbox; guild_id ok True; "
        "made True; limit 5; is GuildSticker True is Sticker True",
        "alice sent ['wave'] format StickerFormatType.png url "
        "https://cdn.discordapp.com/stickers/ID.png; fetched GuildSticker "
        "wave [waving_hand] by None; is item True",
        "made sprout [seedling] StickerFormatType.png png StickerType.guild str True "
        "url https://cdn.discordapp.com/stickers/ID.png description 'a small plant' "
        "available True; by SandboxBot; and spin [cyclone] StickerFormatType.gif gif "
        "StickerType.guild str True url https://media.discordapp.net/stickers/ID.gif",
        "now seedling [SEEDLING] StickerFormatType.png",
        "fetched ['dance', 'seedling', 'spin', 'wave']",
        "anywhere GuildSticker spin user None",
        "have a sprout",
        "sent [('seedling', 'png')]",
        "about seedling [SEEDLING]",
        'about failed: GuildStickerNotFound Sticker "nothing" not found.',
        "gone (404 10060)",
        "name refused (400 50035)",
        "unknown sticker refused (400 50081)",
        "#log: stickers 2 -> 3: ['dance', 'sprout', 'wave']",
        "#log: stickers 4 -> 3: ['dance', 'seedling', 'wave']",
        "#log: stickers 3 -> 2: ['dance', 'wave']",
        "audit [('sticker_delete', None), ('sticker_delete', 'too much'), "
        "('sticker_update', 'renamed'), ('sticker_create', None), "
        "('sticker_create', 'for gardeners')]",
    ):
        assert line in text, line
