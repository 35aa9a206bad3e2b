"""A guild's outage as Discord shows it: GUILD_DELETE with ``unavailable`` true, silence
about the guild meanwhile (a new session's READY lists it, with no GUILD_CREATE after),
then GUILD_CREATE with ``unavailable`` false."""

from __future__ import annotations

import pytest

from tidecord.sandbox import Sandbox

from .sandbox_raw import RawGateway

# Long heartbeats: these raw clients do not beat, and must not be closed as zombies.
pytestmark = [pytest.mark.timeout(30), pytest.mark.sandbox(heartbeat_interval=30000)]

INTENTS = (1 << 0) | (1 << 9) | (1 << 15)  # guilds, guild messages, message content


async def test_a_guild_outage_and_its_end(sandbox: Sandbox) -> None:
    gid = str(sandbox.guild.id)
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token, INTENTS)
        await gw.recv_until("GUILD_CREATE")
        assert await sandbox.guild_outage() == 1
        assert (await gw.recv_until("GUILD_DELETE"))["d"] == {"id": gid, "unavailable": True}
        await sandbox.send_message("alice", "general", "while it is down")
        async with await RawGateway.connect(sandbox) as late:
            ready = await late.identify(sandbox.token, INTENTS)
            assert ready["d"]["guilds"] == [{"id": gid, "unavailable": True}]
            assert await sandbox.end_guild_outage("Sandbox") == 2
            back = (await late.recv_until("GUILD_CREATE"))["d"]
            assert back["id"] == gid and back["unavailable"] is False
        back = (await gw.recv())["d"]  # nothing of the guild came between
        assert back["id"] == gid and back["unavailable"] is False
        await sandbox.send_message("alice", "general", "back up")
        said = (await gw.recv_until("MESSAGE_CREATE"))["d"]
    assert said["content"] == "back up"
