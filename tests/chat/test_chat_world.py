"""The page follows the world it is given: several guilds, more people, permissions."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Browser, expect

from tidecord.sandbox import Sandbox
from tidecord.sandbox.world import World

from .chatpage_driver import message, open_chat, say

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
    # Strict mode stays on (blocking calls fail), but waiting on the browser on a busy
    # machine can pause the loop past 100 ms with nothing blocking: allow 1 s.
    pytest.mark.tidecord_strict(threshold=1.0),
]

TALK = ["view_channel", "send_messages", "read_message_history", "add_reactions"]
WORLD: dict[str, Any] = {
    "bot": {"username": "IdeaBot"},
    "users": ["alice", "bob", {"username": "carol", "global_name": "Carol"}],
    "guilds": [
        {"name": "Side Projects", "owner": "alice",
         "roles": [{"name": "@everyone", "permissions": TALK}],
         "channels": [{"name": "general"},
                      {"name": "showcase", "topic": "Show what you built",
                       "overwrites": [{"role": "@everyone", "deny": ["send_messages"]}]}],
         "members": ["alice", "carol"]},
        {"name": "Tide Watchers", "owner": "bob",
         "roles": [{"name": "@everyone", "permissions": TALK}],
         "channels": [{"name": "Lounge", "type": 4}, {"name": "tides", "parent": "Lounge"}],
         "members": ["bob", "carol"]},
    ],
}


async def test_guilds_people_and_permissions(browser: Browser) -> None:
    async with Sandbox(world=World.from_dict(WORLD)) as sb:
        page, errors = await open_chat(browser, sb, "carol")
        switcher = page.locator("#person-switcher .person-option")
        await expect(switcher).to_have_text(["alice", "bob", "carol"])
        await expect(page.locator("#person-current")).to_contain_text("Carol")

        # Two guilds in the rail; the first is open at its #general.
        await expect(page.locator("#guilds .guild-icon[data-guild-id]")).to_have_count(2)
        await expect(page.locator("#guild-name")).to_have_text("Side Projects")
        await expect(page.locator("#channel-name")).to_have_text("general")

        # Another guild: its own channels (under their category) and members.
        await page.locator('#guilds .guild-icon[title="Tide Watchers"]').click()
        await expect(page.locator("#guild-name")).to_have_text("Tide Watchers")
        await expect(page.locator("#channels .category")).to_contain_text(
            re.compile("lounge", re.I))
        await expect(page.locator("#channel-name")).to_have_text("tides")
        await expect(page.locator("#members .member")).to_have_count(3)  # bot, bob, carol
        await say(page, "high tide at noon")
        await expect(message(page, "high tide at noon", author="carol")).to_be_visible()
        assert [m.content for m in sb.messages("tides")] == ["high tide at noon"]

        # Where carol may not talk, the sandbox says no and the page says why.
        await page.locator('#guilds .guild-icon[title="Side Projects"]').click()
        await page.locator('.channel[data-channel-name="showcase"]').click()
        await say(page, "look at my thing")
        await expect(page.locator(".toast")).to_contain_text(re.compile("permission", re.I))
        await expect(page.locator("#composer-input")).to_have_value("look at my thing")
        assert sb.messages("showcase") == []
        await page.close()
        assert not [e for e in errors if "403" not in e], errors
