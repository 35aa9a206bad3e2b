"""The static pass: every known blocking call reachable from the ``async def`` code of a file.

From each entry point (see :mod:`.entries`), the body is read for calls: a call
to a function or method defined in the same file is followed into that
function (a sync helper called from a handler runs on the loop too); any other
call is named (see :mod:`.names`) and looked up in the table of known blocking
calls. A call that is awaited, or a function only passed along (to
``to_thread``, say), is not a blocking call on the loop.
"""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass, field

from ..calls import Advice, advice_for, split_dotted
from .entries import Entry, entries_of
from .names import dotted_of, imports_of, origins_of, walk_body

__all__ = ["Finding", "scan_source"]

Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class Finding:
    """One blocking call on the loop: where, what, reached from which entry, and the fix.

    ``via`` lists the helpers between the entry and the call (empty when the call
    is in the entry's own body); ``rules`` the ruff ASYNC codes that flag the line too.
    """

    path: str
    line: int
    column: int
    call: str
    advice: Advice
    entry: str
    via: tuple[str, ...] = ()
    rules: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        """``bot.py:12:9: time.sleep() in event handler MyBot.on_message`` and the advice."""
        where = f" in {self.entry}" if self.entry else ""
        if self.via:
            where = f" in {self.via[-1]}(), reached from {self.entry}"
            if len(self.via) > 1:
                where += " via " + " -> ".join(f"{name}()" for name in self.via)
        rules = f" ({', '.join(self.rules)})" if self.rules else ""
        head = f"{self.path}:{self.line}:{self.column}: {self.call}{where}{rules}"
        return f"{head}\n    {self.advice}"


class _File:
    """What the scan knows about one file: its imports, functions, classes and objects."""

    def __init__(self, tree: ast.Module, path: str) -> None:
        self.path = path
        self.imports = imports_of(tree)
        self.functions: dict[str, Function] = {}
        self.classes: dict[str, ast.ClassDef] = {}
        self.owner: dict[Function, ast.ClassDef] = {}
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[node.name] = node
            elif isinstance(node, ast.ClassDef):
                self.classes[node.name] = node
        for cls in ast.walk(tree):
            if isinstance(cls, ast.ClassDef):
                for item in cls.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        self.owner[item] = cls
        module_level = [n for n in tree.body if not isinstance(n, ast.ClassDef)]
        self.known: dict[str, str] = {**self.imports,
                                      **origins_of(module_level, self.imports)}
        # Names the file defines itself shadow builtins and imports of the same name.
        for name in (*self.functions, *self.classes):
            self.known.pop(name, None)

    def method(self, cls: ast.ClassDef, name: str) -> Function | None:
        """``name`` on ``cls`` or a base class defined in this file."""
        seen: set[str] = set()
        todo = [cls]
        while todo:
            current = todo.pop(0)
            if current.name in seen:
                continue
            seen.add(current.name)
            for item in current.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == name:
                    return item
            todo.extend(self.classes[b.id] for b in current.bases
                        if isinstance(b, ast.Name) and b.id in self.classes)
        return None

    def class_origins(self, cls: ast.ClassDef) -> dict[str, str]:
        """``self.x`` bound to an object made by a call, in any method of the class."""
        return origins_of(cls.body, self.known, attribute_of="self")


def scan_source(source: str, path: str) -> list[Finding]:
    """Every known blocking call reachable from the file's ``async def`` code.

    Raises :class:`SyntaxError` for a file Python cannot parse.
    """
    tree = ast.parse(source, filename=path)
    file = _File(tree, path)
    entries = entries_of(tree)
    # Async functions are explored as entries of their own; those marked @blocking
    # (entries or not) run on a worker thread: calling them does not block the loop.
    skip: set[Function] = {e.function for e in entries}
    skip |= {f for f in file.owner if _offloaded(f)} | {
        f for f in file.functions.values() if _offloaded(f)}
    findings: dict[tuple[int, int], Finding] = {}
    explored: set[Function] = set()
    for entry in entries:
        _explore(file, entry, findings, explored, skip)
    return sorted(findings.values(), key=lambda f: (f.line, f.column))


def _offloaded(function: Function) -> bool:
    """Marked ``@tidecord.blocking``: it runs on a worker thread."""
    return any(ast.unparse(d).rsplit(".", 1)[-1] == "blocking" for d in function.decorator_list)


def _explore(file: _File, entry: Entry, findings: dict[tuple[int, int], Finding],
             explored: set[Function], skip: set[Function]) -> None:
    """Walk ``entry`` and the local functions it calls, breadth first."""
    queue: deque[tuple[Function, tuple[str, ...]]] = deque([(entry.function, ())])
    while queue:
        function, via = queue.popleft()
        if function in explored:
            continue  # reported from the first entry that reaches it
        explored.add(function)
        cls = file.owner.get(function)
        known = {**file.known,
                 **(file.class_origins(cls) if cls is not None else {}),
                 **origins_of(function.body, file.known)}
        awaited = {id(n.value) for n in walk_body(function.body) if isinstance(n, ast.Await)}
        for node in walk_body(function.body):
            if not isinstance(node, ast.Call):
                continue
            helper = _local_target(file, node.func, cls)
            if helper is not None:
                if helper not in skip and helper not in explored:
                    queue.append((helper, (*via, _function_name(file, helper))))
                continue
            if id(node) in awaited:
                continue  # an awaitable: whatever it does, it does not block here
            advice = _advice(node.func, known)
            if advice is not None:
                # Named as written (``f.read``), with the table entry it matched.
                advice = Advice(advice.kind, advice.instead, ast.unparse(node.func), advice.known)
                key = (node.lineno, node.col_offset)
                findings.setdefault(key, Finding(
                    file.path, node.lineno, node.col_offset + 1,
                    f"{ast.unparse(node.func)}()", advice, str(entry), via,
                ))


def _local_target(file: _File, func: ast.expr, cls: ast.ClassDef | None) -> Function | None:
    """The function of this file a call goes to: ``helper()``, ``self.helper()``."""
    if isinstance(func, ast.Name):
        return file.functions.get(func.id)
    if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.value.id in ("self", "cls") and cls is not None):
        return file.method(cls, func.attr)
    return None


def _function_name(file: _File, function: Function) -> str:
    cls = file.owner.get(function)
    return f"{cls.name}.{function.name}" if cls is not None else function.name


def _advice(func: ast.expr, known: dict[str, str]) -> Advice | None:
    name = dotted_of(func, known)
    if name is None:
        return None
    advice = advice_for(split_dotted(name))
    return advice if advice.kind == "known" else None
