"""Presences as a status bot reads them: who is online and doing what, and each
change as it happens; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

SONG = {"name": "Spotify", "type": 2, "details": "Harbour Lights", "state": "Ana; The Tides",
        "sync_id": "7ouMYWpwJ422jRcDASZB7P", "session_id": "s1",
        "assets": {"large_image": "spotify:ab67616d0000b273", "large_text": "Low Water"},
        "timestamps": {"start": 1_700_000_000_000, "end": 1_700_000_215_000}}


def presence_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    intents.presences = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def doing(activity):
        if activity is None:
            return "nothing"
        if isinstance(activity, discord.Spotify):
            return (f"Spotify: {activity.title} by {', '.join(activity.artists)} from "
                    f"{activity.album}, {int(activity.duration.total_seconds())} s, "
                    f"cover {activity.album_cover_url}")
        if isinstance(activity, discord.Game):
            return f"playing {activity.name}"
        if isinstance(activity, discord.Streaming):
            return f"streaming {activity.name} at {activity.url}"
        if isinstance(activity, discord.CustomActivity):
            return f"custom {activity}"
        return f"{activity.type.name} {activity.name} ({type(activity).__name__})"

    def line(member):
        return (f"{member.display_name} {member.status} (raw {member.raw_status}, "
                f"desktop {member.desktop_status}, mobile {member.mobile_status}, "
                f"web {member.web_status}, on mobile {member.is_on_mobile()}): "
                f"{'; '.join(doing(a) for a in member.activities) or 'nothing'}")

    @bot.command()
    async def who(ctx):
        people = sorted((m for m in ctx.guild.members if not m.bot), key=lambda m: m.name)
        await ctx.send("\n".join(line(m) for m in people))

    @bot.command()
    async def online(ctx):
        counts = {}
        for member in ctx.guild.members:
            counts[str(member.status)] = counts.get(str(member.status), 0) + 1
        shown = sum(1 for m in ctx.guild.members if m.status is not discord.Status.offline)
        await ctx.send(f"{shown} not offline; {sorted(counts.items())}")

    @bot.command()
    async def status(ctx, member: discord.Member):
        first = member.activity is None or member.activity == member.activities[0]
        await ctx.send(f"{line(member)}; activity is first: {first}")

    @bot.event
    async def on_presence_update(before, after):
        if before.status == after.status and before.activities == after.activities:
            return
        channel = discord.utils.get(after.guild.text_channels, name="general")
        await channel.send(f"{after.name}: {before.status} -> {after.status}, "
                           f"{doing(before.activity)} -> {doing(after.activity)}")

    return bot


async def prepare(sb: Sandbox) -> None:
    await sb.set_presence("alice", "idle", activities=[{"name": "chess", "type": 0}],
                          platforms=["mobile"])
    await sb.set_presence("bob", "dnd", activities=[
        {"name": "Custom Status", "type": 4, "state": "out fishing", "emoji": {"name": "🎣"}},
        SONG], platforms=["desktop", "web"])


def presence(person: str, status: str, *activities: Any, platforms=("desktop",)) -> Do:
    async def change(sb: Sandbox) -> None:
        await sb.set_presence(person, status, activities=list(activities),
                              platforms=platforms)
    change.__name__ = f"{person} {status}"
    return Do(change, replies=1)


LINES = [
    ("alice", "general", "!who"),
    ("alice", "general", "!online"),
    presence("carol", "online", {"name": "speedruns", "type": 1,
                                 "url": "https://twitch.tv/carol"}),
    presence("alice", "online", {"name": "the tide", "type": 3}),
    presence("bob", "offline"),
    presence("carol", "idle", {"name": "chess", "type": 0, "application_id": "123456"},
             platforms=("web",)),
    ("alice", "general", "!status Carol"),
    ("alice", "general", "!status bob"),
    ("alice", "general", "!online"),
]


async def test_presences_read_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, presence_bot, LINES, prepare=prepare)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    assert "Alice idle (raw idle, desktop offline, mobile idle, web offline, on mobile True): " \
        "playing chess" in text
    assert "custom 🎣 out fishing; Spotify: Harbour Lights by Ana, The Tides from Low Water, " \
        "215 s, cover https://i.scdn.co/image/ab67616d0000b273" in text
    assert "bob: dnd -> offline, custom 🎣 out fishing -> nothing" in text
    assert "carol: online -> idle, streaming speedruns at https://twitch.tv/carol -> " \
        "playing chess (Activity)" in text
