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
"""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from tidecord.client import Client

__all__ = ["RunCalled", "capturing_run", "compile_capturing"]

#: The global the rewritten calls go through while the module is being executed.
HOOK = "__tidecord_take_run__"


class RunCalled(BaseException):
    """Stops the import at the file's ``run`` call; carries the bot it was called on.

    A ``BaseException``, so a bot file's own ``except Exception`` around its ``run``
    does not swallow it.
    """

    def __init__(self, bot: Client, line: int | None = None) -> None:
        super().__init__(bot, line)
        self.bot = bot
        self.line = line


def take_run(target: Any, call: Callable[[Any], Any], line: int) -> Any:
    """What ``EXPR.run(...)`` became: stop with a bot, or make the original call."""
    if isinstance(target, Client):
        raise RunCalled(target, line)
    return call(target)


class _RewriteRuns(ast.NodeTransformer):
    """``EXPR.run(ARGS)`` -> ``HOOK(EXPR, lambda __t: __t.run(ARGS), LINE)``, module level only."""

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        return node  # function bodies run later, if ever: leave them as written

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        return node

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        call = node.value
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and call.func.attr == "run"):
            return node
        target = ast.Name("__tidecord_target__", ast.Load())
        original = ast.Call(ast.Attribute(target, "run", ast.Load()), call.args, call.keywords)
        deferred = ast.Lambda(
            ast.arguments(posonlyargs=[], args=[ast.arg("__tidecord_target__")],
                          kwonlyargs=[], kw_defaults=[], defaults=[]),
            original,
        )
        hook = ast.Call(ast.Name(HOOK, ast.Load()),
                        [call.func.value, deferred, ast.Constant(node.lineno)], [])
        return ast.copy_location(ast.Expr(ast.copy_location(hook, call)), node)


def compile_capturing(source: str | bytes, filename: str) -> Any:
    """Compile a module's source with its module-level ``.run(...)`` calls rewritten."""
    tree = _RewriteRuns().visit(ast.parse(source, filename))
    return compile(ast.fix_missing_locations(tree), filename, "exec", dont_inherit=True)


@contextlib.contextmanager
def capturing_run(namespace: dict[str, Any]) -> Iterator[None]:
    """While importing into ``namespace``: rewritten calls and ``Client.run`` stop with the bot."""

    def run(self: Client, *args: Any, **kwargs: Any) -> None:
        raise RunCalled(self)

    original = Client.run
    namespace[HOOK] = take_run
    Client.run = run  # type: ignore[method-assign]
    try:
        yield
    finally:
        Client.run = original  # type: ignore[method-assign]
        namespace.pop(HOOK, None)
