"""What a client offers for monetization: its SKUs and entitlements, as discord.py's
``Client.fetch_skus()``, ``entitlements()``, ``fetch_entitlement()`` and
``create_entitlement()``. Mixed into :class:`tidecord.Client`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any, Final

from .app_commands.errors import MissingApplicationID
from .models import decode
from .models.base import snowflake_of
from .models.entitlement import (
    SKU,
    Entitlement,
    EntitlementOwnerType,
    bind_entitlement,
    bind_entitlements,
    bind_skus,
)
from .models.paging import pages

if TYPE_CHECKING:
    from .events import State
    from .rest import RESTClient

__all__ = ["MonetizationMixin"]

_PAGE: Final = 100


class MonetizationMixin:
    """``client.fetch_skus``, ``entitlements``, ``fetch_entitlement``,
    ``create_entitlement``."""

    _connection: State
    http: RESTClient

    def _application_id(self) -> int:
        application_id = self._connection.application_id
        if application_id is None:
            raise MissingApplicationID
        return application_id

    async def fetch_skus(self) -> list[SKU]:
        """The SKUs the application sells."""
        return bind_skus(self._connection, await self.http.get_skus(self._application_id()))

    async def fetch_entitlement(self, entitlement_id: int, /) -> Entitlement:
        """GET one of the application's entitlements (``NotFound`` 10029 if none)."""
        data = await self.http.get_entitlement(self._application_id(), entitlement_id)
        return bind_entitlement(self._connection, decode(data or b"{}", Entitlement))

    async def entitlements(
        self, *, limit: int | None = 100, before: Any = None, after: Any = None,
        skus: Sequence[Any] | None = None, user: Any = None, guild: Any = None,
        exclude_ended: bool = False, exclude_deleted: bool = True,
    ) -> AsyncIterator[Entitlement]:
        """The application's entitlements, 100 a request, oldest first within each page;
        ``before`` / ``after`` take an entitlement, an id or a datetime; ``skus``,
        ``user`` and ``guild`` narrow the list::

            async for entitlement in client.entitlements(user=interaction.user):
                print(entitlement.sku_id)
        """
        application_id = self._application_id()
        if before is not None and after is not None:
            raise TypeError("entitlements pagination does not support both before and after")
        backwards = before is not None
        sku_ids = [int(getattr(s, "id", s)) for s in skus] if skus else None
        user_id = None if user is None else int(getattr(user, "id", user))
        guild_id = None if guild is None else int(getattr(guild, "id", guild))
        state = self._connection

        async def fetch(size: int, mark: int | None) -> list[Entitlement]:
            data = await self.http.get_entitlements(
                application_id, limit=size, before=mark if backwards else None,
                after=None if backwards else mark, sku_ids=sku_ids, user_id=user_id,
                guild_id=guild_id, exclude_ended=exclude_ended,
                exclude_deleted=exclude_deleted)
            return bind_entitlements(state, data)

        start = snowflake_of(before) if backwards else snowflake_of(after, high=True)
        async for page in pages(limit, _PAGE, fetch, start,
                                lambda page: page[0].id if backwards else page[-1].id):
            for entitlement in page:
                yield entitlement

    async def create_entitlement(self, sku: Any, owner: Any,
                                 owner_type: EntitlementOwnerType | int) -> None:
        """Grant a test entitlement to the ``SKU`` for a user or a guild (``owner_type``
        says which); it arrives as ``on_entitlement_create``."""
        await self.http.create_entitlement(self._application_id(), int(getattr(sku, "id", sku)),
                                           int(getattr(owner, "id", owner)), int(owner_type))
