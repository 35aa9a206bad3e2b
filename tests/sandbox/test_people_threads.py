"""People start threads and forum posts as Discord lets them, and the bot hears what
Discord sends: THREAD_CREATE marked new, a starter message's MESSAGE_UPDATE, a post's
first MESSAGE_CREATE, a private thread only once added to it; and the rules: Create
Public/Private Threads, Send Messages for a post, a required tag, the parent's slowmode
(one message and one thread per interval), the owner's rights over their thread."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, StateError, World

from .sandbox_raw import RawGateway
from .test_events import ALL_INTENTS
from .test_private_thread_events import _until_marker

pytestmark = pytest.mark.timeout(30)
REQUIRE_TAG = 1 << 4


def _world() -> World:
    """alice owns the guild; bob is an ordinary member (no private threads, no
    moderation); the bot moderates nothing either."""
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Ops", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages",
                                        "send_messages_in_threads", "read_message_history"],
                    "channels": [{"name": "general"}, {"name": "help", "type": 15}],
                    "members": ["alice", "bob"]}],
    })


async def _sandbox(factory: Any) -> Sandbox:
    sb: Sandbox = await factory(world=_world(), heartbeat_interval=30000)
    sb.state.update_channel(sb.channel("help").id, flags=REQUIRE_TAG, available_tags=[
        {"id": str(sb.state.new_id()), "name": name, "moderated": False, "emoji_id": None,
         "emoji_name": None} for name in ("bug", "question")])
    return sb


async def _heard(sb: Sandbox, act: Any) -> list[dict[str, Any]]:
    """The dispatches (thread and message ones) the bot hears while ``act`` runs."""
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        await gw.recv_until("GUILD_CREATE")
        await act()
        frames = await _until_marker(gw, sb)
    return [f for f in frames[:-1] if f["t"].startswith(("THREAD_", "MESSAGE_"))]


async def test_a_thread_from_a_message_is_new_and_updates_its_message(
        sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    question = await sb.send_message("bob", "general", "why?")
    made: list[Any] = []

    async def act() -> None:
        made.append(await sb.start_thread("bob", "general", "Why", message=question))

    heard = await _heard(sb, act)
    assert [f["t"] for f in heard] == ["THREAD_CREATE", "MESSAGE_UPDATE"]
    created, updated = heard[0]["d"], heard[1]["d"]
    assert created["id"] == str(question.id) == str(made[0].id)
    assert created["newly_created"] is True and "member" not in created
    assert created["owner_id"] == str(sb.user("bob").id) and created["type"] == 11
    assert updated["id"] == str(question.id) and updated["thread"]["id"] == str(question.id)
    assert updated["flags"] & (1 << 5)  # HAS_THREAD
    with pytest.raises(StateError) as again:
        await sb.start_thread("alice", "general", "Again", message=question)
    assert again.value.code == 160004


async def test_a_standalone_thread_posts_its_notice_and_a_private_one_is_unheard(
        sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    made: list[Any] = []

    async def act() -> None:
        made.append(await sb.start_thread("bob", "general", "Chat"))
        made.append(await sb.start_thread("alice", "general", "Secret", private=True))

    heard = await _heard(sb, act)
    public, private = made
    assert [(f["t"], f["d"].get("type")) for f in heard] == [
        ("THREAD_CREATE", 11), ("MESSAGE_CREATE", 18)]
    assert heard[1]["d"]["message_reference"]["channel_id"] == str(public.id)
    assert private.type == 12 and str(private.id) not in str(heard)
    # bob may not start a private thread (no Create Private Threads).
    with pytest.raises(StateError) as refused:
        await sb.start_thread("bob", "general", "Mine", private=True)
    assert refused.value.code == 50013

    async def add_the_bot() -> None:
        await sb.add_to_thread("alice", private, sb.bot_user)

    joined = await _heard(sb, add_the_bot)
    assert [f["t"] for f in joined] == ["THREAD_CREATE", "THREAD_MEMBER_UPDATE",
                                        "THREAD_MEMBERS_UPDATE", "MESSAGE_CREATE"]
    assert "newly_created" not in joined[0]["d"]
    assert joined[3]["d"]["type"] == 1 and joined[3]["d"]["author"]["username"] == "alice"


async def test_a_post_is_its_thread_then_its_first_message(sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    with pytest.raises(StateError) as untagged:
        await sb.create_post("bob", "help", "Crash", "It broke")
    assert untagged.value.code == 40067
    made: list[Any] = []

    async def act() -> None:
        made.append(await sb.create_post("bob", "help", "Crash", "It broke", tags=["bug"],
                                         files=[("log.txt", b"trace")]))

    heard = await _heard(sb, act)
    thread, first = made[0]
    assert [f["t"] for f in heard] == ["THREAD_CREATE", "MESSAGE_CREATE"]
    assert heard[0]["d"]["newly_created"] is True
    assert heard[0]["d"]["applied_tags"] == [sb.channel("help").tags_data[0]["id"]]
    assert heard[1]["d"]["id"] == str(thread.id) == str(first.id)
    assert heard[1]["d"]["channel_id"] == str(thread.id)
    assert [a["filename"] for a in heard[1]["d"]["attachments"]] == ["log.txt"]
    with pytest.raises(StateError) as not_a_forum:
        await sb.create_post("bob", "general", "Crash", "x")
    assert not_a_forum.value.code == 50024
    # A person's post opens with up to 4000 characters, as their messages may hold.
    _, long = await sb.create_post("alice", "help", "Essay", "x" * 3000, tags=["question"])
    assert len(long.content) == 3000


async def test_the_parents_slowmode_lets_one_thread_and_one_message_per_interval(
        sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    general = sb.channel("general").id
    sb.state.update_channel(general, rate_limit_per_user=60,
                            default_thread_rate_limit_per_user=30)
    first = await sb.start_thread("bob", "general", "One")
    assert first.rate_limit_per_user == 30  # the parent's default, copied
    await sb.send_message("bob", "general", "a message still goes")
    with pytest.raises(StateError) as slow:
        await sb.start_thread("bob", "general", "Two")
    assert slow.value.code == 20016 and slow.value.status == 429
    await sb.start_thread("alice", "general", "Owner's")  # manage channels: exempt
    sb.clock.advance(61)
    await sb.start_thread("bob", "general", "Two")


async def test_owners_change_their_threads_and_others_do_not(sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    thread = await sb.start_thread("bob", "general", "Mine")
    renamed = await sb.edit_thread("bob", thread, name="Ours")
    assert renamed.name == "Ours"
    notice = sb.messages(thread.id)[-1]
    assert (notice.type, notice.content, notice.author.username) == (4, "Ours", "bob")
    for refused in ({"locked": True}, {"slowmode": 10}):
        with pytest.raises(StateError) as exc:
            await sb.edit_thread("bob", thread, **refused)
        assert exc.value.code == 50013
    archived = await sb.edit_thread("bob", thread, archived=True)
    assert archived.thread_metadata.archived
    with pytest.raises(StateError) as closed:
        await sb.join_thread("alice", thread)
    assert closed.value.code == 50083
    locked = await sb.edit_thread("alice", thread, archived=False, locked=True)
    assert locked.thread_metadata.locked and not locked.thread_metadata.archived
    with pytest.raises(StateError) as exc:
        await sb.edit_thread("bob", thread, name="Back")
    assert exc.value.code == 50013


async def test_the_control_routes_do_the_same(sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    base = sb.url + "/_sandbox"
    async with aiohttp.ClientSession() as http:
        async def call(method: str, path: str, body: Any) -> tuple[int, Any]:
            async with http.request(method, base + path, json=body) as resp:
                return resp.status, await resp.json()

        status, thread = await call("POST", "/threads", {"as": "bob", "channel": "general",
                                                        "name": "Routes"})
        assert status == 200 and thread["name"] == "Routes", thread
        status, post = await call("POST", "/posts", {"as": "bob", "channel": "help",
                                                    "name": "Q", "content": "how?",
                                                    "tags": ["question"]})
        assert status == 200 and post["message"]["id"] == post["id"], post
        status, refused = await call("PATCH", f"/threads/{thread['id']}",
                                     {"as": "bob", "locked": True})
        assert (status, refused["code"]) == (403, 50013)
        status, _ = await call("POST", f"/threads/{thread['id']}/members",
                               {"as": "bob", "user": "alice"})
        assert status == 200
        status, _ = await call("DELETE", f"/threads/{thread['id']}/members", {"as": "alice"})
        assert status == 200
    members = {m.id for m in sb.state.thread_member_list(int(thread["id"]))}
    assert members == {sb.user("bob").id}


async def test_a_message_unarchives_a_thread_unless_a_moderator_locked_it(
        sandbox_factory: Any) -> None:
    """Discord's threads topic: posting unarchives a thread; in an archived one nobody
    edits or reacts (50083); in a locked one only moderators post or edit (160005)."""
    sb = await _sandbox(sandbox_factory)
    thread = await sb.start_thread("bob", "general", "Mine")
    sb.state.set_thread_member(thread.id, sb.bot_user.id, True)
    await sb.edit_thread("bob", thread, archived=True)

    async def post() -> None:
        await sb.send_message("bob", thread, "back")

    heard = await _heard(sb, post)
    # Discord's threads topic: THREAD_UPDATE, then each member's own thread member.
    assert [f["t"] for f in heard] == ["THREAD_UPDATE", "THREAD_MEMBER_UPDATE",
                                       "MESSAGE_CREATE"]
    assert heard[0]["d"]["thread_metadata"]["archived"] is False
    assert heard[1]["d"]["user_id"] == str(sb.bot_user.id)
    back = sb.messages(thread.id)[-1]
    await sb.edit_thread("bob", thread, archived=True)
    for refused in (sb.edit_message("bob", back, "edited"), sb.react("bob", back, "👍")):
        with pytest.raises(StateError) as archived:
            await refused
        assert archived.value.code == 50083
    await sb.edit_thread("alice", thread, archived=False, locked=True)
    await sb.react("bob", back, "👍")  # a locked thread still takes reactions while active
    for refused in (sb.send_message("bob", thread, "again"),
                    sb.edit_message("bob", back, "edited")):
        with pytest.raises(StateError) as locked:
            await refused
        assert locked.value.code == 160005
    await sb.edit_thread("alice", thread, archived=True)
    await sb.send_message("alice", thread, "reopened by a moderator")
    assert not sb.state.channel(thread.id).thread_metadata.archived


async def test_the_records_a_test_is_handed_print(sandbox_factory: Any) -> None:
    # The sandbox's own channels belong to no client: a thread's repr asked the client's
    # cache for its parent and raised AttributeError (print(thread) in a test failed).
    sb = await sandbox_factory()
    thread = await sb.start_thread("alice", "general", "ideas")
    assert repr(thread).startswith(f"<Thread id={thread.id} name='ideas' parent=None ")
    assert thread.guild is None and thread.category is None
    for channel in sb.state.channels.values():
        assert repr(channel).startswith("<")
