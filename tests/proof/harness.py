"""Run a discord.py program as a subprocess on a sandbox: unchanged on discord.py, or with
only its imports changed on tidecord; act as people; write down what the bot did.

A transcript holds what people saw: each answer's type, text, flags and components
(with random custom ids and snowflakes left out), so the two runs compare equal
when the two libraries behave alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from tidecord.models import Message, to_builtins, walk_components
from tidecord.sandbox import InteractionRecord, Sandbox

from .. import discordpy_ready

PROGRAMS = Path(__file__).with_name("programs")
LIBRARIES = ("discord.py", "tidecord")
_RANDOM_ID = re.compile(r"^[0-9a-f]{32}$")

# discord.py reaches a sandbox by URL alone: these two lines, then the program itself
# (its ready wait ended once the guilds are in, not 2 s later: see discordpy_ready).
_DISCORD_PY_BOOT = """
import os, runpy, sys, discord, yarl
discord.http.Route.BASE = os.environ["PROOF_API_URL"]
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["PROOF_GATEWAY_URL"])
runpy.run_path(sys.argv[2])["install"]()
runpy.run_path(sys.argv[1], run_name="__main__")
"""
# The only change a discord.py program needs to run on tidecord.
IMPORTS = [
    ("import discord\n", "import tidecord as discord\n"),
    ("from discord import app_commands, ui\n", "from tidecord import app_commands, ui\n"),
    ("from discord import app_commands\n", "from tidecord import app_commands\n"),
]


def tidecord_source(program: Path) -> str:
    """The program with its imports changed, and nothing else."""
    source = program.read_text()
    for old, new in IMPORTS:
        source = source.replace(old, new)
    changed = [line for a, b in zip(program.read_text().splitlines(), source.splitlines(),
                                    strict=True) if a != b for line in (a, b)]
    assert all("import" in line for line in changed), changed
    return source


@contextlib.asynccontextmanager
async def running(sb: Sandbox, program: str, library: str, workdir: Path
                  ) -> AsyncIterator[asyncio.subprocess.Process]:
    """The program running on ``library`` against ``sb``, until the block ends."""
    path = PROGRAMS / program
    env = {**os.environ, "PROOF_TOKEN": sb.token, "PROOF_GUILD_ID": str(sb.guild.id),
           "PROOF_API_URL": sb.api_url, "PROOF_GATEWAY_URL": sb.gateway_url,
           "TIDECORD_API_URL": sb.api_url, "PYTHONUNBUFFERED": "1"}
    if library == "tidecord":
        copy = workdir / program
        copy.write_text(tidecord_source(path))
        argv = [sys.executable, str(copy)]
    else:
        argv = [sys.executable, "-c", _DISCORD_PY_BOOT, str(path), str(discordpy_ready.PATH)]
    process = await asyncio.create_subprocess_exec(
        *argv, env=env, cwd=str(workdir), stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    try:
        await asyncio.wait_for(_ready(process), 30)
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()
        if process.stderr is not None:
            errors = (await process.stderr.read()).decode(errors="replace")
            if "Traceback" in errors:
                print(f"--- {library} {program} stderr ---\n{errors}", file=sys.stderr)


async def _ready(process: asyncio.subprocess.Process) -> None:
    assert process.stdout is not None
    while True:
        line = await process.stdout.readline()
        if not line:
            err = b"" if process.stderr is None else await process.stderr.read()
            raise AssertionError(f"the bot exited before it was ready:\n{err.decode()}")
        if line.strip() == b"ready":
            return


def components(items: Any) -> list[Any]:
    """Components as people see them: no numeric ids, random custom ids blanked."""
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            out = {}
            for key, inner in value.items():
                if key in ("id", "proxy_url", "loading_state", "flags", "width", "height",
                           "placeholder_version", "content_type", "attachment_id"):
                    continue
                if key == "custom_id" and isinstance(inner, str) and _RANDOM_ID.match(inner):
                    inner = "<random>"
                out[key] = clean(inner)
            return {k: v for k, v in out.items() if v is not None}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return clean(to_builtins(items or []))  # type: ignore[no-any-return]


def seen(message: Message | None) -> dict[str, Any] | None:
    """A message as a person sees it."""
    if message is None:
        return None
    return {"content": message.content, "ephemeral": message.flags.ephemeral,
            "v2": message.flags.components_v2, "type": message.type,
            "components": components(message.components),
            "attachments": [a.filename for a in message.attachments]}


def answer(record: InteractionRecord) -> dict[str, Any]:
    """What the bot answered to one interaction."""
    return {"response_type": record.response_type, "original": seen(record.original),
            "followups": [seen(m) for m in record.followups], "choices": record.choices,
            "modal": components((record.modal or {}).get("components")) if record.modal
            else None}


def custom_id(message: Message, *, label: str | None = None,
              placeholder: str | None = None) -> str:
    """The custom id of the button (by label) or select (by placeholder) of a message."""
    for component in walk_components(message.components):
        if (label is not None and component.label == label) or (
                placeholder is not None and component.placeholder == placeholder):
            assert isinstance(component.custom_id, str)
            return component.custom_id
    raise AssertionError(f"no component {label or placeholder!r} on the message")


# A person reads an answer before acting on it. Clicking at once can put the click on
# the bot's gateway ahead of the HTTP answer to its own interaction callback, and
# discord.py, like tidecord, starts listening for a sent view (or modal) only once it
# has read that answer: the click would find nothing listening. On Discord the message
# has to reach a person's screen first, so the race is not one people can lose.
READING_PAUSE = 0.1


async def click(sb: Sandbox, user: str, message_id: int, custom_id: str,
                values: list[str] | None = None) -> InteractionRecord:
    """``user`` clicks (or picks ``values`` on) a component, after reading the message."""
    await asyncio.sleep(READING_PAUSE)
    return await sb.click_button(user, message_id, custom_id, values=values)


async def submit(sb: Sandbox, user: str, record: InteractionRecord, values: dict[str, Any]
                 ) -> InteractionRecord:
    """``user`` fills in and submits the modal ``record`` was answered with."""
    await asyncio.sleep(READING_PAUSE)
    return await sb.submit_modal(user, record, values)


async def settled(sb: Sandbox, record: InteractionRecord, *, followups: int = 0
                  ) -> InteractionRecord:
    """The record once the bot answered, finished "thinking", and sent ``followups``."""
    await record.wait_response(10)
    async with asyncio.timeout(10):
        # No event marks a follow-up or the end of "thinking": look until they are there.
        while (record.original is not None and record.original.flags.loading) or \
                len(record.followups) < followups:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
    return record


async def current(sb: Sandbox, message: Message) -> Message:
    """A message as it is now (ephemeral ones included)."""
    box = sb.state.messages.get(message.channel_id, {})
    if message.id in box:
        return box[message.id]
    return sb.interactions.ephemeral[message.id][1]
