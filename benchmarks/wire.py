"""How the orchestrator and its child processes talk: JSON lines over stdin/stdout.

A child writes ``@@bench {"event": ..., ...}`` lines to stdout (anything else a
library prints there is kept in the child's log, not parsed) and reads commands
``{"cmd": ..., ...}`` one per line from stdin. The parent side, :class:`Child`,
owns the process: every wait is bounded, and a child that overstays is killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import IO, Any, Final

__all__ = [
    "DEADLINE_ENV", "MARK", "Child", "ChildError", "arm_deadline", "commands", "emit",
    "raise_priority",
]

MARK: Final = "@@bench "


# A child outliving this many seconds is killed by its own alarm (SIGALRM's default
# action), so nothing lingers even if the orchestrator itself was killed.
DEADLINE_ENV: Final = "BENCH_DEADLINE_S"
DEFAULT_DEADLINE_S: Final = 1200


def arm_deadline() -> None:
    """Child side: end this process after the orchestrator's deadline, whatever happens."""
    signal.alarm(int(os.environ.get(DEADLINE_ENV, DEFAULT_DEADLINE_S)))


def emit(event: str, **fields: Any) -> None:
    """Child side: report one event to the orchestrator."""
    sys.stdout.write(MARK + json.dumps({"event": event, **fields}) + "\n")
    sys.stdout.flush()


async def commands() -> AsyncIterator[dict[str, Any]]:
    """Child side: the orchestrator's commands, until it closes our stdin."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    transport, _ = await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), sys.stdin
    )
    try:
        while line := await reader.readline():
            if line.strip():
                yield json.loads(line)
    finally:
        transport.close()


def raise_priority(pid: int, nice: int) -> int | None:
    """Ask the scheduler to prefer ``pid``; returns the nice value obtained (None: refused).

    On a machine doing other work, wall-clock rates then reflect the process rather
    than its neighbours. With autogroups (Linux's default) the nice value that
    counts between sessions is the session's autogroup's, so ``pid`` leads a
    session of its own and that autogroup gets ``nice``; the process's own nice
    covers kernels without autogroups. Both need privilege: without it nothing
    changes and the run is simply not prioritised.
    """
    obtained: int | None = None
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, pid, nice)
        obtained = nice
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/autogroup").write_text(str(nice))
        obtained = nice
    return obtained


class ChildError(RuntimeError):
    """A child failed, reported an error, or did not answer in time; ``child`` names it."""

    def __init__(self, child: str, message: str) -> None:
        super().__init__(f"{child}: {message}")
        self.child = child


class Child:
    """A child process speaking :mod:`benchmarks.wire`; its stderr goes to ``log_path``."""

    def __init__(self, name: str, argv: Sequence[str], log_path: Path,
                 env: dict[str, str] | None = None, nice: int = 0) -> None:
        self.name = name
        self.nice = nice
        self.priority: int | None = None
        self.argv = list(argv)
        self.log_path = log_path
        self.env = {**os.environ, **(env or {})}
        self._proc: asyncio.subprocess.Process | None = None
        self._log: IO[str] | None = None

    async def start(self) -> None:
        """Spawn the process (unbuffered, so every event arrives when emitted)."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w", encoding="utf-8")
        self.env["PYTHONUNBUFFERED"] = "1"
        # A child that crashes in C leaves its threads' Python stacks in its log
        # (unless the crash is in a thread that blocks signals, as faulthandler's
        # own timer thread was when the watchdog's old GIL fallback used it).
        self.env.setdefault("PYTHONFAULTHANDLER", "1")
        self._proc = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=self._log, env=self.env, limit=1 << 20,
            # Its own session, so its own scheduler autogroup: see raise_priority().
            start_new_session=True,
        )
        if self.nice:
            self.priority = raise_priority(self._proc.pid, self.nice)

    @property
    def pid(self) -> int | None:
        """The process id once started."""
        return self._proc.pid if self._proc else None

    def send(self, cmd: str, **fields: Any) -> None:
        """Write one command line to the child's stdin."""
        assert self._proc is not None and self._proc.stdin is not None
        self._proc.stdin.write((json.dumps({"cmd": cmd, **fields}) + "\n").encode())

    async def expect(self, event: str, within: float, **match: Any) -> dict[str, Any]:
        """The next event named ``event`` (with the ``match`` fields, if given).

        Raises :class:`ChildError` on an ``error`` event, an exit, or a timeout.
        """
        try:
            return await asyncio.wait_for(self._next(event, match), within)
        except TimeoutError:
            raise ChildError(self.name, f"no {event!r} within {within:.0f} s") from None

    async def _next(self, event: str, match: dict[str, Any]) -> dict[str, Any]:
        assert self._proc is not None and self._proc.stdout is not None
        while True:
            raw = await self._proc.stdout.readline()
            if not raw:
                code = await self._proc.wait()
                raise ChildError(self.name, f"exited with {code} before {event!r}"
                                            f" (log: {self.log_path})")
            line = raw.decode("utf-8", "replace")
            if not line.startswith(MARK):
                self._write_log(line)
                continue
            message: dict[str, Any] = json.loads(line[len(MARK):])
            if message["event"] == "error":
                raise ChildError(self.name, str(message.get("message")))
            if message["event"] == event and all(message.get(k) == v for k, v in match.items()):
                return message
            self._write_log(line)

    def _write_log(self, line: str) -> None:
        if self._log is not None:
            self._log.write(line)
            self._log.flush()

    async def stop(self, within: float = 20.0) -> int | None:
        """Ask the child to stop (``stop`` command, then EOF); kill it if it lingers."""
        proc = self._proc
        if proc is None:
            return None
        if proc.returncode is None and proc.stdin is not None:
            with contextlib.suppress(ConnectionError, RuntimeError):
                self.send("stop")
                proc.stdin.close()
        try:
            code = await asyncio.wait_for(self._drain_and_wait(proc), within)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            code = await proc.wait()
            self._write_log(f"[bench] killed after {within:.0f} s\n")
        if self._log is not None:
            self._log.close()
            self._log = None
        return code

    async def _drain_and_wait(self, proc: asyncio.subprocess.Process) -> int:
        # Keep reading stdout so a chatty child never blocks on a full pipe.
        assert proc.stdout is not None
        while line := await proc.stdout.readline():
            self._write_log(line.decode("utf-8", "replace"))
        return await proc.wait()
