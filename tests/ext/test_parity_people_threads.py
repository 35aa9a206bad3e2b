"""People open threads and forum posts, and a bot answers them: it welcomes every new
thread and joins it, thanks a forum post's author with its tags and first message,
notes who joins, what the starter message became, renames and archives, and
answers a command inside a thread; at the end it reports what its cache holds of each
thread (owner, starter message, tags, its own membership). Both libraries must say
the same."""

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
                                "send_messages_in_threads", "attach_files"],
            "channels": [{"name": "Text", "type": 4}, {"name": "general", "parent": "Text"},
                         {"name": "log"}, {"name": "support", "type": 15}],
            "members": ["alice", "bob"],
        }],
    })


async def tag_the_forum(sb: Sandbox) -> None:
    sb.state.update_channel(sb.channel("support").id, available_tags=[
        {"id": str(sb.state.new_id()), "name": name, "moderated": False, "emoji_id": None,
         "emoji_name": None} for name in ("bug", "question")])


def desk_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    welcomes = {}

    def log(guild):
        return discord.utils.get(guild.text_channels, name="log")

    @bot.event
    async def on_thread_create(thread):
        if isinstance(thread.parent, discord.ForumChannel):
            first = await thread.fetch_message(thread.id)
            await thread.send(
                f"Thanks {thread.owner.display_name}! tags "
                f"{[t.name for t in thread.applied_tags]}; you said {first.content!r} with "
                f"{[a.filename for a in first.attachments]}")
            return
        welcomes[thread.id] = await thread.send(
            f"Welcome to {thread.name} ({thread.type}) by {thread.owner.name} in "
            f"{thread.parent.name}, archive after {thread.auto_archive_duration}")
        await thread.join()

    @bot.event
    async def on_thread_join(thread):
        await log(thread.guild).send(f"joined {thread.name}: {thread.type}")

    @bot.event
    async def on_thread_member_join(member):
        who = member.thread.guild.get_member(member.id)
        await log(member.thread.guild).send(f"{who.name} joined {member.thread.name}")

    @bot.event
    async def on_thread_update(before, after):
        await log(after.guild).send(
            f"{before.name} -> {after.name}, archived {before.archived} -> {after.archived}")
        if after.archived and after.id in welcomes:
            # An archived thread takes no edit and no reaction (Discord's threads topic).
            refused = []
            for attempt in (welcomes[after.id].edit(content="Closed"),
                            welcomes[after.id].add_reaction("📦")):
                try:
                    await attempt
                except discord.HTTPException as exc:
                    refused.append(f"{exc.status} {exc.code}")
            await log(after.guild).send(f"tidying {after.name} refused: {refused}")

    @bot.event
    async def on_message_edit(before, after):
        thread = after.thread
        await log(after.guild).send(f"{after.content!r} now has thread "
                                    f"{thread.name if thread else None}, flag "
                                    f"{after.flags.has_thread}")

    @bot.command()
    async def whereami(ctx):
        here = ctx.channel
        # A thread's channel, or the channel itself: only a thread has a parent.
        origin = getattr(here, "parent", here)
        await ctx.send(f"{here.name} of {origin.name} under {here.category.name}, a thread "
                       f"{isinstance(here, discord.Thread)}, "
                       f"owner {getattr(here, 'owner_id', None) == ctx.author.id}")

    @bot.command()
    async def report(ctx):
        lines = []
        for thread in sorted(ctx.guild.threads, key=lambda t: t.name):
            starter = thread.starter_message
            lines.append(f"{thread.name}: {thread.type} owner {thread.owner.name} "
                         f"starter {starter.content if starter else None!r} "
                         f"tags {[t.name for t in thread.applied_tags]} "
                         f"me {thread.me is not None} "
                         f"members {sorted(m.id == ctx.author.id for m in thread.members)}")
        await ctx.send("\n".join(lines))

    return bot


def last_message(sb: Sandbox, channel: str) -> Any:
    return sb.messages(channel)[-1]


async def thread_from_message(sb: Sandbox) -> None:
    await sb.start_thread("alice", "general", "Bug hunt",
                          message=last_message(sb, "general"))


def thread_named(sb: Sandbox, name: str) -> Any:
    return next(t for t in sb.state.channels.values() if t.name == name)


LINES = [
    ("bob", "general", "!whereami"),
    ("alice", "general", "look at this", 0),
    # The welcome, the bot's own joining, and the starter message now showing its thread.
    Do(thread_from_message, 3),
    Do(lambda sb: sb.join_thread("bob", thread_named(sb, "Bug hunt")), 1),
    Do(lambda sb: sb.start_thread("bob", "general", "Chat", auto_archive_duration=60), 2),
    ("bob", "Chat", "!whereami"),
    # Private, and the bot no moderator: it hears of it only once added.
    Do(lambda sb: sb.start_thread("alice", "general", "Secret", private=True), 0),
    Do(lambda sb: sb.add_to_thread("alice", thread_named(sb, "Secret"), sb.bot_user), 2),
    Do(lambda sb: sb.create_post("bob", "support", "Crash", "It broke", tags=["bug"],
                                 files=[("trace.txt", b"boom")]), 1),
    Do(lambda sb: sb.edit_thread("bob", thread_named(sb, "Chat"), name="Chatter"), 1),
    ("alice", "general", "!report"),
    Do(lambda sb: sb.edit_thread("bob", thread_named(sb, "Chatter"), archived=True), 2),
    ("alice", "general", "!report"),
    # Posting unarchives it: the bot knows it again (with its own membership).
    ("bob", "Chatter", "back again", 1),
    ("alice", "general", "!report"),
]


