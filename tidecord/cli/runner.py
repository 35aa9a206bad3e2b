"""Run a bot until Ctrl-C: on an embedded sandbox when there is no token, else for real."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import aiohttp

from tidecord.health import shutdown_offload
from tidecord.rest import DiscordException, HTTPException, LoginFailure
from tidecord.running import said_in_one_line

from .errors import EXIT_INTERRUPTED, CLIError, report
from .lifecycle import StopSignal, print_sandbox, say
from .metrics import publishing_health, serving_metrics
from .reload import Reloader
from .token import token_hint

if TYPE_CHECKING:
    from tidecord import Client
    from tidecord.sandbox import Sandbox

__all__ = ["SandboxOptions", "run_bot", "run_sandbox", "serve_bot"]

log = logging.getLogger("tidecord.cli")

#: The highest TCP port (0 asks the system for any free one).
MAX_PORT = 65535
#: How long a graceful stop may take before the bot's task is cancelled (seconds;
#: ``TIDECORD_CLOSE_TIMEOUT`` in the environment overrides it).
CLOSE_TIMEOUT = 10.0
#: How many other pending tasks a hanging close lists.
MAX_TASKS_SHOWN = 30
#: How long a thread still finishing at exit gets before it is reported as left running.
THREAD_GRACE = 1.0


class SandboxOptions:
    """Where the embedded sandbox listens and what world it holds (``--host`` and friends).

    ``seed`` fixes the world's ids; ``None`` keeps a world file's own seed (0 otherwise).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        world: str | None = None,
        seed: int | None = None,
    ) -> None:
        if not 0 <= port <= MAX_PORT:
            raise CLIError(f"--port {port} is not a port number (0-{MAX_PORT})")
        if world is not None and not Path(world).is_file():
            raise CLIError(f"no such world file: {world}")
        self.host, self.port, self.world, self.seed = host, port, world, seed

    def open(self) -> contextlib.AbstractAsyncContextManager[Sandbox]:
        """The started sandbox, as ``async with``; a busy port becomes a :class:`CLIError`."""
        return _open_sandbox(self)


def run_bot(
    bot: Client,
    *,
    token: str | None = None,
    api_url: str | None = None,
    sandbox: SandboxOptions | None = None,
    http_port: int | None = None,
    http_inline: bool = True,
    reload: ModuleType | None = None,
    metrics: tuple[str, int] | None = None,
    entry: Callable[[], Awaitable[object]] | None = None,
) -> int:
    """Run ``bot`` until Ctrl-C or SIGTERM and return the process exit code.

    Without a token the bot runs on an embedded sandbox (``sandbox`` says where) and
    the chat page's address is printed; with one it logs in at ``api_url`` (Discord
    by default). Problems the user can fix are printed as one line (exit code 2). With
    ``reload`` (the bot's module), changed files are reloaded while it runs. With
    ``entry`` (the file's own ``asyncio.run(main())``), ``main()`` runs the bot instead
    of ``bot.start``, its ``bot.start`` sent where ``bot`` would run.
    """
    return _run(serve_bot(bot, token=token, api_url=api_url, sandbox=sandbox,
                          http_port=http_port, http_inline=http_inline, reload=reload,
                          metrics=metrics, entry=entry))


def run_sandbox(options: SandboxOptions) -> int:
    """``tidecord sandbox``: serve a sandbox alone until Ctrl-C; return the exit code."""

    async def serve() -> None:
        with StopSignal() as stop:
            async with options.open() as sb:
                print_sandbox(sb, title="tidecord sandbox is running (Ctrl-C to stop)")
                await stop.wait()

    return _run(serve())


def _run(main: Coroutine[None, None, None]) -> int:
    """``asyncio.run(main)`` as an exit code: 0 stopped, 2 user error, 130 forced."""
    try:
        asyncio.run(main)
    except CLIError as exc:
        return report(exc)
    except (KeyboardInterrupt, asyncio.CancelledError):
        return EXIT_INTERRUPTED  # forced: a second Ctrl-C, or no signal handlers here
    finally:
        _warn_leftover_threads()
    say("tidecord: stopped")
    return 0


async def serve_bot(
    bot: Client,
    *,
    token: str | None = None,
    api_url: str | None = None,
    sandbox: SandboxOptions | None = None,
    http_port: int | None = None,
    http_inline: bool = True,
    reload: ModuleType | None = None,
    metrics: tuple[str, int] | None = None,
    entry: Callable[[], Awaitable[object]] | None = None,
) -> None:
    """Run ``bot`` in the current loop until a stop signal, then close everything.

    With ``http_port`` the bot serves interactions over HTTP instead of connecting
    to the gateway (its first answers in the HTTP reply unless not ``http_inline``);
    with ``metrics`` (host, port) its Prometheus metrics are served.
    Raises :class:`CLIError` for a rejected token or an unreachable API.
    """
    async with serving_metrics(bot, metrics):
        await _serve(bot, token=token, api_url=api_url, sandbox=sandbox, http_port=http_port,
                     http_inline=http_inline, reload=reload, entry=entry)


