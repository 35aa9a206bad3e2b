"""Everyday discord.py Client programs run unchanged but for the import, as processes.

Each program in ``data/`` is written the way discord.py users write them; the test
acts as people in the sandbox and reads what the bot did.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from tidecord.sandbox import Sandbox, World

from .client_helpers import ended
from .test_client_discordpy_programs import _line, _spawn

Factory = Callable[..., Awaitable[Sandbox]]


async def _finish(proc: asyncio.subprocess.Process, *, interrupt: bool = False) -> bytes:
    """Let the program end (or Ctrl-C it); its stderr, checked for tracebacks."""
    try:
        if interrupt:
            proc.send_signal(signal.SIGINT)
        _, err = await ended(proc)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err and b"Unclosed" not in err, err.decode()
    return err


async def test_guessing_game_embeds_utils_and_typing(sandbox: Sandbox, tmp_path: Path) -> None:
    bot = sandbox.bot_user
    proc = await _spawn("game_bot.py", sandbox, tmp_path, BOT_TOKEN=sandbox.token,
                        GUESS_ANSWER="7")
    try:
        assert await _line(proc) == f"Logged in as {bot.username} (ID: {bot.id})"

        async def said(text: str) -> Any:
            await sandbox.send_message("alice", "general", text)
            return await sandbox.wait_for_message(channel="general", author=bot, timeout=10)

        async def guess_asked() -> None:
            # The question shows before send() returns to the bot: a guess sent in
            # between would reach the bot before its wait_for does.
            assert (await said("$guess")).content == "Guess a number between 1 and 10."
            assert await _line(proc) == "guessing"

        await guess_asked()
        # bob's guess does not count: the check wants alice's message.
        await sandbox.send_message("bob", "general", "7")
        assert (await said("3")).content == "Oops. It is actually 7."
        await guess_asked()
        assert (await said("7")).content == "You are right!"
        await guess_asked()
        late = await sandbox.wait_for_message(channel="general", author=bot, timeout=10)
        assert late.content == "Sorry, you took too long it was 7."

        alice = sandbox.user("alice")
        embed = (await said("$profile")).embeds[0]
        assert embed.title == "Profile" and embed.description == f"Hello <@{alice.id}>"
        assert embed.color == 0x3498DB
        assert embed.author.name == "Alice" and embed.author.icon_url.startswith("https://")
        server, joined = embed.fields
        assert (server.name, server.value) == ("Server", "Sandbox")
        assert joined.name == "Joined" and joined.value.startswith("<t:")
        assert embed.footer.text == "Asked by alice"
        assert embed.timestamp.year >= 2020 and embed.thumbnail.url.endswith(".png")

        mod = next(r for r in sandbox.state.roles[sandbox.guild.id].values()
                   if r.name == "Moderator")
        general = sandbox.channel("general")
        assert (await said("$roles")).content.startswith(
            f"<@&{mod.id}> has Alice; bob: True; general: <#{general.id}>; created <t:")

        typed = asyncio.ensure_future(sandbox.wait_for_dispatch(
            "TYPING_START", lambda d: d.user_id == bot.id))
        reply = await said("$slow")
        assert reply.content == "done thinking, alice"
        await asyncio.wait_for(typed, 5)

        await said("$bye")
    finally:
        err = await _finish(proc)
    assert b"ERROR" not in err, err.decode()


async def _bot_reacts(sb: Sandbox, emoji: str) -> asyncio.Future[Any]:
    """Starts waiting for the bot's own ``emoji`` reaction; await the result later."""
    waiter = asyncio.ensure_future(sb.wait_for_dispatch(
        "MESSAGE_REACTION_ADD",
        lambda d: d.user_id == sb.bot_user.id and d.emoji.name == emoji, timeout=10))
    await asyncio.sleep(0)  # subscribed from here on
    return waiter


def _community_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"}],
        "guilds": [{
            "name": "Garden", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "add_reactions",
                                "read_message_history", "manage_roles"],
            "roles": [{"name": "Blue"}, {"name": "Green"}],
            "channels": [{"name": "welcome"}, {"name": "general"}, {"name": "mod-log"}],
            "members": ["alice", "bob"],
        }],
    })


