"""Forwarding a message, as Discord does it: a message whose reference has type 1
(FORWARD) carries a snapshot of the forwarded one (no content of its own, the
HAS_SNAPSHOT flag), and what Discord refuses is refused with its codes."""

from __future__ import annotations

import asyncio
import gzip
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tidecord.models import PollCreate, convert
from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = pytest.mark.timeout(30)

HAS_SNAPSHOT = 1 << 14
# Discord's spec (see test_openapi.py). Its MessageReferenceType still lists only
# DEFAULT, so a forward's reference cannot be checked by it; its snapshot can.
SPEC = Path(__file__).resolve().parents[1] / "data" / "discord-openapi.json.gz"


def _snapshot_problems(snapshot: dict[str, Any]) -> list[str]:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    spec = json.loads(gzip.decompress(SPEC.read_bytes()))
    registry = Registry().with_resource(
        "urn:discord", Resource.from_contents(spec, default_specification=DRAFT202012))
    validator = jsonschema.Draft202012Validator(
        {"$ref": "urn:discord#/components/schemas/MessageSnapshotResponse"}, registry=registry)
    return [f"{list(e.absolute_path)}: {e.message[:160]}" for e in validator.iter_errors(snapshot)]


def _world() -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Garden", "owner": "alice", "members": ["alice", "bob"],
                    "bot_permissions": ["view_channel", "send_messages",
                                        "read_message_history", "embed_links"],
                    "channels": [{"name": "general"}, {"name": "quotes"},
                                 {"name": "secret", "overwrites": [
                                     {"role": "@everyone", "deny": ["view_channel"]}]}]}],
    })


def _forward(message_id: int | str, channel_id: int | str, **more: Any) -> dict[str, Any]:
    return {"message_reference": {"type": 1, "message_id": str(message_id),
                                  "channel_id": str(channel_id), **more}}


@pytest.mark.sandbox(world=_world())
async def test_a_forward_carries_a_snapshot_of_the_message(api: Api, sandbox: Sandbox) -> None:
    general, quotes = sandbox.channel("general"), sandbox.channel("quotes")
    bob = sandbox.user("bob")
    original = await sandbox.send_message("alice", "general", f"hello <@{bob.id}>",
                                          files=[("note.txt", b"hi")])
    await sandbox.edit_message("alice", original, f"hello <@{bob.id}>!")

    status, sent, _ = await api.call("POST", f"/channels/{quotes.id}/messages",
                                     _forward(original.id, general.id))

    assert status == 200, sent
    assert sent["content"] == "" and sent["type"] == 0 and "referenced_message" not in sent
    assert sent["flags"] & HAS_SNAPSHOT
    assert sent["mentions"] == []  # the copy pings nobody
    assert sent["message_reference"] == {
        "type": 1, "message_id": str(original.id), "channel_id": str(general.id),
        "guild_id": str(sandbox.guild.id)}
    [snapshot] = sent["message_snapshots"]
    # Reading and validating against the spec is blocking work: off the loop.
    assert await asyncio.to_thread(_snapshot_problems, snapshot) == []
    copy = snapshot["message"]
    assert copy["content"] == f"hello <@{bob.id}>!" and copy["type"] == 0
    assert "author" not in copy
    assert copy["timestamp"] == original.timestamp and copy["edited_timestamp"] is not None
    assert [a["filename"] for a in copy["attachments"]] == ["note.txt"]
    assert [m["username"] for m in copy["mentions"]] == ["bob"]

    # The copy is taken once: later edits of the original do not reach it.
    await sandbox.edit_message("alice", original, "changed my mind")
    status, again, _ = await api.call("GET", f"/channels/{quotes.id}/messages/{sent['id']}")
    assert status == 200
    assert again["message_snapshots"][0]["message"]["content"] == f"hello <@{bob.id}>!"


@pytest.mark.sandbox(world=_world())
async def test_people_forward_too(sandbox: Sandbox) -> None:
    original = await sandbox.send_message("alice", "general", "worth keeping")
    forward = await sandbox.forward("bob", original, "quotes")
    assert forward.author.id == sandbox.user("bob").id
    assert forward.flags.forwarded
    assert [s.content for s in forward.message_snapshots] == ["worth keeping"]


@pytest.mark.sandbox(world=_world())
async def test_what_discord_refuses_of_a_forward(api: Api, sandbox: Sandbox) -> None:
    general, quotes, secret = (sandbox.channel(n) for n in ("general", "quotes", "secret"))
    path = f"/channels/{quotes.id}/messages"
    original = await sandbox.send_message("alice", "general", "hi")
    hidden = await sandbox.send_message("alice", "secret", "psst")
    poll = await sandbox.send_message("alice", "general", poll=convert({
        "question": {"text": "Tea?"}, "answers": [{"poll_media": {"text": "yes"}}]}, PollCreate))

    async def refusal(body: dict[str, Any]) -> tuple[int, int, Any]:
        status, error, _ = await api.call("POST", path, body)
        return status, error["code"], error.get("errors")

    # Content of its own.
    status, code, errors = await refusal({"content": "look", **_forward(original.id, general.id)})
    assert (status, code) == (400, 50035)
    assert errors["message_reference"]["_errors"][0]["code"] == (
        "FORWARD_CONTAINS_UNSUPPORTED_CONTENT")
    # No channel named.
    status, code, errors = await refusal({"message_reference": {
        "type": 1, "message_id": str(original.id)}})
    assert (status, code) == (400, 50035) and "channel_id" in errors["message_reference"]
    # A message that is not there.
    status, code, errors = await refusal(_forward(original.id + 1, general.id))
    assert (status, code) == (400, 50035)
    assert errors["message_reference"]["_errors"][0]["code"] == (
        "MESSAGE_REFERENCE_UNKNOWN_MESSAGE")
    # A channel the bot cannot see.
    assert (await refusal(_forward(hidden.id, secret.id)))[:2] == (403, 50001)
    # A poll is no basic message.
    assert (await refusal(_forward(poll.id, general.id)))[:2] == (400, 50035)
    # Nothing was posted in the end.
    assert sandbox.state.messages.get(quotes.id, {}) == {}


@pytest.mark.sandbox(world=_world(), privileged_intents=[])
async def test_a_bot_forwards_only_what_it_may_read(api: Api, sandbox: Sandbox) -> None:
    general, quotes = sandbox.channel("general"), sandbox.channel("quotes")
    path = f"/channels/{quotes.id}/messages"
    unread = await sandbox.send_message("alice", "general", "not for bots")
    status, error, _ = await api.call("POST", path, _forward(unread.id, general.id))
    assert (status, error["code"]) == (403, 160014)
    # A message that mentions the bot is one it reads.
    named = await sandbox.send_message("alice", "general", f"<@{sandbox.bot_user.id}> see")
    status, sent, _ = await api.call("POST", path, _forward(named.id, general.id))
    assert status == 200 and sent["message_snapshots"][0]["message"]["content"].endswith("see")