async def _serve(
    bot: Client,
    *,
    token: str | None,
    api_url: str | None,
    sandbox: SandboxOptions | None,
    http_port: int | None,
    http_inline: bool,
    reload: ModuleType | None,
    entry: Callable[[], Awaitable[object]] | None = None,
) -> None:
    with StopSignal() as stop:
        if token is not None:
            where = api_url or bot.api_url
            say(f"tidecord: starting {type(bot).__name__} at {where} (Ctrl-C stops)")
            await _run_until_stopped(bot, token, api_url, stop, chat_url=None,
                                     http=_http_mode(http_port, None, http_inline), reload=reload,
                                     entry=entry)
        else:
            async with (sandbox or SandboxOptions()).open() as sb, publishing_health(bot, sb):
                title = f"tidecord: running {type(bot).__name__} on a local sandbox (Ctrl-C stops)"
                print_sandbox(sb, title=title)
                chat_url = sb.chat_url
                bot.cdn_url = sb.cdn_url  # images from the sandbox too, not Discord's CDN
                await _run_until_stopped(bot, sb.token, sb.api_url, stop, chat_url=chat_url,
                                         http=_http_mode(http_port, sb, http_inline), reload=reload,
                                         entry=entry)
    # The process ends here: release tidecord's offload pools even if the bot did not.
    await shutdown_offload()
    _warn_leftovers()


def _http_mode(port: int | None, sb: Sandbox | None, inline: bool
               ) -> Callable[[Client, str], Coroutine[None, None, None]] | None:
    """How to serve an HTTP-interaction bot on ``port`` (and point the sandbox at it),
    its first answers in the HTTP reply unless not ``inline``."""
    if port is None:
        return None
    if not 0 <= port <= 65535:
        raise CLIError(f"--http: {port} is not a port number (0-65535)")
    from tidecord.endpoint import serve_http

    async def listening(url: str) -> None:
        if sb is not None:
            await sb.set_interactions_endpoint(url)
        print(f"tidecord: serving interactions at {url}", flush=True)

    async def serve(bot: Client, token: str) -> None:
        await serve_http(bot, token, port=port, on_listening=listening, inline=inline)

    return serve