async def test_greetings_logs_and_reaction_roles(sandbox_factory: Factory,
                                                 tmp_path: Path) -> None:
    sb = await sandbox_factory(world=_community_world())
    bot = sb.bot_user
    proc = await _spawn("community_bot.py", sb, tmp_path, BOT_TOKEN=sb.token)
    try:
        assert await _line(proc) == f"{bot.username} is ready"
        welcome, general = sb.channel("welcome"), sb.channel("general")

        carol = await sb.join("carol")
        hello = await sb.wait_for_message(channel="welcome", author=bot, timeout=10)
        assert hello.content == f"Welcome <@{carol.user.id}> to Garden!"

        said = await sb.send_message("bob", "general", "tomatoes are fruit")
        await sb.edit_message("bob", said, "tomatoes are berries")
        edited = await sb.wait_for_message(channel="mod-log", author=bot, timeout=10)
        assert edited.content == (f"bob edited a message in <#{general.id}>: "
                                  "'tomatoes are fruit' -> 'tomatoes are berries'")
        await sb.delete_message("bob", said)
        deleted = await sb.wait_for_message(channel="mod-log", author=bot, timeout=10)
        bob = sb.user("bob")
        assert deleted.content == (f"Message by <@{bob.id}> deleted in <#{general.id}>: "
                                   "tomatoes are berries")

        second = await _bot_reacts(sb, "🟢")  # the bot adds two reactions, one after the other
        await sb.send_message("alice", "general", "!roles")
        menu = await sb.wait_for_message(channel="general", author=bot, timeout=10)
        await second
        roles = {r.name: r.id for r in sb.state.roles[sb.guild.id].values()}
        await sb.react("bob", menu, "🔵")
        gave = await sb.wait_for_message(channel="welcome", author=bot, timeout=10)
        assert gave.content == "gave Blue to Bob"
        assert roles["Blue"] in sb.state.members[sb.guild.id][bob.id].roles
        await sb.react("bob", menu, "🔵", remove=True)
        took = await sb.wait_for_message(channel="welcome", author=bot, timeout=10)
        assert took.content == "took Blue from bob"
        assert roles["Blue"] not in sb.state.members[sb.guild.id][bob.id].roles

        await sb.leave("carol")
        bye = await sb.wait_for_message(channel=welcome, author=bot, timeout=10)
        assert bye.content == "carol has left Garden."
    finally:
        await _finish(proc, interrupt=True)


async def test_background_task_from_setup_hook(sandbox: Sandbox, tmp_path: Path) -> None:
    general = sandbox.channel("general")
    bot = sandbox.bot_user
    proc = await _spawn("ticker_bot.py", sandbox, tmp_path, BOT_TOKEN=sandbox.token,
                        CHANNEL_ID=str(general.id))
    try:
        assert await _line(proc) == f"Logged in as {bot.username} (ID: {bot.id})"
    finally:
        await _finish(proc)
    said = sorted(m.content for m in sandbox.messages("general") if m.author.id == bot.id)
    assert said[-3:] == ["tick 1", "tick 2", "tick 3"]
    assert said[0] == f"{bot.username} online in 1 server(s)"


async def test_reaction_confirmation_dms_history_and_kinds(sandbox: Sandbox,
                                                           tmp_path: Path) -> None:
    bot = sandbox.bot_user
    proc = await _spawn("helper_bot.py", sandbox, tmp_path, BOT_TOKEN=sandbox.token)
    try:
        assert await _line(proc) == f"{bot.username} ready"
        # (the sandbox keeps no record of op 3, so the presence change only must not fail)
        thumb = await _bot_reacts(sandbox, "👍")  # then it waits for the asker's
        await sandbox.send_message("alice", "general", "!clear")
        prompt = await sandbox.wait_for_message(channel="general", author=bot, timeout=10)
        await thumb
        # A person reacts a moment after the prompt shows its 👍. The bot starts waiting
        # only once its own add_reaction call has returned, which on a loaded machine
        # can come after the event of a reaction made the same instant (seen once in a
        # full run: "Not confirmed."), as it could on Discord for a scripted reaction.
        await asyncio.sleep(0.5)
        await sandbox.react("bob", prompt, "👍")  # not the asker: ignored
        await sandbox.react("alice", prompt, "👍")
        done = await sandbox.wait_for_message(channel="general", author=bot, timeout=10)
        assert done.content == "Alice confirmed with 👍; I saw 2 messages, the last by alice"

        await sandbox.send_message("alice", "general", "!dm")
        dm = await sandbox.wait_for_message(author=bot, timeout=10)
        assert dm.content == "Hi alice, how can I help?"
        assert dm.channel_id == sandbox.state.dm_channel(sandbox.user("alice").id).id
        await sandbox.send_dm("alice", "*secret*")
        answer = await sandbox.wait_for_message(author=bot, timeout=10)
        assert answer.content == "You said \\*secret\\* in private"
    finally:
        await _finish(proc, interrupt=True)


