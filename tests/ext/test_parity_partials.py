"""A channel the bot knows by id alone, as discord.py hands it: ``get_partial_messageable``
gives a ``PartialMessageable`` even for a cached channel, with no ``name`` (a bot written
for discord.py reads it with ``getattr(channel, "name", default)``), printing as
``<PartialMessageable id=... type=...>``, granting no permissions, of no other kind
(not a ``TextChannel``, not a ``Thread``), and still sending, fetching and reading
history. The same bot on tidecord and on discord.py 2.7.1 must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from ..proof.harness import answer
from .parity import LIBRARIES, Do, both, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def partials_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def described(channel: Any, ids: dict[int, str]) -> str:
        # Ids differ between the two runs: name them.
        def plain(text: str) -> str:
            for number, name in ids.items():
                text = text.replace(str(number), name)
            return text
        kinds = [kind.__name__ for kind in (discord.PartialMessageable, discord.TextChannel,
                                            discord.Thread, discord.abc.GuildChannel,
                                            discord.abc.Messageable)
                 if isinstance(channel, kind)]
        return plain(f"name={getattr(channel, 'name', 'none')} {hasattr(channel, 'name')} "
                     f"str={channel} type={channel.type} mention={channel.mention} "
                     f"url={channel.jump_url} "
                     f"guild={getattr(channel.guild, 'name', None)} kinds={kinds} "
                     f"perms={channel.permissions_for(channel.guild.me).value}")

    @bot.command()
    async def partial(ctx: Any, channel_id: int, typed: bool = False) -> None:
        ids = {ctx.guild.id: "GUILD", channel_id: "CHANNEL"}
        kind = discord.ChannelType.public_thread if typed else None
        channel = bot.get_partial_messageable(channel_id, guild_id=ctx.guild.id, type=kind)
        await ctx.send(described(channel, ids))

    @bot.command()
    async def through(ctx: Any, channel_id: int) -> None:
        channel = bot.get_partial_messageable(channel_id, guild_id=ctx.guild.id)
        sent = await channel.send("sent through a partial")
        fetched = await channel.fetch_message(sent.id)
        history = [m.content async for m in channel.history(limit=1)]
        await ctx.send(f"{fetched.content} | {history} | {fetched.guild.name}")

    return bot


def partial_of(name: str, typed: bool = False) -> Any:
    def line(sb: Sandbox) -> str:
        return f"!partial {sb.state.channel(name).id}{' yes' if typed else ''}"
    return line


async def test_a_channel_known_by_id_is_a_partial_messageable(sandbox_factory: Any) -> None:
    async def prepare(sb: Sandbox) -> None:
        # A private thread the bot is not in: the bot's cache never holds it.
        await sb.start_thread("alice", "general", "secret", private=True)

    said = await both(sandbox_factory, partials_bot, [
        ("alice", "general", partial_of("ideas")),
        ("alice", "general", partial_of("secret", typed=True)),
        ("alice", "general", lambda sb: f"!through {sb.state.channel('ideas').id}", 2),
    ], prepare=prepare)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][0] == (
        "#general: name=none False str=<PartialMessageable id=CHANNEL type=None> type=None "
        "mention=<#CHANNEL> url=https://discord.com/channels/GUILD/CHANNEL guild=Sandbox "
        "kinds=['PartialMessageable', 'Messageable'] perms=0")
    assert "type=<ChannelType.public_thread: 11>" in said["tidecord"][1]
    assert said["tidecord"][2:] == [
        "#general: sent through a partial | ['sent through a partial'] | Sandbox",
        "#ideas: sent through a partial"]


def emoji_world() -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Home", "owner": "alice", "channels": [{"name": "general"}],
                    "emojis": ["wave", {"name": "spin", "animated": True}],
                    "members": ["alice", "bob"]}],
    })


def reactions_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    heard = []

    def emoji_of(reaction: Any) -> str:
        emoji = reaction.emoji
        return (f"{emoji.name} {isinstance(emoji, discord.PartialEmoji)} "
                f"{getattr(getattr(emoji, 'guild', None), 'name', None)}")

    @bot.event
    async def on_reaction_add(reaction: Any, user: Any) -> None:
        heard.append(f"added {emoji_of(reaction)}")

    @bot.command()
    async def look(ctx: Any, message_id: int) -> None:
        # The message fetched again after its emojis left the guild: a reaction's emoji
        # the bot no longer knows is a PartialEmoji.
        fetched = await ctx.channel.fetch_message(message_id)
        heard.append("fetched " + ", ".join(emoji_of(r) for r in fetched.reactions))
        await ctx.send("\n".join(heard))

    return bot


async def test_a_reactions_custom_emoji_is_the_guilds_or_a_partial_one(
        sandbox_factory: Any) -> None:
    async def react(sb: Sandbox) -> None:
        message = await sb.send_message("alice", "general", "react here")
        for emoji in sb.guild.emojis:
            await sb.react("bob", message, f"<{'a' if emoji.animated else ''}:"
                                           f"{emoji.name}:{emoji.id}>")

    def emojis_go(sb: Sandbox) -> None:
        sb.state.set_emojis(sb.guild.id, [])

    def look(sb: Sandbox) -> str:
        [message] = [m for m in sb.messages("general") if m.content == "react here"]
        return f"!look {message.id}"

    said = await both(sandbox_factory, reactions_bot,
                      [Do(react), Do(emojis_go), ("alice", "general", look)],
                      world=emoji_world)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == ["#general: added wave False Home\nadded spin False Home\n"
                                "fetched wave True None, spin True None"]


def partial_message_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def poke(ctx: Any, message_id: int) -> None:
        partial = ctx.channel.get_partial_message(message_id)
        # Nothing of what it says is known: a program asks with a default.
        unknown = [name for name in ("content", "author", "pinned", "embeds", "reactions",
                                     "type", "flags", "edited_at")
                   if getattr(partial, name, "?") == "?"]
        shown = repr(partial).replace(str(message_id), "ID").replace(str(ctx.channel.id), "CH")
        mine = await ctx.send("mine")
        mine_partial = ctx.channel.get_partial_message(mine.id)
        edited = await mine_partial.edit(content="mine, edited")
        await mine_partial.add_reaction("\N{THUMBS UP SIGN}")
        await mine_partial.pin()
        await partial.reply("a reply to it")
        fetched = await mine_partial.fetch()
        await ctx.send(f"unknown {unknown} | {shown[:40]} | {edited.content} "
                       f"| {fetched.pinned} "
                       f"{[str(r.emoji) for r in fetched.reactions]} {fetched == mine_partial}")
        await mine_partial.delete()

    return bot


async def test_a_partial_message_acts_but_knows_nothing_it_says(sandbox_factory: Any) -> None:
    def poke(sb: Sandbox) -> str:
        [message] = [m for m in sb.messages("general") if m.content == "poke me"]
        return f"!poke {message.id}"

    said = await both(sandbox_factory, partial_message_bot, [
        Do(lambda sb: sb.send_message("alice", "general", "poke me")),
        ("alice", "general", poke, 3),  # the pin's notice, the reply, the report ("mine" goes)
    ])
    assert said["tidecord"] == said["discord.py"]
    assert ("#general: unknown ['content', 'author', 'pinned', 'embeds', 'reactions', 'type', "
            "'flags', 'edited_at'] | <PartialMessage id=ID channel=<TextChann | "
            "mine, edited | True ['\N{THUMBS UP SIGN}'] True") in said["tidecord"]


def dm_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.event
    async def on_message(message: Any) -> None:
        if message.author == bot.user or message.guild is not None:
            return
        # The DM channel is not cached yet: a program names where it heard something
        # the way discord.py lets it, with a default for a channel without a name.
        channel = message.channel
        opened = await message.author.create_dm()  # now cached: no name either
        await channel.send(f"heard in {getattr(channel, 'name', 'a DM')} "
                           f"{hasattr(channel, 'name')} {channel} "
                           f"{isinstance(channel, discord.DMChannel)} {channel.type} | "
                           f"{getattr(opened, 'name', 'a DM')} {opened}")

    return bot


async def test_a_dm_not_cached_yet_has_no_name(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, dm_bot, [("bob", "dm", "hello")])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "DM: heard in a DM False Direct Message with Unknown User True private | "
        "a DM Direct Message with bob"]


def dm_slash_bot(discord: Any, commands: Any) -> Any:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(),
                       help_command=None)

    @bot.tree.command(description="Where am I?")
    @discord.app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def where(interaction: Any) -> None:
        channel = interaction.channel
        await interaction.response.send_message(
            f"{getattr(channel, 'name', 'a DM')} {channel} "
            f"{isinstance(channel, discord.DMChannel)}")

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot


async def test_a_dm_an_interaction_came_from_has_no_name(sandbox_factory: Any) -> None:
    answers = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        async with running(library, sb, dm_slash_bot):
            dm = await sb.send_dm("bob", "hi")
            record = await sb.invoke_command("bob", int(dm.channel_id), "where")
            answers[library] = answer(await record.wait_response(10))["original"]["content"]
    assert answers["tidecord"] == answers["discord.py"] == "a DM Direct Message with bob True"
