"""Shared helpers for the client tests (imported by conftest and the tests)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import tidecord

Connect = Callable[..., Awaitable[tidecord.Client]]


async def start_client(client: tidecord.Client, token: str, within: float = 10.0
                       ) -> asyncio.Task[None]:
    """Start ``client`` in a task and wait until it is ready (or its start failed)."""
    task = asyncio.create_task(client.start(token), name="test:client.start")
    ready = asyncio.create_task(client.wait_until_ready(), name="test:wait_until_ready")
    done, _ = await asyncio.wait({task, ready}, timeout=within,
                                 return_when=asyncio.FIRST_COMPLETED)
    if ready not in done:
        ready.cancel()
        if task in done:
            task.result()  # raises the start failure
        task.cancel()
        raise TimeoutError("client never became ready")
    return task


def admin_world() -> dict[str, object]:
    """The default world's shape, with a bot allowed everything (to manage the guild)."""
    return {
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice", "bot_permissions": ["administrator"],
            "roles": [{"name": "@everyone", "permissions": ["view_channel", "send_messages",
                                                            "add_reactions"]},
                      {"name": "Moderator", "permissions": ["kick_members"]}],
            "channels": [{"name": "Text Channels", "type": 4},
                         {"name": "general", "parent": "Text Channels"},
                         {"name": "ideas", "parent": "Text Channels"}],
            "members": [{"user": "alice", "roles": ["Moderator"]}, "bob"],
        }],
    }
