"""Entitlement dispatches: one made, changed (consumed, ended) or deleted."""

from __future__ import annotations

from typing import Any, Final

import msgspec

from ..models import decoder
from ..models.entitlement import Entitlement, bind_entitlement

__all__ = ["EntitlementEvents"]

_ENTITLEMENT: Final[msgspec.json.Decoder[Entitlement]] = decoder(Entitlement)


class EntitlementEvents:
    """Parsers for entitlement dispatches (mixed into :class:`Parsers`); nothing is
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
