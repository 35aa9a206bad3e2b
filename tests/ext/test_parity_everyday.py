"""What a giveaway and a server-info bot reach for every day: who reacted (a page at a
time, members where cached), removing and clearing reactions, a guild by category,
what a channel holds, the bot's own application and status; both libraries must say
the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import Do, bot_reacted, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

PARTY = "\N{PARTY POPPER}"


def everyday_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}, {"username": "bob"},
                  {"username": "carol"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "add_reactions", "manage_messages", "create_public_threads"],
            "channels": [{"name": "lobby"},
                         {"name": "Text", "type": 4},
                         {"name": "general", "parent": "Text"},
                         {"name": "memes", "parent": "Text", "nsfw": True},
                         {"name": "Voice", "type": 4},
                         {"name": "hangout", "parent": "Voice", "type": 2}],
            "members": ["alice", "bob", "carol"],
        }],
    })


def everyday_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    held = {}

    @bot.command()
    async def giveaway(ctx):
        held["message"] = sent = await ctx.send("react to win")
        await sent.add_reaction(PARTY)

    @bot.command()
    async def draw(ctx):
        message = await ctx.channel.fetch_message(held["message"].id)
        party = discord.utils.get(message.reactions, emoji=PARTY)
        everyone = [u async for u in party.users()]
        two = [u async for u in party.users(limit=2)]
        later = [u async for u in party.users(after=everyone[0])]
        people = sorted(u.name for u in everyone if not u.bot)
        kinds = sorted({type(u).__name__ for u in everyone})
        await ctx.send(f"{party.count} reactions ({party.normal_count} normal, "
                       f"{party.burst_count} burst) by {people}; first two "
                       f"{len(two)}, after the first {len(later)}; kinds {kinds}")

    @bot.command()
    async def unreact(ctx):
        message = await ctx.channel.fetch_message(held["message"].id)
        party = discord.utils.get(message.reactions, emoji=PARTY)
        bob = discord.utils.get(ctx.guild.members, name="bob")
        await party.remove(bob)
        message = await ctx.channel.fetch_message(message.id)
        left = discord.utils.get(message.reactions, emoji=PARTY).count
        await message.clear_reaction(PARTY)
        message = await ctx.channel.fetch_message(message.id)
        await ctx.send(f"after removing bob {left}; after clearing {len(message.reactions)}")

    @bot.command()
    async def side(ctx):
        thread = await ctx.channel.create_thread(name="side",
                                                 type=discord.ChannelType.public_thread)
        await thread.send("a side thread")

    @bot.command()
    async def info(ctx):
        guild = ctx.guild
        grouped = [(c.name if c is not None else None, [x.name for x in chans])
                   for c, chans in guild.by_category()]
        text = discord.utils.get(guild.categories, name="Text")
        memes = discord.utils.get(guild.text_channels, name="memes")
        thread = discord.utils.get(ctx.guild.threads, name="side")
        await ctx.send(
            f"{grouped}\n"
            f"Text holds {[c.name for c in text.channels]} "
            f"({[c.name for c in text.text_channels]} text, {len(text.voice_channels)} voice)\n"
            f"nsfw {memes.is_nsfw()} {ctx.channel.is_nsfw()}, news {ctx.channel.is_news()}\n"
            f"members here {sorted(m.name for m in ctx.channel.members)}\n"
            f"threads {[t.name for t in ctx.channel.threads]} get "
            f"{ctx.channel.get_thread(thread.id) is not None}\n"
            f"rules {guild.rules_channel} afk {guild.afk_channel} updates "
            f"{guild.public_updates_channel}, boosters {guild.premium_subscribers}, "
            f"booster role {guild.premium_subscriber_role}, own role {guild.self_role.name}, "
            f"forums {guild.forums}, stages {guild.stage_channels}, "
            f"upload limit {guild.filesize_limit}")

    @bot.command()
    async def app(ctx):
        info = await bot.application_info()
        await ctx.send(f"{info.name} owned by {info.owner.name}; status {bot.status}; "
                       f"activity {bot.activity}")

    return bot


def react(person: str) -> Do:
    async def act(sb: Sandbox) -> None:
        mine = [m for m in sb.messages("lobby") if m.author.id == sb.bot_user.id]
        await sb.react(person, mine[-1], PARTY)
    act.__name__ = f"{person} reacts"
    return Do(act)


LINES = [
    ("alice", "lobby", "!giveaway"),
    bot_reacted("lobby"),  # before the people's reactions and the draw
    react("alice"),
    react("bob"),
    react("carol"),
    ("alice", "lobby", "!draw"),
    ("alice", "lobby", "!unreact"),
    ("alice", "general", "!side", 2),  # Discord's "started a thread" notice, then the bot
    ("alice", "general", "!info"),
    ("alice", "lobby", "!app"),
]


async def test_everyday_reads_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, everyday_bot, LINES, world=everyday_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    # Each page of users comes highest id first (discord.py's order): the first is the
    # highest id, and nobody comes after it.
    for line in ("4 reactions (4 normal, 0 burst) by ['alice', 'bob', 'carol']; first two 2, "
                 "after the first 0; kinds ['Member']",
                 "after removing bob 3; after clearing 0",
                 "[(None, ['lobby']), ('Text', ['general', 'memes']), ('Voice', ['hangout'])]",
                 "Text holds ['general', 'memes'] (['general', 'memes'] text, 0 voice)",
                 "nsfw True False, news False",
                 "members here ['SandboxBot', 'alice', 'bob', 'carol']",
                 "threads ['side'] get True",
                 "rules None afk None updates None, boosters [], booster role None, "
                 "own role SandboxBot, forums [], stages [], upload limit 10485760",
                 "status online; activity None"):
        assert line in text, line
