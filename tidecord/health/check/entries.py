"""The code of a bot file that runs on the event loop: its ``async def`` functions, by role.

Every ``async def`` runs on the loop, so every one is an entry point of the
check, except those marked ``@tidecord.blocking`` (they run on a worker thread).
The role (event handler, prefix or app command, view callback, task loop...) is
read from the decorators and the class, for the report.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

__all__ = ["Entry", "entries_of"]

_VIEW_DECORATORS = frozenset({
    "button", "select", "user_select", "role_select", "channel_select", "mentionable_select",
})
_VIEW_METHODS = frozenset({"callback", "on_submit", "interaction_check", "on_timeout"})
_SETUP = frozenset({"setup_hook", "cog_load", "cog_unload", "setup", "teardown"})


@dataclass(frozen=True)
class Entry:
    """An ``async def`` of the file: the function, its class if any, and its role."""

    function: ast.AsyncFunctionDef
    cls: ast.ClassDef | None
    role: str

    @property
    def name(self) -> str:
        """``MyBot.on_message`` or ``roll``."""
        return f"{self.cls.name}.{self.function.name}" if self.cls else self.function.name

    def __str__(self) -> str:
        return f"{self.role} {self.name}"


def entries_of(tree: ast.Module) -> list[Entry]:
    """Every ``async def`` in the file that runs on the loop, in source order."""
    found: list[Entry] = []

    def visit(node: ast.AST, cls: ast.ClassDef | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child)
            elif isinstance(child, ast.AsyncFunctionDef):
                decorators = [_decorator_name(d) for d in child.decorator_list]
                if not any(d.rsplit(".", 1)[-1] == "blocking" for d in decorators):
                    found.append(Entry(child, cls, _role(child, cls, decorators)))
                visit(child, None)
            else:
                visit(child, cls if not isinstance(child, ast.FunctionDef) else None)

    visit(tree, None)
    return found


def _decorator_name(node: ast.expr) -> str:
    """``@bot.tree.command(name="x")`` -> ``bot.tree.command``."""
    if isinstance(node, ast.Call):
        node = node.func
    try:
        return ast.unparse(node)
    except ValueError:  # pragma: no cover - ast.unparse accepts any expression
        return ""


def _role(function: ast.AsyncFunctionDef, cls: ast.ClassDef | None, decorators: list[str]) -> str:
    for name in decorators:
        last = name.rsplit(".", 1)[-1]
        parts = name.split(".")
        if last == "event":
            return "event handler"
        if last in ("listen", "listener"):
            return "event listener"
        if last in ("command", "group", "context_menu") and (
            "app_commands" in parts or "tree" in parts or last == "context_menu"
        ):
            return "app command"
        if last in ("command", "group", "hybrid_command", "hybrid_group"):
            return "command"
        if last == "loop":
            return "task loop"
        if last in ("before_loop", "after_loop"):
            return "task loop hook"
        if last in _VIEW_DECORATORS:
            return "view callback"
        if last == "error":
            return "error handler"
    name = function.name
    if cls is not None:
        bases = " ".join(ast.unparse(base) for base in cls.bases)
        if name in _VIEW_METHODS and "Modal" in bases:
            return "modal callback"
        if name in _VIEW_METHODS and any(k in bases for k in ("View", "Button", "Select", "Item")):
            return "view callback"
    if name.startswith("on_"):
        return "event handler"
    if name in _SETUP:
        return "setup hook"
    return "coroutine"
