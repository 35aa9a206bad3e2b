"""What a bot prints when it prints a model (``print(channel)`` in a log, ``{member!r}``
in a debug line): the reprs of users, members, guilds, channels of each kind, threads,
roles, messages, emojis, reactions and attachments, as discord.py's. The same bot on
tidecord and on discord.py 2.7.1 must print the same (the world's ids included: each library
runs on a fresh copy of one world)."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
import re
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

THUMBS = "\N{THUMBS UP SIGN}"


def repr_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}, "bob"],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "add_reactions", "create_public_threads",
                                "send_messages_in_threads"],
            "roles": [{"name": "Helper"}],
            "channels": [{"name": "Text", "type": 4},
                         {"name": "general", "parent": "Text", "topic": "chat"},
                         {"name": "news", "type": 5},
                         {"name": "after-dark", "parent": "Text", "nsfw": True},
                         {"name": "Lounge", "type": 2, "parent": "Text"},
                         {"name": "Stage", "type": 13},
                         {"name": "forum", "type": 15}],
            "emojis": ["party"],
            "members": [{"user": "alice", "nick": "Al", "roles": ["Helper"]}, "bob"],
        }],
    })


def repr_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def people(ctx):
        bob = discord.utils.get(ctx.guild.members, name="bob")
        user = bob._user if hasattr(bob, "_user") else bob.user  # discord.py keeps it private
        helper = discord.utils.get(ctx.guild.roles, name="Helper")
        await ctx.send(f"{ctx.author!r}\n{bob!r}\n{user!r}\n{ctx.guild!r}\n{helper!r}")

    @bot.command()
    async def channels(ctx):
        await ctx.send("\n".join(repr(c) for c in sorted(ctx.guild.channels,
                                                         key=lambda c: c.id)))

    @bot.command()
    async def things(ctx):
        sent = await ctx.send("look", file=discord.File(__import__("io").BytesIO(b"x"),
                                                        filename="a.txt"))
        await sent.add_reaction(THUMBS)
        thread = await sent.create_thread(name="talk")
        await asyncio.sleep(0.2)
        again = await ctx.channel.fetch_message(sent.id)
        await ctx.send(f"{again.reactions[0]!r}\n{again.attachments[0]!r}\n"
                       f"{ctx.guild.emojis[0]!r}\n{thread!r}")

    @bot.command()
    async def message(ctx):
        await ctx.send(repr(ctx.message))

    @bot.command()
    async def lookup(ctx, name: str):
        # A moderation bot reads an audit log action by the name it was given.
        await ctx.send(str(getattr(discord.AuditLogAction, name)))

    @lookup.error
    async def lookup_error(ctx, error):
        await ctx.send(str(error))

    return bot


LINES = [
    ("alice", "general", "!people"),
    ("alice", "general", "!channels"),
    ("alice", "general", "!things", 2),
    ("alice", "general", "!message"),
    ("alice", "general", "!lookup ban"),
    ("alice", "general", "!lookup nothing"),
]


async def test_models_print_as_in_discord_py(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, repr_bot, LINES, world=repr_world)
    # What each run made anew has ids and a port of its own: compare the rest.
    for library, lines in said.items():
        said[library] = [re.sub(r"127\.0\.0\.1:\d+", "HOST", re.sub(r"\d{15,}", "ID", line))
                         for line in lines]
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for piece in ("<Member id=", " name='alice' global_name='Alice' bot=False nick='Al' "
                  "guild=<Guild id=", " name='Sandbox' shard_id=0 chunked=True member_count=3>",
                  "<TextChannel id=", " name='general' position=", " nsfw=True news=False",
                  "<VoiceChannel id=", "<StageChannel id=", "<CategoryChannel id=",
                  "<ForumChannel id=", "news=True", "<Role id=", " name='Helper'>",
                  f"<Reaction emoji='{THUMBS}' me=True count=1>", "<Attachment id=",
                  "<Emoji id=", " name='party' animated=False managed=False>",
                  "<Thread id=", " name='talk' parent=general owner_id=",
                  "<Message id=", " type=<MessageType.default: 0> author=<Member id=",
                  "AuditLogAction.ban", "Command raised an exception: AttributeError: type "
                  "object 'AuditLogAction' has no attribute 'nothing'"):
        assert piece in text, piece
