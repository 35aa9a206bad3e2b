"""Editing a forum post's tags and pin with PATCH /channels/{id}, as Discord's docs say:
at most 5 tags, each one of its forum's, changed by the post's owner or a moderator
(Manage Threads), a ``moderated`` tag by moderators only; PINNED, a post's only flag,
set by moderators, one post per forum, and taken off when the post is archived."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.rest import RateLimits

from .conftest import Api
from .test_system_messages import expecting

pytestmark = pytest.mark.timeout(30)
PINNED = 1 << 1


async def _sandbox(factory: Any, *permissions: str) -> tuple[Sandbox, list[str]]:
    """A forum with five open tags and a moderated one (the last); its tag ids."""
    world = World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Ops", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages",
                                        "send_messages_in_threads", "read_message_history",
                                        *permissions],
                    "channels": [{"name": "general"}, {"name": "ideas", "type": 15}],
                    "members": ["alice"]}],
    })
    sb: Sandbox = await factory(world=world,
                                rate_limits=RateLimits(default=(1000, 1.0), routes={}))
    tags = [str(sb.state.new_id()) for _ in range(6)]
    sb.state.update_channel(sb.channel("ideas").id, available_tags=[
        {"id": tag, "name": f"tag{i}", "moderated": i == 5, "emoji_id": None,
         "emoji_name": None} for i, tag in enumerate(tags)])
    return sb, tags


def _post(sb: Sandbox, owner: str) -> int:
    return int(sb.state.create_thread(sb.channel("ideas").id, f"{owner}'s idea",
                                      sb.user(owner).id).id)


async def test_the_owner_of_a_post_changes_its_open_tags(sandbox_factory: Any) -> None:
    sb, tags = await _sandbox(sandbox_factory)
    mine, theirs = _post(sb, sb.bot_user.username), _post(sb, "alice")
    assert sb.state.channel(mine).applied_tag_ids == []
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        edited = await call("PATCH", f"channels/{mine}", {"applied_tags": tags[:2]})
        assert edited["applied_tags"] == tags[:2]
        assert (await call("PATCH", f"channels/{mine}", {"applied_tags": [int(tags[4])]})
                )["applied_tags"] == [tags[4]]
        too_many = await call("PATCH", f"channels/{mine}", {"applied_tags": tags}, status=400)
        assert too_many["errors"]["applied_tags"]["_errors"][0]["code"] == \
            "BASE_TYPE_MAX_LENGTH"
        unknown = await call("PATCH", f"channels/{mine}",
                             {"applied_tags": [str(sb.channel("general").id)]}, status=400)
        assert unknown["code"] == 10087
        # A moderated tag, and the pin, are the moderators'; so is someone else's post.
        for body in ({"applied_tags": [tags[5]]}, {"flags": PINNED}):
            assert (await call("PATCH", f"channels/{mine}", body, status=403))["code"] == 50013
        await call("PATCH", f"channels/{theirs}", {"applied_tags": tags[:1]}, status=403)
        # Flags that leave the pin alone change nothing, and need no right.
        await call("PATCH", f"channels/{mine}", {"flags": 0})
    assert sb.state.channel(mine).applied_tag_ids == [int(tags[4])]
    assert sb.state.channel(theirs).applied_tag_ids == []


async def test_a_moderator_pins_one_post_per_forum_until_it_is_archived(
        sandbox_factory: Any) -> None:
    sb, tags = await _sandbox(sandbox_factory, "manage_threads")
    first, second = _post(sb, "alice"), _post(sb, "alice")
    thread = int(sb.state.create_thread(sb.channel("general").id, "chat",
                                        sb.user("alice").id).id)
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        tagged = await call("PATCH", f"channels/{first}", {"applied_tags": [tags[5]]})
        assert tagged["applied_tags"] == [tags[5]]
        assert (await call("PATCH", f"channels/{first}", {"flags": PINNED}))["flags"] == PINNED
        full = await call("PATCH", f"channels/{second}", {"flags": PINNED}, status=400)
        assert full["code"] == 30047
        # Archiving the pinned post unpins it; then another may be pinned.
        archived = await call("PATCH", f"channels/{first}", {"archived": True})
        assert archived["flags"] == 0
        assert (await call("PATCH", f"channels/{second}", {"flags": PINNED}))["flags"] == PINNED
        # A thread of a text channel is no post: no pin, and tags keep nothing.
        refused = await call("PATCH", f"channels/{thread}", {"flags": PINNED}, status=400)
        assert refused["code"] == 50035 and "flags" in refused["errors"]
        kept = await call("PATCH", f"channels/{thread}", {"applied_tags": tags[:1]})
        assert "applied_tags" not in kept
