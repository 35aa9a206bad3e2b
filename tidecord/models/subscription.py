"""A person's subscription to the application's SKUs (recurring payments), as
discord.py's ``Subscription`` shows it. Shared by the client and the sandbox."""

from __future__ import annotations

import datetime
from typing import Any

import msgspec

from .base import UNSET, Model, OpenEnum, Snowflake, UnsetType, decode, snowflake_time

__all__ = ["Subscription", "SubscriptionStatus", "bind_subscription", "bind_subscriptions"]


class SubscriptionStatus(OpenEnum):
    """Where a subscription stands, with Discord's values: ``active`` (renews),
    ``inactive`` (not charged) or ``ending`` (cancelled, still running to its period's
    end). discord.py 2.7.1 swaps the values of ``inactive`` and ``ending``."""

    active = 0
    inactive = 1
    ending = 2


class Subscription(Model, gc=False, kw_only=True, eq=False):
    """A user's subscription (``SKU.subscriptions()``, ``on_subscription_*``). The dates
    are aware datetimes; equal to another with the same ``id``, as in discord.py::

        async for subscription in sku.subscriptions(user=member):
            print(subscription.status, subscription.current_period_end)
    """

    id: Snowflake
    user_id: Snowflake
    sku_ids: list[Snowflake] = []
    entitlement_ids: list[Snowflake] = []
    # ``null`` on the wire when nothing changes at renewal; ``renewal_sku_ids`` reads
    # that as an empty list, as discord.py does.
    renewal_sku_ids_wire: list[Snowflake] | None = msgspec.field(default=None,
                                                                name="renewal_sku_ids")
    status: SubscriptionStatus = SubscriptionStatus.active
    # ISO text on the wire; the properties of the same names read them as datetimes.
    current_period_start_iso: str = msgspec.field(name="current_period_start")
    current_period_end_iso: str = msgspec.field(name="current_period_end")
    canceled_at_iso: str | None = msgspec.field(default=None, name="canceled_at")
    # Sent only to a private OAuth scope (bots never see it): left out when absent.
    country_code: str | UnsetType = msgspec.field(default=UNSET, name="country")
    _state: Any = UNSET

    def __repr__(self) -> str:
        return f"<Subscription id={self.id} user_id={self.user_id} status={self.status!r}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Subscription) and other.id == self.id

    def __hash__(self) -> int:
        return self.id >> 22  # as discord.py hashes its models

    @property
    def renewal_sku_ids(self) -> list[Snowflake]:
        """The SKUs it will be for once it renews (empty: the same ones)."""
        return list(self.renewal_sku_ids_wire or ())

    @property
    def current_period_start(self) -> datetime.datetime:
        """When the current billing period began."""
        return datetime.datetime.fromisoformat(self.current_period_start_iso)

    @property
    def current_period_end(self) -> datetime.datetime:
        """When the current billing period ends."""
        return datetime.datetime.fromisoformat(self.current_period_end_iso)

    @property
    def canceled_at(self) -> datetime.datetime | None:
        """When it was cancelled (``None``: it was not)."""
        text = self.canceled_at_iso
        return datetime.datetime.fromisoformat(text) if text else None

    @property
    def country(self) -> str | None:
        """The payment's ISO 3166-1 alpha-2 country, when Discord says (not to bots)."""
        return None if isinstance(self.country_code, UnsetType) else self.country_code

    @property
    def created_at(self) -> datetime.datetime:
        """When it began (from its id)."""
        return snowflake_time(self.id)

    @property
    def user(self) -> Any:
        """The subscribed user, if cached."""
        return None if self._state is UNSET else self._state.cache.get_user(self.user_id)


def bind_subscription(state: Any, subscription: Subscription) -> Subscription:
    """``subscription``, knowing its client."""
    subscription._state = state
    return subscription


def bind_subscriptions(state: Any, data: bytes | None) -> list[Subscription]:
    """The subscriptions of a REST answer, knowing their client."""
    return [bind_subscription(state, s) for s in decode(data or b"[]", list[Subscription])]
