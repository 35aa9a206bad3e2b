"""``tidecord``: the command line (``tidecord run PATH``, ``tidecord sandbox``)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from tidecord import __version__, _command_start

from .advice import startup_notes
from .check import run_check, summary_for
from .cluster import add_cluster_parser, run_cluster_command
from .errors import EXIT_INTERRUPTED, CLIError, report
from .lifecycle import say
from .loader import RUN_ENTRY, find_bot, load_module
from .metrics import parse_address
from .new import FILES, create_project
from .runner import SandboxOptions, run_bot, run_sandbox
from .token import TOKEN_ENV, TOKEN_FILE, find_token

__all__ = ["build_parser", "main"]

DESCRIPTION = """\
tidecord: asyncio Discord bots with a local sandbox Discord to run and test them.

  tidecord run examples/idea_bot.py   run a bot; with no token, on a local sandbox
                                      with a chat page in your browser
  tidecord sandbox                    a sandbox alone, for any client library
  tidecord new mybot                  a new bot project: bot.py, its tests, pyproject.toml
  tidecord cluster run bot.py --redis URL --processes 4
                                      one bot over several processes (and machines)
  tidecord check bot.py               list the calls that would block the bot's event loop
"""

RUN_EPILOG = f"""\
The token is --token, else ${TOKEN_ENV}, else the {TOKEN_FILE} file in the current
folder (prefer the file or the variable: other users of the machine see --token in
`ps`). With no token at all the bot runs on an embedded sandbox in this process
and the address of its chat page is printed: open it and talk to the bot as alice
or bob. Ctrl-C stops everything.

examples:
  tidecord run examples/idea_bot.py
  tidecord run mybot.py --port 8080
  tidecord run mybot.py --reload      reload edited extensions while connected
  tidecord run mypackage.bot --token "$DISCORD_TOKEN"
  tidecord run mybot.py --metrics 9108        Prometheus metrics at http://127.0.0.1:9108/metrics
  tidecord run mybot.py --api-url http://127.0.0.1:8080/api/v10 --token SANDBOX_TOKEN
"""

CHECK_EPILOG = """\
It reads the files, never runs them: the async def handlers, commands, view
callbacks and task loops, and the functions of the same file they call.

examples:
  tidecord check bot.py
  tidecord check bot.py cogs/
