"""discord.py and hikari, pointed at the sandbox by URL alone, behave as on Discord."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import discord
import hikari
import pytest
from discord.ext import commands

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.cdn import draw_png

from .sandbox_peers import discord_py, hikari_bot

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def _replier(client: commands.Bot) -> None:
    async def on_message(message: discord.Message) -> None:
        if not message.author.bot and message.content == ".idea":
            await message.reply(f"Nice idea, {message.author.name}!")
    client.add_listener(on_message, "on_message")


def _recorder(seen: list[str], resumed: asyncio.Event) -> Callable[[commands.Bot], None]:
    """A discord.py setup that records message contents and notes a resume."""

    def setup(client: commands.Bot) -> None:
        async def on_message(message: discord.Message) -> None:
            seen.append(message.content)

        async def on_resumed() -> None:
            resumed.set()
        client.add_listener(on_message, "on_message")
        client.add_listener(on_resumed, "on_resumed")

    return setup


async def _until_seen(seen: list[str], content: str) -> None:
    for _ in range(100):
        if content in seen:
            return
        await asyncio.sleep(0.05)


async def _talk_through_a_drop(
    sandbox: Sandbox, seen: list[str], resumed: asyncio.Event, *, code: int | None
) -> int:
    """Talk, drop the connection, talk while the bot is away, wait for its resume, talk.

    Returns the identify count from before the drop.
    """
    await sandbox.send_message("alice", "general", "before")
    identifies = sandbox.hub.identifies
    await sandbox.drop_connections(code)
    # Sent while the bot is away: the session keeps them for the resume.
    for i in range(3):
        await sandbox.send_message("bob", "general", f"while-away-{i}")
    await asyncio.wait_for(resumed.wait(), 20)
    await sandbox.send_message("alice", "general", "after")
    await _until_seen(seen, "after")
    return identifies


async def test_discord_py_sees_the_world_and_replies(sandbox: Sandbox) -> None:
    async with discord_py(sandbox, _replier) as client:
        guild = client.get_guild(sandbox.guild.id)
        assert guild is not None and guild.name == "Sandbox"
        assert {c.name for c in guild.text_channels} >= {"general", "ideas"}
        assert {m.name for m in guild.members} == {"SandboxBot", "alice", "bob"}
        assert client.user is not None and client.user.id == sandbox.bot_user.id
        assert guild.me.guild_permissions.send_messages

        sent = await sandbox.send_message("alice", "general", ".idea")
        reply = await sandbox.wait_for_message(author=sandbox.bot_user, timeout=5)

    assert reply.content == "Nice idea, alice!"
    assert reply.type == 19
    assert reply.message_reference is not discord.utils.MISSING
    assert reply.message_reference.message_id == sent.id
    assert reply.referenced_message is not None and reply.referenced_message.id == sent.id
    # alice sees the reply in #general, after her message
    assert [m.id for m in sandbox.messages("general")] == [sent.id, reply.id]


@pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Sandbox", "owner": "alice", "members": ["alice"],
                "bot_permissions": ["administrator"], "channels": [{"name": "general"}]}],
}))
async def test_discord_py_downloads_avatars_from_the_sandbox_cdn(sandbox: Sandbox) -> None:
    # Asset.BASE pointed at the sandbox (as sandbox_peers does): what the bot uploads
    # comes back byte for byte, and a member's default avatar is an image.
    picture = draw_png("dpy", 16)
    async with discord_py(sandbox) as client:
        assert client.user is not None
        me = await client.user.edit(avatar=picture)
        assert me.avatar is not None and await me.avatar.read() == picture
        guild = client.get_guild(sandbox.guild.id)
        alice = guild.get_member_named("alice") if guild is not None else None
        assert alice is not None
        assert (await alice.display_avatar.read()).startswith(b"\x89PNG")
        # A "steal this emoji" command: read one emoji's image, make another of it.
        smile = await guild.create_custom_emoji(name="smile", image=picture)
        copy = await guild.create_custom_emoji(name="copy", image=await smile.read())
        assert await copy.read() == picture


async def test_hikari_downloads_avatars_from_the_sandbox_cdn(sandbox: Sandbox) -> None:
    # hikari.urls.CDN_URL pointed at the sandbox (as sandbox_peers does).
    async with hikari_bot(sandbox) as bot:
        me = bot.get_me()
        assert me is not None
        assert (await me.display_avatar_url.read()).startswith(b"\x89PNG")
        alice = await bot.rest.fetch_member(sandbox.guild.id, sandbox.user("alice").id)
        assert (await alice.display_avatar_url.read()).startswith(b"\x89PNG")


async def test_hikari_sees_the_world_and_replies(sandbox: Sandbox) -> None:
    def setup(bot: hikari.GatewayBot) -> None:
        @bot.listen(hikari.GuildMessageCreateEvent)
        async def on_message(event: hikari.GuildMessageCreateEvent) -> None:
            if not event.is_bot and event.content == ".idea":
                await event.message.respond(f"Nice idea, {event.author.username}!",
                                            reply=event.message)

    async with hikari_bot(sandbox, setup) as bot:
        guild = bot.cache.get_guild(sandbox.guild.id)
        assert guild is not None and guild.name == "Sandbox"
        names = {c.name for c in bot.cache.get_guild_channels_view_for_guild(guild.id).values()}
        assert {"general", "ideas", "Text Channels"} <= names
        members = bot.cache.get_members_view_for_guild(guild.id)
        assert {m.username for m in members.values()} == {"SandboxBot", "alice", "bob"}
        me = bot.get_me()
        assert me is not None and me.id == sandbox.bot_user.id

        sent = await sandbox.send_message("alice", "general", ".idea")
        reply = await sandbox.wait_for_message(author=sandbox.bot_user, timeout=5)

    assert reply.content == "Nice idea, alice!"
    assert reply.type == 19 and reply.message_reference.message_id == sent.id
    assert sandbox.messages("general")[-1].id == reply.id


async def test_discord_py_resumes_after_a_drop_without_losing_events(sandbox: Sandbox) -> None:
    seen: list[str] = []
    resumed = asyncio.Event()

    setup = _recorder(seen, resumed)

    async with discord_py(sandbox, setup):
        identifies = await _talk_through_a_drop(sandbox, seen, resumed, code=None)

    assert seen == ["before", "while-away-0", "while-away-1", "while-away-2", "after"]
    assert sandbox.hub.identifies == identifies  # resumed, not identified again


async def test_hikari_resumes_after_a_drop_without_losing_events(sandbox: Sandbox) -> None:
    seen: list[str] = []
    resumed = asyncio.Event()

    def setup(bot: hikari.GatewayBot) -> None:
        @bot.listen(hikari.GuildMessageCreateEvent)
        async def on_message(event: hikari.GuildMessageCreateEvent) -> None:
            seen.append(event.content or "")

        @bot.listen(hikari.ShardResumedEvent)
        async def on_resumed(event: hikari.ShardResumedEvent) -> None:
            resumed.set()

    async with hikari_bot(sandbox, setup):
        identifies = await _talk_through_a_drop(sandbox, seen, resumed, code=4000)

    assert seen == ["before", "while-away-0", "while-away-1", "while-away-2", "after"]
    assert sandbox.hub.identifies == identifies


async def test_discord_py_follows_op7_and_op9(sandbox: Sandbox) -> None:
    seen: list[str] = []
    resumed = asyncio.Event()

    setup = _recorder(seen, resumed)

    async with discord_py(sandbox, setup):
        identifies = sandbox.hub.identifies
        assert await sandbox.send_reconnect() == 1
        await asyncio.wait_for(resumed.wait(), 15)
        assert sandbox.hub.identifies == identifies  # op 7 -> resume

        assert await sandbox.invalidate_session(resumable=False) == 1
        for _ in range(300):  # discord.py waits 1-5 s before identifying again
            if sandbox.hub.identifies > identifies and sandbox.hub.live():
                break
            await asyncio.sleep(0.05)
        assert sandbox.hub.identifies == identifies + 1  # op 9 false -> new identify
        await sandbox.send_message("alice", "general", "after op 9")
        await _until_seen(seen, "after op 9")
    assert seen == ["after op 9"]


async def test_hikari_survives_stalled_acks_and_rest_errors(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    sb = await sandbox_factory(heartbeat_interval=500)
    async with hikari_bot(sb) as bot:
        identifies = sb.hub.identifies
        sb.stall_heartbeat_acks(True)
        await asyncio.sleep(1.5)  # hikari notices the missing ACK and reconnects
        sb.stall_heartbeat_acks(False)
        await asyncio.wait_for(sb.hub.wait_identified(1), 10)
        assert sb.hub.identifies == identifies  # it resumed
        sb.fail_next_rest(1, status=500)
        message = await bot.rest.create_message(sb.channel("general").id, "after errors")
        assert message.content == "after errors"
        assert sb.faults.pending == 0


async def test_discord_py_answers_a_direct_message(sandbox: Sandbox) -> None:
    def setup(client: commands.Bot) -> None:
        async def on_message(message: discord.Message) -> None:
            if isinstance(message.channel, discord.DMChannel) and not message.author.bot:
                await message.channel.send(f"you said {message.content}")
        client.add_listener(on_message, "on_message")

    async with discord_py(sandbox, setup):
        sent = await sandbox.send_dm("bob", "psst")
        reply = await sandbox.wait_for_message(channel=sent.channel_id, timeout=5)
    assert reply.content == "you said psst" and reply.author.id == sandbox.bot_user.id


async def test_peers_chunk_large_guilds_at_startup(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    world = World.generate(guilds=4, members_per_guild=1200, channels=3, roles=4)
    sb = await sandbox_factory(world=world)
    async with discord_py(sb, chunk_guilds_at_startup=True) as client:
        sizes = sorted(len(g.members) for g in client.guilds)
        assert all(g.large for g in client.guilds)
    assert sizes == [1200] * 4
    async with hikari_bot(sb) as bot:
        for guild_id in sb.state.guilds:
            await bot.request_guild_members(guild_id)
        for _ in range(100):
            counts = [len(bot.cache.get_members_view_for_guild(g)) for g in sb.state.guilds]
            if counts == [1200] * 4:
                break
            await asyncio.sleep(0.05)
    assert counts == [1200] * 4


async def test_discord_py_fires_on_ready_again_after_a_session_it_could_not_resume(
        sandbox: Sandbox) -> None:
    """What tidecord's own test_client_gateway mirrors: a replaced session is a second
    on_ready on discord.py's (one-shard) Client."""
    readies: list[str] = []

    def setup(bot: commands.Bot) -> None:
        async def on_ready() -> None:
            readies.append("ready")
        bot.add_listener(on_ready, "on_ready")

    async with discord_py(sandbox, setup):
        assert readies == ["ready"]
        assert await sandbox.invalidate_session(resumable=False) == 1
        for _ in range(300):  # discord.py waits 1-5 s before identifying again
            if len(readies) == 2:
                break
            await asyncio.sleep(0.05)
        assert readies == ["ready", "ready"]
