"""Voice as a voice-log and "create a room" bot sees it: people join, move, mute
themselves and leave; the bot logs each change, makes a room for whoever joins the
lobby and moves them into it, deletes an emptied room, and moderates (move, server
mute, deafen, disconnect, read a voice state). Both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]


def voice_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"},
                  {"username": "carol", "global_name": "Carol"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_channels", "connect", "move_members",
                                "mute_members", "deafen_members"],
            "channels": [
                {"name": "general"},
                {"name": "voice-log"},
                {"name": "Voice", "type": 4},
                {"name": "Lounge", "type": 2, "parent": "Voice"},
                {"name": "Quiet", "type": 2, "parent": "Voice"},
                {"name": "Create a room", "type": 2, "parent": "Voice"},
                {"name": "Town Hall", "type": 13, "parent": "Voice"},
            ],
            "members": ["alice", {"user": "bob", "nick": "Bobby"}, "carol"],
        }],
    })


def voice_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    flags = ("self_mute", "self_deaf", "mute", "deaf", "self_video", "self_stream",
             "suppress")

    def describe(voice):
        if voice is None:
            return "not in voice"
        on = [name for name in flags if getattr(voice, name)]
        return f"in {voice.channel.name} ({', '.join(on) or 'nothing on'})"

    @bot.event
    async def on_voice_state_update(member, before, after):
        log = discord.utils.get(member.guild.text_channels, name="voice-log")
        who = member.display_name
        if before.channel is None and after.channel is not None:
            await log.send(f"{who} joined {after.channel.name} ({describe(after)})")
            if after.channel.name == "Create a room":
                room = await member.guild.create_voice_channel(
                    f"{who}'s room", category=after.channel.category)
                await member.move_to(room)
        elif after.channel is None:
            text = f"{who} left {before.channel.name}"
            if before.channel.name.endswith("'s room") and not before.channel.members:
                await before.channel.delete()
                text += "; the room is gone"
            await log.send(text)
        elif before.channel != after.channel:
            await log.send(f"{who} moved from {before.channel.name} to {after.channel.name}")
        else:
            changed = [f"{n} {getattr(after, n)}" for n in flags
                       if getattr(before, n) != getattr(after, n)]
            await log.send(f"{who} in {after.channel.name}: {', '.join(changed)}")

    @bot.command()
    async def where(ctx, member: discord.Member):
        await ctx.send(f"{member.display_name} is {describe(member.voice)}")

    @bot.command()
    async def who(ctx, *, name):
        room = discord.utils.get(ctx.guild.voice_channels + ctx.guild.stage_channels,
                                 name=name)
        people = sorted(m.display_name for m in room.members)
        await ctx.send(f"{room.name}: {', '.join(people) or 'nobody'} "
                       f"({len(room.voice_states)} connected)")

    @bot.command()
    async def drag(ctx, member: discord.Member, *, name):
        await ctx.send(f"dragging {member.display_name}")
        await member.move_to(discord.utils.get(ctx.guild.voice_channels, name=name))

    @bot.command()
    async def hush(ctx, member: discord.Member):
        try:
            await ctx.send(f"hushing {member.display_name}")
            await member.edit(mute=True, deafen=True, reason="too loud")
        except discord.HTTPException as exc:
            await ctx.send(f"cannot: {exc.status} {exc.code}")

    @bot.command()
    async def unhush(ctx, member: discord.Member):
        await ctx.send(f"unhushing {member.display_name}")
        await member.edit(mute=False, deafen=False)

    @bot.command()
    async def boot(ctx, member: discord.Member):
        await ctx.send(f"disconnecting {member.display_name}")
        await member.move_to(None)

    @bot.command()
    async def fetched(ctx, member: discord.Member):
        try:
            voice = await member.fetch_voice()
        except discord.NotFound as exc:
            await ctx.send(f"{member.display_name}: {exc.status} {exc.code}")
            return
        await ctx.send(f"{member.display_name} fetched: {describe(voice)}")

    @bot.command()
    async def badmove(ctx, member: discord.Member):
        try:
            await member.move_to(discord.utils.get(ctx.guild.text_channels, name="general"))
        except discord.HTTPException as exc:
            await ctx.send(f"refused: {exc.status} {exc.code}")

    return bot


async def _bob_in_the_lounge(sb: Sandbox) -> None:
    # Connected before the bot is: GUILD_CREATE's voice states tell it.
    await sb.join_voice("bob", "Lounge", self_mute=True)


def _act(action: Any, name: str, replies: int) -> Do:
    action.__name__ = name
    return Do(action, replies)


LINES = [
    ("alice", "general", "!who Lounge"),
    ("alice", "general", "!where bob"),
    ("alice", "general", "!where carol"),
    ("alice", "general", "!fetched carol"),
    ("alice", "general", "!hush carol", 2),
    _act(lambda sb: sb.join_voice("carol", "Quiet"), "carol joins Quiet", 1),
    _act(lambda sb: sb.set_voice("carol", self_deaf=True, self_video=True),
         "carol deafens herself", 1),
    _act(lambda sb: sb.join_voice("carol", "Lounge"), "carol moves", 1),
    ("alice", "general", "!who Lounge"),
    ("alice", "general", "!hush bob", 2),
    ("alice", "general", "!where bob"),
    ("alice", "general", "!fetched bob"),
    ("alice", "general", "!unhush bob", 2),
    ("alice", "general", "!drag bob Quiet", 2),
    ("alice", "general", "!badmove bob"),
    _act(lambda sb: sb.join_voice("alice", "Create a room"), "alice joins the lobby", 2),
    ("alice", "general", "!where alice"),
    _act(lambda sb: sb.join_voice("carol", "Town Hall"), "carol goes on stage", 1),
    ("alice", "general", "!where carol"),
    ("alice", "general", "!boot carol", 2),
    _act(lambda sb: sb.leave_voice("alice"), "alice leaves", 1),
    ("alice", "general", "!who Quiet"),
]


async def test_voice_states_behave_alike(sandbox_factory: Any) -> None:
    runs = await both(sandbox_factory, voice_bot, LINES, world=voice_world,
                      prepare=_bob_in_the_lounge)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    said = "\n".join(ours)
    for expected in ("Lounge: Bobby (1 connected)", "Bobby is in Lounge (self_mute)",
                     "Carol: 404 10065", "cannot: 400 40032",
                     "Carol joined Quiet (in Quiet (nothing on))",
                     "Carol in Quiet: self_deaf True, self_video True",
                     "Carol moved from Quiet to Lounge",
                     "Bobby in Lounge: mute True, deaf True",
                     "refused: 400 50024",
                     "Alice moved from Create a room to Alice's room",
                     "Alice is in Alice's room", "Carol is in Town Hall (self_deaf, "
                     "self_video, suppress)", "Carol left Town Hall",
                     "Alice left Alice's room; the room is gone", "Quiet: Bobby (1 connected)"):
        assert expected in said, expected
