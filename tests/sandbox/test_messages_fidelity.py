"""What a person meets editing and pinning messages, as Discord keeps and refuses it:
an edit that leaves nothing is refused (50006), a person may write 4000 characters,
and a moderator's pin is in the audit log as the bot's is."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.state import StateError

pytestmark = pytest.mark.timeout(30)

PIN, UNPIN = 74, 75


def _world() -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Ops", "owner": "alice", "bot_permissions": ["administrator"],
                    "channels": [{"name": "general"}], "members": ["alice", "bob"]}],
    })


async def test_a_persons_edit_is_held_to_discords_rules(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    said = await sb.send_message("bob", "general", "first words")
    for content, code in (("", 50006), ("   ", 50006), ("x" * 4001, 50035)):
        with pytest.raises(StateError) as refused:
            await sb.edit_message("bob", said, content)
        assert refused.value.code == code, content[:10]
    assert sb.find_message(None, said.id).content == "first words"
    longer = await sb.edit_message("bob", said, "y" * 4000)
    assert len(longer.content) == 4000


async def test_a_persons_pin_is_in_the_audit_log(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    general = sb.channel("general").id
    said = await sb.send_message("bob", "general", "the rules")
    base = f"{sb.url}/_sandbox/channels/{general}/pins/{said.id}?as=alice"
    async with aiohttp.ClientSession() as http:
        for method in ("PUT", "PUT", "DELETE", "DELETE"):  # the repeats change nothing
            async with http.request(method, base) as resp:
                assert resp.status == 200, await resp.text()
    log = sb.state.audit_log.get(sb.guild.id, [])
    entries = [(e["action_type"], e["user_id"], e["target_id"], e.get("options"))
               for e in log if e["action_type"] in (PIN, UNPIN)]
    where = {"channel_id": str(general), "message_id": str(said.id)}
    alice, bob = str(sb.user("alice").id), str(said.author.id)
    assert entries == [(PIN, alice, bob, where), (UNPIN, alice, bob, where)]


async def test_a_bulk_delete_naming_a_message_twice_is_refused(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    general = sb.channel("general").id
    first = await sb.send_message("bob", "general", "one")
    second = await sb.send_message("bob", "general", "two")
    url = f"{sb.api_url}/channels/{general}/messages/bulk-delete"
    async with aiohttp.ClientSession(headers={"Authorization": f"Bot {sb.token}"}) as http:
        twice = {"messages": [str(first.id), str(first.id), str(second.id)]}
        async with http.post(url, json=twice) as resp:
            assert resp.status == 400
            assert (await resp.json())["code"] == 50035
        assert set(sb.state.messages[general]) >= {first.id, second.id}
        async with http.post(url, json={"messages": [str(first.id), str(second.id)]}) as resp:
            assert resp.status == 204
    assert not {first.id, second.id} & set(sb.state.messages[general])


async def test_a_bulk_delete_counts_age_on_the_sandbox_clock(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    general = sb.channel("general").id
    old = [await sb.send_message("bob", "general", word) for word in ("a", "b")]
    sb.clock.advance(15 * 24 * 3600)  # two weeks and a day go by
    new = [await sb.send_message("bob", "general", word) for word in ("c", "d")]
    url = f"{sb.api_url}/channels/{general}/messages/bulk-delete"
    async with aiohttp.ClientSession(headers={"Authorization": f"Bot {sb.token}"}) as http:
        for picked, status in ((old, 400), ([old[0], new[0]], 400), (new, 204)):
            async with http.post(url, json={"messages": [str(m.id) for m in picked]}) as resp:
                assert resp.status == status
                if status == 400:
                    assert (await resp.json())["code"] == 50034
    assert set(sb.state.messages[general]) & {m.id for m in old + new} == {m.id for m in old}


async def test_in_a_dm_a_person_deletes_only_their_own(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    dm = sb.state.dm_channel(sb.user("bob").id)
    from_bot = sb.state.create_message(dm.id, sb.bot_user.id, content="hello bob")
    own = await sb.send_dm("bob", "hi bot")
    with pytest.raises(StateError) as refused:
        await sb.delete_message("bob", from_bot)
    assert (refused.value.code, refused.value.status) == (50003, 403)
    await sb.delete_message("bob", own)
    assert set(sb.state.messages[dm.id]) == {from_bot.id}


async def test_discords_own_messages_are_not_pinned_nor_bulk_deleted(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    general = sb.channel("general").id
    rules = await sb.send_message("bob", "general", "the rules")
    api = f"{sb.api_url}/channels/{general}"
    async with aiohttp.ClientSession(headers={"Authorization": f"Bot {sb.token}"}) as http:
        async with http.put(f"{api}/messages/pins/{rules.id}") as resp:
            assert resp.status == 204
        notice = max(sb.state.messages[general].values(), key=lambda m: m.id)
        assert notice.type == 6
        async with http.put(f"{api}/messages/pins/{notice.id}") as resp:
            assert (resp.status, (await resp.json())["code"]) == (403, 50021)
        as_alice = f"{sb.url}/_sandbox/channels/{general}/pins/{notice.id}?as=alice"
        async with http.put(as_alice) as resp:
            assert (resp.status, (await resp.json())["code"]) == (403, 50021)
        thread = sb.state.create_thread(general, "plans", sb.user("bob").id)
        sb.state.update_channel(thread.id, name="plans 2")
        renamed = next(m for m in sb.state.messages[thread.id].values() if m.type == 4)
        said = await sb.send_message("bob", thread.id, "in the thread")
        both = {"messages": [str(said.id), str(renamed.id)]}
        async with http.post(f"{sb.api_url}/channels/{thread.id}/messages/bulk-delete",
                             json=both) as resp:
            assert (resp.status, (await resp.json())["code"]) == (403, 50021)
    assert {said.id, renamed.id} <= set(sb.state.messages[thread.id])
