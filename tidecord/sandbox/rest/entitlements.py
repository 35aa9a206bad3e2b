"""Monetization routes: the application's SKUs, its entitlements listed with Discord's
filters, test entitlements granted and deleted, consumable ones consumed, and a
person's subscriptions to an SKU. Each change sends its ENTITLEMENT_* event (see
``state/entitlements.py``; subscriptions change in ``state/subscriptions.py``)."""

from __future__ import annotations

from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET
from tidecord.models.entitlement import EntitlementOwnerType

from .context import (
    own_application,
    query_bool,
    query_id,
    query_limit,
    read_body,
    sandbox_of,
    snowflake,
)
from .errors import REQUIRED, FormError, empty_response, form_error, json_response

# How many subscriptions a page holds when ``limit`` is not given, and at most.
_SUBSCRIPTION_PAGE: Final = 50

__all__ = ["ROUTES"]

class _Grant(msgspec.Struct, kw_only=True):
    sku_id: Any = UNSET
    owner_id: Any = UNSET
    owner_type: Any = UNSET


def _sku_ids(request: web.Request) -> set[int] | None:
    raw = request.query.get("sku_ids")
    if not raw:
        return None
    parts = raw.split(",")
    for n, part in enumerate(parts):
        if not part.isdigit() or len(part) > 20:
            raise form_error({f"sku_ids.{n}": ("NUMBER_TYPE_COERCE",
                                               f'Value "{part}" is not snowflake.')})
    return {int(p) for p in parts}


async def list_skus(request: web.Request) -> web.Response:
    """GET /applications/{application_id}/skus."""
    return json_response(list(own_application(request).skus.values()))


async def list_entitlements(request: web.Request) -> web.Response:
    """GET /applications/{application_id}/entitlements: ascending by id; ``before`` gives
    the newest ``limit`` below it (still ascending), ``after`` the oldest above it."""
    state = own_application(request)
    limit = query_limit(request, 100, 100)
    user_id, guild_id = query_id(request, "user_id"), query_id(request, "guild_id")
    before, after = query_id(request, "before"), query_id(request, "after")
    skus = _sku_ids(request)
    # Only the active ones: none ended, none deleted.
    active = query_bool(request, "only_active")
    exclude_ended = query_bool(request, "exclude_ended", False) or active
    exclude_deleted = query_bool(request, "exclude_deleted", True) or active
    now = state.now_iso()
    found = [e for e in sorted(state.entitlements.values(), key=lambda e: e.id)
             if (user_id is None or e.user_id == user_id)
             and (guild_id is None or e.guild_id == guild_id)
             and (skus is None or e.sku_id in skus)
             and not (exclude_deleted and e.deleted)
             and not (exclude_ended and e.ends_at_iso is not None and e.ends_at_iso <= now)
             and (before is None or e.id < before) and (after is None or e.id > after)]
    page = found[-limit:] if before is not None and after is None else found[:limit]
    return json_response(page)


async def get_entitlement(request: web.Request) -> web.Response:
    """GET /applications/{application_id}/entitlements/{entitlement_id}."""
    state = own_application(request)
    return json_response(state.entitlement(snowflake(request, "entitlement_id")))


def _snowflake_field(value: Any) -> int | None:
    text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
    return int(text) if text.isdigit() and len(text) <= 20 else None


async def create_entitlement(request: web.Request) -> web.Response:
    """POST /applications/{application_id}/entitlements: a test entitlement to
    ``sku_id`` for the user or guild ``owner_id`` (``owner_type`` 2 or 1)."""
    state = own_application(request)
    body, _ = await read_body(request, _Grant)
    errors: dict[str, FormError] = {}
    for name in ("sku_id", "owner_id"):
        value = getattr(body, name)
        if value is UNSET or value is None:
            errors[name] = REQUIRED
        elif _snowflake_field(value) is None:
            errors[name] = ("NUMBER_TYPE_COERCE", f'Value "{value}" is not snowflake.')
    if body.owner_type is UNSET or body.owner_type is None:
        errors["owner_type"] = REQUIRED
    elif isinstance(body.owner_type, bool) or body.owner_type not in (1, 2):
        errors["owner_type"] = ("BASE_TYPE_CHOICES", "Value must be one of (1, 2).")
    if errors:
        raise form_error(errors)
    entitlement = state.grant_test_entitlement(
        _snowflake_field(body.sku_id) or 0, _snowflake_field(body.owner_id) or 0,
        EntitlementOwnerType(body.owner_type))
    return json_response(entitlement)


async def delete_entitlement(request: web.Request) -> web.Response:
    """DELETE /applications/{application_id}/entitlements/{entitlement_id} (test ones)."""
    own_application(request).delete_entitlement(snowflake(request, "entitlement_id"))
    return empty_response()


async def consume_entitlement(request: web.Request) -> web.Response:
    """POST .../entitlements/{entitlement_id}/consume (consumable SKUs only)."""
    own_application(request).consume_entitlement(snowflake(request, "entitlement_id"))
    return empty_response()


async def list_subscriptions(request: web.Request) -> web.Response:
    """GET /skus/{sku_id}/subscriptions: a user's subscriptions to the SKU, ascending by
    id (``before``: the newest ``limit`` below it). A bot must name the ``user_id``."""
    state = sandbox_of(request).state
    sku_id = snowflake(request, "sku_id")
    state.sku(sku_id)
    limit = query_limit(request, _SUBSCRIPTION_PAGE, 100)
    user_id, before, after = (query_id(request, name) for name in ("user_id", "before", "after"))
    if user_id is None:
        # Discord: "Required except for OAuth queries"; how it refuses is a guess.
        raise form_error({"user_id": REQUIRED})
    state.end_due_subscriptions()
    found = [s for s in sorted(state.subscriptions.values(), key=lambda s: s.id)
             if sku_id in s.sku_ids and s.user_id == user_id
             and (before is None or s.id < before) and (after is None or s.id > after)]
    page = found[-limit:] if before is not None and after is None else found[:limit]
    return json_response(page)


async def get_subscription(request: web.Request) -> web.Response:
    """GET /skus/{sku_id}/subscriptions/{subscription_id}."""
    state = sandbox_of(request).state
    sku_id = snowflake(request, "sku_id")
    state.sku(sku_id)
    return json_response(state.subscription(sku_id, snowflake(request, "subscription_id")))


_ENTITLEMENTS = "/applications/{application_id}/entitlements"

ROUTES = [
    ("GET", "/applications/{application_id}/skus", list_skus),
    ("GET", _ENTITLEMENTS, list_entitlements),
    ("POST", _ENTITLEMENTS, create_entitlement),
    ("GET", _ENTITLEMENTS + "/{entitlement_id}", get_entitlement),
    ("DELETE", _ENTITLEMENTS + "/{entitlement_id}", delete_entitlement),
    ("POST", _ENTITLEMENTS + "/{entitlement_id}/consume", consume_entitlement),
    ("GET", "/skus/{sku_id}/subscriptions", list_subscriptions),
    ("GET", "/skus/{sku_id}/subscriptions/{subscription_id}", get_subscription),
]
