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


async def test_the_bot_added_to_a_guild_and_removed(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token, INTENTS)
        await gw.recv_until("GUILD_CREATE")
        club = await sandbox.add_bot_to_guild({"name": "Book Club", "owner": "bob",
                                               "channels": [{"name": "books"}]})
        joined = (await gw.recv_until("GUILD_CREATE"))["d"]
        # No "unavailable": a guild joined, not one back from an outage.
        assert joined["id"] == str(club.id) and "unavailable" not in joined
        assert joined["member_count"] == 2  # the bot and its owner
        newest = max(int(c.id) for c in sandbox.state.channels.values()
                     if int(c.guild_id) != int(club.id))
        assert min(int(c["id"]) for c in joined["channels"]) > int(joined["id"]) > newest
        await sandbox.send_message("bob", "books", "welcome")
        assert (await gw.recv_until("MESSAGE_CREATE"))["d"]["content"] == "welcome"
        await sandbox.remove_bot_from_guild("Book Club")
        assert (await gw.recv_until("GUILD_DELETE"))["d"] == {"id": str(club.id)}
