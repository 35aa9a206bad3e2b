"""What a sampled frame was calling, read from the live frame without running its code.

A blocking call into C (``time.sleep``, ``sqlite3.Cursor.execute``, a file's
``read``) leaves no Python frame of its own: the innermost frame is the line
that made the call, stopped at a call instruction. The instruction's source
positions give the call expression (``cur.execute(query)``); its names are
looked up in the frame's namespaces and attributes read with
``inspect.getattr_static``, which never runs a property or ``__getattr__``, so
the sampler thread cannot disturb the stalled code. The result names the
callable as a module and a qualified name for :mod:`tidecord.health.calls`.
"""

from __future__ import annotations

import ast
import dis
import functools
import inspect
import itertools
import types
from types import CodeType, FrameType
from typing import Any, Final

from .frames import source_lines

__all__ = ["calling", "name_of"]

_CALL_OPS: Final = frozenset(
    op for op, name in enumerate(dis.opname) if name in ("CALL", "PRECALL", "CALL_KW",
                                                         "CALL_FUNCTION_EX")
)
_MISSING: Final = object()
_CACHE_SIZE: Final = 1024
# (code, instruction offset) -> the call's callee as parsed, or None if unreadable.
_callees: dict[tuple[CodeType, int], ast.expr | None] = {}


def calling(frame: FrameType) -> tuple[str, str] | None:
    """(module, qualname) of what ``frame`` is calling right now, or ``None``.

    ``None`` when the frame is running Python code rather than waiting in a call,
    or when the callee cannot be named without running code.
    """
    try:
        code, offset = frame.f_code, frame.f_lasti
        if offset < 0 or code.co_code[offset] not in _CALL_OPS:
            return None
        callee = _callee(code, offset)
        if callee is None:
            return None
        return name_of(_resolve(callee, frame))
    except Exception:  # the sampler must never fail for what a frame holds
        return None


def _callee(code: CodeType, offset: int) -> ast.expr | None:
    key = (code, offset)
    if key not in _callees:
        if len(_callees) >= _CACHE_SIZE:
            _callees.clear()
        _callees[key] = _parse_callee(code, offset)
    return _callees[key]


def _parse_callee(code: CodeType, offset: int) -> ast.expr | None:
    """The callee expression of the call at ``offset``, from the source the code came from."""
    positions = next(itertools.islice(code.co_positions(), offset // 2, None), None)
    if positions is None or None in positions:
        return None
    first, last, start, end = positions
    assert first is not None and last is not None and start is not None and end is not None
    lines = [line.encode() for line in source_lines(code.co_filename, first, last)]
    if not all(lines):
        return None
    # Column offsets are in UTF-8 bytes.
    lines[-1] = lines[-1][:end]
    lines[0] = lines[0][start:]
    try:
        tree = ast.parse(b"".join(lines).decode(), mode="eval")
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return None
    return tree.body.func if isinstance(tree.body, ast.Call) else None


class _Made:
    """What a call returned, known only by the callable that made it (``open(p)`` in
    ``open(p).read()``): the call is then named after that callable."""

    __slots__ = ("maker",)

    def __init__(self, maker: Any) -> None:
        self.maker = maker


def _resolve(node: ast.expr, frame: FrameType) -> Any:
    if isinstance(node, ast.Name):
        return _lookup(node.id, frame)
    if isinstance(node, ast.Call):
        return _Made(_resolve(node.func, frame))
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, frame)
        if owner is _MISSING or isinstance(owner, _Made):
            return owner
        found = inspect.getattr_static(owner, node.attr, _MISSING)
        if isinstance(found, types.MemberDescriptorType) and not isinstance(owner, type):
            found = found.__get__(owner, type(owner))  # a __slots__ value: plain C, no code runs
        return found
    return _MISSING


def _lookup(name: str, frame: FrameType) -> Any:
    code = frame.f_code
    if name in code.co_varnames or name in code.co_cellvars or name in code.co_freevars:
        return frame.f_locals.get(name, _MISSING)
    found = frame.f_globals.get(name, _MISSING)
    return frame.f_builtins.get(name, _MISSING) if found is _MISSING else found


_DESCRIPTORS: Final = (
    types.MethodDescriptorType,
    types.WrapperDescriptorType,
    types.ClassMethodDescriptorType,
)


def name_of(target: Any) -> tuple[str, str] | None:
    """(module, qualname) of a callable, read from its type's own attributes."""
    if target is _MISSING:
        return None
    if isinstance(target, _Made):
        return name_of(target.maker)
    if isinstance(target, (staticmethod, classmethod)):
        target = target.__func__
    if isinstance(target, functools.partial):
        target = target.func
    if isinstance(target, _DESCRIPTORS):
        owner = target.__objclass__
        return owner.__module__, target.__qualname__
    if isinstance(target, types.BuiltinFunctionType):
        bound = target.__self__
        if bound is None or isinstance(bound, types.ModuleType):
            return target.__module__ or getattr(bound, "__name__", "builtins"), target.__qualname__
        kind = type(bound)
        return kind.__module__, f"{kind.__qualname__}.{target.__name__}"
    if isinstance(target, (types.FunctionType, type)):
        return target.__module__, target.__qualname__
    if isinstance(target, types.MethodType):
        return name_of(target.__func__)
    kind = type(target)
    return kind.__module__, f"{kind.__qualname__}.__call__"
