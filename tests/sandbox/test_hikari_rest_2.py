"""hikari's REST client on the sandbox, second round: what a call asked for is in what
comes back, and in the gateway event the call makes.

As test_hikari_rest's, each test fails on anything hikari logs at WARNING or above.
"""

from __future__ import annotations

import hikari
import pytest

from tidecord.sandbox import RateLimits, Sandbox

from . import test_hikari_gateway as gateway
from .sandbox_peers import hikari_bot, hikari_rest
from .test_hikari_gateway import ALL, Heard, listening
from .test_hikari_rest import WORLD

heard = gateway.heard  # the fixture: the events heard, and no complaint from hikari
pytestmark = [pytest.mark.timeout(30), pytest.mark.tidecord_strict(False),
              pytest.mark.sandbox(world=WORLD, rate_limits=RateLimits(routes={}))]


async def test_an_invite_to_someones_stream(sandbox: Sandbox, heard: Heard) -> None:
    # The sandbox dropped target_type and target_user_id: hikari's stream invite came
    # back, was announced and was read as a plain invite to the channel.
    voice, alice = sandbox.channel("voice").id, sandbox.user("alice").id
    await sandbox.join_voice("alice", "voice", self_stream=True)
    async with hikari_bot(sandbox, listening(heard), intents=ALL) as bot:
        made = await bot.rest.create_invite(voice, target_type=hikari.TargetType.STREAM,
                                            target_user=alice)
        announced = await heard.wait(hikari.InviteCreateEvent)
        read = await bot.rest.fetch_invite(made.code)
        with pytest.raises(hikari.BadRequestError):  # a stream invite names whose stream
            await bot.rest.create_invite(voice, target_type=hikari.TargetType.STREAM)

    for invite in (made, announced.invite, read):
        assert invite.target_type == hikari.TargetType.STREAM
        assert invite.target_user is not None and invite.target_user.id == alice
    assert sandbox.state.invites[made.code].target_user_id == alice


async def test_a_deleted_channels_threads_go_with_it(sandbox: Sandbox, heard: Heard) -> None:
    # A deleted channel's threads stayed: listed as active, fetched whole, and sent in
    # the next GUILD_CREATE under a parent that was gone. On Discord they go with it.
    gid = sandbox.guild.id
    async with hikari_rest(sandbox) as rest:
        doomed = await rest.create_guild_text_channel(gid, "doomed")
        thread = await rest.create_thread(doomed, hikari.ChannelType.GUILD_PUBLIC_THREAD, "t")
        await rest.create_message(thread, "in the thread")
        await rest.delete_channel(doomed)
        active = await rest.fetch_active_threads(gid)
        with pytest.raises(hikari.NotFoundError):
            await rest.fetch_channel(thread)

    assert [t.name for t in active] == []
    assert thread.id not in sandbox.state.channels and thread.id not in sandbox.state.messages
