"""Discord-shaped error responses: ``{code, message, errors?}`` and the 50035 tree.

Every JSON response the sandbox sends goes through :func:`json_response`, which
sets ``Content-Type: application/json`` exactly (no charset), as Discord does and
as discord.py requires.
"""

from __future__ import annotations

import re
from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import encode

__all__ = [
    "REQUIRED",
    "APIError",
    "FormError",
    "empty_response",
    "form_error",
    "json_response",
    "validation_error",
]


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None
                  ) -> web.Response:
    """A JSON response of ``data`` (models or builtins), with Discord's exact content type."""
    body = data if isinstance(data, bytes) else encode(data)
    response = web.Response(body=body, status=status, headers=headers)
    response.content_type = "application/json"
    return response


def empty_response() -> web.Response:
    """204 No Content."""
    return web.Response(status=204)


class APIError(Exception):
    """An error Discord would answer with: HTTP status, JSON code, message, error tree."""

    def __init__(
        self, status: int, code: int, message: str, errors: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def response(self) -> web.Response:
        """The error as Discord sends it."""
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors is not None:
            body["errors"] = self.errors
        return json_response(body, status=self.status)


FormError = tuple[str, str]
#: Discord's error for a field a body must carry.
REQUIRED: Final[FormError] = ("BASE_TYPE_REQUIRED", "This field is required")
"""One field error: (Discord's error code, its message)."""


def form_error(fields: dict[str, FormError]) -> APIError:
    """50035 Invalid Form Body; keys are paths like ``"embeds.0.title"``."""
    tree: dict[str, Any] = {}
    for path, (code, message) in fields.items():
        node = tree
        for part in path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
    return APIError(400, 50035, "Invalid Form Body", tree)


_PATH = re.compile(r"- at `\$(.*)`$")


def validation_error(exc: msgspec.ValidationError | msgspec.DecodeError) -> APIError:
    """A msgspec error as Discord's 50035 (or 50109 for a body that is not JSON)."""
    if isinstance(exc, msgspec.DecodeError) and not isinstance(exc, msgspec.ValidationError):
        return APIError(400, 50109, "The request body contains invalid JSON.")
    text = str(exc)
    match = _PATH.search(text)
    raw_path = match.group(1) if match else ""
    parts = [p for p in re.split(r"[.\[\]]", raw_path) if p]
    path = ".".join(parts) or "_body"
    if "missing required field" in text:
        field = re.search(r"field `([^`]+)`", text)
        if field:
            path = ".".join([*parts, field.group(1)])
        return form_error({path: REQUIRED})
    detail = _PATH.sub("", text).strip()
    return form_error({path: ("BASE_TYPE_INVALID", detail or "Invalid value.")})