"""

SANDBOX_EPILOG = """\
Point any client at the printed REST base (discord.py: Route.BASE, tidecord:
api_url= or $TIDECORD_API_URL) with the printed bot token; open the chat page
to talk as alice or bob. Ctrl-C stops it.
"""


def build_parser() -> argparse.ArgumentParser:
    """The ``tidecord`` argument parser with its ``run`` and ``sandbox`` subcommands."""
    parser = argparse.ArgumentParser(
        prog="tidecord", description=DESCRIPTION, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="log more (-v info, -vv debug)"
    )
    parser.add_argument("--version", action="version", version=f"tidecord {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser(
        "run",
        help="run a bot file or module (on a local sandbox when there is no token)",
        description="Run the bot defined in a file or module until Ctrl-C.",
        epilog=RUN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "path",
        metavar="PATH",
        help="a .py file or a dotted module name; its bot is a module-level Client "
        "instance, else the Client subclass it defines (created with no arguments)",
    )
    run.add_argument(
        "--token",
        help=f"bot token (default: ${TOKEN_ENV}, then ./{TOKEN_FILE}); beware: a token given "
        "here shows in `ps` and in your shell history, so prefer the file or the variable",
    )
    run.add_argument(
        "--reload",
        action="store_true",
        help="reload changed extensions (and the bot's own file where it can) while the bot "
        "stays connected",
    )
    run.add_argument(
        "--api-url",
        metavar="URL",
        help="REST base to connect to instead of Discord, e.g. a sandbox's "
        "http://127.0.0.1:PORT/api/v10 (needs that sandbox's token)",
    )
    run.add_argument(
        "--http",
        metavar="PORT",
        type=int,
        help="an HTTP-interaction bot: serve interactions at http://127.0.0.1:PORT/interactions"
        " (no gateway); on the sandbox, its endpoint URL is set to it",
    )
    run.add_argument(
        "--no-inline",
        action="store_true",
        help="with --http: send every first answer through the callback route instead of "
        "the HTTP reply (a round trip slower, but an answer Discord refuses raises "
        "HTTPException in the handler instead of failing unseen)",
    )
    run.add_argument(
        "--metrics",
        metavar="[HOST:]PORT",
        help="serve Prometheus metrics at http://HOST:PORT/metrics (HOST: 127.0.0.1 unless"
        ' given; needs pip install "tidecord[metrics]")',
    )
    _add_sandbox_options(run, "the embedded sandbox (used when there is no token)")
    _add_verbose(run)

    sandbox = commands.add_parser(
        "sandbox",
        help="run a local sandbox Discord alone and print its URLs and bot token",
        description="Serve a local, in-memory Discord (REST, gateway, chat page) until Ctrl-C.",
        epilog=SANDBOX_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_sandbox_options(sandbox, "the sandbox")
    _add_verbose(sandbox)

    new = commands.add_parser(
        "new",
        help="create a bot project: bot.py, tests, pyproject.toml, .gitignore, README",
        description="Create a folder with a ready bot project, runnable with `tidecord run "
        "bot.py` and tested with `pytest`.",
    )
    new.add_argument("name", metavar="NAME", help="the project's folder (and name)")
    add_cluster_parser(commands)

    check = commands.add_parser(
        "check",
        help="list the blocking calls in a bot's async code (exit code 1 if any)",
        description="List every known blocking call (time.sleep, requests, open, sqlite3...)"
        " reachable from the async code of bot files, with its line and what to use instead;"
        " ruff's ASYNC rules are added where ruff is installed. Exit code 1 when there are"
        " findings, 0 when there are none, 2 for a bad path.",
        epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="+", metavar="PATH",
                       help="a .py file or a folder (its .py files)")
    check.add_argument("--no-ruff", action="store_true", help="tidecord's own pass only")
    return parser


def _add_verbose(parser: argparse.ArgumentParser) -> None:
    """``-v`` after the command too (``tidecord run bot.py -v``), as people type it; not
    given there, it leaves the count given before the command as it is."""
    parser.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                        help="log more (-v info, -vv debug)")


def _add_sandbox_options(parser: argparse.ArgumentParser, what: str) -> None:
    group = parser.add_argument_group(what)
    group.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback)"
    )
    group.add_argument("--port", type=int, default=0, help="port (default: 0, any free port)")
    group.add_argument("--world", metavar="FILE", help="world file: guilds, channels, members")
    group.add_argument(
        "--seed", type=int, help="seed for the world's ids (default: the world file's, else 0)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tidecord`` console script; returns the exit code."""
    _command_start.release()
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C before the signal handlers are in place (imports)
        say("tidecord: stopped")
        return EXIT_INTERRUPTED


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    _configure_logging(args.verbose)
    try:
        if args.command == "new":
            return _new(args.name)
        if args.command == "cluster":
            return run_cluster_command(args)
        if args.command == "check":
            return run_check(args.paths, use_ruff=not args.no_ruff)
        options = SandboxOptions(host=args.host, port=args.port, world=args.world, seed=args.seed)
        if args.command == "sandbox":
            return run_sandbox(options)
        token = find_token(args.token)
        if args.api_url is not None and token is None:
            raise CLIError(
                f"--api-url needs that server's token: --token, ${TOKEN_ENV} or ./{TOKEN_FILE}"
            )
        if args.no_inline and args.http is None:
            raise CLIError("--no-inline is for an HTTP-interaction bot: give --http PORT too")
        metrics = parse_address(args.metrics) if args.metrics is not None else None
        module = load_module(args.path)
        bot = find_bot(module)
    except CLIError as exc:
        return report(exc)
    summary = summary_for(args.path)
    if summary is not None:
        print(summary, flush=True)
    for note in startup_notes(bot, module):
        print(note, flush=True)
    return run_bot(bot, token=token, api_url=args.api_url, sandbox=options, http_port=args.http,
                   http_inline=not args.no_inline, reload=module if args.reload else None,
                   metrics=metrics,
                   entry=getattr(module, RUN_ENTRY, None))


def _new(target: str) -> int:
    folder = create_project(target)
    files = ", ".join(FILES.values())
    print(f"tidecord: created {folder}/ ({files})")
    print(f"  cd {folder}")
    print("  tidecord run bot.py     chat with the bot on a local sandbox")
    print('  pytest                  run its tests (pip install "tidecord[testing]" first)')
    return 0


def _configure_logging(verbosity: int) -> None:
    level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbosity, 2)]
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")


if __name__ == "__main__":
    sys.exit(main())
