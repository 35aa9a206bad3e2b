"""Monetization dispatches: an entitlement made, changed (consumed, ended) or deleted;
a subscription begun, changed (cancelled, renewed, ended) or deleted."""

from __future__ import annotations

from typing import Any, Final

import msgspec

from ..models import decoder
from ..models.entitlement import Entitlement, bind_entitlement
from ..models.subscription import Subscription, bind_subscription

__all__ = ["EntitlementEvents"]

_ENTITLEMENT: Final[msgspec.json.Decoder[Entitlement]] = decoder(Entitlement)
_SUBSCRIPTION: Final[msgspec.json.Decoder[Subscription]] = decoder(Subscription)


class EntitlementEvents:
    """Parsers for entitlement and subscription dispatches (mixed into :class:`Parsers`); nothing is
    cached, as in discord.py."""

    state: Any
    dispatch: Any

    def parse_entitlement_create(self, shard: Any, d: Any) -> None:
        self._entitlement("entitlement_create", d)

    def parse_entitlement_update(self, shard: Any, d: Any) -> None:
        self._entitlement("entitlement_update", d)

    def parse_entitlement_delete(self, shard: Any, d: Any) -> None:
        self._entitlement("entitlement_delete", d)

    def _entitlement(self, event: str, d: Any) -> None:
        self.dispatch(event, bind_entitlement(self.state, _ENTITLEMENT.decode(d)))

    def parse_subscription_create(self, shard: Any, d: Any) -> None:
        self._subscription("subscription_create", d)

    def parse_subscription_update(self, shard: Any, d: Any) -> None:
        self._subscription("subscription_update", d)

    def parse_subscription_delete(self, shard: Any, d: Any) -> None:
        self._subscription("subscription_delete", d)

    def _subscription(self, event: str, d: Any) -> None:
        self.dispatch(event, bind_subscription(self.state, _SUBSCRIPTION.decode(d)))
