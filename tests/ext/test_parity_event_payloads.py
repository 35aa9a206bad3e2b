"""What a handler is handed, as discord.py hands it: a pin's time as a datetime,
``on_typing`` before ``on_raw_typing`` and the raw event's time as a datetime, a raw
reaction's type, burst colours and emoji, and the emojis of an emoji update (their
creator unknown reads None). The same bot on tidecord and on discord.py 2.7.1 must
hear the same. A DM channel whose other person is not known yet prints as
discord.py's does."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

THUMBS = "\N{THUMBS UP SIGN}"


def payloads_world() -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "channels": [{"name": "general"}],
            "emojis": ["party", "wave"],
            "members": ["alice", "bob"],
        }],
    })


def payloads_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    heard = []

    @bot.event
    async def on_guild_channel_pins_update(channel, last_pin):
        heard.append(f"pins #{channel.name} {type(last_pin).__name__} "
                     f"{last_pin is None or last_pin.tzinfo is not None}")

    @bot.event
    async def on_typing(channel, user, when):
        heard.append(f"typing {user.display_name} {type(when).__name__}")

    @bot.event
    async def on_raw_typing(payload):
        heard.append(f"raw typing {payload.user.display_name} "
                     f"{type(payload.timestamp).__name__} {payload.timestamp.tzinfo is not None}")

    @bot.event
    async def on_raw_reaction_add(payload):
        heard.append(f"raw reaction {payload.emoji} {payload.type} {payload.burst} "
                     f"{payload.burst_colours} {payload.burst_colors} "
                     f"{payload.emoji.animated} {payload.emoji.id is not None} "
                     f"{repr(payload.emoji).replace(str(payload.emoji.id or 'no id'), 'ID')} "
                     f"{isinstance(payload.emoji, discord.PartialEmoji)}")

    @bot.event
    async def on_guild_emojis_update(guild, before, after):
        heard.append(f"emojis {type(before).__name__} {[e.name for e in after]} "
                     f"{[e.user for e in after]} "
                     f"{[(e.animated, e.managed, e.require_colons, e.available) for e in after]}")

    @bot.listen("on_message")
    async def dm_heard(message):
        if message.guild is None and message.author != bot.user:
            heard.append(f"dm in {message.channel}")

    @bot.command(name="heard")
    async def heard_(ctx):
        await ctx.send("\n".join(heard))

    return bot


async def pin_and_unpin(sb: Sandbox) -> None:
    message = await sb.send_message("alice", "general", "pin me")
    sb.state.pin(message.channel_id, message.id)
    sb.state.pin(message.channel_id, message.id, False)


async def bob_types(sb: Sandbox) -> None:
    await sb.typing("bob", "general")


async def bob_reacts(sb: Sandbox) -> None:
    [message] = [m for m in sb.messages("general") if m.content == "pin me"]
    await sb.react("bob", message, THUMBS)
    party = sb.guild.emojis[0]
    await sb.react("bob", message, f"<:{party.name}:{party.id}>")


def one_emoji_goes(sb: Sandbox) -> None:
    [gid] = sb.state.guilds
    sb.state.set_emojis(gid, sb.state.guild(gid).emojis[:1])


LINES = [
    Do(pin_and_unpin, replies=1),  # the pin's notice, in the bot's name
    Do(bob_types),
    Do(bob_reacts),
    Do(one_emoji_goes),
    Do(lambda sb: sb.send_dm("bob", "hello")),
    ("alice", "general", "!heard"),
]


async def test_handlers_are_handed_what_discord_py_hands_them(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, payloads_bot, LINES, world=payloads_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in ("pins #general datetime True\npins #general NoneType True",
                 "typing bob datetime\nraw typing bob datetime True",
                 f"raw reaction {THUMBS} ReactionType.normal False [] [] False False "
                 f"<PartialEmoji animated=False name='{THUMBS}' id=None> True",
                 # A guild's own emoji comes as a PartialEmoji too, as discord.py makes it.
                 "> ReactionType.normal False [] [] False True "
                 "<PartialEmoji animated=False name='party' id=ID> True",
                 "emojis tuple ['party'] [None] [(False, False, True, True)]",
                 "dm in Direct Message with Unknown User"):
        assert line in text, line
