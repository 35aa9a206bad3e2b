"""Who may edit a thread with PATCH /channels/{id}, as Discord's docs say: its owner its
name, ``archived`` and ``auto_archive_duration``; anyone who may post in it may
unarchive it; slowmode, ``locked`` and ``invitable`` and any change to a locked thread
are for moderators (Manage Threads), else 403 (50013). And an archived thread takes an
edit only if the same request unarchives it, else 400 (50083)."""

from __future__ import annotations

from typing import Any

import aiohttp
import msgspec
import pytest

from tidecord.models import ChannelOverwrite, Permissions
from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.rest import RateLimits

from .conftest import Api
from .test_system_messages import expecting

pytestmark = pytest.mark.timeout(30)


def _world(*permissions: str) -> World:
    return World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Ops", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages",
                                        "create_public_threads", "create_private_threads",
                                        "read_message_history", *permissions],
                    "channels": [{"name": "general"}], "members": ["alice"]}],
    })


async def _sandbox(factory: Any, *permissions: str) -> Sandbox:
    # No limits in the way: these tests edit one thread more often than PATCH's five
    # calls in fifteen seconds, and two renames in ten minutes, allow.
    sb: Sandbox = await factory(world=_world(*permissions),
                                rate_limits=RateLimits(default=(1000, 1.0), routes={}))
    return sb


def _set(sb: Sandbox, thread: int | str, **metadata: Any) -> None:
    """Archive or lock a thread as a moderator would, outside the bot's REST calls."""
    meta = sb.state.channel(int(thread)).thread_metadata
    sb.state.update_channel(int(thread), thread_metadata=msgspec.structs.replace(
        meta, **metadata))


async def test_the_owner_changes_name_archived_and_auto_archive_duration_only(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await _sandbox(sandbox_factory, "send_messages_in_threads")
    general = sb.channel("general").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        public = await call("POST", f"channels/{general}/threads",
                            {"name": "mine", "type": 11}, 201)
        private = await call("POST", f"channels/{general}/threads",
                             {"name": "ours", "type": 12}, 201)
        edited = await call("PATCH", f"channels/{public['id']}",
                            {"name": "renamed", "auto_archive_duration": 60})
        assert edited["name"] == "renamed"
        assert edited["thread_metadata"]["auto_archive_duration"] == 60
        await call("PATCH", f"channels/{public['id']}", {"archived": True})
        await call("PATCH", f"channels/{public['id']}", {"archived": False})
        for thread, body in ((public, {"locked": True}), (public, {"rate_limit_per_user": 30}),
                             (public, {"name": "again", "locked": False}),
                             (private, {"invitable": False})):
            refused = await call("PATCH", f"channels/{thread['id']}", body, status=403)
            assert refused["code"] == 50013, body
    public_meta = sb.state.channel(int(public["id"])).thread_metadata
    private_meta = sb.state.channel(int(private["id"])).thread_metadata
    assert public_meta is not None and private_meta is not None
    assert (sb.state.channel(int(public["id"])).name, public_meta.locked,
            sb.state.channel(int(public["id"])).rate_limit_per_user,
            private_meta.invitable) == ("renamed", False, 0, True)


async def test_others_may_only_unarchive_and_only_if_they_may_post(
        sandbox_factory: Any) -> None:
    for may_post in (True, False):
        sb = await _sandbox(sandbox_factory, "send_messages_in_threads")
        if not may_post:
            denied = ChannelOverwrite(id=sb.bot_user.id, type=1, allow=Permissions(0),
                                      deny=Permissions(Permissions.send_messages_in_threads))
            sb.state.update_channel(sb.channel("general").id,
                                    permission_overwrites=[denied])
        thread = sb.state.create_thread(sb.channel("general").id, "alice's",
                                        sb.user("alice").id)
        async with aiohttp.ClientSession() as http:
            call = expecting(Api(sb, http))
            for body in ({"name": "mine now"}, {"archived": True},
                         {"auto_archive_duration": 60}):
                refused = await call("PATCH", f"channels/{thread.id}", body, status=403)
                assert refused["code"] == 50013, body
            _set(sb, thread.id, archived=True)
            await call("PATCH", f"channels/{thread.id}", {"archived": False},
                       status=200 if may_post else 403)
        meta = sb.state.channel(thread.id).thread_metadata
        assert meta is not None and meta.archived is not may_post


async def test_a_locked_thread_is_for_moderators(sandbox_factory: Any) -> None:
    sb: Sandbox = await _sandbox(sandbox_factory, "send_messages_in_threads")
    general = sb.channel("general").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        thread = (await call("POST", f"channels/{general}/threads",
                             {"name": "mine", "type": 11}, 201))["id"]
        _set(sb, thread, locked=True)
        # Its owner can no longer rename it, nor archive it.
        for body in ({"name": "renamed"}, {"archived": True}):
            refused = await call("PATCH", f"channels/{thread}", body, status=403)
            assert refused["code"] == 50013, body
        # Locked and archived: only a moderator unarchives it.
        _set(sb, thread, archived=True)
        refused = await call("PATCH", f"channels/{thread}", {"archived": False}, status=403)
        assert refused["code"] == 50013
    moderator: Sandbox = await _sandbox(sandbox_factory, "manage_threads")
    thread = moderator.state.create_thread(moderator.channel("general").id, "alice's",
                                           moderator.user("alice").id).id
    _set(moderator, thread, archived=True, locked=True)
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(moderator, http))
        edited = await call("PATCH", f"channels/{thread}", {"archived": False})
        assert edited["thread_metadata"]["archived"] is False
        assert edited["thread_metadata"]["locked"] is True
        edited = await call("PATCH", f"channels/{thread}",
                            {"locked": False, "rate_limit_per_user": 30})
        assert edited["thread_metadata"]["locked"] is False
        assert edited["rate_limit_per_user"] == 30


async def test_an_archived_thread_is_edited_only_while_it_is_unarchived(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await _sandbox(sandbox_factory, "manage_threads")
    thread = sb.state.create_thread(sb.channel("general").id, "alice's",
                                    sb.user("alice").id).id
    _set(sb, thread, archived=True)
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        for body in ({"name": "renamed"}, {"locked": True}, {"archived": True},
                     {"archived": True, "name": "renamed"}):
            refused = await call("PATCH", f"channels/{thread}", body, status=400)
            assert refused["code"] == 50083, body
        assert sb.state.channel(thread).name == "alice's"
        # The same request may unarchive it and change the rest.
        edited = await call("PATCH", f"channels/{thread}",
                            {"archived": False, "name": "renamed", "locked": True})
        assert edited["name"] == "renamed"
        assert (edited["thread_metadata"]["archived"],
                edited["thread_metadata"]["locked"]) == (False, True)