def _moderation_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"}],
        "guilds": [{
            "name": "Garden", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_messages", "manage_roles", "moderate_members",
                                "embed_links"],
            "roles": [{"name": "Moderator", "permissions": ["manage_messages"]}],
            "channels": [{"name": "general"}],
            "members": [{"user": "alice", "roles": ["Moderator"]}, "bob"],
        }],
    })


async def test_moderation_purge_timeout_roles_and_clean_content(sandbox_factory: Factory,
                                                                 tmp_path: Path) -> None:
    sb = await sandbox_factory(world=_moderation_world())
    bot = sb.bot_user
    proc = await _spawn("moderation_bot.py", sb, tmp_path, BOT_TOKEN=sb.token)
    try:
        assert await _line(proc) == f"{bot.username} moderating Garden"
        await sb.send_message("bob", "general", "!purge 2")
        refused = await sb.wait_for_message(channel="general", author=bot, timeout=10)
        assert refused.content == "You can't do that."
        for n in range(4):
            await sb.send_message("bob", "general", f"spam {n}")
        await sb.send_message("alice", "general", "!purge 2")
        done = await sb.wait_for_message(channel="general", author=bot, timeout=10)
        assert done.content == "Deleted 2 message(s)."
        left = [m.content for m in sb.messages("general")]
        assert "spam 1" in left and "spam 2" not in left and "spam 3" not in left
        assert left[-2:] == ["spam 1", "Deleted 2 message(s)."]  # alice's command went too

        bob = sb.user("bob")
        await sb.send_message("alice", "general", f"!mute <@{bob.id}>")
        muted = await sb.wait_for_message(channel="general", author=bot, timeout=10)
        assert muted.content == "Bob is muted for 10 minutes."
        until = sb.state.members[sb.guild.id][bob.id].communication_disabled_until
        assert isinstance(until, str) and until > discord_now()
        # Timed out, bob may send nothing (Discord's timeout): lift it for what follows.
        sb.state.update_member(sb.guild.id, bob.id, communication_disabled_until=None)

        await sb.send_message("bob", "general", "!team Blue")
        teams = await sb.wait_for_message(channel="general", author=bot, timeout=10)
        blue = next(r for r in sb.state.roles[sb.guild.id].values() if r.name == "Blue")
        assert blue.color == 0x206694 and blue.id in sb.state.members[sb.guild.id][bob.id].roles
        assert [e.fields[0].value for e in teams.embeds] == ["#206694", "copied"]
        assert teams.embeds[0].title == "Team Blue" and teams.embeds[0].color == 0x206694

        mod = next(r for r in sb.state.roles[sb.guild.id].values() if r.name == "Moderator")
        general = sb.channel("general")
        await sb.send_message("alice", "general",
                              f"!echo hi <@{bob.id}> <@&{mod.id}> in <#{general.id}> @everyone")
        echo = await sb.wait_for_message(channel="general", author=bot, timeout=10)
        assert echo.content == ("hi @Bob @Moderator in #general @\u200beveryone "
                                "(roles: Moderator)")
    finally:
        await _finish(proc, interrupt=True)


def discord_now() -> str:
    """Now, as Discord writes timestamps (comparable as text)."""
    import datetime

    return datetime.datetime.now(datetime.UTC).isoformat()