async def _run_until_stopped(
    bot: Client, token: str, api_url: str | None, stop: StopSignal, *, chat_url: str | None,
    http: Callable[[Client, str], Coroutine[None, None, None]] | None = None,
    reload: ModuleType | None = None,
    entry: Callable[[], Awaitable[object]] | None = None,
) -> None:
    if api_url is not None:
        # The bot may have been built before this URL existed (the sandbox binds port 0).
        bot.api_url = api_url.rstrip("/")
    if http is not None:
        running = http(bot, token)
    elif entry is not None:
        running = _enter(bot, token, entry)
    else:
        running = bot.start(token)
    started = asyncio.create_task(running, name="tidecord run: bot")
    announced = asyncio.create_task(_announce(bot, chat_url if http is None else None),
                                    name="tidecord run: announce")
    stopped = asyncio.create_task(stop.wait(), name="tidecord run: stop signal")
    helpers = [announced, stopped]
    if reload is not None:
        helpers.append(asyncio.create_task(Reloader(bot, reload).run(),
                                           name="tidecord run: reload"))
    try:
        await asyncio.wait({started, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for helper in helpers:
            helper.cancel()
        await _close(bot, started)
        await asyncio.gather(*helpers, return_exceptions=True)
    if not started.done() or started.cancelled():
        return
    error = started.exception()
    if error is not None:
        raise _explain(error, bot.api_url, token) from error


async def _enter(bot: Client, token: str, entry: Callable[[], Awaitable[object]]) -> None:
    """Run the file's own entry point (its ``main()``), with ``bot.start`` logging in
    with ``token`` wherever the bot runs: the file's own token is not used, nor read
    (its ``bot.start(TOKEN)`` calls this ``start`` without evaluating ``TOKEN``; see
    :mod:`tidecord.cli.capture`)."""
    own_start = bot.start

    async def start(*_token: object, **options: Any) -> None:
        await own_start(token, **options)

    bot.start = start  # type: ignore[method-assign]
    try:
        await entry()
    finally:
        del bot.start  # back to the class's


async def _announce(bot: Client, chat_url: str | None) -> None:
    """Say once the bot is connected, and where to talk to it."""
    await bot.wait_until_ready()
    where = f" - chat with it at {chat_url}" if chat_url else ""
    say(f"tidecord: logged in as {bot.user}{where}")


async def _close(bot: Client, started: asyncio.Task[None]) -> None:
    """Close the bot and wait for its task; cancel it if closing hangs."""
    timeout = float(os.environ.get("TIDECORD_CLOSE_TIMEOUT") or CLOSE_TIMEOUT)
    closing = asyncio.create_task(bot.close(), name="tidecord run: close")
    await asyncio.wait({closing}, timeout=timeout)
    if not closing.done():
        # Say where it hangs, so that the hang can be fixed rather than waited out.
        log.warning("bot.close() took over %.0f s, waiting at %s; cancelling the bot%s",
                    timeout, awaiting(closing), _others_waiting(closing))
        closing.cancel()
        await asyncio.wait({closing}, timeout=timeout)
    elif not closing.cancelled() and closing.exception() is not None:
        log.error("bot.close() failed", exc_info=closing.exception())
    if not started.done():
        await asyncio.wait({started}, timeout=timeout)
        if not started.done():
            log.warning("the bot did not stop %.0f s after close(), waiting at %s; "
                        "cancelling it", timeout, awaiting(started))
            started.cancel()
            await asyncio.wait({started}, timeout=timeout)
    if not started.done():
        log.warning("the bot ignored its cancellation, waiting at %s", awaiting(started))


def awaiting(task: asyncio.Task[object]) -> str:
    """Where a pending task waits: the innermost line of its chain of awaits, and the
    task or future it waits on (``file:line in function`` for each coroutine)."""
    places: list[str] = []
    coro: object = task.get_coro()
    while coro is not None:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is None:
            places.append(repr(coro)[:120])
            break
        code = frame.f_code
        places.append(f"{Path(code.co_filename).name}:{frame.f_lineno} in {code.co_name}")
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    return " > ".join(places[-6:]) if places else "an unknown place"


def _other_tasks(*besides: asyncio.Task[object]) -> list[asyncio.Task[object]]:
    """The tasks still running, other than the current one and ``besides``."""
    mine = (asyncio.current_task(), *besides)
    return [task for task in asyncio.all_tasks() if task not in mine and not task.done()]


def _others_waiting(closing: asyncio.Task[object]) -> str:
    """Where every other pending task waits (what a hanging close may be waiting for)."""
    lines = [f"\n  task {task.get_name()!r} at {awaiting(task)}"
             for task in _other_tasks(closing)]
    return "".join(lines[:MAX_TASKS_SHOWN])


def _warn_leftovers() -> None:
    """Name any task still running after a clean stop: something did not close (a bug)."""
    for task in _other_tasks():
        log.warning("task left running after shutdown: %s", task.get_name())


def _warn_leftover_threads() -> None:
    """Name non-daemon threads still alive: the interpreter would wait for them at exit."""
    for thread in threading.enumerate():
        if thread is threading.main_thread() or thread.daemon:
            continue
        thread.join(THREAD_GRACE)  # one may be finishing its last close right now
        if thread.is_alive():
            log.warning("thread left running after shutdown: %s", thread.name)


def _explain(error: BaseException, where: str, token: str) -> BaseException:
    """A failure the user can act on becomes a one-line CLIError; anything else stays as is.
    A refused token's line says where it came from (see :func:`token_hint`)."""
    if isinstance(error, LoginFailure) and error.code == 4004:
        return CLIError(f"the token was refused by the gateway of {where} "
                        f"(close code 4004: authentication failed){token_hint(token)}")
    if isinstance(error, LoginFailure) or (
        isinstance(error, HTTPException) and error.status == 401
    ):
        return CLIError(f"the token was rejected by {where} (401 Unauthorized){token_hint(token)}")
    if isinstance(error, (OSError, aiohttp.ClientError)):
        return CLIError(f"could not reach {where}: {error}")
    if isinstance(error, DiscordException) or said_in_one_line(error):
        # e.g. a privileged intent not enabled, Client.run() called from async code
        return CLIError(str(error))
    return error


@contextlib.asynccontextmanager
async def _open_sandbox(options: SandboxOptions) -> AsyncIterator[Sandbox]:
    # Late: only the commands that need the sandbox pay for importing it.
    from tidecord.sandbox import Sandbox, World
    from tidecord.sandbox.worldfile import WorldFileError

    world: World | None = None
    if options.world is not None:
        try:
            # A file read and a parse: off the loop, like any blocking work.
            world = await asyncio.to_thread(World.load, options.world, options.seed)
        except Exception as exc:
            # A world file's own error names the problem and where; others need their type.
            reason = str(exc) if isinstance(exc, WorldFileError) else f"{type(exc).__name__}: {exc}"
            raise CLIError(f"cannot load world file {options.world}: {reason}") from None
    sandbox = Sandbox(host=options.host, port=options.port, world=world, seed=options.seed)
    try:
        await sandbox.start()
    except OSError as exc:
        await sandbox.stop()
        where = f"{options.host}:{options.port}"
        raise CLIError(f"cannot listen on {where}: {exc.strerror or exc}") from None
    try:
        yield sandbox
    finally:
        await sandbox.stop()
