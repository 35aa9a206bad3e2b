"""``reaction.emoji`` as discord.py gives it: the text of a Unicode emoji, a ``str``
(bots tell the kinds apart with ``isinstance(reaction.emoji, str)``), a guild's
``Emoji`` for one of its own, in ``on_reaction_add`` and in ``message.reactions``
alike; and what a reaction prints, compares and is hashed as. The same bot on
tidecord and on discord.py 2.7.1 must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

THUMBS = "\N{THUMBS UP SIGN}"


def reactions_world() -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "channels": [{"name": "general"}],
            "emojis": ["party"],
            "members": ["alice", "bob"],
        }],
    })


def reactions_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    heard = []

    def shown(reaction: Any) -> str:
        emoji = reaction.emoji
        kind = "text" if isinstance(emoji, str) else type(emoji).__name__
        name = emoji if isinstance(emoji, str) else emoji.name
        return (f"{kind} {name} custom={reaction.is_custom_emoji()} str={str(reaction)[:2]}"
                f" count={reaction.count} thumbs={reaction.emoji == THUMBS}"
                f" same={reaction == reaction} hashed={hash(reaction) == hash(reaction.emoji)}")

    @bot.event
    async def on_reaction_add(reaction, user):
        heard.append(f"added by {user.name}: {shown(reaction)}")
        if isinstance(reaction.emoji, str):
            heard.append(f"repr {reaction!r}")

    @bot.command()
    async def listed(ctx, message: discord.Message):
        for reaction in message.reactions:
            heard.append(f"listed: {shown(reaction)}")
        by_text = {r.emoji: r.count for r in message.reactions if isinstance(r.emoji, str)}
        heard.append(f"by text {by_text}")

    @bot.command(name="heard")
    async def heard_(ctx):
        await ctx.send("\n".join(heard))

    return bot


async def bob_reacts(sb: Sandbox) -> None:
    message = await sb.send_message("alice", "general", "react here")
    await sb.react("bob", message, THUMBS)
    party = sb.guild.emojis[0]
    await sb.react("bob", message, f"<:{party.name}:{party.id}>")


def _reacted(sb: Sandbox) -> str:
    [message] = [m for m in sb.messages("general") if m.content == "react here"]
    return f"!listed {message.id}"


LINES = [
    Do(bob_reacts),
    ("alice", "general", _reacted, 0),
    ("alice", "general", "!heard"),
]


async def test_a_reaction_emoji_is_text_or_the_guild_emoji(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, reactions_bot, LINES, world=reactions_world)
    assert said["tidecord"] == said["discord.py"]
    text = said["tidecord"][0]
    assert (f"added by bob: text {THUMBS} custom=False str={THUMBS} count=1 thumbs=True"
            " same=True hashed=True") in text
    assert f"repr <Reaction emoji='{THUMBS}' me=False count=1>" in text
    assert "listed: Emoji party custom=True" in text
    assert f"by text {{'{THUMBS}': 1}}" in text
