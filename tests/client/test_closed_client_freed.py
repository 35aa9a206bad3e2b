"""A closed client nobody holds is freed, with everything it cached, and until then it
reads as discord.py's does after ``close()``.

Clients are made and closed in turn in one process (a test suite, a program that
reloads, several bots one after the other): each leaves nothing of its own behind.
Its models (users, members, roles) are untracked by the collector and hold the
client's state, so a model of its left anywhere would keep that state alive: the state
gone, none is left.
"""

from __future__ import annotations

import asyncio
import gc
import json
import weakref
from typing import Any

import pytest

import tidecord
from tidecord.events import State
from tidecord.models import Channel, Guild, Message
from tidecord.sandbox import Sandbox

from ..discordpy_ready import ready_at_once
from .client_helpers import start_client, until

pytestmark = pytest.mark.timeout(60)

TRACKED = (Guild, Channel, Message)


def collected() -> None:
    """Collect until nothing more goes: the client goes at the first collection, and
    its finaliser frees its cache; what that held in cycles of its own (guilds and
    their channels, messages and their reactions) goes with the next ones, as the
    collector's own runs take it."""
    for _ in range(10):
        if not gc.collect():
            return


def make_bot(discord: Any, commands: Any, app_commands: Any, ui: Any) -> Any:
    """A bot that keeps what it met: a command's context, an interaction, a message."""
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all())
    bot.kept = {}
    tree = bot.tree

    @bot.command()
    async def hi(ctx: Any) -> None:
        bot.kept["ctx"] = ctx
        view = ui.View(timeout=30)
        view.add_item(ui.Button(label="press", custom_id="press"))
        await ctx.send("hello", view=view)

    @tree.command(description="Ping")
    async def ping(interaction: Any) -> None:
        bot.kept["interaction"] = interaction
        await interaction.response.send_message("pong")

    @bot.event
    async def on_message(message: Any) -> None:
        if message.guild is None and not message.author.bot:
            bot.kept["dm"] = message
        await bot.process_commands(message)

    @bot.event
    async def setup_hook() -> None:
        await tree.sync()

    return bot


async def converse(bot: Any, sb: Sandbox) -> None:
    """People talk to the bot: a command, a click, a slash command, a reaction, a DM."""
    await sb.join("carol")
    note = await sb.send_message("alice", "general", "!hi")
    await sb.react("bob", note, "👍", "general")
    await sb.send_dm("carol", "psst")
    await until(lambda: any(m.content == "hello" for m in sb.messages("general")))
    hello = next(m for m in sb.messages("general") if m.content == "hello")
    await sb.click_button("bob", hello, "press")
    await sb.invoke_command("alice", "general", "ping", {})
    await until(lambda: {"ctx", "interaction", "dm"} <= bot.kept.keys()
                and any(m.content == "pong" for m in sb.messages("general")))


def tracked_models_of(state_ids: set[int]) -> list[Any]:
    return [o for o in gc.get_objects()
            if isinstance(o, TRACKED) and id(getattr(o, "_state", None)) in state_ids]


async def test_clients_started_and_closed_in_turn_leave_nothing_of_theirs(
        sandbox: Sandbox) -> None:
    from tidecord import app_commands, ui
    from tidecord.ext import commands

    states: set[int] = set()
    for turn in ("first", "second", "third"):
        bot = make_bot(tidecord, commands, app_commands, ui)
        bot.api_url = sandbox.api_url
        task = await start_client(bot, sandbox.token)
        await converse(bot, sandbox)
        await bot.close()
        await asyncio.wait_for(task, 5)
        state = bot._connection
        assert isinstance(state, State)
        assert tracked_models_of({id(state)}), turn  # it did cache guilds, channels...
        states.add(id(state))
        client, its_state = weakref.ref(bot), weakref.ref(state)
        del bot, task, state
        collected()
        assert client() is None, f"the {turn} client is alive"
        assert its_state() is None, f"the {turn} client's state (and cache) is alive"
    # Every state is gone now: no id of theirs can belong to another's.
    assert tracked_models_of(states) == []


