"""Take the bot out of a file's own ``bot.run(...)`` instead of letting it run.

Many discord.py programs end with a module-level ``bot.run(open(".token").read())``.
Imported as they are, that line would read a token file that may not exist, then
block forever. ``tidecord run`` wants the bot, not the run: while it imports a file,

* every module-level statement ``EXPR.run(...)`` is rewritten so ``EXPR`` is evaluated
  first and, when it is a :class:`~tidecord.Client`, the import stops right there with
  that bot, before the call's arguments (the token) are evaluated; anything else
  (``asyncio.run(main())``, ``app.run()``) runs unchanged;
* ``Client.run`` itself stops the import with its bot, for a call made elsewhere
  during the import (a ``main()`` called at module level), once its arguments have
  been evaluated as Python would.

Code after the ``run`` call is not executed, exactly as it would not be while a bot
runs. Functions and classes are never rewritten.

The other common ending, discord.py's recommended one, is an async entry point::

    async def main():
        async with bot:
            await bot.load_extension("cogs.music")
            await bot.start(TOKEN)

    if __name__ == "__main__":
        asyncio.run(main())

A module-level ``asyncio.run(EXPR)``, or one directly inside an ``if __name__ ==
"__main__":`` block (which then runs, as under ``python file.py``, up to that call),
stops the import with :class:`EntryCalled`, carrying ``EXPR`` unevaluated: the runner
awaits it later in its own loop, with the bot's ``start`` sent where it runs the bot.
Its ``bot.start(TOKEN)`` is rewritten like ``run`` is, in function bodies too: once the
runner has taken over the bot's ``start``, ``TOKEN`` (``os.environ["TOKEN"]``, a
``.token`` file the sandbox does not need) is not evaluated; any other ``.start(...)``
runs as written.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from tidecord.client import Client

from .errors import CLIError

__all__ = ["EntryCalled", "RunCalled", "capturing_run", "compile_capturing"]

#: The globals the rewritten calls go through while the module is being executed.
HOOK = "__tidecord_take_run__"
ENTRY_HOOK = "__tidecord_take_entry__"
#: Stays in the module: functions call it whenever they run.
START_HOOK = "__tidecord_take_start__"


class RunCalled(BaseException):
    """Stops the import at the file's ``run`` call; carries the bot it was called on.

    A ``BaseException``, so a bot file's own ``except Exception`` around its ``run``
    does not swallow it.
    """

    def __init__(self, bot: Client, line: int | None = None) -> None:
        super().__init__(bot, line)
        self.bot = bot
        self.line = line


class EntryCalled(BaseException):
    """Stops the import at the file's ``asyncio.run(EXPR)``; ``entry()`` makes ``EXPR``."""

    def __init__(self, entry: Callable[[], Any], line: int) -> None:
        super().__init__(line)
        self.entry = entry
        self.line = line


def take_entry(target: Any, entry: Callable[[], Any], call: Callable[[Any], Any],
               line: int) -> Any:
    """What ``asyncio.run(EXPR)`` became: stop with the entry, unless it is not asyncio's."""
    if target is asyncio:
        raise EntryCalled(entry, line)
    return call(target)


def take_run(target: Any, call: Callable[[Any], Any], line: int) -> Any:
    """What ``EXPR.run(...)`` became: stop with a bot, or make the original call.

    discord.py's client is refused: its ``run`` would read the file's token and connect
    to Discord, when the file most likely only still says ``import discord``.
    """
    if isinstance(target, Client):
        raise RunCalled(target, line)
    if is_discord_py_client(target):
        raise CLIError(discord_py_advice(f"line {line} runs"))
    return call(target)


def take_start(target: Any, call: Callable[[Any], Any]) -> Any:
    """What ``EXPR.start(...)`` became: the runner's start for a bot whose ``start`` it
    took over (an instance attribute; see ``runner._enter``), without evaluating the
    file's token; the original call for anything else."""
    taken = vars(target).get("start") if isinstance(target, Client) else None
    return call(target) if taken is None else taken()


def is_discord_py_client(value: Any) -> bool:
    """Whether ``value`` is a client of discord.py itself (or a class of one)."""
    kind = value if isinstance(value, type) else type(value)
    return any(cls.__module__.split(".")[0] == "discord" and cls.__name__ == "Client"
               for cls in getattr(kind, "__mro__", ()))


def discord_py_advice(what: str) -> str:
    """The one line for a file whose bot is discord.py's: what to change."""
    return (f"{what} a discord.py bot (the file imports discord): tidecord runs tidecord "
            "bots; change `import discord` to `import tidecord as discord` (and "
            "`from discord.ext` to `from tidecord.ext`)")


