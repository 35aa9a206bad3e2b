"""Smaller calls discord.py programs make on their way: listing the bot's guilds from
Discord, a guild's emoji by id and deleting it, whether a channel's permissions are
synced with its category and which roles it changes, a category's stage and forum
channels, the bot's own thread membership, mutual guilds and colours, and an
attachment as a dict. Both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def odds_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_channels", "manage_roles", "create_public_threads",
                                "manage_expressions", "attach_files"],
            "roles": [{"name": "Helper", "permissions": ["send_messages"]}],
            "channels": [
                {"name": "Main", "type": 4,
                 "overwrites": [{"role": "Helper", "deny": ["view_channel"]}]},
                {"name": "general", "parent": "Main",
                 "overwrites": [{"role": "Helper", "deny": ["view_channel"]}]},
                {"name": "odd", "parent": "Main",
                 "overwrites": [{"role": "Helper", "allow": ["manage_messages"],
                                 "deny": ["send_messages"]}]},
            ],
            "emojis": ["party", "wave"],
            "members": ["alice", {"user": "bob", "roles": ["Helper"]}],
        }],
    })


def odds_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def guilds(ctx):
        found = [g async for g in bot.fetch_guilds(limit=None)]
        await ctx.send(f"guilds: {[g.name for g in found]}, members "
                       f"{[g.approximate_member_count for g in found]}")

    @bot.command()
    async def emojis(ctx):
        party = discord.utils.get(ctx.guild.emojis, name="party")
        same = ctx.guild.get_emoji(party.id)
        await ctx.guild.delete_emoji(party, reason="old")
        fetched = await ctx.guild.fetch_emojis()
        await ctx.send(f"emoji: {same.name}, none for 1: {ctx.guild.get_emoji(1)}, "
                       f"left {[e.name for e in fetched]}")

    @bot.command()
    async def synced(ctx):
        general = discord.utils.get(ctx.guild.text_channels, name="general")
        odd = discord.utils.get(ctx.guild.text_channels, name="odd")
        # Names only: discord.py 2.7.1 means to apply the overwrite to each copy, but its
        # copies keep the role's own permissions (tidecord's apply it, as documented).
        changed = [r.name for r in odd.changed_roles]
        await ctx.send(f"synced: general {general.permissions_synced}, odd "
                       f"{odd.permissions_synced}; odd changes {changed}; thread slowmode "
                       f"{general.default_thread_slowmode_delay}")

    @bot.command()
    async def build(ctx):
        main = ctx.channel.category
        stage = await main.create_stage_channel("Town Hall")
        forum = await main.create_forum("ideas-board", topic="post one idea a thread")
        await ctx.send(f"built {stage.name} ({stage.type}), {forum.name} ({forum.type}, "
                       f"{forum.topic!r})")

    @bot.command()
    async def listed(ctx):
        main = ctx.channel.category
        await ctx.send(f"stages {[c.name for c in main.stage_channels]}, forums "
                       f"{[c.name for c in main.forums]}")

    @bot.command()
    async def people(ctx):
        bob = discord.utils.get(ctx.guild.members, name="bob")
        await ctx.send(f"bob shares {[g.name for g in bob.mutual_guilds]}, bot user colour "
                       f"{bot.user.colour}")

    @bot.command()
    async def thread(ctx):
        started = await ctx.message.create_thread(name="chat")
        await ctx.send(f"thread archiver {started.archiver_id}")

    @bot.command()
    async def attach(ctx):
        sent = await ctx.send(file=discord.File(__file__, filename="notes.txt"))
        item = sent.attachments[0]
        data = item.to_dict()
        keys = sorted(k for k in data if k in ("id", "filename", "size", "url"))
        await ctx.send(f"attachment {data['filename']} {keys}, voice "
                       f"{item.is_voice_message()}, duration {item.duration}")

    return bot


LINES = [
    ("alice", "general", "!guilds"),
    ("alice", "general", "!emojis"),
    ("alice", "general", "!synced"),
    ("alice", "general", "!build"),
    ("alice", "general", "!listed"),
    ("alice", "general", "!people"),
    ("alice", "general", "!thread"),
    ("alice", "general", "!attach", 2),
]


async def test_odds_and_ends_behave_alike(sandbox_factory: Any) -> None:
    runs = await both(sandbox_factory, odds_bot, LINES, world=odds_world)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs, (ours, theirs)
    text = "\n".join(ours)
    for expected in ("guilds: ['Sandbox'], members [3]",
                     "emoji: party, none for 1: None, left ['wave']",
                     "synced: general True, odd False; odd changes ['Helper']",
                     "built Town Hall (stage_voice), ideas-board (forum, 'post one idea a "
                     "thread')", "stages ['Town Hall'], forums ['ideas-board']",
                     "bob shares ['Sandbox']", "thread archiver None",
                     "attachment notes.txt ['filename', 'id', 'size', 'url'], voice False, "
                     "duration None"):
        assert expected in text, expected
