"""Monetization: the SKUs the world's application sells, and the entitlements granted
to people and guilds. Granting, consuming and deleting one sends ENTITLEMENT_CREATE,
_UPDATE and _DELETE (no intent needed); interactions carry their invoker's active
entitlements, and their guild's."""

from __future__ import annotations

import msgspec

from tidecord.models import UNSET, Snowflake
from tidecord.models.entitlement import (
    SKU,
    Entitlement,
    EntitlementOwnerType,
    EntitlementType,
    SKUType,
)

from ..snowflakes import iso_timestamp
from .core import StateCore, StateError

__all__ = ["EntitlementOps"]


class EntitlementOps(StateCore):
    """The application's SKUs and entitlements."""

    def sku(self, sku_id: int) -> SKU:
        """One of the application's SKUs; 10027 when there is none."""
        sku = self.skus.get(int(sku_id))
        if sku is None:
            raise StateError(10027, "Unknown SKU", 404)
        return sku

    def entitlement(self, entitlement_id: int) -> Entitlement:
        """One of the application's entitlements; 10029 when there is none."""
        entitlement = self.entitlements.get(int(entitlement_id))
        if entitlement is None:
            raise StateError(10029, "Unknown Entitlement", 404)
        return entitlement

    def active_entitlements(self, user_id: int, guild_id: int | None) -> list[Entitlement]:
        """What a person holds, and the guild they are in (not deleted, not ended)."""
        now = self.now_iso()
        return [e for e in self.entitlements.values()
                if not e.deleted and (e.ends_at_iso is None or e.ends_at_iso > now)
                and ((e.user_id == user_id and e.guild_id is None)
                     or (guild_id is not None and e.guild_id == guild_id))]

    def grant_test_entitlement(self, sku_id: int, owner_id: int,
                               owner_type: EntitlementOwnerType) -> Entitlement:
        """A test entitlement to an SKU for a person (their id) or a guild: no start and
        no end. ENTITLEMENT_CREATE."""
        return self.grant_entitlement(sku_id, owner_id, owner_type,
                                      EntitlementType.test_mode_purchase)

    def grant_entitlement(self, sku_id: int, owner_id: int, owner_type: EntitlementOwnerType,
                          kind: EntitlementType, *, days: int | None = None,
                          buyer: int | None = None) -> Entitlement:
        """An entitlement of ``kind`` to an SKU for a person or a guild (bought by
        ``buyer``), from now on (a test one has no start) and for ``days`` if given.
        ENTITLEMENT_CREATE."""
        self.sku(sku_id)
        guild = owner_type == EntitlementOwnerType.guild
        if guild:
            self.guild(owner_id)
        else:
            self.user(owner_id)
        now = self.clock.time_ms()
        test = kind == EntitlementType.test_mode_purchase
        entitlement = Entitlement(
            id=self.new_id(), sku_id=Snowflake(sku_id), application_id=self.application.id,
            user_id_value=Snowflake(buyer) if buyer is not None else
            UNSET if guild else Snowflake(owner_id),
            guild_id_value=Snowflake(owner_id) if guild else UNSET, type=kind,
            starts_at_iso=None if test else iso_timestamp(now),
            ends_at_iso=None if days is None else iso_timestamp(now + days * 86_400_000))
        self.entitlements[int(entitlement.id)] = entitlement
        self.emit("ENTITLEMENT_CREATE", entitlement)
        return entitlement

    def consume_entitlement(self, entitlement_id: int) -> Entitlement:
        """Mark a one-time consumable purchase used: ENTITLEMENT_UPDATE (the first time).
        Other SKU types cannot be consumed."""
        entitlement = self.entitlement(entitlement_id)
        if self.skus[int(entitlement.sku_id)].type != SKUType.consumable:
            # Discord documents no code for this: 0, its general error, is a guess.
            raise StateError(0, "Only consumable SKU entitlements can be consumed")
        if not entitlement.consumed:
            entitlement = self._replace(entitlement, consumed=True)
            self.emit("ENTITLEMENT_UPDATE", entitlement)
        return entitlement

    def delete_entitlement(self, entitlement_id: int) -> Entitlement:
        """Delete a test entitlement (it stays listed as ``deleted`` when asked):
        ENTITLEMENT_DELETE."""
        entitlement = self.entitlement(entitlement_id)
        if entitlement.type != EntitlementType.test_mode_purchase:
            raise StateError(0, "Only test entitlements can be deleted")  # code: a guess
        if entitlement.deleted:
            raise StateError(10029, "Unknown Entitlement", 404)
        entitlement = self._replace(entitlement, deleted=True)
        self.emit("ENTITLEMENT_DELETE", entitlement)
        return entitlement

    def _replace(self, entitlement: Entitlement, **changes: object) -> Entitlement:
        changed = msgspec.structs.replace(entitlement, **changes)
        self.entitlements[int(changed.id)] = changed
        return changed
