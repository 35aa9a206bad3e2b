"""A thread-watching bot: it notes every system message posted in a thread (someone
added or removed by another, a new name, a forum post's new title) as its type and
the text Discord's client shows, and reports them at the end. Both libraries must
say the same, including where Discord posts nothing (a member added twice, the bot
leaving and rejoining, a rename to the same name)."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def desk_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "create_public_threads", "create_private_threads",
                                "manage_threads", "send_messages_in_threads"],
            "channels": [{"name": "general"}, {"name": "questions", "type": 15}],
            "members": ["alice", "bob"],
        }],
    })


def desk_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    noted: list[str] = []
    threads = (discord.ChannelType.public_thread, discord.ChannelType.private_thread)

    def thread_named(guild, name):
        return discord.utils.get(guild.threads, name=name)

    @bot.event
    async def on_message(message):
        if message.channel.type not in threads:
            await bot.process_commands(message)
            return
        names = [m.name for m in message.mentions]
        noted.append(f"{message.type.name} ({message.type.value}) in {message.channel.name} "
                     f"[{message.channel.type}]: {message.system_content} | by "
                     f"{message.author.name}, mentions {names}, system {message.is_system()}, "
                     f"content {message.content!r}")

    @bot.command()
    async def private(ctx, name: str):
        thread = await ctx.channel.create_thread(name=name)
        await ctx.send(f"made {thread.name} ({thread.type})")

    @bot.command()
    async def public(ctx, name: str):
        thread = await ctx.channel.create_thread(name=name,
                                                 type=discord.ChannelType.public_thread)
        await ctx.send(f"made {thread.name} ({thread.type})")

    @bot.command()
    async def add(ctx, name: str, member: discord.Member):
        await thread_named(ctx.guild, name).add_user(member)
        await ctx.send(f"added {member.name} to {name}")

    @bot.command()
    async def remove(ctx, name: str, member: discord.Member):
        await thread_named(ctx.guild, name).remove_user(member)
        await ctx.send(f"removed {member.name} from {name}")

    @bot.command()
    async def rename(ctx, name: str, new: str):
        thread = await thread_named(ctx.guild, name).edit(name=new)
        await ctx.send(f"{name} is now {thread.name}")

    @bot.command()
    async def wander(ctx, name: str):
        thread = thread_named(ctx.guild, name)
        await thread.leave()
        await thread.join()
        await ctx.send(f"left and rejoined {name}")

    @bot.command()
    async def report(ctx):
        await ctx.send("\n".join(noted) or "nothing")

    return bot


def alice_posts_a_question(sb: Sandbox) -> None:
    sb.state.create_thread(sb.channel("questions").id, "lost keys", sb.user("alice").id)


LINES = [
    ("alice", "general", "!private desk"),
    ("alice", "general", "!add desk bob", 2),           # the notice, then the answer
    ("alice", "general", "!add desk bob"),              # already there: no notice
    ("alice", "general", "!remove desk bob", 2),
    ("alice", "general", '!rename desk "front desk"', 2),
    ("alice", "general", '!rename "front desk" "front desk"'),  # the same name: no notice
    ("alice", "general", "!public lobby", 2),           # "started a thread" in #general
    ("alice", "general", "!add lobby alice", 2),
    ("alice", "general", "!wander lobby"),              # the bot itself: no notice
    Do(alice_posts_a_question),
    ("alice", "general", '!rename "lost keys" "found keys"', 2),
    ("alice", "general", "!report"),
]


async def test_a_thread_watcher_sees_the_same_notices(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, desk_bot, LINES, world=desk_world)
    assert said["tidecord"] == said["discord.py"], said
    report = said["tidecord"][-1].removeprefix("#general: ").splitlines()
    assert report == [
        "recipient_add (1) in desk [private_thread]: SandboxBot added bob to the thread. | "
        "by SandboxBot, mentions ['bob'], system True, content ''",
        "recipient_remove (2) in desk [private_thread]: SandboxBot removed bob from the "
        "thread. | by SandboxBot, mentions ['bob'], system True, content ''",
        "channel_name_change (4) in front desk [private_thread]: SandboxBot changed the "
        "channel name: **front desk** | by SandboxBot, mentions [], system True, "
        "content 'front desk'",
        "recipient_add (1) in lobby [public_thread]: SandboxBot added alice to the thread. | "
        "by SandboxBot, mentions ['alice'], system True, content ''",
        "channel_name_change (4) in found keys [public_thread]: SandboxBot changed the post "
        "title: **found keys** | by SandboxBot, mentions [], system True, "
        "content 'found keys'",
    ]
