"""Work for the generated offloading tests, importable by name in a spawned worker process."""

import os
import signal
import threading
import time
from dataclasses import dataclass, field


class BotError(Exception):
    """An exception class of the bot's own."""


class HoldsALock(Exception):
    """An exception whose argument cannot be pickled."""

    def __init__(self, message: str) -> None:
        super().__init__(message, threading.Lock())


@dataclass
class Card:
    title: str
    tags: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)


def echo(value: object) -> object:
    return value


def named(*, fn: object, func: object) -> tuple[object, object]:
    return fn, func


def raise_bot_error(message: str) -> None:
    raise BotError(message)  # <- bot error


def raise_unpicklable(message: str) -> None:
    raise HoldsALock(message)  # <- unpicklable error


def exit_abruptly(code: int) -> None:
    os._exit(code)


def kill_myself() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def a_lock() -> object:
    return threading.Lock()


def nap(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def thread_inside_process(value: object) -> tuple[object, int]:
    """In a worker process, offload again to a thread, as a helper library might."""
    import asyncio

    import tidecord

    async def inner() -> object:
        try:
            return await tidecord.to_thread(echo, value)
        finally:
            await tidecord.shutdown_offload()

    return asyncio.run(inner()), os.getpid()


def raise_system_exit(code: int) -> None:
    raise SystemExit(code)


def raise_keyboard_interrupt() -> None:
    raise KeyboardInterrupt


def a_generator() -> object:
    return (i for i in range(3))


def square(n: int) -> int:
    time.sleep(0.01)  # stands for blocking I/O
    return n * n
