"""Soundboard sounds as a sound-manager bot uses them: list the guild's and Discord's,
upload one, edit it, hear the soundboard events, fetch, delete, and be refused; both
libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

#: Bytes that read as an MP3 (an ID3 tag), as discord.py and the sandbox check.
MP3 = b"ID3\x04\x00\x00" + b"\x00" * 32


def board_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "create_expressions", "view_audit_log"],
            "channels": [{"name": "general"}, {"name": "log"}],
            "emojis": ["party"],
            "members": ["alice"],
        }],
    })


async def alices_sound(sb: Sandbox) -> None:
    gid = sb.guild_named("Sandbox").id
    sb.state.add_soundboard_sound(gid, "honk", user_id=sb.user("alice").id,
                                  emoji_name="\N{POSTAL HORN}", volume=0.75)


def board_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    made = {}

    def describe(s):
        emoji = s.emoji if s.emoji is None or s.emoji.id is None else f"custom {s.emoji.id == 0}"
        return (f"{s.name} vol {s.volume} emoji {emoji} available {s.available} "
                f"by {s.user.name if s.user else None} guild {s.guild.name} "
                f"url {s.url.replace(str(s.id), 'ID')}")

    async def log(text):
        channel = discord.utils.get(bot.guilds[0].text_channels, name="log")
        await channel.send(text)

    @bot.event
    async def on_soundboard_sound_create(sound):
        await log(f"created {describe(sound)}")

    @bot.event
    async def on_soundboard_sound_update(before, after):
        await log(f"updated {before.name} -> {after.name}, vol {before.volume} -> "
                  f"{after.volume}, same {before == after}")

    @bot.event
    async def on_soundboard_sound_delete(sound):
        await log(f"deleted {sound.name}")

    @bot.command()
    async def sounds(ctx):
        honk = ctx.guild.soundboard_sounds[0]
        await ctx.send(f"{[describe(s) for s in ctx.guild.soundboard_sounds]}; "
                       f"get {ctx.guild.get_soundboard_sound(honk.id) == honk} "
                       f"client {bot.get_soundboard_sound(honk.id) == honk} "
                       f"{len(bot.soundboard_sounds)}; "
                       f"is SoundboardSound {isinstance(honk, discord.SoundboardSound)}")

    @bot.command()
    async def defaults(ctx):
        found = await bot.fetch_soundboard_default_sounds()
        quack = found[0]
        await ctx.send(f"{len(found)} defaults; first {quack.name} {quack.emoji} "
                       f"vol {quack.volume} url {quack.url} "
                       f"{type(quack).__name__}")

    @bot.command()
    async def make(ctx):
        sound = await ctx.guild.create_soundboard_sound(
            name="quack", sound=MP3, volume=0.5, emoji="\N{DUCK}", reason="for ducks")
        made["quack"] = sound
        await ctx.send(f"made {describe(sound)}")

    @bot.command()
    async def edit(ctx):
        party = ctx.guild.emojis[0]
        sound = await made["quack"].edit(name="QUACK", volume=1, emoji=party, reason="louder")
        await ctx.send(f"now {sound.name} vol {sound.volume} "
                       f"emoji id ok {sound.emoji.id == party.id}")
        plain = await sound.edit(emoji=None)
        await ctx.send(f"plain {plain.emoji}")

    @bot.command()
    async def fetch(ctx):
        every = await ctx.guild.fetch_soundboard_sounds()
        one = await ctx.guild.fetch_soundboard_sound(made["quack"].id)
        await ctx.send(f"fetched {sorted(s.name for s in every)}; one {describe(one)}")

    @bot.command()
    async def bad(ctx):
        honk = ctx.guild.soundboard_sounds[0]
        for attempt in (lambda: ctx.guild.create_soundboard_sound(name="x", sound=MP3),
                        lambda: made["quack"].edit(volume=3),
                        lambda: honk.edit(name="mine"),
                        lambda: honk.delete()):
            try:
                await attempt()
            except discord.HTTPException as exc:
                await ctx.send(f"refused {type(exc).__name__} ({exc.status} {exc.code})")

    @bot.command()
    async def drop(ctx):
        await made["quack"].delete(reason="too loud")
        try:
            await ctx.guild.fetch_soundboard_sound(made["quack"].id)
        except discord.NotFound as exc:
            await ctx.send(f"gone ({exc.status} {exc.code})")

    @bot.command()
    async def play(ctx, *, sound: discord.SoundboardSound):
        await ctx.send(f"found {sound.name} {sound == ctx.guild.get_soundboard_sound(sound.id)}")

    @play.error
    async def play_error(ctx, error):
        await ctx.send(f"{type(error).__name__}: {error}")

    @bot.command()
    async def logged(ctx):
        found = [entry async for entry in ctx.guild.audit_logs(limit=10)]
        await ctx.send(f"audit {[(e.action.name, e.reason) for e in found]}")

    return bot


def honk_id(sb: Sandbox) -> int:
    return int(sb.state.soundboard_sounds(sb.guild_named("Sandbox").id)[0].id)


def boosts_lost(sb: Sandbox) -> None:
    sb.state.set_sounds_available(sb.guild_named("Sandbox").id, False)


LINES = [
    ("alice", "general", "!sounds"),
    ("alice", "general", "!play honk"),
    ("alice", "general", lambda sb: f"!play {honk_id(sb)}"),
    ("alice", "general", "!play nothing"),
    ("alice", "general", "!defaults"),
    ("alice", "general", "!make", 2),  # the answer and the create event's log line
    ("alice", "general", "!edit", 4),
    ("alice", "general", "!fetch"),
    Do(boosts_lost, replies=2),
    ("alice", "general", "!bad", 4),
    ("alice", "general", "!drop", 2),
    ("alice", "general", "!logged"),
]


async def test_soundboard_sounds_work_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, board_bot, LINES, world=board_world,
                      prepare=alices_sound)
    # An event's log line and the command's answer race each other (gateway and REST
    # are two connections): the same lines, in either order.
    assert sorted(said["tidecord"]) == sorted(said["discord.py"])
    text = "\n".join(said["tidecord"])
    for line in (
        "found honk True", 'SoundboardSoundNotFound: SoundboardSound "nothing" not found.',
        "['honk vol 0.75 emoji 📯 available True by None guild Sandbox url "
        "https://cdn.discordapp.com/soundboard-sounds/ID']; get True client True 1; "
        "is SoundboardSound True",
        "6 defaults; first quack 🦆 vol 1.0 url https://cdn.discordapp.com/soundboard-sounds/1 "
        "SoundboardDefaultSound",
        "made quack vol 0.5 emoji 🦆 available True by SandboxBot guild Sandbox",
        "#log: created quack vol 0.5 emoji 🦆",
        "now QUACK vol 1.0 emoji id ok True",
        "plain None",
        "#log: updated quack -> QUACK, vol 0.5 -> 1.0, same True",
        "fetched ['QUACK', 'honk']",
        "#log: updated honk -> honk, vol 0.75 -> 0.75, same True",
        "refused HTTPException (400 50035)",
        "refused Forbidden (403 50013)",
        "gone (404 10097)",
        "#log: deleted QUACK",
        "audit [('soundboard_sound_delete', 'too loud'), ('soundboard_sound_update', None), "
        "('soundboard_sound_update', 'louder'), ('soundboard_sound_create', 'for ducks')]",
    ):
        assert line in text, line
