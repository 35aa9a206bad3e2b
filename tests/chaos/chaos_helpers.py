"""What the chaos tests share: a bot that records what it handled, and waiting helpers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import tidecord
from tidecord.sandbox import Sandbox

from ..client.test_client_gateway import Recorder as SessionRecorder


class Recorder(SessionRecorder):
    """The client tests' recorder of session events and contents, plus the contents
    alone and whether ``start()`` still runs."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("loop_watchdog", False)
        super().__init__(**options)
        self.contents: list[str] = []
        self.task: asyncio.Task[None] | None = None  # its start(), set by the fixture

    @property
    def alive(self) -> bool:
        """Whether ``start()`` still runs: nothing it was fed ended the bot."""
        return self.task is not None and not self.task.done()

    async def on_message(self, message: tidecord.Message) -> None:
        self.contents.append(message.content)
        await super().on_message(message)


class TypeRecorder(Recorder):
    """A :class:`Recorder` that also notes the type of every dispatch, known or not."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.event_types: list[str] = []

    async def on_socket_event_type(self, event_type: str) -> None:
        self.event_types.append(event_type)


async def until(predicate: Callable[[], bool], within: float = 10.0, what: str = "") -> None:
    """Wait (polling a plain attribute) until ``predicate()`` holds; fail after ``within`` s."""
    try:
        async with asyncio.timeout(within):
            while not predicate():  # noqa: ASYNC110 - the condition is a plain attribute
                await asyncio.sleep(0.005)
    except TimeoutError:
        raise AssertionError(f"not within {within} s: {what or predicate}") from None


async def send_and_see(sb: Sandbox, bot: Recorder, content: str, within: float = 10.0) -> None:
    """A person says ``content`` in #general; wait until the bot handled it."""
    await sb.send_message("alice", "general", content)
    await until(lambda: content in bot.contents, within, f"the bot to see {content!r}")


def warnings_of(caplog: Any, name: str = "tidecord") -> list[str]:
    """Warning-or-worse lines logged by tidecord (the sandbox's own excluded, and the
    loop watchdog's, which a loaded machine's stall alone makes)."""
    return [r.getMessage() for r in caplog.records
            if r.name.startswith(name)
            and not r.name.startswith(("tidecord.sandbox", "tidecord.health"))
            and r.levelno >= logging.WARNING]
