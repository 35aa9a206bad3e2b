"""What a message pings, as Discord decides it: the content's mentions as far as
``allowed_mentions`` (or the defaults: all for a bot's message, users only for a
webhook's) and the author's permissions let them, and 50035 for a contradiction."""

from __future__ import annotations

from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = pytest.mark.timeout(30)


def _world(*permissions: str) -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Garden", "owner": "alice", "members": ["alice", "bob"],
                    "bot_permissions": ["view_channel", "send_messages",
                                        "read_message_history", "manage_webhooks",
                                        *permissions],
                    "roles": [{"name": "Open", "mentionable": True}, {"name": "Closed"}],
                    "channels": [{"name": "general"}]}],
    })


def _text(sb: Sandbox) -> str:
    alice, bob = sb.user("alice").id, sb.user("bob").id
    open_, closed = (next(r.id for r in sb.state.roles[sb.guild.id].values() if r.name == n)
                     for n in ("Open", "Closed"))
    return f"@here <@{alice}> <@!{bob}> <@&{open_}> <@&{closed}>"


def _pings(message: dict[str, Any], sb: Sandbox) -> tuple[bool, list[str], list[str]]:
    names = {str(r.id): r.name for r in sb.state.roles[sb.guild.id].values()}
    return (message["mention_everyone"], sorted(u["username"] for u in message["mentions"]),
            sorted(names[r] for r in message["mention_roles"]))


@pytest.mark.sandbox(world=_world("mention_everyone"))
async def test_a_bot_pings_what_it_allows(api: Api, sandbox: Sandbox) -> None:
    path = f"/channels/{sandbox.channel('general').id}/messages"
    text = _text(sandbox)
    bob = str(sandbox.user("bob").id)
    cases = [
        (None, (True, ["alice", "bob"], ["Closed", "Open"])),
        ({"parse": []}, (False, [], [])),
        ({"parse": ["roles"], "users": [bob]}, (False, ["bob"], ["Closed", "Open"])),
        ({"parse": ["everyone"]}, (True, [], [])),
    ]
    for allowed, expected in cases:
        body: dict[str, Any] = {"content": text}
        if allowed is not None:
            body["allowed_mentions"] = allowed
        status, sent, _ = await api.call("POST", path, body)
        assert status == 200 and _pings(sent, sandbox) == expected, (allowed, sent)
    status, error, _ = await api.call("POST", path, {
        "content": text, "allowed_mentions": {"parse": ["users"], "users": [bob]}})
    assert (status, error["code"]) == (400, 50035) and "allowed_mentions" in error["errors"]


@pytest.mark.sandbox(world=_world())
async def test_without_mention_everyone_only_mentionable_roles_ping(
        api: Api, sandbox: Sandbox) -> None:
    path = f"/channels/{sandbox.channel('general').id}/messages"
    status, sent, _ = await api.call("POST", path, {"content": _text(sandbox)})
    assert status == 200 and _pings(sent, sandbox) == (False, ["alice", "bob"], ["Open"])
    # A reply pings its author unless replied_user is left false.
    said = await sandbox.send_message("bob", "general", "hello")
    reference = {"message_id": str(said.id)}
    _, loud, _ = await api.call("POST", path, {"content": "hi", "message_reference": reference})
    _, quiet, _ = await api.call("POST", path, {"content": "hi", "message_reference": reference,
                                                "allowed_mentions": {"parse": []}})
    assert _pings(loud, sandbox)[1] == ["bob"] and _pings(quiet, sandbox)[1] == []


@pytest.mark.sandbox(world=_world("mention_everyone"))
async def test_a_webhook_pings_only_users_unless_told(api: Api, sandbox: Sandbox) -> None:
    channel = sandbox.channel("general").id
    _, hook, _ = await api.call("POST", f"/channels/{channel}/webhooks", {"name": "Relay"})
    path = f"/webhooks/{hook['id']}/{hook['token']}?wait=true"
    _, sent, _ = await api.call("POST", path, {"content": _text(sandbox)}, token=None)
    assert _pings(sent, sandbox) == (False, ["alice", "bob"], [])
    _, told, _ = await api.call("POST", path, {"content": _text(sandbox), "allowed_mentions": {
        "parse": ["everyone", "roles"]}}, token=None)
    assert _pings(told, sandbox) == (True, [], ["Closed", "Open"])
