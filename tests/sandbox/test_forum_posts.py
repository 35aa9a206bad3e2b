"""Making a forum or media post with POST /channels/{id}/threads, as Discord's docs say:
the thread and its first message at once, the message from the body's ``message``
(content, embeds, files...) under the thread's id and nested in the answer; the tags
from ``applied_tags`` held to the rules of editing them; and a forum with REQUIRE_TAG
refusing a post without a tag (40067)."""

from __future__ import annotations

import io
import json
from typing import Any

import aiohttp
import discord
import pytest

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.rest import RateLimits

from .conftest import Api
from .sandbox_peers import discord_py
from .test_system_messages import expecting

pytestmark = pytest.mark.timeout(30)
REQUIRE_TAG = 1 << 4


async def _sandbox(factory: Any, *permissions: str, flags: int = 0) -> tuple[Sandbox, list[str]]:
    """A forum ``ideas`` with two open tags and a moderated one (the last); their ids."""
    world = World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Ops", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages", "attach_files",
                                        "embed_links", "send_messages_in_threads",
                                        "read_message_history", *permissions],
                    "channels": [{"name": "general"}, {"name": "ideas", "type": 15}],
                    "members": ["alice"]}],
    })
    sb: Sandbox = await factory(world=world,
                                rate_limits=RateLimits(default=(1000, 1.0), routes={}))
    tags = [str(sb.state.new_id()) for _ in range(3)]
    sb.state.update_channel(sb.channel("ideas").id, flags=flags, available_tags=[
        {"id": tag, "name": name, "moderated": name == "staff", "emoji_id": None,
         "emoji_name": None} for tag, name in zip(tags, ("bug", "idea", "staff"), strict=True)])
    return sb, tags


def _posts(sb: Sandbox) -> list[Any]:
    forum = sb.channel("ideas").id
    return [t for t in sb.state.channels.values() if t.parent_id == forum]


async def test_a_post_starts_with_its_message_and_carries_its_tags(
        sandbox_factory: Any) -> None:
    sb, tags = await _sandbox(sandbox_factory)
    forum = sb.channel("ideas").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        post = await call("POST", f"channels/{forum}/threads", {
            "name": "Dark mode", "auto_archive_duration": 4320, "applied_tags": tags[:2],
            "message": {"content": "Please", "embeds": [{"title": "Why"}]}}, status=201)
        assert post["parent_id"] == str(forum) and post["type"] == 11
        assert post["applied_tags"] == tags[:2]
        assert post["thread_metadata"]["auto_archive_duration"] == 4320
        first = post["message"]
        assert first["id"] == post["id"] and first["channel_id"] == post["id"]
        assert first["content"] == "Please" and first["embeds"][0]["title"] == "Why"
        assert await call("GET", f"channels/{post['id']}/messages/{post['id']}") == first
        # Files come as multipart, the thread's fields and its message in payload_json.
        form = aiohttp.FormData()
        form.add_field("payload_json", json.dumps({
            "name": "Logs", "message": {"content": "attached",
                                        "attachments": [{"id": 0, "filename": "a.txt"}]}}),
            content_type="application/json")
        form.add_field("files[0]", b"hello", filename="a.txt", content_type="text/plain")
        async with http.post(f"{sb.api_url}/channels/{forum}/threads", data=form,
                             headers={"Authorization": f"Bot {sb.token}"}) as resp:
            assert resp.status == 201, await resp.text()
            logs = await resp.json()
        assert [a["filename"] for a in logs["message"]["attachments"]] == ["a.txt"]
        assert logs["applied_tags"] == []
    assert sb.state.channel(int(post["id"])).last_message_id == int(post["id"])


