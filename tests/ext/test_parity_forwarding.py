"""A quote board: the bot forwards messages to another channel on command, and tells
what it sees of the forwards people make (the copy's content, files, edits, flags and
reference), and of the forwards Discord refuses. Both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.models import UNSET, PollCreate, convert
from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def board_world() -> World:
    return World.from_dict({
        "users": [{"username": name, "global_name": name.title()}
                  for name in ("alice", "bob", "carol")],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "embed_links"],
            "channels": [
                {"name": "general"}, {"name": "board"},
                {"name": "vault", "overwrites": [
                    {"role": "@everyone", "deny": ["view_channel"]}]},
            ],
            "members": ["alice", "bob", "carol"],
        }],
    })


def board_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def describe(message):
        ref = message.reference
        snapshots = message.message_snapshots
        said = [f"{ref.type} of a message in #{bot.get_channel(ref.channel_id).name}, "
                f"forwarded flag {message.flags.forwarded}, own text {message.content!r}, "
                f"{len(snapshots)} copy"]
        for copy in snapshots:
            plain = copy.type == discord.MessageType.default
            said.append(f"copy says {copy.content!r}, plain {plain} ({copy.type.name}), "
                        f"files {[a.filename for a in copy.attachments]}, "
                        f"embeds {[e.title for e in copy.embeds]}, "
                        f"edited {copy.edited_at is not None}, flags {copy.flags.value}, "
                        f"names {len(copy.raw_mentions)} people")
        return "\n".join(said)

    @bot.command()
    async def pin(ctx, message_id: int, board: discord.TextChannel,
                  source: discord.TextChannel = None):
        original = (source or ctx.channel).get_partial_message(message_id)
        try:
            sent = await original.forward(board)
        except discord.HTTPException as exc:
            await ctx.send(f"refused: {exc.status} {exc.code}")
            return
        await ctx.send(f"pinned to #{board.name}: {describe(sent)}")

    @bot.command()
    async def keep(ctx, message_id: int, board: discord.TextChannel):
        original = ctx.channel.get_partial_message(message_id)
        try:
            await original.forward(board, fail_if_not_exists=False)
        except discord.HTTPException as exc:
            await ctx.send(f"refused leniently: {exc.status} {exc.code}")

    @bot.command()
    async def can(ctx, message_id: int):
        message = await ctx.channel.fetch_message(message_id)
        reply = message.to_reference(type=discord.MessageReferenceType.reply)
        await ctx.send(f"forwardable {message.is_forwardable()}, a reply would be {reply.type}")

    @bot.command()
    async def recheck(ctx, board: discord.TextChannel, forward_id: int):
        forward = await board.fetch_message(forward_id)
        copy, ref = forward.message_snapshots[0], forward.reference
        original = await bot.get_channel(ref.channel_id).fetch_message(ref.message_id)
        await ctx.send(f"the copy still says {copy.content!r}, the message now "
                       f"{original.content!r}")

    @bot.listen()
    async def on_message(message):
        if message.author.bot or not message.flags.forwarded:
            return
        ref = message.reference
        original = await bot.get_channel(ref.channel_id).fetch_message(ref.message_id)
        copy = message.message_snapshots[0]
        await message.channel.send(
            f"{message.author.name} shared: {describe(message)}\n"
            f"same moment {copy.created_at == original.created_at}, "
            f"still current {copy.content == original.content}")

    return bot


def find(channel: str, content: str) -> Any:
    """``sb -> id`` of the message in ``channel`` saying ``content``."""
    def look(sb: Sandbox) -> int:
        box = sb.state.messages[sb.channel(channel).id]
        return next(m.id for m in box.values() if m.content == content)
    return look


def first_forward(channel: str) -> Any:
    """``sb -> id`` of the first forward in ``channel``."""
    def look(sb: Sandbox) -> int:
        box = sb.state.messages[sb.channel(channel).id]
        return next(m.id for m in box.values() if m.snapshots_data is not UNSET)
    return look


def the_poll(sb: Sandbox) -> int:
    box = sb.state.messages[sb.channel("general").id]
    # poll_data, not .poll: reading .poll links a poll to the message reading it.
    return next(m.id for m in box.values() if m.poll_data is not UNSET)


def command(text: str, channel: str, content: str) -> Any:
    return lambda sb: text.format(find(channel, content)(sb))


def edit(content: str, new: str) -> Do:
    async def change(sb: Sandbox) -> None:
        await sb.edit_message("alice", find("general", content)(sb), new, "general")
    return Do(change)


def forward_as(person: str, content: str, channel: str) -> Do:
    async def share(sb: Sandbox) -> None:
        await sb.forward(person, find("general", content)(sb), channel)
    return Do(share, replies=1)


async def send_poll(sb: Sandbox) -> None:
    await sb.send_message("alice", "general", "", poll=convert({
        "question": {"text": "Best tea?"},
        "answers": [{"poll_media": {"text": "green"}}, {"poll_media": {"text": "black"}}]},
        PollCreate))


async def send_with_file(sb: Sandbox) -> None:
    await sb.send_message("carol", "general", "my recipe", files=[("recipe.txt", b"steep")])


async def hide_a_secret(sb: Sandbox) -> None:
    await sb.send_message("alice", "vault", "the secret blend")


LINES = [
    ("alice", "general", "Tea is a soup", 0),
    edit("Tea is a soup", "Tea is a soup, <@0000000000000000000> agrees"),
    ("alice", "general", command("!pin {} board", "general",
                                 "Tea is a soup, <@0000000000000000000> agrees"), 2),
    Do(send_with_file),
    forward_as("bob", "my recipe", "board"),
    edit("Tea is a soup, <@0000000000000000000> agrees", "Coffee is better"),
    forward_as("carol", "Coffee is better", "general"),
    ("alice", "general", lambda sb: f"!recheck board {first_forward('board')(sb)}"),
    ("alice", "general", command("!can {}", "general", "my recipe")),
    Do(send_poll),
    ("alice", "general", lambda sb: f"!can {the_poll(sb)}"),
    ("alice", "general", lambda sb: f"!pin {the_poll(sb)} board"),
    ("alice", "general", "!pin 1234567890123456789 board"),
    ("alice", "general", "!keep 1234567890123456789 board"),
    Do(hide_a_secret),
    # By mention: the bot knows #vault only obfuscated (Discord's channel obfuscation).
    ("alice", "general", lambda sb: "!pin {} board <#{}>".format(
        find("vault", "the secret blend")(sb), sb.channel("vault").id)),
]


async def test_a_quote_board_behaves_alike(sandbox_factory: Any) -> None:
    runs = await both(sandbox_factory, board_bot, LINES, world=board_world)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs, "\n".join(ours)
    text = "\n".join(ours)
    for expected in (
        "pinned to #board: MessageReferenceType.forward of a message in #general, "
        "forwarded flag True, own text '', 1 copy",
        "copy says 'Tea is a soup, <@0000000000000000000> agrees', plain True (default), files [], "
        "embeds [], edited True, flags 0, names 1 people",
        "bob shared: MessageReferenceType.forward of a message in #general",
        "copy says 'my recipe', plain True (default), files ['recipe.txt']",
        "same moment True, still current True",
        "the copy still says 'Tea is a soup, <@0000000000000000000> agrees', the message now "
        "'Coffee is better'",
        "forwardable True, a reply would be MessageReferenceType.default",
        "forwardable False",
        "refused: 400 50035",
        "refused leniently: 400 50006",
        "refused: 403 50001",
    ):
        assert expected in text, expected
