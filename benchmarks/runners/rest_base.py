"""What the REST runners share: log in, then send messages all at once when told.

A REST runner logs its library in to the sandbox (REST only: no gateway), says
``ready``, and on the orchestrator's ``send`` command fires ``n`` messages at once
(one ``asyncio.gather``, as a bot answering many people would), message ``i`` into
``channels[i % len(channels)]`` with the text ``"<tag> <i>"``. It answers ``sent``
with the wall time from just before the first send to the last answer, the process
CPU time over the same span, and the sends that failed; ``progress`` says the same
while the sends are still going (the orchestrator asks when its time is up). The
library paces itself by its own rate limiter: nothing here waits or retries for it.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import os
import time
import traceback
from typing import Any

from ..wire import arm_deadline, commands, emit
from .base import RunnerSettings

__all__ = ["GLOBAL_ENV", "RestAdapter", "main"]

#: The sandbox's global limit (requests per second), for a library that must be told.
GLOBAL_ENV = "BENCH_REST_GLOBAL"


class RestAdapter(abc.ABC):
    """One library's REST client, configured for the sandbox's limits."""

    library: str = ""

    def __init__(self, settings: RunnerSettings, global_rate: int) -> None:
        # Only a library that paces the global limit ahead of time needs it.
        self.settings = settings
        self.global_rate = global_rate

    @property
    @abc.abstractmethod
    def version(self) -> str:
        """The library's version string."""

    @abc.abstractmethod
    async def login(self) -> None:
        """Check the token and get ready to send (no gateway connection)."""

    @abc.abstractmethod
    async def send(self, channel_id: int, content: str) -> None:
        """Send one message the way a bot does, through the library's rate limiter."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Close the client's session."""

    def ratelimited(self) -> int | None:
        """429s the library says it received, where it counts them (None: it does not)."""
        return None


class Volley:
    """``n`` messages fired at once; what has been answered so far, and how fast."""

    def __init__(self, adapter: RestAdapter, channels: list[int], n: int, tag: str) -> None:
        self.adapter = adapter
        self.channels = channels
        self.n = n
        self.tag = tag
        self.answered = 0
        self.cpu0 = self.wall0 = self.last = 0.0

    async def _one(self, i: int) -> None:
        try:
            await self.adapter.send(self.channels[i % len(self.channels)], f"{self.tag} {i}")
        finally:  # a failure is an answer too
            self.answered += 1
            self.last = time.perf_counter()

    async def fire(self) -> None:
        """Send them all, then say ``sent`` with the numbers."""
        sends = [self._one(i) for i in range(self.n)]
        self.cpu0, self.wall0 = time.process_time(), time.perf_counter()
        outcomes = await asyncio.gather(*sends, return_exceptions=True)
        errors = [o for o in outcomes if isinstance(o, BaseException)]
        emit("sent", **self.progress(), failed=len(errors),
             first_error=repr(errors[0])[:300] if errors else None)

    def progress(self) -> dict[str, Any]:
        """Answers so far, the wall time to the last of them, CPU time since the first send."""
        return {"count": self.n, "answered": self.answered, "wall_s": self.last - self.wall0,
                "cpu_s": time.process_time() - self.cpu0,
                "client_429s": self.adapter.ratelimited()}


async def _serve(adapter_type: type[RestAdapter]) -> None:
    settings = RunnerSettings.from_env()
    adapter = adapter_type(settings, int(os.environ[GLOBAL_ENV]))
    volley: Volley | None = None
    # The sends run beside the command loop, so a library too slow for the time the
    # orchestrator allows can still say how far it got, and be stopped.
    sending: asyncio.Task[None] | None = None
    try:
        await adapter.login()
        emit("ready", library=adapter.library, version=adapter.version)
        async for cmd in commands():
            if cmd["cmd"] == "send" and sending is None:
                volley = Volley(adapter, [int(c) for c in cmd["channels"]], int(cmd["n"]),
                                str(cmd["tag"]))
                sending = asyncio.create_task(volley.fire(), name="bench-rest-volley")
            elif cmd["cmd"] == "progress" and volley is not None:
                emit("progress", **volley.progress())
            elif cmd["cmd"] == "stop":
                break
    finally:
        if sending is not None:
            sending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sending
        await adapter.close()
    emit("closed")


def main(adapter_type: type[RestAdapter]) -> int:
    """A REST runner module's ``__main__``: serve, report errors as an ``error`` event."""
    arm_deadline()
    try:
        asyncio.run(_serve(adapter_type))
    except BaseException as exc:  # reported to the orchestrator, then exit 1
        traceback.print_exc()
        emit("error", message=f"{type(exc).__name__}: {exc}")
        return 1
    return 0
