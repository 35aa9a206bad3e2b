"""The README's commands example, taken from the README itself and run on the sandbox."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from tidecord.sandbox import Sandbox, World

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_example() -> str:
    """The first Python block under "Commands, cogs and background tasks"."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Commands, cogs and background tasks", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


# Read at import: a file read inside the test would trip strict mode.
EXAMPLE = readme_example()


async def test_the_readme_commands_example_works(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"}],
        "guilds": [{"name": "Sandbox", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages", "kick_members"],
                    "channels": [{"name": "general"}], "members": ["alice", "bob"]}],
    }))
    namespace: dict[str, Any] = {"__name__": "readme_example"}
    exec(compile(EXAMPLE, "README.md", "exec"), namespace)
    bot = namespace["bot"]
    bot.api_url = sb.api_url
    task = asyncio.create_task(bot.start(sb.token))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        await talk(sb)
        assert namespace["tidy"].is_running()
    finally:
        await bot.close()
        await asyncio.wait_for(task, 10)
    assert not namespace["tidy"].is_running()  # the loop ended with the bot


async def talk(sb: Sandbox) -> None:
    await sb.send_message("bob", "general", "!kick alice")
    refused = await sb.wait_for_message(author=sb.bot_user, timeout=10)
    assert refused.content == "You are missing Kick Members permission(s) to run this command."
    await sb.send_message("alice", "general", "!kick bob too loud")
    kicked = await sb.wait_for_message(author=sb.bot_user, timeout=10)
    assert kicked.content == "Kicked Bob: too loud"
    assert sb.user("bob").id not in sb.state.members[sb.guild.id]
    await sb.send_message("alice", "general", "!kick bob")
    again = await sb.wait_for_message(author=sb.bot_user, timeout=10)
    # 30 s less the moments between the two commands (under 5 ms shows as 30.00s).
    assert re.fullmatch(r"You are on cooldown\. Try again in (29\.\d\d|30\.00)s", again.content)
