"""A bot that watches channels and threads while what it may view changes (Discord's
channel obfuscation): a channel made hidden from it arrives as ``___hidden___``; let
in, it gets the channel in full and joins the channel's threads by THREAD_LIST_SYNC;
added to a public thread it already knew, it is sent the thread again. Both libraries
must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.models import ChannelOverwrite, Permissions, Snowflake
from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

HIDE = {"role": "@everyone", "deny": ["view_channel"]}


def watch_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history"],
            "channels": [{"name": "general"}, {"name": "staff", "topic": "plans",
                                               "overwrites": [HIDE]}],
            "members": ["alice"],
        }],
    })


def watch_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def general():
        return discord.utils.get(bot.guilds[0].text_channels, name="general")

    def view(channel):
        return channel.permissions_for(channel.guild.me).view_channel

    @bot.event
    async def on_guild_channel_create(channel):
        await general().send(f"created {channel.name} ({channel.type}) topic "
                             f"{channel.topic!r} view {view(channel)}")

    @bot.event
    async def on_guild_channel_update(before, after):
        await general().send(f"updated {before.name} -> {after.name} topic {after.topic!r} "
                             f"view {view(after)}")

    @bot.event
    async def on_thread_join(thread):
        # discord.py's sync puts the bot among the members, not in ``me``; its
        # THREAD_MEMBERS_UPDATE sets ``me`` alone.
        mine = thread.me is not None or any(m.id == bot.user.id for m in thread.members)
        await general().send(f"joined {thread.name} in {thread.parent.name}, mine {mine}")

    @bot.command()
    async def threads(ctx):
        names = sorted(t.name for t in ctx.guild.threads)
        await ctx.send(f"threads: {names}")

    return bot


def hidden_channel(sb: Sandbox) -> None:
    sb.state.create_channel(sb.guild.id, "vault", topic="keys", permission_overwrites=list(
        sb.state.channel("staff").permission_overwrites))


def threads_in_staff(sb: Sandbox) -> None:
    alice, staff = sb.user("alice").id, sb.channel("staff").id
    sb.state.create_thread(staff, "plans", alice, type=11)
    inner = sb.state.create_thread(staff, "inner", alice, type=12)
    sb.state.set_thread_member(inner.id, sb.bot_user.id, True, by=alice)


def let_in(sb: Sandbox) -> None:
    staff = sb.channel("staff").id
    sb.state.update_channel(staff, permission_overwrites=[
        *sb.state.channel(staff).permission_overwrites,
        ChannelOverwrite(id=Snowflake(sb.bot_user.id), type=1, deny=Permissions(0),
                         allow=Permissions(Permissions.view_channel))])


def add_to_public_thread(sb: Sandbox) -> None:
    alice = sb.user("alice").id
    thread = sb.state.create_thread(sb.channel("general").id, "open", alice, type=11)
    sb.state.set_thread_member(thread.id, sb.bot_user.id, True, by=alice)


LINES = [
    Do(hidden_channel, replies=1),
    Do(threads_in_staff),
    ("alice", "general", "!threads"),
    # The channel in full, then the two threads the bot may see (each a join).
    Do(let_in, replies=3),
    ("alice", "general", "!threads"),
    # Its THREAD_CREATE is no news to either library; the membership is the join.
    Do(add_to_public_thread, replies=1),
]


async def test_a_bot_watching_channels_as_its_view_changes(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, watch_bot, LINES, world=watch_world)
    assert said["tidecord"] == said["discord.py"]
    lines = said["tidecord"]
    assert "#general: created ___hidden___ (text) topic None view False" in lines
    assert "#general: updated ___hidden___ -> staff topic 'plans' view True" in lines
    assert "#general: joined inner in staff, mine True" in lines
    assert "#general: joined plans in staff, mine False" in lines
    assert "#general: threads: ['inner', 'plans']" in lines
    assert "#general: joined open in general, mine True" in lines
