"""What a name in a bot file stands for: imports, and objects made by calls.

``tidecord check`` never imports the file. It reads the imports
(``import requests as r``, ``from time import sleep``) and the assignments whose
value is a call (``db = sqlite3.connect(path)``, ``with open(p) as f``,
``self.session = requests.Session()``), so that ``r.get``, ``sleep``,
``db.execute``, ``f.read`` and ``self.session.get`` read as the dotted names
``requests.get``, ``time.sleep``, ``sqlite3.connect.execute``,
``builtins.open.read`` and ``requests.Session.get``: the form the table of
known calls (:mod:`tidecord.health.calls`) is matched against.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterator, Mapping

__all__ = ["Origins", "dotted_of", "imports_of", "made_by", "origins_of", "walk_body"]

#: Name -> the dotted name it was bound to, or the callable that made the object.
Origins = Mapping[str, str]

_BUILTINS = frozenset(dir(builtins))


def imports_of(tree: ast.AST) -> dict[str, str]:
    """Every name an ``import`` binds in the file, anywhere in it, to its dotted name."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:  # `import urllib.request` binds `urllib`
                    root = alias.name.split(".")[0]
                    names[root] = root
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name != "*":
                    names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def walk_body(statements: list[ast.stmt]) -> Iterator[ast.AST]:
    """Every node of a function body that runs when the body runs.

    Nested functions, lambdas and classes are skipped: defining them runs nothing
    (a lambda passed to ``to_thread`` runs on a worker thread, not here).
    """
    stack: list[ast.AST] = list(reversed(statements))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            # Decorators and default values do run at definition.
            stack.extend(reversed([*getattr(node, "decorator_list", ()),
                                   *_defaults(node)]))
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _defaults(node: ast.AST) -> list[ast.expr]:
    args = getattr(node, "args", None)
    if not isinstance(args, ast.arguments):
        return []
    return [*args.defaults, *(d for d in args.kw_defaults if d is not None)]


def made_by(value: ast.expr, known: Origins) -> str | None:
    """For ``x = <value>``: the dotted name of the callable that made ``x``, if a call did.

    An awaited call made its object asynchronously: nothing to say about it.
    """
    if isinstance(value, ast.Call):
        return dotted_of(value.func, known)
    return None


def origins_of(statements: list[ast.stmt], known: Origins, *, attribute_of: str | None = None
               ) -> dict[str, str]:
    """Names (or ``self.<attr>`` with ``attribute_of="self"``) bound to objects made by calls.

    ``x = requests.Session()`` -> ``{"x": "requests.Session"}``; ``with open(p) as f``
    -> ``{"f": "builtins.open"}``.
    """
    found: dict[str, str] = {}
    for node in walk_body(statements) if attribute_of is None else _all_nodes(statements):
        pairs: list[tuple[ast.expr, ast.expr]] = []
        if isinstance(node, ast.Assign):
            pairs = [(target, node.value) for target in node.targets]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            pairs = [(node.target, node.value)]
        elif isinstance(node, ast.With):
            pairs = [(item.optional_vars, item.context_expr) for item in node.items
                     if item.optional_vars is not None]
        for target, value in pairs:
            key = _target_key(target, attribute_of)
            maker = made_by(value, {**known, **found}) if key else None
            if key and maker:
                found[key] = maker
    return found


def _all_nodes(statements: list[ast.stmt]) -> Iterator[ast.AST]:
    for statement in statements:
        yield from ast.walk(statement)


def _target_key(target: ast.expr, attribute_of: str | None) -> str | None:
    if attribute_of is None:
        return target.id if isinstance(target, ast.Name) else None
    if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
            and target.value.id == attribute_of):
        return f"{attribute_of}.{target.attr}"
    return None


def dotted_of(node: ast.expr, known: Origins) -> str | None:
    """The dotted name an expression stands for, or ``None`` if the file does not say.

    ``known`` maps names (and ``self.<attr>``) to what they stand for; a bare
    builtin such as ``open`` is ``builtins.open``. What a call returned is named
    after the callable: ``open(p).read`` -> ``builtins.open.read``.
    """
    attributes: list[str] = []
    while isinstance(node, ast.Attribute):
        inner = node.value
        if isinstance(inner, ast.Name) and f"{inner.id}.{node.attr}" in known:
            attributes.append(known[f"{inner.id}.{node.attr}"])
            break
        attributes.append(node.attr)
        node = inner
    else:
        if isinstance(node, ast.Name):
            root = known.get(node.id) or (f"builtins.{node.id}" if node.id in _BUILTINS else None)
        elif isinstance(node, ast.Call):
            root = dotted_of(node.func, known)
        else:
            root = None
        if root is None:
            return None
        attributes.append(root)
    return ".".join(reversed(attributes))