async def test_what_a_post_may_not_be(sandbox_factory: Any) -> None:
    sb, tags = await _sandbox(sandbox_factory)
    forum = sb.channel("ideas").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        url = f"channels/{forum}/threads"
        no_message = await call("POST", url, {"name": "x"}, status=400)
        assert no_message["errors"]["message"]["_errors"][0]["code"] == "BASE_TYPE_REQUIRED"
        empty = await call("POST", url, {"name": "x", "message": {}}, status=400)
        assert empty["code"] == 50006
        too_long = await call("POST", url, {"name": "x", "message": {"content": "a" * 2001}},
                              status=400)
        assert too_long["errors"]["message"]["content"]["_errors"][0]["code"] == \
            "BASE_TYPE_MAX_LENGTH"
        unknown = await call("POST", url, {"name": "x", "message": {"content": "a"},
                                           "applied_tags": [str(forum)]}, status=400)
        assert unknown["code"] == 10087
        many = await call("POST", url, {"name": "x", "message": {"content": "a"},
                                        "applied_tags": tags * 2}, status=400)
        assert many["errors"]["applied_tags"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
        # The moderated tag is for moderators (Manage Threads) alone.
        staff = await call("POST", url, {"name": "x", "message": {"content": "a"},
                                         "applied_tags": [tags[2]]}, status=403)
        assert staff["code"] == 50013
    assert _posts(sb) == []


async def test_a_moderator_may_post_with_a_moderated_tag(sandbox_factory: Any) -> None:
    sb, tags = await _sandbox(sandbox_factory, "manage_threads")
    forum = sb.channel("ideas").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        post = await call("POST", f"channels/{forum}/threads", {
            "name": "Rules", "message": {"content": "Read me"}, "applied_tags": [tags[2]]},
            status=201)
    assert post["applied_tags"] == [tags[2]]


async def test_a_forum_that_requires_a_tag_refuses_a_post_without_one(
        sandbox_factory: Any) -> None:
    sb, tags = await _sandbox(sandbox_factory, flags=REQUIRE_TAG)
    forum = sb.channel("ideas").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        for extra in ({}, {"applied_tags": []}):
            refused = await call("POST", f"channels/{forum}/threads",
                                 {"name": "x", "message": {"content": "a"}, **extra},
                                 status=400)
            assert refused == {"code": 40067, "message":
                               "A tag is required to create a forum post in this channel"}
        assert _posts(sb) == []
        await call("POST", f"channels/{forum}/threads",
                   {"name": "x", "message": {"content": "a"}, "applied_tags": tags[:1]},
                   status=201)
    assert len(_posts(sb)) == 1


async def test_a_webhook_post_carries_its_tags_and_starts_with_its_message(
        sandbox_factory: Any) -> None:
    sb, tags = await _sandbox(sandbox_factory, "manage_webhooks", flags=REQUIRE_TAG)
    forum = sb.channel("ideas").id
    async with aiohttp.ClientSession() as http:
        api = Api(sb, http)
        call = expecting(api)
        hook = await call("POST", f"channels/{forum}/webhooks", {"name": "Relay"})
        url = f"/webhooks/{hook['id']}/{hook['token']}?wait=true"
        status, refused, _ = await api.call("POST", url, {"content": "a", "thread_name": "x"},
                                            token=None)
        assert (status, refused["code"]) == (400, 40067)
        status, empty, _ = await api.call("POST", url, {"thread_name": "x",
                                                         "applied_tags": tags[:1]}, token=None)
        assert (status, empty["code"]) == (400, 50006)
        assert _posts(sb) == []
        status, first, _ = await api.call("POST", url, {
            "content": "relayed", "thread_name": "From CI", "applied_tags": tags[1:]},
            token=None)
        assert status == 200, first
    post = sb.state.channel(int(first["channel_id"]))
    assert post.name == "From CI" and post.applied_tag_ids == [int(t) for t in tags[1:]]
    assert int(first["id"]) == post.id and first["webhook_id"] == hook["id"]


@pytest.mark.tidecord_strict(False)
async def test_discord_py_makes_a_tagged_post(sandbox_factory: Any) -> None:
    sb, tags = await _sandbox(sandbox_factory, flags=REQUIRE_TAG)
    async with discord_py(sb) as client:
        forum = client.get_channel(sb.channel("ideas").id)
        assert isinstance(forum, discord.ForumChannel)
        assert forum.flags.require_tag
        idea = forum.get_tag(int(tags[1]))
        assert idea is not None and idea.name == "idea"
        with pytest.raises(discord.HTTPException) as refused:
            await forum.create_thread(name="Untagged", content="hm")
        assert refused.value.code == 40067
        made = await forum.create_thread(name="Dark mode", content="Please",
                                         applied_tags=[idea],
                                         file=discord.File(io.BytesIO(b"xyz"), filename="why.txt"))
        assert made.thread.applied_tags == [idea]
        assert made.message.id == made.thread.id
        assert made.message.content == "Please"
        assert [a.filename for a in made.message.attachments] == ["why.txt"]
