"""Polls in the sandbox, as Discord runs them: a message's poll with its results,
the limits of a poll, people voting (MESSAGE_POLL_VOTE_ADD / REMOVE with the polls
intents), the voters of an answer a page at a time, and the end of a poll (by its
author, or by the clock) with MESSAGE_UPDATE and the poll's result message."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

import pytest

from tidecord.sandbox import Sandbox, StateError, World

from .conftest import Api
from .sandbox_raw import RawGateway

pytestmark = [pytest.mark.timeout(30), pytest.mark.sandbox(heartbeat_interval=30000)]

GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT = 1 << 0, 1 << 9, 1 << 15
GUILD_POLLS = 1 << 24
BOT_PERMISSIONS = ["view_channel", "send_messages", "read_message_history", "send_polls"]


def poll_world(bot_permissions: list[str] = BOT_PERMISSIONS, everyone: Any = None) -> World:
    guild: dict[str, Any] = {"name": "Polls", "owner": "alice",
                             "bot_permissions": bot_permissions,
                             "channels": [{"name": "general"}],
                             "members": ["alice", "bob", "carol", "dave"]}
    if everyone is not None:
        guild["roles"] = [{"name": "@everyone", "permissions": everyone}]
    return World.from_dict({"users": ["alice", "bob", "carol", "dave"], "guilds": [guild]})


def lunch(**extra: Any) -> dict[str, Any]:
    """A poll create request, as discord.py sends it (hours as a float)."""
    return {"question": {"text": "Lunch?"},
            "answers": [{"poll_media": {"text": "Soup", "emoji": {"name": "🍲"}}},
                        {"poll_media": {"text": "Salad"}},
                        {"poll_media": {"text": "Noodles"}}],
            "duration": 4.0, "allow_multiselect": False, "layout_type": 1, **extra}


@pytest.fixture
async def sb(sandbox_factory: Any) -> Sandbox:
    made: Sandbox = await sandbox_factory(world=poll_world(), heartbeat_interval=30000)
    return made


async def post_poll(api: Api, sb: Sandbox, **extra: Any) -> tuple[int, Any]:
    cid = sb.channel("general").id
    status, body, _ = await api.call("POST", f"/channels/{cid}/messages",
                                     {"poll": lunch(**extra)})
    return status, body


@pytest.fixture
async def api(sb: Sandbox) -> Any:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        yield Api(sb, session)


async def test_a_poll_is_stored_and_sent_back_with_its_results(api: Api, sb: Sandbox) -> None:
    sb.clock.freeze()
    status, message = await post_poll(api, sb)
    assert status == 200, message
    poll = message["poll"]
    assert poll["question"] == {"text": "Lunch?"}
    assert [(a["answer_id"], a["poll_media"]["text"]) for a in poll["answers"]] == [
        (1, "Soup"), (2, "Salad"), (3, "Noodles")]
    assert poll["answers"][0]["poll_media"]["emoji"]["name"] == "🍲"
    assert poll["allow_multiselect"] is False and poll["layout_type"] == 1
    assert poll["results"] == {"is_finalized": False, "answer_counts": []}
    expiry = datetime.datetime.fromisoformat(poll["expiry"]).timestamp()
    assert expiry == pytest.approx(sb.clock.time() + 4 * 3600, abs=0.01)
    _, again, _ = await api.call("GET", f"/channels/{message['channel_id']}/messages/"
                                 f"{message['id']}")
    assert again["poll"] == poll
    # Without a duration a poll lasts a day.
    _, default = await post_poll(api, sb, duration=None)
    expiry = datetime.datetime.fromisoformat(default["poll"]["expiry"]).timestamp()
    assert expiry == pytest.approx(sb.clock.time() + 24 * 3600, abs=0.01)


@pytest.mark.parametrize(("change", "field"), [
    ({"question": {"text": "?" * 301}}, ("question", "text")),
    ({"question": {"text": ""}}, ("question", "text")),
    ({"answers": []}, ("answers",)),
    ({"answers": [{"poll_media": {"text": f"a{n}"}} for n in range(11)]}, ("answers",)),
    ({"answers": [{"poll_media": {"text": "x" * 56}}]}, ("answers", "0", "poll_media", "text")),
    ({"duration": 0}, ("duration",)),
    ({"duration": 769}, ("duration",)),
    ({"duration": 1.5}, ("duration",)),
    ({"layout_type": 2}, ("layout_type",)),
])
async def test_what_discord_refuses_in_a_poll(api: Api, sb: Sandbox, change: dict[str, Any],
                                              field: tuple[str, ...]) -> None:
    status, body = await post_poll(api, sb, **change)
    assert status == 400 and body["code"] == 50035, body
    node = body["errors"]["poll"]
    for part in field:
        node = node[part]
    assert node["_errors"][0]["code"], body
    assert sb.messages("general") == []


async def test_the_longest_poll_discord_takes_is_accepted(api: Api, sb: Sandbox) -> None:
    status, body = await post_poll(
        api, sb, question={"text": "?" * 300}, duration=768,
        answers=[{"poll_media": {"text": "x" * 55}} for _ in range(10)])
    assert status == 200, body
    assert len(body["poll"]["answers"]) == 10


async def test_a_bot_without_send_polls_cannot_send_one(sandbox_factory: Any) -> None:
    import aiohttp

    # Discord's @everyone may send polls: here neither it nor the bot's role may.
    sb: Sandbox = await sandbox_factory(world=poll_world(BOT_PERMISSIONS[:3],
                                                         everyone=BOT_PERMISSIONS[:3]))
    async with aiohttp.ClientSession() as session:
        status, body = await post_poll(Api(sb, session), sb)
    assert status == 403 and body["code"] == 50013


async def test_people_vote_and_the_bot_hears_each_answer(api: Api, sb: Sandbox) -> None:
    _, made = await post_poll(api, sb, allow_multiselect=True)
    bob, carol = sb.user("bob").id, sb.user("carol").id
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, GUILDS | GUILD_MESSAGES | GUILD_POLLS)
        await gw.recv_until("GUILD_CREATE")
        await sb.vote_poll("bob", int(made["id"]), [1, 3])
        first = (await gw.recv_until("MESSAGE_POLL_VOTE_ADD"))["d"]
        second = (await gw.recv_until("MESSAGE_POLL_VOTE_ADD"))["d"]
        assert first == {"user_id": str(bob), "channel_id": made["channel_id"],
                         "message_id": made["id"], "guild_id": str(sb.guild.id),
                         "answer_id": 1}
        assert second["answer_id"] == 3
        # Voting again replaces the votes: the answer left first, then the one picked.
        await sb.vote_poll("bob", int(made["id"]), [3, 2])
        left = (await gw.recv_until("MESSAGE_POLL_VOTE_REMOVE"))["d"]
        picked = (await gw.recv_until("MESSAGE_POLL_VOTE_ADD"))["d"]
        assert (left["answer_id"], picked["answer_id"]) == (1, 2)
        await sb.vote_poll("carol", int(made["id"]), 2)
        assert (await gw.recv_until("MESSAGE_POLL_VOTE_ADD"))["d"]["user_id"] == str(carol)
        await sb.remove_poll_vote("bob", int(made["id"]))
        gone = [(await gw.recv_until("MESSAGE_POLL_VOTE_REMOVE"))["d"]["answer_id"]
                for _ in range(2)]
        assert sorted(gone) == [2, 3]
    _, now, _ = await api.call("GET", f"/channels/{made['channel_id']}/messages/{made['id']}")
    assert now["poll"]["results"] == {
        "is_finalized": False, "answer_counts": [{"id": 2, "count": 1, "me_voted": False}]}


async def test_a_poll_takes_the_answers_it_has_and_one_unless_multiple(api: Api,
                                                                       sb: Sandbox) -> None:
    _, made = await post_poll(api, sb)
    for answers in ([1, 2], [4], []):
        with pytest.raises(StateError) as refused:
            await sb.vote_poll("bob", int(made["id"]), answers)
        assert refused.value.code == 50035, answers
    _, plain, _ = await api.call("POST", f"/channels/{made['channel_id']}/messages",
                                 {"content": "no poll here"})
    with pytest.raises(StateError) as refused:
        await sb.vote_poll("bob", int(plain["id"]), 1)
    assert refused.value.code == 520006


async def test_votes_reach_only_bots_with_the_polls_intent(api: Api, sb: Sandbox) -> None:
    _, made = await post_poll(api, sb)
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT)
        await gw.recv_until("GUILD_CREATE")
        await sb.vote_poll("bob", int(made["id"]), 1)
        await sb.send_message("bob", "general", "voted")
        frame = await gw.recv_until("MESSAGE_CREATE")
    assert frame["d"]["content"] == "voted"  # no vote event came before it


async def test_a_person_s_poll_is_left_out_for_a_bot_without_message_content(
        sb: Sandbox) -> None:
    from tidecord.models import PollCreate, convert

    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, GUILDS | GUILD_MESSAGES)
        await gw.recv_until("GUILD_CREATE")
        await sb.send_message("alice", "general", poll=convert(lunch(), PollCreate))
        frame = (await gw.recv_until("MESSAGE_CREATE"))["d"]
    assert "poll" not in frame


async def test_voters_come_by_user_id_a_page_at_a_time(api: Api, sb: Sandbox) -> None:
    _, made = await post_poll(api, sb)
    people = ["dave", "bob", "carol"]
    for name in people:
        await sb.vote_poll(name, int(made["id"]), 2)
    await sb.vote_poll("alice", int(made["id"]), 1)
    path = f"/channels/{made['channel_id']}/polls/{made['id']}/answers/2"
    ids = sorted(str(sb.user(n).id) for n in people)
    status, page, _ = await api.call("GET", path)
    assert status == 200 and [u["id"] for u in page["users"]] == ids
    _, first, _ = await api.call("GET", path + "?limit=2")
    assert [u["id"] for u in first["users"]] == ids[:2]
    _, rest, _ = await api.call("GET", path + "?" + urlencode({"after": ids[1]}))
    assert [u["id"] for u in rest["users"]] == ids[2:]
    _, none, _ = await api.call("GET", path.replace("answers/2", "answers/3"))
    assert none == {"users": []}
    for query in ("limit=0", "limit=101", "after=soon"):
        status, body, _ = await api.call("GET", f"{path}?{query}")
        assert status == 400 and body["code"] == 50035, query
    status, body, _ = await api.call("GET", path.replace("answers/2", "answers/11"))
    assert status == 400 and body["code"] == 50035


async def test_the_author_ends_a_poll_and_discord_posts_its_result(api: Api,
                                                                   sb: Sandbox) -> None:
    _, made = await post_poll(api, sb)
    mid = int(made["id"])
    for name, answer in (("bob", 2), ("carol", 2), ("dave", 1)):
        await sb.vote_poll(name, mid, answer)
    expire = f"/channels/{made['channel_id']}/polls/{mid}/expire"
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT)
        await gw.recv_until("GUILD_CREATE")
        status, ended, _ = await api.call("POST", expire)
        update = (await gw.recv_until("MESSAGE_UPDATE"))["d"]
        result = (await gw.recv_until("MESSAGE_CREATE"))["d"]
    assert status == 200, ended
    assert ended["poll"]["results"]["is_finalized"] is True
    assert ended["poll"]["results"]["answer_counts"] == [
        {"id": 1, "count": 1, "me_voted": False}, {"id": 2, "count": 2, "me_voted": False}]
    ends = datetime.datetime.fromisoformat(ended["poll"]["expiry"]).timestamp()
    assert ends == pytest.approx(sb.clock.time(), abs=5)
    assert update["id"] == made["id"] and update["poll"] == ended["poll"]
    assert result["type"] == 46 and result["author"]["id"] == str(sb.bot_user.id)
    assert result["message_reference"]["message_id"] == made["id"]
    embed = result["embeds"][0]
    assert embed["type"] == "poll_result"
    assert {f["name"]: f["value"] for f in embed["fields"]} == {
        "poll_question_text": "Lunch?", "victor_answer_votes": "2", "total_votes": "3",
        "victor_answer_id": "2", "victor_answer_text": "Salad"}
    # Ended once, it stays ended: no second end, no more votes.
    status, again, _ = await api.call("POST", expire)
    assert status == 400 and again["code"] == 520001
    with pytest.raises(StateError) as refused:
        await sb.vote_poll("alice", mid, 1)
    assert refused.value.code == 520001


async def test_only_a_poll_s_author_may_end_it(api: Api, sb: Sandbox) -> None:
    from tidecord.models import PollCreate, convert

    theirs = await sb.send_message("alice", "general", poll=convert(lunch(), PollCreate))
    status, body, _ = await api.call("POST", f"/channels/{theirs.channel_id}/polls/"
                                     f"{theirs.id}/expire")
    assert status == 403 and body["code"] == 50013
    _, plain, _ = await api.call("POST", f"/channels/{theirs.channel_id}/messages",
                                 {"content": "no poll"})
    status, body, _ = await api.call("POST", f"/channels/{theirs.channel_id}/polls/"
                                     f"{plain['id']}/expire")
    assert status == 400 and body["code"] == 520006


async def test_a_poll_past_its_time_has_ended(api: Api, sb: Sandbox) -> None:
    _, made = await post_poll(api, sb)
    await sb.vote_poll("bob", int(made["id"]), 1)
    await sb.vote_poll("carol", int(made["id"]), 3)
    sb.clock.advance(3 * 3600)
    _, still, _ = await api.call("GET", f"/channels/{made['channel_id']}/messages/{made['id']}")
    assert still["poll"]["results"]["is_finalized"] is False
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT)
        await gw.recv_until("GUILD_CREATE")
        sb.clock.advance(3600)
        update = (await gw.recv_until("MESSAGE_UPDATE"))["d"]
        result = (await gw.recv_until("MESSAGE_CREATE"))["d"]
    assert update["poll"]["results"]["is_finalized"] is True
    assert update["poll"]["expiry"] == made["poll"]["expiry"]
    fields = {f["name"]: f["value"] for f in result["embeds"][0]["fields"]}
    # A tie names no victor.
    assert fields == {"poll_question_text": "Lunch?", "victor_answer_votes": "1",
                      "total_votes": "2"}
    _, ended, _ = await api.call("GET", f"/channels/{made['channel_id']}/messages/{made['id']}")
    assert ended["poll"]["results"]["is_finalized"] is True
    with pytest.raises(StateError) as refused:
        await sb.vote_poll("dave", int(made["id"]), 2)
    assert refused.value.code == 520001