class _RewriteRuns(ast.NodeTransformer):
    """``EXPR.run(ARGS)`` -> ``HOOK(EXPR, lambda __t: __t.run(ARGS), LINE)``, module level only."""

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        return node  # function bodies run later, if ever: leave them as written

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        return node

    def visit_If(self, node: ast.If) -> ast.AST:
        # `if __name__ == "__main__":` ending in `asyncio.run(...)`: the file's entry
        # point. Its block runs (as under `python file.py`) up to that call.
        if _is_main_guard(node.test) and any(_entry_call(s) is not None for s in node.body):
            node.test = ast.copy_location(ast.Constant(True), node.test)
        self.generic_visit(node)
        return node

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        call = node.value
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and call.func.attr == "run"):
            return node
        target = ast.Name("__tidecord_target__", ast.Load())
        original = ast.Call(ast.Attribute(target, "run", ast.Load()), call.args, call.keywords)
        deferred = _lambda(original, "__tidecord_target__")
        if _entry_call(node) is not None:
            hook = ast.Call(ast.Name(ENTRY_HOOK, ast.Load()),
                            [call.func.value, _lambda(call.args[0]), deferred,
                             ast.Constant(node.lineno)], [])
        else:
            hook = ast.Call(ast.Name(HOOK, ast.Load()),
                            [call.func.value, deferred, ast.Constant(node.lineno)], [])
        return ast.copy_location(ast.Expr(ast.copy_location(hook, call)), node)


class _RewriteStarts(ast.NodeTransformer):
    """``EXPR.start(ARGS)`` -> ``START_HOOK(EXPR, lambda __t: __t.start(ARGS))``, in
    functions too, but not where a lambda would change what the arguments mean: directly
    in a class body (its names are not visible from a lambda), or with an ``await``,
    ``yield`` or ``:=`` among them."""

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        # The methods' bodies yes; the class body's own statements, and the methods'
        # decorators and defaults (evaluated in the class body), no.
        for statement in node.body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                statement.body = [self.visit(inner) for inner in statement.body]
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if not (isinstance(node.func, ast.Attribute) and node.func.attr == "start"):
            return node
        if any(isinstance(n, (ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr))
               for part in (*node.args, *node.keywords) for n in ast.walk(part)):
            return node
        target = ast.Name("__tidecord_target__", ast.Load())
        original = ast.Call(ast.Attribute(target, "start", ast.Load()), node.args, node.keywords)
        hook = ast.Call(ast.Name(START_HOOK, ast.Load()),
                        [node.func.value, _lambda(original, "__tidecord_target__")], [])
        return ast.copy_location(hook, node)


def _lambda(body: ast.expr, *params: str) -> ast.Lambda:
    return ast.Lambda(ast.arguments(posonlyargs=[], args=[ast.arg(p) for p in params],
                                    kwonlyargs=[], kw_defaults=[], defaults=[]), body)


def _entry_call(statement: ast.stmt) -> ast.Call | None:
    """``asyncio.run(EXPR)`` as a statement (one argument, no keywords), else ``None``."""
    call = statement.value if isinstance(statement, ast.Expr) else None
    if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == "run" and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "asyncio" and len(call.args) == 1 and not call.keywords):
        return call
    return None


def _is_main_guard(test: ast.expr) -> bool:
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name)
            and test.left.id == "__name__" and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Eq) and len(test.comparators) == 1
            and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value == "__main__")


def compile_capturing(source: str | bytes, filename: str) -> Any:
    """Compile a module's source with its module-level ``.run(...)`` calls, and its
    ``.start(...)`` calls, rewritten."""
    tree = _RewriteStarts().visit(_RewriteRuns().visit(ast.parse(source, filename)))
    return compile(ast.fix_missing_locations(tree), filename, "exec", dont_inherit=True)


@contextlib.contextmanager
def capturing_run(namespace: dict[str, Any]) -> Iterator[None]:
    """While importing into ``namespace``: rewritten calls and ``Client.run`` stop with the bot."""

    def run(self: Client, *args: Any, **kwargs: Any) -> None:
        raise RunCalled(self)

    original = Client.run
    namespace[HOOK] = take_run
    namespace[ENTRY_HOOK] = take_entry
    namespace[START_HOOK] = take_start
    Client.run = run  # type: ignore[method-assign]
    try:
        yield
    finally:
        Client.run = original  # type: ignore[method-assign]
        namespace.pop(HOOK, None)
        namespace.pop(ENTRY_HOOK, None)
