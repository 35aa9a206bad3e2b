"""Monetization: the SKUs an application sells and the entitlements that say who owns
one, as discord.py's ``SKU`` and ``Entitlement`` show them."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from typing import Any

import msgspec

from .base import (
    UNSET,
    Model,
    OpenEnum,
    Snowflake,
    UnsetType,
    decode,
    none_if_unset,
    snowflake_of,
    snowflake_time,
)
from .flags import Flags, _bit
from .paging import pages
from .subscription import Subscription, bind_subscription, bind_subscriptions

__all__ = ["SKU", "Entitlement", "EntitlementOwnerType", "EntitlementType", "SKUFlags",
           "SKUType", "bind_entitlement", "bind_entitlements", "bind_sku", "bind_skus"]


class SKUType(OpenEnum):
    """What an SKU sells: a one-time ``durable`` or ``consumable`` purchase, or a
    ``subscription`` (``subscription_group`` is Discord's own wrapper of those)."""

    durable = 2
    consumable = 3
    subscription = 5
    subscription_group = 6


class EntitlementType(OpenEnum):
    """How an entitlement came about (bought, gifted, a test purchase...)."""

    purchase = 1
    premium_subscription = 2
    developer_gift = 3
    test_mode_purchase = 4
    free_purchase = 5
    user_gift = 6
    premium_purchase = 7
    application_subscription = 8


class EntitlementOwnerType(OpenEnum):
    """Who a test entitlement is granted to (``Client.create_entitlement``)."""

    guild = 1
    user = 2


class SKUFlags(Flags):
    """An SKU's flags: whether it is on sale, and who a subscription is for."""

    __slots__ = ()
    available = _bit(2)
    guild_subscription = _bit(7)
    user_subscription = _bit(8)


class SKU(Model, gc=False, kw_only=True, eq=False):
    """Something the application sells (``Client.fetch_skus()``). Two SKUs are equal
    only when they are the same object, as in discord.py: compare ``id``.

    >>> # premium = next(s for s in await client.fetch_skus() if s.slug == "premium")
    """

    id: Snowflake
    type: SKUType
    application_id: Snowflake
    name: str
    slug: str
    # An integer on the wire; ``flags`` makes the SKUFlags of it on access.
    flags_value: int = msgspec.field(default=0, name="flags")
    _state: Any = UNSET

    def __repr__(self) -> str:
        return f"<SKU id={self.id} name={self.name!r} slug={self.slug!r}>"

    async def fetch_subscription(self, subscription_id: int, /) -> Subscription:
        """GET one of the SKU's subscriptions by id (``NotFound`` if none)."""
        data = await self._state.http.get_sku_subscription(self.id, subscription_id)
        return bind_subscription(self._state, decode(data or b"{}", Subscription))

    async def subscriptions(self, *, limit: int | None = 50, before: Any = None,
                            after: Any = None, user: Any) -> AsyncIterator[Subscription]:
        """A user's subscriptions to this SKU, 100 a request, oldest first within each
        page; ``before`` / ``after`` take a subscription, an id or a datetime::

            async for subscription in sku.subscriptions(user=interaction.user):
                print(subscription.status)
        """
        if before is not None and after is not None:
            raise TypeError("subscriptions pagination does not support both before and after")
        backwards = before is not None
        user_id = int(getattr(user, "id", user))
        state, http = self._state, self._state.http

        async def fetch(size: int, mark: int | None) -> list[Subscription]:
            data = await http.get_sku_subscriptions(
                self.id, limit=size, before=mark if backwards else None,
                after=None if backwards else mark, user_id=user_id)
            return bind_subscriptions(state, data)

        start = snowflake_of(before) if backwards else snowflake_of(after, high=True)
        async for page in pages(limit, 100, fetch, start,
                                lambda page: page[0].id if backwards else page[-1].id):
            for subscription in page:
                yield subscription

    @property
    def flags(self) -> SKUFlags:
        """The SKU's :class:`SKUFlags`."""
        return SKUFlags._from_value(self.flags_value)

    @property
    def created_at(self) -> datetime.datetime:
        """When the SKU was made (from its id)."""
        return snowflake_time(self.id)


class Entitlement(Model, gc=False, kw_only=True, eq=False):
    """That a user or a guild owns an SKU. ``starts_at`` and ``ends_at`` are aware
    datetimes, or ``None`` (test entitlements never end). Equal only to itself, as in
    discord.py: compare ``id``::

        async for entitlement in client.entitlements(user=member, exclude_ended=True):
            print(entitlement.sku_id, entitlement.ends_at)
    """

    id: Snowflake
    sku_id: Snowflake
    application_id: Snowflake
    # Left out by Discord when they do not apply (hikari reads a null one as an id):
    # ``user_id`` and ``guild_id`` read them, ``None`` when left out.
    user_id_value: Snowflake | UnsetType | None = msgspec.field(default=UNSET, name="user_id")
    guild_id_value: Snowflake | UnsetType | None = msgspec.field(default=UNSET, name="guild_id")
    type: EntitlementType
    deleted: bool = False
    consumed: bool = False
    # ISO text on the wire; ``starts_at`` / ``ends_at`` read them as datetimes.
    starts_at_iso: str | None = msgspec.field(default=None, name="starts_at")
    ends_at_iso: str | None = msgspec.field(default=None, name="ends_at")
    _state: Any = UNSET

    def __repr__(self) -> str:
        return f"<Entitlement id={self.id} type={self.type!r} user_id={self.user_id}>"

    @property
    def user_id(self) -> int | None:
        """The id of the user it was granted to (or who bought it for a guild)."""
        return none_if_unset(self.user_id_value)  # type: ignore[no-any-return]

    @property
    def guild_id(self) -> int | None:
        """The id of the guild it was granted to, if any."""
        return none_if_unset(self.guild_id_value)  # type: ignore[no-any-return]

    @property
    def starts_at(self) -> datetime.datetime | None:
        """When it starts (``None``: it always held)."""
        return _when(self.starts_at_iso)

    @property
    def ends_at(self) -> datetime.datetime | None:
        """When it ends (``None``: never)."""
        return _when(self.ends_at_iso)

    @property
    def created_at(self) -> datetime.datetime:
        """When it was made (from its id)."""
        return snowflake_time(self.id)

    @property
    def user(self) -> Any:
        """The user it was granted to, if cached."""
        if self.user_id is None or self._state is UNSET:
            return None
        return self._state.cache.get_user(self.user_id)

    @property
    def guild(self) -> Any:
        """The guild it was granted to, if cached."""
        if self.guild_id is None or self._state is UNSET:
            return None
        return self._state.cache.guilds.get(self.guild_id)

    def is_expired(self) -> bool:
        """Whether it has ended (never, for one without an end, such as a test one)."""
        ends = self.ends_at
        return ends is not None and datetime.datetime.now(datetime.UTC) >= ends

    async def consume(self) -> None:
        """Mark a one-time ``consumable`` purchase as used."""
        await self._state.http.consume_entitlement(self.application_id, self.id)

    async def delete(self) -> None:
        """Delete it (only test entitlements can be)."""
        await self._state.http.delete_entitlement(self.application_id, self.id)


def _when(text: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(text) if text else None


def bind_sku(state: Any, sku: SKU) -> SKU:
    """``sku``, knowing its client (to read its subscriptions)."""
    sku._state = state
    return sku


def bind_skus(state: Any, data: bytes | None) -> list[SKU]:
    """The SKUs of a REST answer, knowing their client."""
    return [bind_sku(state, s) for s in decode(data or b"[]", list[SKU])]


def bind_entitlement(state: Any, entitlement: Entitlement) -> Entitlement:
    """``entitlement``, knowing its client."""
    entitlement._state = state
    return entitlement


def bind_entitlements(state: Any, data: bytes | None) -> list[Entitlement]:
    """The entitlements of a REST answer, knowing their client."""
    return [bind_entitlement(state, e) for e in decode(data or b"[]", list[Entitlement])]
