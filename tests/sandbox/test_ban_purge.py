"""A ban deletes what the banned user said in the window it names (seconds or days, in
the body or, as discord.py sends them, in the query string); a window out of Discord's
range is refused with 50035. (tests/ext/test_parity_bans.py sees the bulk delete
events a bot gets.)"""

from __future__ import annotations

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = [
    pytest.mark.timeout(30),
    pytest.mark.sandbox(world=World.from_dict({
        "users": ["alice", "bob", "carol"],
        "guilds": [{"name": "Bans", "owner": "alice", "bot_permissions": ["ban_members"],
                    "channels": [{"name": "general"}, {"name": "memes"}],
                    "members": ["alice", "bob", "carol"]}],
    })),
]


async def test_a_ban_deletes_what_was_said_in_the_window_it_names(
        api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    bob = sandbox.user("bob").id
    old = [await sandbox.send_message("bob", "general", text) for text in ("one", "two")]
    sandbox.clock.advance(3600)
    recent = [await sandbox.send_message("bob", "general", "three"),
              await sandbox.send_message("bob", "memes", "four")]
    kept = await sandbox.send_message("carol", "general", "mine")
    for path, body in ((f"/guilds/{gid}/bans/{bob}", {"delete_message_seconds": 604_801}),
                       (f"/guilds/{gid}/bans/{bob}?delete_message_days=8", None),
                       (f"/guilds/{gid}/bans/{bob}?delete_message_seconds=x", None)):
        status, data, _ = await api.call("PUT", path, body)
        assert (status, data["code"]) == (400, 50035), path
    assert bob not in sandbox.state.bans[gid]
    # The last 30 minutes, as the query string says: "three" and "four" go.
    status, _, _ = await api.call("PUT", f"/guilds/{gid}/bans/{bob}?delete_message_seconds=1800")
    assert status == 204
    left = {m.id for name in ("general", "memes") for m in sandbox.messages(name)}
    assert {old[0].id, old[1].id, kept.id} <= left
    assert not left & {m.id for m in recent}
