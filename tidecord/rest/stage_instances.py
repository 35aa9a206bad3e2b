"""Stage instances: ``/stage-instances`` and ``/stage-instances/{channel_id}``."""

from __future__ import annotations

from typing import Any

from .http import HTTPClient
from .route import Route

__all__ = ["StageInstanceEndpoints"]

_STAGES = "/stage-instances"
_STAGE = _STAGES + "/{channel_id}"


class StageInstanceEndpoints(HTTPClient):
    """Start, read, change and end a stage (a base of :class:`RESTClient`)."""

    async def get_stage_instance(self, channel_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _STAGE, channel_id=channel_id))

    async def create_stage_instance(self, fields: dict[str, Any],
                                    reason: str | None = None) -> bytes | None:
        return await self.request_raw(Route("POST", _STAGES), json=fields, reason=reason)

    async def edit_stage_instance(self, channel_id: int, fields: dict[str, Any],
                                  reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _STAGE, channel_id=channel_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def delete_stage_instance(self, channel_id: int, reason: str | None = None) -> None:
        await self.request_raw(Route("DELETE", _STAGE, channel_id=channel_id), reason=reason)
