"""A newsroom bot that reads message flags, follows who comes and goes in a help
thread, and counts a poll's voters by reaction type; both libraries must say the same.

Flags: an announcement published (crossposted), a silent message, embeds suppressed
and brought back, a message a thread was started from. Threads: someone added and
taken off (``on_thread_member_join``, ``on_raw_thread_member_remove``,
``on_thread_member_remove``), the bot leaving and coming back (``on_thread_remove``,
``on_thread_join``). Reactions: ``reaction.users(type=...)``.
"""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def newsroom_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "embed_links", "add_reactions", "manage_messages",
                                "create_public_threads", "manage_threads",
                                "send_messages_in_threads"],
            "channels": [{"name": "general"}, {"name": "news", "type": 5}],
            "members": ["alice", "bob"],
        }],
    })


def newsroom_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True  # others joining and leaving threads
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    seen: dict[str, Any] = {"joined": [], "raw": [], "poll": None}

    def shown(flags):
        on = [name for name, value in flags if value]
        return f"{on} value {flags.value} {flags!r}"

    def help_thread(guild):
        return discord.utils.get(guild.threads, name="help")

    def general(guild):
        return discord.utils.get(guild.text_channels, name="general")

    @bot.command(name="flags")
    async def flags_(ctx):
        news = discord.utils.get(ctx.guild.text_channels, name="news")
        post = await news.send("the market opens at eight")
        await post.publish()
        published = await news.fetch_message(post.id)
        quiet = await ctx.send("nothing to see", silent=True)
        card = await ctx.send("today's soup", embed=discord.Embed(title="leek"))
        hidden = await card.edit(suppress=True)
        back = await hidden.edit(suppress=False)
        start = await ctx.send("talk about soup here")
        await start.create_thread(name="soup")
        threaded = await ctx.channel.fetch_message(start.id)
        plain = ctx.message.flags
        clear = [plain.ephemeral, plain.loading, plain.urgent, plain.voice, plain.forwarded,
                 plain.components_v2, plain.source_message_deleted,
                 plain.failed_to_mention_some_roles_in_thread]
        await ctx.send(
            f"published {shown(published.flags)}; crossposted {published.flags.crossposted}, "
            f"from elsewhere {published.flags.is_crossposted}, equal "
            f"{published.flags == discord.MessageFlags(crossposted=True)}\n"
            f"silent {quiet.flags.silent} {quiet.flags.suppress_notifications} "
            f"{shown(quiet.flags)}\n"
            f"suppressed {hidden.flags.suppress_embeds}, then {back.flags.suppress_embeds}\n"
            f"thread started {threaded.flags.has_thread}\n"
            f"plain {plain.value} {bool(plain)} {[name for name, _ in plain]}; {clear}")

    @bot.command()
    async def ticket(ctx):
        thread = await ctx.channel.create_thread(name="help",
                                                 type=discord.ChannelType.public_thread)
        await thread.add_user(ctx.author)
        await ctx.send(f"opened {thread.name}")

    @bot.command()
    async def close(ctx):
        await help_thread(ctx.guild).remove_user(ctx.author)  # on_thread_member_remove answers

    @bot.command()
    async def leave(ctx):
        await help_thread(ctx.guild).leave()  # on_thread_remove answers

    @bot.command()
    async def rejoin(ctx):
        await help_thread(ctx.guild).join()  # on_thread_join answers

    @bot.listen()
    async def on_thread_member_join(member):
        seen["joined"].append(member.thread.guild.get_member(member.id).name)

    @bot.listen()
    async def on_thread_member_remove(member):
        who = member.thread.guild.get_member(member.id)
        await general(member.thread.guild).send(
            f"{who.name} left {member.thread.name}; still there "
            f"{[m.id for m in member.thread.members]}")

    @bot.listen()
    async def on_raw_thread_member_remove(payload):
        guild = bot.get_guild(payload.guild_id)
        gone = [guild.get_member(int(i)).name for i in payload.data["removed_member_ids"]]
        seen["raw"].append(f"{type(payload).__name__} in "
                           f"{guild.get_thread(payload.thread_id).name}: {gone}, "
                           f"{payload.member_count} left")

    @bot.listen()
    async def on_thread_remove(thread):
        await general(thread.guild).send(f"no longer in {thread.name}")

    @bot.listen()
    async def on_thread_join(thread):
        await general(thread.guild).send(f"back in {thread.name}")

    @bot.command()
    async def report(ctx):
        await ctx.send(f"joined {seen['joined']}; raw {seen['raw']}")

    @bot.command()
    async def poll(ctx):
        asked = await ctx.send("soup or salad?")
        await asked.add_reaction("🥣")
        seen["poll"] = asked.id
        # Said last, so the step ends only once the poll is known and reacted to (the
        # question alone let bob vote and !count run before that, under load).
        await ctx.send("poll open")

    @bot.command()
    async def count(ctx):
        asked = await ctx.channel.fetch_message(seen["poll"])
        reaction = asked.reactions[0]
        everyone = [u.name async for u in reaction.users()]
        normal = [u.name async for u in reaction.users(type=discord.ReactionType.normal)]
        burst = [u.name async for u in reaction.users(type=discord.ReactionType.burst)]
        kind = discord.ReactionType.burst
        await ctx.send(f"{reaction.count} votes ({reaction.normal_count} normal, "
                       f"{reaction.burst_count} burst): {everyone}; normal {normal}; "
                       f"burst {burst}; {kind} = {kind.value}, "
                       f"{discord.ReactionType(0)}")

    return bot


def bob_votes(sb: Sandbox) -> Any:
    asked = next(m for m in sb.state.messages[sb.channel("general").id].values()
                 if m.content == "soup or salad?")
    return sb.react("bob", asked, "🥣")


LINES = [
    # The announcement, the silent message, the card, the thread's start, the summary.
    ("alice", "general", "!flags", 5),
    # Discord's "started a thread" notice, its "added alice" one in the thread (both the
    # bot's, as it acted), then the bot's answer.
    ("alice", "general", "!ticket", 3),
    ("alice", "general", "!close", 2),  # the "removed alice" notice, then the answer
    ("alice", "general", "!leave"),
    ("alice", "general", "!rejoin"),
    ("alice", "general", "!report"),
    ("alice", "general", "!poll", 2),
    Do(bob_votes),
    ("alice", "general", "!count"),
]


async def test_message_flags_thread_members_and_reaction_types_as_in_discord_py(
        sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, newsroom_bot, LINES, world=newsroom_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in (
            "published ['crossposted'] value 1 <MessageFlags value=1>; crossposted True, "
            "from elsewhere False, equal True",
            "silent True True ['suppress_notifications'] value 4096",
            "suppressed True, then False",
            "thread started True",
            "plain 0 False ['crossposted', 'is_crossposted', 'suppress_embeds',",
            "[False, False, False, False, False, False, False, False]",
            "opened help",
            "alice left help; still there []",
            "no longer in help",
            "back in help",
            "joined ['alice']; raw [\"RawThreadMembersUpdate in help: ['alice'], 1 left\"]",
            "2 votes (2 normal, 0 burst): ['bob', 'SandboxBot']; "
            "normal ['bob', 'SandboxBot']; burst []; ReactionType.burst = 1, "
            "ReactionType.normal"):
        assert line in text, line
