"""Message flags and reaction types over the sandbox's REST API: silent messages,
suppressed embeds (someone else's only with Manage Messages), and who reacted by
reaction type, with Discord's refusals."""

from __future__ import annotations

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = pytest.mark.timeout(30)

SUPPRESS_EMBEDS, SILENT = 1 << 2, 1 << 12


def _world() -> World:
    return World.from_dict({
        "users": [{"username": "alice"}, {"username": "bob"}],
        "guilds": [{"name": "Sandbox", "owner": "alice", "channels": [{"name": "general"}],
                    "members": ["alice", "bob"],
                    "bot_permissions": ["view_channel", "send_messages", "embed_links",
                                        "read_message_history", "add_reactions"]}],
    })


PLAIN = pytest.mark.sandbox(world=_world())


@PLAIN
async def test_the_bot_suppresses_its_own_embeds_and_others_only_with_manage_messages(
        api: Api, sandbox: Sandbox) -> None:
    cid = sandbox.channel("general").id
    _, quiet, _ = await api.call("POST", f"/channels/{cid}/messages",
                                 {"content": "shh", "flags": SILENT})
    assert quiet["flags"] == SILENT
    _, card, _ = await api.call("POST", f"/channels/{cid}/messages",
                                {"content": "card", "embeds": [{"title": "t"}]})
    path = f"/channels/{cid}/messages/{card['id']}"
    _, hidden, _ = await api.call("PATCH", path, {"flags": SUPPRESS_EMBEDS})
    assert hidden["flags"] == SUPPRESS_EMBEDS
    # Flags all clear bring the embeds back: an edit sends the whole set.
    _, shown, _ = await api.call("PATCH", path, {"flags": 0})
    assert shown["flags"] == 0 and shown["content"] == "card"
    said = await sandbox.send_message("alice", "general", "look https://example.com")
    status, body, _ = await api.call("PATCH", f"/channels/{cid}/messages/{said.id}",
                                     {"flags": SUPPRESS_EMBEDS})
    assert (status, body["code"]) == (403, 50013)
    assert sandbox.state.message(cid, said.id).flags_value == 0


@PLAIN
async def test_reactors_are_listed_by_reaction_type(api: Api, sandbox: Sandbox) -> None:
    cid = sandbox.channel("general").id
    said = await sandbox.send_message("alice", "general", "vote")
    await sandbox.react("bob", said, "👍")
    path = f"/channels/{cid}/messages/{said.id}/reactions/%F0%9F%91%8D"
    bob = str(sandbox.user("bob").id)
    for query in ("", "?type=0"):
        _, normal, _ = await api.call("GET", path + query)
        assert [u["id"] for u in normal] == [bob], query
    _, burst, _ = await api.call("GET", path + "?type=1")
    assert burst == []  # nobody super-reacts in the sandbox
    for query in ("?type=2", "?type=burst"):
        status, body, _ = await api.call("GET", path + query)
        assert (status, body["code"]) == (400, 50035), query
        assert "type" in body["errors"], query


def test_a_message_is_stamped_with_its_ids_own_moment() -> None:
    """Discord's ``timestamp`` is the id's time. With more than 4,096 messages in one
    millisecond the id moves into the next one, and the timestamp must follow it."""
    sb = Sandbox(world=_world())
    state = sb.state
    channel = sb.channel("general").id
    alice = sb.user("alice").id
    sb.clock.freeze()
    try:
        made = [state.create_message(channel, alice, content="x", dispatch=False)
                for _ in range(4_200)]
    finally:
        sb.clock.unfreeze()
    assert (made[-1].id >> 22) != (made[0].id >> 22)  # the id did move on
    for message in (made[0], made[-1]):
        assert message.timestamp == state.created_iso(message.id)


def _guarded() -> World:
    return World.from_dict({
        "users": [{"username": "alice"}, {"username": "bob"}, {"username": "eve"}],
        "guilds": [{"name": "Sandbox", "owner": "alice", "emojis": ["party"],
                    "roles": [{"name": "Quiet", "permissions": []}],
                    "channels": [{"name": "general", "overwrites": [
                        {"role": "Quiet", "deny": ["add_reactions"]}]}],
                    "members": ["alice", {"user": "bob", "roles": ["Quiet"]}],
                    "bot_permissions": ["view_channel", "send_messages",
                                        "read_message_history"]}],
    })


@pytest.mark.sandbox(world=_guarded())
async def test_people_react_with_custom_emoji_within_their_permissions(
        api: Api, sandbox: Sandbox) -> None:
    from tidecord.sandbox import StateError

    cid = sandbox.channel("general").id
    said = await sandbox.send_message("alice", "general", "pick")
    party = sandbox.guild.emojis[0]
    # A guild's emoji as a message writes it: the reaction is that emoji, id and all.
    await sandbox.react("alice", said, f"<:party:{party.id}>")
    (reaction,) = sandbox.state.message(cid, said.id).reactions
    assert (reaction.emoji.id, reaction.emoji.name, reaction.count) == (party.id, "party", 1)
    # Joining a reaction needs no Add Reactions, starting one does (people and bot alike).
    await sandbox.react("bob", said, f"party:{party.id}")
    with pytest.raises(StateError) as refused:
        await sandbox.react("bob", said, "👍")
    assert refused.value.code == 50013
    status, _, _ = await api.call(
        "PUT", f"/channels/{cid}/messages/{said.id}/reactions/party:{party.id}/@me")
    assert status == 204
    # Someone outside the guild never sees the message.
    with pytest.raises(StateError) as outside:
        await sandbox.react("eve", said, f"party:{party.id}")
    assert outside.value.code == 50001
    assert sandbox.state.message(cid, said.id).reactions[0].count == 3
