"""One sandbox and one connected client per test module, for the commands core tests.

The core reads the cache a real client filled from a real sandbox; starting both
once per module keeps these many small tests fast. Tests act as alice and bob and
take the ``Message`` the client received as their subject (``live.said(...)``).
Modules using ``live`` run on the module's loop (``pytestmark =
pytest.mark.asyncio(loop_scope="module")``) and hold async tests only, so the loop
(and the client's heartbeat) never stops between them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio

import tidecord
from tidecord.sandbox import Sandbox, World

from ..client.client_helpers import start_client


def commands_world() -> World:
    """Roles, a nickname, an NSFW and a voice channel, a third person in another guild."""
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"},
                  {"username": "carol", "global_name": "Carol"}],
        "guilds": [
            {
                "name": "Sandbox", "owner": "alice",
                "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                    "embed_links", "kick_members", "manage_messages"],
                "roles": [{"name": "Moderator", "permissions": ["kick_members", "manage_messages"]},
                          {"name": "Helper", "permissions": []}],
                "channels": [
                    {"name": "Text Channels", "type": 4},
                    {"name": "general", "parent": "Text Channels"},
                    {"name": "ideas", "parent": "Text Channels"},
                    {"name": "after-dark", "parent": "Text Channels", "nsfw": True},
                    {"name": "hidden", "parent": "Text Channels",
                     "overwrites": [{"user": "SandboxBot", "deny": ["view_channel"]}]},
                    {"name": "Lounge", "type": 2},
                ],
                "emojis": ["party", {"name": "dance", "animated": True}],
                "members": [{"user": "alice", "roles": ["Moderator"]},
                            {"user": "bob", "nick": "Bobby", "roles": ["Helper"]}],
            },
            {"name": "Elsewhere", "owner": "carol", "channels": [{"name": "porch"}],
             "members": ["carol"]},
        ],
    })


class Live:
    """A started sandbox and a ready client on it."""

    def __init__(self, sb: Sandbox, client: tidecord.Client) -> None:
        self.sb = sb
        self.client = client

    async def said(self, author: str, channel: str, content: str) -> Any:
        """``author`` says ``content`` in ``channel``; the Message the client received."""
        waiter = asyncio.ensure_future(self.client.wait_for(
            "message", check=lambda m: m.content == content, timeout=10))
        await asyncio.sleep(0)
        await self.sb.send_message(author, channel, content)
        return await waiter

    async def dm(self, author: str, content: str) -> Any:
        """``author`` sends the bot a direct message; the Message the client received."""
        waiter = asyncio.ensure_future(self.client.wait_for(
            "message", check=lambda m: m.content == content, timeout=10))
        await asyncio.sleep(0)
        await self.sb.send_dm(author, content)
        return await waiter


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def live() -> AsyncIterator[Live]:
    """The module's sandbox (``commands_world``) and a client connected to it."""
    async with Sandbox(world=commands_world(), heartbeat_interval=10_000,
                       identify_interval=0.0) as sb:
        # The members intent, as a bot resolving members by name keeps them: the rest of
        # each guild's members is asked for at startup.
        intents = tidecord.Intents.default()
        intents.members = intents.message_content = True
        client = tidecord.Client(api_url=sb.api_url, intents=intents)
        task = await start_client(client, sb.token)
        try:
            yield Live(sb, client)
        finally:
            await client.close()
            await asyncio.wait_for(task, 10)
