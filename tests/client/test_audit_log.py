"""Reading a long audit log a page at a time, both ways, with its filters."""

from __future__ import annotations

import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, admin_world

ADMIN = pytest.mark.sandbox(world=World.from_dict(admin_world()))


@ADMIN
async def test_a_long_audit_log_comes_a_page_at_a_time(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect()
    guild = client.guilds[0]
    bob = sandbox.user("bob").id
    # 130 kicks and bans already in the sandbox's log (as if made over weeks).
    log = sandbox.state.audit_log.setdefault(guild.id, [])
    for n in range(130):
        log.append({"id": str(sandbox.state.new_id()), "action_type": 20 if n % 2 else 22,
                    "user_id": str(sandbox.bot_user.id), "target_id": str(bob),
                    "changes": [], "reason": f"#{n}"})
    requests = client.http.requests_made
    newest = [e async for e in guild.audit_logs(limit=None)]
    assert [e.reason for e in newest] == [f"#{n}" for n in reversed(range(130))]
    assert client.http.requests_made - requests == 2  # 100, then 30
    assert isinstance(newest[0].target, tidecord.Member) and newest[0].target.id == bob
    oldest = [e.reason async for e in guild.audit_logs(limit=120, oldest_first=True)]
    assert oldest == [f"#{n}" for n in range(120)]
    middle = newest[65]
    after = [e.id async for e in guild.audit_logs(limit=None, after=middle)]
    before = [e.id async for e in guild.audit_logs(limit=None, before=middle,
                                                   oldest_first=True)]
    assert len(after) == 65 and after == sorted(after, reverse=True)
    assert len(before) == 64 and before == sorted(before)
    bans = [e async for e in guild.audit_logs(limit=None, action=tidecord.AuditLogAction.ban)]
    assert len(bans) == 65 and {e.action for e in bans} == {tidecord.AuditLogAction.ban}
    assert [e async for e in guild.audit_logs(user=sandbox.user("alice"))] == []