async def _after_close(library: str, sb: Sandbox) -> dict[str, Any]:
    """Run the bot, close it, and read what discord.py keeps readable after close."""
    if library == "tidecord":
        from tidecord import app_commands, ui
        from tidecord.ext import commands
        bot = make_bot(tidecord, commands, app_commands, ui)
        bot.api_url = sb.api_url
    else:
        import discord
        from discord import app_commands as dpy_app_commands
        from discord import ui as dpy_ui
        from discord.ext import commands as dpy_commands
        bot = make_bot(discord, dpy_commands, dpy_app_commands, dpy_ui)
        await bot._async_setup_hook()
        ready_at_once(bot._connection)
    task = await start_client(bot, sb.token)
    await converse(bot, sb)
    await bot.close()
    await asyncio.wait_for(task, 5)
    ctx, interaction, dm = bot.kept["ctx"], bot.kept["interaction"], bot.kept["dm"]
    guild = bot.guilds[0]
    member = guild.get_member(ctx.author.id)
    return {
        "closed": bot.is_closed(),
        "user": str(bot.user),
        "guilds": [g.name for g in bot.guilds],
        "get_guild": str(bot.get_guild(guild.id)),
        "get_channel": str(bot.get_channel(ctx.channel.id)),
        "channels": sorted(c.name for c in bot.get_all_channels()),
        "users": sorted(str(u) for u in bot.users),
        "get_user": str(bot.get_user(ctx.author.id)),
        "members": sorted(str(m) for m in guild.members),
        "me": str(guild.me),
        "member guild": str(member.guild),
        "member roles": [r.name for r in member.roles],
        "roles": [r.name for r in guild.roles],
        "permissions": ctx.channel.permissions_for(guild.me).value,
        "cached": [m.content for m in bot.cached_messages],
        "dm channels": [str(c.recipient) for c in bot.private_channels],
        "dm": [dm.content, str(dm.author), str(dm.channel.recipient)],
        "ctx": [ctx.bot is bot, ctx.guild.name, ctx.channel.name, str(ctx.author),
                ctx.author.guild.name, ctx.message.content],
        "interaction": [interaction.client is bot, interaction.command.name,
                        interaction.guild.name, str(interaction.user)],
    }


async def test_a_closed_client_reads_as_discord_py_s_does(
        sandbox_factory: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import discord
    import yarl

    ours = await _after_close("tidecord", await sandbox_factory())
    sb: Sandbox = await sandbox_factory()  # the same world, met afresh
    monkeypatch.setattr(discord.http.Route, "BASE", sb.api_url)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        yarl.URL(sb.gateway_url))
    theirs = await _after_close("discord.py", sb)
    assert ours == theirs
    assert ours["ctx"][0] and ours["interaction"][0]  # the client itself, not a stand-in


async def test_a_closed_client_cleared_and_left_unstarted_is_freed(sandbox: Sandbox) -> None:
    from tidecord import app_commands, ui
    from tidecord.ext import commands

    bot = make_bot(tidecord, commands, app_commands, ui)
    bot.api_url = sandbox.api_url
    task = await start_client(bot, sandbox.token)
    await bot.close()
    await asyncio.wait_for(task, 5)
    bot.clear()  # new views for the next start, which never comes
    assert not bot.is_closed()
    client, state = weakref.ref(bot), weakref.ref(bot._connection)
    del bot, task
    collected()
    assert client() is None and state() is None


async def test_a_client_closed_while_it_waits_for_identifies_is_freed(sandbox: Sandbox) -> None:
    # GET /gateway/bot says no identify is left for 0.3 s: the client waits, is closed
    # meanwhile, and builds its shards after that wait only to find itself closed.
    gateway = json.dumps({"url": sandbox.gateway_url, "shards": 1, "session_start_limit": {
        "total": 1000, "remaining": 0, "reset_after": 300, "max_concurrency": 1}}).encode()
    hooked = asyncio.Event()

    class Bot(tidecord.Client):
        async def setup_hook(self) -> None:
            sandbox.answer_next_rest(1, 200, gateway, {"Content-Type": "application/json"})
            hooked.set()

    bot = Bot(api_url=sandbox.api_url)
    task = asyncio.create_task(bot.start(sandbox.token))
    await asyncio.wait_for(hooked.wait(), 5)
    await asyncio.sleep(0.1)
    await bot.close()
    await asyncio.wait_for(task, 5)
    assert bot._shards is not None and not sandbox.hub.live()  # built, never connected
    client = weakref.ref(bot)
    del bot, task
    collected()
    assert client() is None



async def test_a_closed_client_whose_members_roles_were_read_is_freed_by_two_collections(
        sandbox: Sandbox) -> None:
    # Reading roles ranks the guild's roles in its MemberRoles type, which the collector
    # alone frees (a type is a cycle), and which a role set the cache shares (the
    # message's member's) keeps until the cache is freed, after the first collection.
    # The roles it ranked refer to the state unseen (untracked): kept ranked, they held
    # the state through the second collection, which freed the type.
    bot = tidecord.Client(intents=tidecord.Intents.all(), api_url=sandbox.api_url)
    heard: list[list[str]] = []

    @bot.event
    async def on_message(message: Any) -> None:
        heard.append([r.name for r in message.author.roles])

    task = await start_client(bot, sandbox.token)
    await sandbox.send_message("alice", "general", "hi")  # alice's member, bound
    await until(lambda: heard)
    assert heard == [["@everyone", "Moderator"]]
    walked = {m.name: [r.name for r in m.roles] for m in bot.guilds[0].members}  # ranked too
    assert walked["alice"] == heard[0]
    await bot.close()
    await asyncio.wait_for(task, 5)
    client, state = weakref.ref(bot), weakref.ref(bot._connection)
    del bot, task, on_message
    gc.collect()  # the client, whose finaliser frees its cache
    gc.collect()  # what the cache held, the state with it
    assert client() is None
    assert state() is None, "the state outlived a second collection"
