"""channel.history as an archive bot reads it: newest or oldest first, bounded by
messages, ids and datetimes, both bounds at once, and around a message; both
libraries must return the same messages in the same order."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

#: The prepared messages of #archive, a minute apart on the sandbox clock.
POSTS = 12


def archive_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history"],
            "channels": [{"name": "general"}, {"name": "archive"}],
            "members": ["alice"],
        }],
    })


async def posts(sb: Sandbox) -> None:
    for n in range(POSTS):
        await sb.send_message("alice", "archive", f"m{n}")
        sb.clock.advance(60)


def archive_bot(discord: Any, commands: Any) -> Any:
    import datetime

    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def said(found):
        return " ".join(m.content for m in found) or "-"

    @bot.command()
    async def read(ctx):
        archive = discord.utils.get(ctx.guild.text_channels, name="archive")
        every = [m async for m in archive.history(limit=None, oldest_first=True)]
        m = every
        minute = datetime.timedelta(seconds=30)
        asks = {
            "newest 3": archive.history(limit=3),
            "all": archive.history(limit=None),
            "after m2": archive.history(after=m[2], limit=4),
            "m2 < x < m7": archive.history(after=m[2], before=m[7]),
            "m2 < x < m7, newest first": archive.history(after=m[2], before=m[7],
                                                         oldest_first=False),
            "before m9 by id": archive.history(before=discord.Object(id=m[9].id), limit=2),
            "before m7's time": archive.history(before=m[7].created_at, limit=3),
            "after m6's time": archive.history(after=m[6].created_at, limit=None),
            "between times": archive.history(after=m[2].created_at + minute,
                                             before=m[5].created_at + minute),
            "oldest first before m4": archive.history(before=m[4], oldest_first=True),
            "after m9": archive.history(after=m[9]),
            "before m0": archive.history(before=m[0]),
            "around m5, 3": archive.history(around=m[5], limit=3),
            "around m5's time, 5, oldest first": archive.history(
                around=m[5].created_at + minute, limit=5, oldest_first=True),
        }
        lines = [f"{len(every)} kept; {m[0].content} to {m[-1].content}"]
        for label, found in asks.items():
            lines.append(f"{label}: {said([x async for x in found])}")
        for bad in ({"around": m[5], "limit": None}, {"around": m[5], "limit": 102}):
            try:
                [x async for x in archive.history(**bad)]
            except ValueError:
                lines.append(f"around with limit {bad['limit']}: ValueError")
        await ctx.send("\n".join(lines))

    return bot


async def test_history_reads_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, archive_bot, [("alice", "general", "!read")],
                      world=archive_world, prepare=posts)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in ("12 kept; m0 to m11",
                 "newest 3: m11 m10 m9",
                 "after m2: m3 m4 m5 m6",
                 "m2 < x < m7: m3 m4 m5 m6",
                 "m2 < x < m7, newest first: m6 m5 m4 m3",
                 "before m9 by id: m8 m7",
                 "before m7's time: m6 m5 m4",
                 "after m6's time: m7 m8 m9 m10 m11",
                 "between times: m3 m4 m5",
                 "oldest first before m4: m0 m1 m2 m3",
                 "after m9: m10 m11",
                 "before m0: -",
                 "around m5, 3: m6 m5 m4",
                 "around m5's time, 5, oldest first: m3 m4 m5 m6 m7",
                 "around with limit None: ValueError",
                 "around with limit 102: ValueError"):
        assert line in text, line
