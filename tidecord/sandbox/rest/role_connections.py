"""The application's role connection metadata: GET and PUT
/applications/{application_id}/role-connections/metadata.

The records a linked-roles bot declares (what a guild's role may require of a user's
connection): at most 5, each a ``type`` (1-8), a ``key`` (1-50 of a-z, 0-9 and _), a
``name`` (1-100) and a ``description`` (1-200), with localizations of both. A PUT
replaces them all and answers with them, as Discord does.
"""

from __future__ import annotations

import re
from typing import Any, Final, cast

import msgspec
from aiohttp import web

from tidecord.models import UNSET, UnsetType

from .context import own_application, read_body
from .errors import REQUIRED, APIError, FormError, bad_length, form_error, json_response, too_long

__all__ = ["ROUTES"]

MOST_RECORDS: Final = 5
# Discord's MetadataItemTypes: integer and datetime comparisons, boolean equality.
TYPES: Final = frozenset(range(1, 9))
_KEY: Final = re.compile(r"[a-z0-9_]+")


class _Record(msgspec.Struct, kw_only=True):
    type: int | UnsetType = UNSET
    key: str | UnsetType = UNSET
    name: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    name_localizations: dict[str, str] | None = None
    description_localizations: dict[str, str] | None = None


def _record_errors(n: int, record: _Record) -> dict[str, FormError]:
    errors: dict[str, FormError] = {}
    at = f"{n}."
    if isinstance(record.type, UnsetType):
        errors[at + "type"] = REQUIRED
    elif record.type not in TYPES:
        errors[at + "type"] = ("BASE_TYPE_CHOICES",
                               f"Value must be one of {tuple(sorted(TYPES))}.")
    for field, most in (("key", 50), ("name", 100), ("description", 200)):
        value = getattr(record, field)
        if isinstance(value, UnsetType):
            errors[at + field] = REQUIRED
        elif not 1 <= len(value) <= most:
            errors[at + field] = bad_length(1, most)
        elif field == "key" and _KEY.fullmatch(value) is None:
            errors[at + field] = ("STRING_TYPE_REGEX",
                                  "String value did not match validation regex.")
    for field, most in (("name_localizations", 100), ("description_localizations", 200)):
        for locale, text in (getattr(record, field) or {}).items():
            if not 1 <= len(text) <= most:
                errors[f"{at}{field}.{locale}"] = bad_length(1, most)
    return errors


async def get_metadata(request: web.Request) -> web.Response:
    """GET .../role-connections/metadata: the records, ``[]`` before any PUT."""
    return json_response(own_application(request).role_connection_metadata)


async def put_metadata(request: web.Request) -> web.Response:
    """PUT .../role-connections/metadata: replace every record (``[]`` or ``null``
    clears them); 50035 names each wrong field by its index."""
    state = own_application(request)
    # ``null`` clears them, as ``[]`` does.
    sent, _ = await read_body(request, cast(Any, list[_Record] | None))
    records: list[_Record] = sent or []
    if len(records) > MOST_RECORDS:
        # The body itself is the list: its error sits at the tree's root.
        code, message = too_long(MOST_RECORDS)
        raise APIError(400, 50035, "Invalid Form Body",
                       {"_errors": [{"code": code, "message": message}]})
    errors: dict[str, FormError] = {}
    for n, record in enumerate(records):
        errors.update(_record_errors(n, record))
    if errors:
        raise form_error(errors)
    kept: list[dict[str, Any]] = []
    for record in records:
        item: dict[str, Any] = {"type": record.type, "key": record.key, "name": record.name,
                                "description": record.description}
        # Discord leaves localizations out of the answer unless some were given.
        for field in ("name_localizations", "description_localizations"):
            if getattr(record, field):
                item[field] = getattr(record, field)
        kept.append(item)
    state.role_connection_metadata = kept
    return json_response(kept)


_PATH = "/applications/{application_id}/role-connections/metadata"
ROUTES = [
    ("GET", _PATH, get_metadata),
    ("PUT", _PATH, put_metadata),
]
