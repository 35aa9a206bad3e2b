"""The monetization routes: the application's SKUs, its entitlements, and the
subscriptions to an SKU."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .http import HTTPClient
from .route import Route

__all__ = ["MonetizationEndpoints"]

_ENTITLEMENTS = "/applications/{application_id}/entitlements"
_ENTITLEMENT = _ENTITLEMENTS + "/{entitlement_id}"
_SUBSCRIPTIONS = "/skus/{sku_id}/subscriptions"


class MonetizationEndpoints(HTTPClient):
    """SKUs and entitlements (a base of :class:`RESTClient`)."""

    async def get_skus(self, application_id: int) -> bytes | None:
        route = Route("GET", "/applications/{application_id}/skus",
                      application_id=application_id)
        return await self.request_raw(route)

    async def get_sku_subscriptions(
        self, sku_id: int, *, limit: int, user_id: int, before: int | None = None,
        after: int | None = None,
    ) -> bytes | None:
        params: dict[str, Any] = {"limit": limit, "user_id": str(user_id)}
        if before is not None:
            params["before"] = str(before)
        if after is not None:
            params["after"] = str(after)
        route = Route("GET", _SUBSCRIPTIONS, sku_id=sku_id)
        return await self.request_raw(route, params=params)

    async def get_sku_subscription(self, sku_id: int, subscription_id: int) -> bytes | None:
        route = Route("GET", _SUBSCRIPTIONS + "/{subscription_id}", sku_id=sku_id,
                      subscription_id=subscription_id)
        return await self.request_raw(route)

    async def get_entitlements(
        self, application_id: int, *, limit: int, before: int | None = None,
        after: int | None = None, sku_ids: Sequence[int] | None = None,
        user_id: int | None = None, guild_id: int | None = None,
        exclude_ended: bool = False, exclude_deleted: bool = True,
    ) -> bytes | None:
        params: dict[str, Any] = {"limit": limit, "exclude_ended": str(exclude_ended).lower(),
                                  "exclude_deleted": str(exclude_deleted).lower()}
        for name, value in (("before", before), ("after", after), ("user_id", user_id),
                            ("guild_id", guild_id)):
            if value is not None:
                params[name] = str(value)
        if sku_ids:
            params["sku_ids"] = ",".join(str(i) for i in sku_ids)
        route = Route("GET", _ENTITLEMENTS, application_id=application_id)
        return await self.request_raw(route, params=params)

    async def get_entitlement(self, application_id: int, entitlement_id: int) -> bytes | None:
        route = Route("GET", _ENTITLEMENT, application_id=application_id,
                      entitlement_id=entitlement_id)
        return await self.request_raw(route)

    async def create_entitlement(self, application_id: int, sku_id: int, owner_id: int,
                                 owner_type: int) -> bytes | None:
        route = Route("POST", _ENTITLEMENTS, application_id=application_id)
        body = {"sku_id": str(sku_id), "owner_id": str(owner_id), "owner_type": owner_type}
        return await self.request_raw(route, json=body)

    async def delete_entitlement(self, application_id: int, entitlement_id: int) -> None:
        await self.request_raw(Route("DELETE", _ENTITLEMENT, application_id=application_id,
                                     entitlement_id=entitlement_id))

    async def consume_entitlement(self, application_id: int, entitlement_id: int) -> None:
        await self.request_raw(Route("POST", _ENTITLEMENT + "/consume",
                                     application_id=application_id,
                                     entitlement_id=entitlement_id))
