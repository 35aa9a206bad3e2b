"""The sandbox's audit log: what the bot's moderating calls record, and how it reads."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = pytest.mark.timeout(30)

WATCHED = pytest.mark.sandbox(world=World.from_dict({
    "users": [{"username": "alice"}, {"username": "bob"}, {"username": "carol"}],
    "guilds": [{
        "name": "Sandbox", "owner": "alice",
        "bot_permissions": ["view_channel", "send_messages", "kick_members", "ban_members",
                            "manage_nicknames", "view_audit_log"],
        "channels": [{"name": "general"}],
        "members": ["alice", "bob", "carol"],
    }],
}))


@WATCHED
async def test_moderating_calls_are_logged_with_their_reason(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    bob, carol = sandbox.user("bob").id, sandbox.user("carol").id
    announced: list[Any] = []
    sandbox.state.subscribe(lambda d: announced.append(d.data)
                            if d.event == "GUILD_AUDIT_LOG_ENTRY_CREATE" else None)
    await api.call("PATCH", f"/guilds/{gid}/members/{carol}", {"nick": "Caz"},
                   headers={"X-Audit-Log-Reason": "asked%20nicely"})
    await api.call("DELETE", f"/guilds/{gid}/members/{bob}",
                   headers={"X-Audit-Log-Reason": "rude"})
    status, log, _ = await api.call("GET", f"/guilds/{gid}/audit-logs")
    assert status == 200
    entries = log["audit_log_entries"]
    assert [(e["action_type"], e["target_id"], e.get("reason")) for e in entries] == [
        (20, str(bob), "rude"), (24, str(carol), "asked nicely")]
    assert entries[1]["changes"] == [{"key": "nick", "new_value": "Caz"}]
    assert {u["username"] for u in log["users"]} == {"SandboxBot", "bob", "carol"}
    await asyncio.sleep(0)
    assert [a["action_type"] for a in announced] == [24, 20]
    # Filters, paging and limits
    _, kicks, _ = await api.call("GET", f"/guilds/{gid}/audit-logs?action_type=20")
    assert [e["action_type"] for e in kicks["audit_log_entries"]] == [20]
    first = entries[1]["id"]
    _, after, _ = await api.call("GET", f"/guilds/{gid}/audit-logs?after={first}")
    assert [e["action_type"] for e in after["audit_log_entries"]] == [20]
    _, one, _ = await api.call("GET", f"/guilds/{gid}/audit-logs?limit=1")
    assert len(one["audit_log_entries"]) == 1
    for bad in ("limit=0", "limit=101", "before=x"):
        status, body, _ = await api.call("GET", f"/guilds/{gid}/audit-logs?{bad}")
        assert (status, body["code"]) == (400, 50035), bad


async def test_reading_the_audit_log_needs_the_permission(api: Api, sandbox: Sandbox) -> None:
    status, body, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}/audit-logs")
    assert (status, body["code"]) == (403, 50013)
