"""Ctrl-C and SIGTERM as a graceful stop request, and the sandbox's address block."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from types import TracebackType
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from tidecord.sandbox import Sandbox

__all__ = ["StopSignal", "print_sandbox", "say"]


def say(text: str) -> None:
    """Print a line to stdout; if its reader went away (``| head``), go on silently."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        # Nobody reads any more: send the rest to /dev/null, so neither this nor
        # the interpreter's final flush fails again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


class StopSignal:
    """While entered, SIGINT / SIGTERM set :attr:`event` instead of raising.

    The first signal asks for a graceful stop (close the bot, stop the sandbox);
    a second one cancels the task that entered, for a shutdown that hangs.
    Must be entered inside a running event loop, from the main thread.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self._received = 0
        self._installed: list[signal.Signals] = []
        self._owner: asyncio.Task[object] | None = None

    def __enter__(self) -> Self:
        loop = asyncio.get_running_loop()
        self._owner = asyncio.current_task()
        for sig in self.SIGNALS:
            try:
                loop.add_signal_handler(sig, self._on_signal)
            except (NotImplementedError, RuntimeError):
                # Windows or a non-main thread: KeyboardInterrupt still ends asyncio.run.
                continue
            self._installed.append(sig)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        loop = asyncio.get_running_loop()
        for sig in self._installed:
            loop.remove_signal_handler(sig)
        self._installed.clear()

    async def wait(self) -> None:
        """Return once a stop was requested."""
        await self.event.wait()

    def _on_signal(self) -> None:
        self._received += 1
        if self._received == 1:
            self.event.set()  # first: a print that fails must not keep us running
            say("\ntidecord: stopping (Ctrl-C again to force)")
        elif self._owner is not None:
            self._owner.cancel()


def print_sandbox(sb: Sandbox, *, title: str) -> None:
    """Print where the sandbox listens: chat page, REST base, gateway URL, its CDN, bot
    token."""
    lines = [
        title,
        f"  chat page:  {sb.chat_url}",
        f"  REST base:  {sb.api_url}",
        f"  gateway:    {sb.gateway_url}",
        f"  images:     {sb.cdn_url}",
        f"  bot token:  {sb.token}",
    ]
    say("\n".join(lines))
    if not sb.guard.loopback:
        sys.stderr.write(
            f"\nWARNING: the sandbox listens on {sb.host}, not only on this machine.\n"
            "Anyone who can reach it can use its REST API and gateway with the bot token.\n"
            "Its control API and chat page require the secret in the chat page URL above.\n\n")
        sys.stderr.flush()

