"""The README's slash command and view examples, run as written against the sandbox."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

README = Path(__file__).resolve().parents[2] / "README.md"
# Read at import: a file read inside the test would trip strict mode.
README_TEXT = README.read_text()


def _blocks(section: str) -> list[str]:
    """The python code blocks of a README section."""
    body = README_TEXT.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", body, re.S)


@pytest.mark.timeout(30)
async def test_the_readme_bot_answers(sandbox: Sandbox, run_bot: Any) -> None:
    namespace: dict[str, Any] = {}
    code = "\n".join(_blocks("Slash commands") + _blocks("Buttons, selects, modals and layouts"))
    # The README awaits inside a command's body only; the module itself runs as is.
    exec(compile(code, str(README), "exec"), namespace)
    bot = namespace["bot"]
    bot.api_url = sandbox.api_url
    await run_bot(bot.start(sandbox.token), close=bot.close)

    planted = await (await sandbox.invoke_command(
        "alice", "general", "plant", {"idea": "tulips", "days": 3})).wait_response(5)
    assert planted.original.content == "tulips grows for 3 days"
    typed = await (await sandbox.autocomplete("bob", "general", "plant", {"idea": "to"},
                                              "idea")).wait_response(5)
    assert [c["value"] for c in typed.choices] == ["tomatoes"]
    asked = await (await sandbox.invoke_command("alice", "general", "wipe")).wait_response(5)
    button = asked.original.components[0].components[0]
    confirmed = await (await sandbox.click_button("alice", asked.original.id,
                                                  button.custom_id)).wait_response(5)
    assert confirmed.original.content == "Confirmed"
