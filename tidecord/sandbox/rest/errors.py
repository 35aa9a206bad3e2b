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
    "bad_length",
    "empty_response",
    "form_error",
    "json_response",
    "length_errors",
    "out_of_range",
    "permissions_error",
    "too_long",
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
_EXPECTED = re.compile(r"^Expected `([^`]+)`(?:, got `([^`]+)`| (of length|[<>]=?) (.*))?")


def _type_error(expected: str, value: Any) -> FormError:
    """Discord's error for a value of the wrong type where ``expected`` (msgspec's
    ``int | null``) was wanted; ``value`` is what was sent, for the message."""
    kinds = {k.strip() for k in expected.split("|")} - {"null"}
    shown = value if isinstance(value, str) else msgspec.json.encode(value).decode()
    if kinds & {"int", "float"} and "str" not in kinds:
        return ("NUMBER_TYPE_COERCE", f'Value "{shown}" is not int.')
    if kinds & {"int", "float"}:  # a snowflake: an int or its digits
        return ("NUMBER_TYPE_COERCE", f'Value "{shown}" is not snowflake.')
    if kinds == {"bool"}:
        return ("BASE_TYPE_BOOLEAN", "Must be either true or false.")
    if kinds == {"str"}:
        return ("BASE_TYPE_STRING", f'Could not interpret "{shown}" as string.')
    if kinds == {"array"}:
        return ("LIST_TYPE_CONVERT", "Only iterables may be used in a ListType")
    if kinds == {"object"}:
        return ("DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
    return ("BASE_TYPE_INVALID", f"Expected {expected}.")


def _constraint_error(kind: str, bound: str) -> FormError | None:
    """Discord's error for a value outside a bound msgspec checked (``of length <= 100``,
    ``>= 0``)."""
    if kind == "of length":
        op, _, number = bound.partition(" ")
        if op == "<=":
            return too_long(int(number))
        return ("BASE_TYPE_MIN_LENGTH", f"Must be {number} or more in length.")
    if kind.startswith("<"):
        return ("NUMBER_TYPE_MAX", f"int value should be less than or equal to {bound}.")
    if kind.startswith(">"):
        return ("NUMBER_TYPE_MIN", f"int value should be greater than or equal to {bound}.")
    return None


def _sent_at(sent: Any, parts: list[str]) -> Any:
    for part in parts:
        if isinstance(sent, list) and part.isdigit() and int(part) < len(sent):
            sent = sent[int(part)]
        elif isinstance(sent, dict):
            sent = sent.get(part)
        else:
            return None
    return sent


def validation_error(exc: msgspec.ValidationError | msgspec.DecodeError,
                     sent: Any = None) -> APIError:
    """A msgspec error as Discord's 50035 (or 50109 for a body that is not JSON), with
    Discord's codes: NUMBER_TYPE_COERCE for a word where a number goes, BASE_TYPE_BOOLEAN,
    BASE_TYPE_STRING, BASE_TYPE_MAX_LENGTH... ``sent``, the body (its JSON bytes or
    decoded), names the value sent."""
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
    expected = _EXPECTED.match(detail)
    error: FormError | None = None
    if isinstance(sent, bytes):
        try:
            sent = msgspec.json.decode(sent)
        except msgspec.DecodeError:
            sent = None
    if expected is not None and expected.group(2) is not None:
        error = _type_error(expected.group(1), _sent_at(sent, parts))
    elif detail.startswith("invalid literal for int()"):
        # A snowflake's text that is no number (the model's int() said so).
        error = _type_error("int | str", _sent_at(sent, parts))
    elif expected is not None and expected.group(3) is not None:
        error = _constraint_error(expected.group(3), expected.group(4))
    return form_error({path: error or ("BASE_TYPE_INVALID", detail or "Invalid value.")})


def bad_length(least: int, most: int) -> FormError:
    """Discord's error for a text or list outside ``least`` to ``most`` items."""
    return ("BASE_TYPE_BAD_LENGTH", f"Must be between {least} and {most} in length.")


def too_long(most: int) -> FormError:
    """Discord's error for a text or list over ``most`` items (no least)."""
    return ("BASE_TYPE_MAX_LENGTH", f"Must be {most} or fewer in length.")


def out_of_range(value: Any, lowest: int, highest: int) -> FormError | None:
    """Discord's error for a number below ``lowest`` or above ``highest`` (None for one
    within them, or for no number: its type is checked elsewhere)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    if value < lowest:
        return ("NUMBER_TYPE_MIN", f"int value should be greater than or equal to {lowest}.")
    if value > highest:
        return ("NUMBER_TYPE_MAX", f"int value should be less than or equal to {highest}.")
    return None


def length_errors(body: Any, bounds: dict[str, tuple[int, int]]) -> dict[str, FormError]:
    """Discord's errors for the text fields of ``body`` (a struct) out of their
    ``(least, most)`` lengths: BASE_TYPE_BAD_LENGTH where there is a least, else
    BASE_TYPE_MAX_LENGTH. Fields not sent (None, UNSET) are not checked."""
    errors: dict[str, FormError] = {}
    for name, (least, most) in bounds.items():
        value = getattr(body, name, None)
        if not isinstance(value, str) or least <= len(value) <= most:
            continue
        errors[name] = bad_length(least, most) if least else too_long(most)
    return errors


def permissions_error(name: str, value: Any) -> dict[str, FormError]:
    """NUMBER_TYPE_COERCE for a permissions field that is not an integer or its digits
    (Discord reads ``"8"`` and ``8`` alike)."""
    if value is None or isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return {}
    return {name: ("NUMBER_TYPE_COERCE", f'Value "{value}" is not int.')}
