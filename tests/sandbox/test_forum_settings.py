"""A forum or media channel's own settings, made with POST /guilds/{id}/channels and
changed with PATCH /channels/{id}, as Discord's docs say: up to 20 ``available_tags``
(named 1-20 characters, each name once, a tag sent with its id keeping it, a new one
given one), ``default_reaction_emoji``, ``default_sort_order``, a forum's
``default_forum_layout`` and its REQUIRE_TAG flag; and, for any channel with threads,
``default_auto_archive_duration`` among the durations Discord offers."""

from __future__ import annotations

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


async def _sandbox(factory: Any) -> Sandbox:
    world = World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Ops", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages", "manage_channels",
                                        "manage_threads", "read_message_history"],
                    "channels": [{"name": "general"}, {"name": "ideas", "type": 15},
                                 {"name": "art", "type": 16}],
                    "members": ["alice"]}],
    })
    return await factory(world=world, rate_limits=RateLimits(default=(1000, 1.0), routes={}))  # type: ignore[no-any-return]


def _tag(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "moderated": False, "emoji_id": None, "emoji_name": None, **extra}


async def test_tags_keep_their_ids_and_new_ones_get_one(sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    forum = sb.channel("ideas").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        first = await call("PATCH", f"channels/{forum}", {"available_tags": [
            _tag("bug", emoji_name="🐛"), _tag("staff", moderated=True)]})
        bug, staff = first["available_tags"]
        assert bug["id"].isdigit() and staff["id"].isdigit() and bug["id"] != staff["id"]
        assert bug == {"id": bug["id"], **_tag("bug", emoji_name="🐛")}
        assert staff["moderated"] is True
        # bug renamed under its id, staff left out (gone), a new tag made.
        second = await call("PATCH", f"channels/{forum}", {"available_tags": [
            _tag("defect", id=bug["id"], emoji_id=str(sb.state.new_id())), _tag("idea")]})
        defect, idea = second["available_tags"]
        assert defect["id"] == bug["id"] and defect["name"] == "defect"
        assert defect["emoji_id"].isdigit()
        assert idea["id"] not in (bug["id"], staff["id"])
    assert [t.name for t in sb.state.channel(forum).available_tags] == ["defect", "idea"]


async def test_what_available_tags_may_not_be(sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    forum = sb.channel("ideas").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))

        async def refused(tags: list[dict[str, Any]]) -> dict[str, Any]:
            body = await call("PATCH", f"channels/{forum}", {"available_tags": tags},
                              status=400)
            assert isinstance(body, dict)
            return body

        many = await refused([_tag(f"t{i}") for i in range(21)])
        assert many["code"] == 50035
        assert many["errors"]["available_tags"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
        for name in ("", "x" * 21):
            bad = await refused([_tag("ok"), _tag(name)])
            assert bad["errors"]["available_tags"]["1"]["name"]["_errors"][0]["code"] == \
                "BASE_TYPE_BAD_LENGTH"
        nameless = await refused([{"moderated": True}])
        assert nameless["errors"]["available_tags"]["0"]["name"]["_errors"][0]["code"] == \
            "BASE_TYPE_REQUIRED"
        emoji = await refused([_tag("ok", emoji_id="smile")])
        assert "emoji_id" in emoji["errors"]["available_tags"]["0"]
        twice = await refused([_tag("same"), _tag("same")])
        assert twice == {"code": 40061, "message": "Tag names must be unique"}
        # Twenty is allowed.
        twenty = await call("PATCH", f"channels/{forum}",
                            {"available_tags": [_tag(f"t{i}") for i in range(20)]})
        assert len(twenty["available_tags"]) == 20


async def test_reaction_sort_order_layout_and_require_tag(sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    forum, media = sb.channel("ideas").id, sb.channel("art").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        edited = await call("PATCH", f"channels/{forum}", {
            "default_reaction_emoji": {"emoji_id": None, "emoji_name": "👍"},
            "default_sort_order": 1, "default_forum_layout": 2, "flags": REQUIRE_TAG})
        assert edited["default_reaction_emoji"] == {"emoji_id": None, "emoji_name": "👍"}
        assert edited["default_sort_order"] == 1 and edited["default_forum_layout"] == 2
        assert edited["flags"] == REQUIRE_TAG
        cleared = await call("PATCH", f"channels/{forum}", {
            "default_reaction_emoji": None, "default_sort_order": None, "flags": 0})
        assert cleared["default_reaction_emoji"] is None
        assert cleared["default_sort_order"] is None and cleared["flags"] == 0
        assert cleared["default_forum_layout"] == 2
        for body, field in (({"default_sort_order": 2}, "default_sort_order"),
                            ({"default_forum_layout": 3}, "default_forum_layout")):
            bad = await call("PATCH", f"channels/{forum}", body, status=400)
            assert bad["errors"][field]["_errors"][0]["code"] == "BASE_TYPE_CHOICES"
        art = await call("PATCH", f"channels/{media}", {"flags": REQUIRE_TAG})
        assert art["flags"] == REQUIRE_TAG
        # Made with them: a forum with its tags and defaults from the start.
        gid = sb.guild.id
        made = await call("POST", f"guilds/{gid}/channels", {
            "name": "help", "type": 15, "available_tags": [_tag("question")],
            "default_reaction_emoji": {"emoji_name": "✅"}, "default_sort_order": 0,
            "default_auto_archive_duration": 10080}, status=201)
        assert [t["name"] for t in made["available_tags"]] == ["question"]
        assert made["default_reaction_emoji"] == {"emoji_id": None, "emoji_name": "✅"}
        assert made["default_sort_order"] == 0 and made["default_forum_layout"] == 0
        assert made["default_auto_archive_duration"] == 10080


async def test_default_auto_archive_duration_is_one_discord_offers(
        sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    general, forum = sb.channel("general").id, sb.channel("ideas").id
    gid = sb.guild.id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        for channel in (general, forum):
            kept = await call("PATCH", f"channels/{channel}",
                              {"default_auto_archive_duration": 4320})
            assert kept["default_auto_archive_duration"] == 4320
            bad = await call("PATCH", f"channels/{channel}",
                             {"default_auto_archive_duration": 100}, status=400)
            assert bad["code"] == 50035
            assert bad["errors"]["default_auto_archive_duration"]["_errors"] == [{
                "code": "BASE_TYPE_CHOICES",
                "message": "Value must be one of {60, 1440, 4320, 10080}."}]
        bad = await call("POST", f"guilds/{gid}/channels",
                         {"name": "new", "default_auto_archive_duration": 30}, status=400)
        assert "default_auto_archive_duration" in bad["errors"]
    assert sb.state.channel(general).default_auto_archive_duration == 4320
    assert all(c.name != "new" for c in sb.state.channels.values())


@pytest.mark.tidecord_strict(False)
async def test_discord_py_edits_a_forum(sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    async with discord_py(sb) as client:
        forum = client.get_channel(sb.channel("ideas").id)
        assert isinstance(forum, discord.ForumChannel)
        forum = await forum.edit(
            available_tags=[discord.ForumTag(name="bug", emoji="🐛"),
                            discord.ForumTag(name="staff", moderated=True)],
            require_tag=True, default_auto_archive_duration=60,
            default_reaction_emoji="👍", default_layout=discord.ForumLayoutType.gallery_view,
            default_sort_order=discord.ForumOrderType.creation_date)
        assert isinstance(forum, discord.ForumChannel)
        assert [t.name for t in forum.available_tags] == ["bug", "staff"]
        bug = forum.available_tags[0]
        assert str(bug.emoji) == "🐛" and forum.available_tags[1].moderated
        assert forum.flags.require_tag and forum.default_auto_archive_duration == 60
        assert str(forum.default_reaction_emoji) == "👍"
        assert forum.default_layout == discord.ForumLayoutType.gallery_view
        assert forum.default_sort_order == discord.ForumOrderType.creation_date
        # discord.py sends every tag again, with its id: the tag keeps it.
        forum = await forum.edit(available_tags=[*forum.available_tags,
                                                 discord.ForumTag(name="idea")])
        assert isinstance(forum, discord.ForumChannel)
        assert forum.available_tags[0].id == bug.id
        with pytest.raises(discord.HTTPException) as refused:
            await forum.edit(default_auto_archive_duration=120)  # type: ignore[arg-type]
        assert refused.value.code == 50035
