"""Threads as a ticket or forum-tidying bot uses them: a private thread by default,
public ones on request, archive them, then list the active ones and the archived ones
(public, private, joined; paged, before a time); both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both, later

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def threads_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "create_public_threads", "create_private_threads",
                                "manage_threads", "send_messages_in_threads"],
            "channels": [{"name": "general"}],
            "members": ["alice"],
        }],
    })


def thread_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    shelved = {}

    def who(members):
        return sorted(ctx_guild[0].get_member(m.id).name for m in members)

    ctx_guild = []

    @bot.command()
    async def ticket(ctx, name: str):
        ctx_guild[:] = [ctx.guild]
        thread = await ctx.channel.create_thread(name=name, reason="a ticket")
        await thread.add_user(ctx.author)
        members = await thread.fetch_members()
        mine = await thread.fetch_member(ctx.author.id)
        await thread.remove_user(ctx.author)
        left = await thread.fetch_members()
        await thread.add_user(ctx.author)
        await ctx.send(f"{thread.name}: {thread.type}, private "
                       f"{thread.type == discord.ChannelType.private_thread}; members "
                       f"{who(members)}, then {who(left)}; alice's thread "
                       f"{mine.thread_id == thread.id}, joined "
                       f"{mine.joined_at.tzinfo is not None}")

    @bot.command(name="open")
    async def open_(ctx, name: str):
        thread = await ctx.channel.create_thread(name=name,
                                                 type=discord.ChannelType.public_thread)
        await ctx.send(f"{thread.name}: {thread.type}")

    @bot.command()
    async def shelve(ctx, name: str):
        thread = discord.utils.get(ctx.guild.threads, name=name)
        shelved[name] = await thread.edit(archived=True)
        await ctx.send(f"{name} archived {shelved[name].archived}")

    def names(threads):
        return [t.name for t in threads]

    @bot.command(name="list")
    async def list_(ctx):
        channel = ctx.channel
        active = sorted(names(await ctx.guild.active_threads()))
        public = names([t async for t in channel.archived_threads()])
        one = names([t async for t in channel.archived_threads(limit=1)])
        older = names([t async for t in channel.archived_threads(
            before=shelved["b"].archive_timestamp)])
        private = names([t async for t in channel.archived_threads(private=True)])
        joined = names([t async for t in channel.archived_threads(private=True, joined=True)])
        try:
            [t async for t in channel.archived_threads(joined=True)]
        except ValueError:
            refused = "ValueError"
        await ctx.send(f"active {active}\npublic archived {public}\nthe newest {one}\n"
                       f"archived before b {older}\nprivate archived {private}\n"
                       f"joined {joined}\njoined without private: {refused}")

    return bot


LINES = [
    # Alice added, removed and added again by the bot: Discord's three notices in the
    # thread (the bot's), then its answer.
    ("alice", "general", "!ticket help-me", 4),
    # A public thread from no message: Discord's "started a thread" notice, then the bot.
    ("alice", "general", "!open a", 2),
    ("alice", "general", "!open b", 2),
    ("alice", "general", "!open c", 2),
    ("alice", "general", "!shelve a"),
    later(60),
    ("alice", "general", "!shelve b"),
    later(60),
    ("alice", "general", "!shelve help-me"),
    ("alice", "general", "!list"),
]


async def test_threads_list_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, thread_bot, LINES, world=threads_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in ("help-me: private_thread, private True; members ['SandboxBot', 'alice'], "
                 "then ['SandboxBot']; alice's thread True, joined True",
                 "a: public_thread",
                 "a archived True", "active ['c']",
                 "public archived ['b', 'a']", "the newest ['b']",
                 "archived before b ['a']", "private archived ['help-me']",
                 "joined ['help-me']", "joined without private: ValueError"):
        assert line in text, line
