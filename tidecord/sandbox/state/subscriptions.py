"""Subscriptions: a person paying for a subscription SKU, period after period. One
starts with a purchase (SUBSCRIPTION_CREATE), is cancelled (``ending`` with its
``canceled_at``: SUBSCRIPTION_UPDATE), and goes ``inactive`` once the clock passes its
period's end, as its entitlement ends then too: the sandbox takes no payments, so
nothing renews (SUBSCRIPTION_UPDATE)."""

from __future__ import annotations

import msgspec

from tidecord.models import Snowflake
from tidecord.models.subscription import Subscription, SubscriptionStatus

from ..snowflakes import iso_timestamp
from .core import StateCore, StateError

__all__ = ["SubscriptionOps"]

# Discord documents no "Unknown Subscription" error: this code is a guess (the
# sandbox's own), answered with 404 as its other unknown objects.
UNKNOWN_SUBSCRIPTION = 10000


class SubscriptionOps(StateCore):
    """People's subscriptions to the application's SKUs."""

    def subscription(self, sku_id: int, subscription_id: int) -> Subscription:
        """A subscription to ``sku_id``; 404 when there is none."""
        self.end_due_subscriptions()
        subscription = self.subscriptions.get(int(subscription_id))
        if subscription is None or int(sku_id) not in subscription.sku_ids:
            raise StateError(UNKNOWN_SUBSCRIPTION, "Unknown Subscription", 404)
        return subscription

    def start_subscription(self, user_id: int, sku_id: int, entitlement_id: int, *,
                           days: int = 30, now: int | None = None) -> Subscription:
        """``user_id`` subscribes to ``sku_id`` for ``days`` from ``now`` (the sandbox
        clock's ms; default: its reading), granted by the entitlement
        ``entitlement_id``. SUBSCRIPTION_CREATE."""
        if now is None:
            now = self.clock.time_ms()
        subscription = Subscription(
            id=self.ids.at(now), user_id=Snowflake(user_id), sku_ids=[Snowflake(sku_id)],
            entitlement_ids=[Snowflake(entitlement_id)], status=SubscriptionStatus.active,
            current_period_start_iso=iso_timestamp(now),
            current_period_end_iso=iso_timestamp(now + days * 86_400_000))
        self.subscriptions[int(subscription.id)] = subscription
        self.emit("SUBSCRIPTION_CREATE", subscription)
        return subscription

    def cancel_subscription(self, subscription_id: int) -> Subscription:
        """The subscriber cancels: ``ending`` (it runs to its period's end), with when
        they did. SUBSCRIPTION_UPDATE; nothing when it is no longer active."""
        subscription = self.subscriptions.get(int(subscription_id))
        if subscription is None:
            raise StateError(UNKNOWN_SUBSCRIPTION, "Unknown Subscription", 404)
        if subscription.status != SubscriptionStatus.active:
            return subscription
        return self._change(subscription, status=SubscriptionStatus.ending,
                            canceled_at_iso=self.now_iso())

    def end_due_subscriptions(self) -> None:
        """Every subscription whose period is over goes ``inactive`` (the clock moved,
        or time passed)."""
        now = self.now_iso()
        for subscription in list(self.subscriptions.values()):
            if (subscription.status != SubscriptionStatus.inactive
                    and subscription.current_period_end_iso <= now):
                self._change(subscription, status=SubscriptionStatus.inactive)

    def _change(self, subscription: Subscription, **changes: object) -> Subscription:
        changed = msgspec.structs.replace(subscription, **changes)
        self.subscriptions[int(changed.id)] = changed
        self.emit("SUBSCRIPTION_UPDATE", changed)
        return changed
