"""What help shows about a command: its docstring split up, and its usage line.

``help_from_docstring`` keeps the text above a numpy-style ``Parameters`` section
as the command's help and gives each parameter described there its description.
``signature`` writes ``<member> [reason=no reason]``-style usage, as discord.py.
"""

from __future__ import annotations

import inspect
from typing import Any, Literal

from ...commands import docstrings
from ...models import Attachment
from .conversion import Greedy, is_union

__all__ = ["help_from_docstring", "signature"]

def help_from_docstring(function: Any, params: dict[str, Any]) -> str | None:
    """The command's help from ``function``'s docstring; describes ``params`` in place."""
    doc = inspect.getdoc(function)
    if doc is None:
        return None
    text, described = docstrings.numpy_sections(doc)
    by_shown_name = {p.displayed_name: p for p in params.values() if p.displayed_name}
    for name, description in described.items():
        param = params.get(name) or by_shown_name.get(name)
        if param is not None and param.description is None:
            params[param.name] = param.replace(description=description)
    return text


def _literal_name(annotation: Any) -> str:
    return "|".join(f'"{v}"' if isinstance(v, str) else str(v) for v in annotation.__args__)


def _attachment_usage(name: str, optional: bool, greedy: bool) -> str:
    if optional:
        return f"[{name} (upload a file)]"
    if greedy:
        return f"[{name} (upload files)]..."
    return f"<{name} (upload a file)>"


def signature(command: Any) -> str:
    """The usage line: ``<required> [optional=default] [rest...]`` (or ``usage=`` as given)."""
    if command.usage is not None:
        return command.usage  # type: ignore[no-any-return]
    parts = []
    for param in command.clean_params.values():
        name = param.displayed_name or param.name
        greedy = isinstance(param.converter, Greedy)
        optional = False
        annotation = param.converter.converter if greedy else param.converter
        if not greedy and is_union(annotation):
            options = annotation.__args__
            optional = options[-1] is type(None)
            if len(options) == 2 and optional:
                annotation = options[0]
        origin = getattr(annotation, "__origin__", None)
        if annotation is Attachment:
            parts.append(_attachment_usage(name, optional, greedy))
            continue
        if origin is Literal:
            name = _literal_name(annotation)
        if not param.required:
            shown = param.displayed_default
            if shown:
                parts.append(f"[{name}={shown}]" + ("..." if greedy else ""))
                continue
            parts.append(f"[{name}]")
        elif param.kind == param.VAR_POSITIONAL:
            parts.append(f"<{name}...>" if command.require_var_positional else f"[{name}...]")
        elif greedy:
            parts.append(f"[{name}]...")
        elif optional:
            parts.append(f"[{name}]")
        else:
            parts.append(f"<{name}>")
    return " ".join(parts)