async def test_people_threads_and_posts_reach_the_bot_as_in_discord_py(
        sandbox_factory) -> None:
    said = await both(sandbox_factory, desk_bot, LINES, world=desk_world,
                      prepare=tag_the_forum)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in ("'look at this' now has thread Bug hunt, flag True",
                 "#log: bob joined Bug hunt",
                 "Thanks Bob! tags ['bug']; you said 'It broke' with ['trace.txt']",
                 "Bug hunt: public_thread owner alice starter 'look at this' tags [] me True",
                 "#log: Chatter -> Chatter, archived False -> True",
                 "#log: joined Chatter: public_thread",
                 "#log: tidying Chatter refused: ['400 50083', '400 50083']",
                 "#general: general of general under Text, a thread False, owner False",
                 "Chat of general under Text, a thread True, owner True"):
        assert line in text, line


def moderated_world() -> World:
    """As desk_world, the bot a moderator (Manage Threads), #general in slowmode with a
    default slowmode for its threads."""
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "send_messages_in_threads", "manage_threads"],
            "channels": [{"name": "general"}, {"name": "log"},
                         {"name": "support", "type": 15}],
            "members": ["alice", "bob"],
        }],
    })


async def slow_general(sb: Sandbox) -> None:
    await tag_the_forum(sb)
    sb.state.update_channel(sb.channel("general").id, rate_limit_per_user=30,
                            default_thread_rate_limit_per_user=15)


def watch_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def log(guild):
        return discord.utils.get(guild.text_channels, name="log")

    @bot.event
    async def on_thread_create(thread):
        parent = thread.parent
        await log(thread.guild).send(
            f"new {thread.name}: private {thread.is_private()} invitable {thread.invitable} "
            f"slowmode {thread.slowmode_delay} newest post "
            f"{getattr(parent, 'last_message_id', None) == thread.id} "
            f"in forum {parent.get_thread(thread.id) is thread}")

    @bot.event
    async def on_thread_update(before, after):
        await log(after.guild).send(
            f"{after.name}: tags {[t.name for t in before.applied_tags]} -> "
            f"{[t.name for t in after.applied_tags]}, locked {after.locked}, "
            f"archived {after.archived}")

    @bot.event
    async def on_thread_join(thread):
        await log(thread.guild).send(f"joined {thread.name}")

    @bot.event
    async def on_thread_remove(thread):
        await log(thread.guild).send(f"removed from {thread.name}")

    @bot.event
    async def on_thread_member_join(member):
        await log(member.thread.guild).send(f"{member.id == member.thread.owner_id} "
                                            f"joined {member.thread.name}")

    @bot.event
    async def on_thread_member_remove(member):
        await log(member.thread.guild).send(f"someone left {member.thread.name}")

    @bot.event
    async def on_message(message):
        if isinstance(message.channel, discord.Thread) and not message.author.bot \
                and message.type == discord.MessageType.default:
            await message.channel.send(
                f"{message.author.name} in {message.channel.name} "
                f"(of {message.channel.parent.name}): {message.content}")

    return bot


def secret_of(sb: Sandbox) -> Any:
    return thread_named(sb, "Secret")


WATCH_LINES = [
    Do(lambda sb: sb.start_thread("bob", "general", "Chat"), 1),
    Do(lambda sb: sb.start_thread("alice", "general", "Secret", private=True,
                                  invitable=False), 1),
    Do(lambda sb: sb.add_to_thread("alice", secret_of(sb), "bob"), 1),
    ("bob", "Secret", "hello", 1),
    Do(lambda sb: sb.leave_thread("bob", secret_of(sb)), 1),
    Do(lambda sb: sb.add_to_thread("alice", secret_of(sb), sb.bot_user), 1),
    Do(lambda sb: sb.remove_from_thread("alice", secret_of(sb), sb.bot_user), 1),
    # The bot's note of the post, then its answer to the post's first message.
    Do(lambda sb: sb.create_post("bob", "support", "Crash", "It broke", tags=["bug"]), 2),
    Do(lambda sb: sb.edit_thread("bob", thread_named(sb, "Crash"),
                                 applied_tags=["bug", "question"]), 1),
    Do(lambda sb: sb.edit_thread("alice", thread_named(sb, "Crash"), locked=True), 1),
]


async def test_a_moderator_bot_hears_people_threads_as_in_discord_py(
        sandbox_factory) -> None:
    said = await both(sandbox_factory, watch_bot, WATCH_LINES, world=moderated_world,
                      prepare=slow_general)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in ("new Chat: private False invitable True slowmode 15",
                 "new Secret: private True invitable False slowmode 15",
                 "#log: removed from Secret",
                 # discord.py moves a forum's last_message_id to each new post.
                 "new Crash: private False invitable True slowmode 0 newest post True",
                 "locked True, archived False"):
        assert line in text, line
