"""The client's stage call, as discord.py's ``Client.fetch_stage_instance(channel_id)``
(``get_stage_instance`` reads the cache, in ``cache/views.py``). Mixed into
:class:`tidecord.Client`.

>>> # instance = await client.fetch_stage_instance(stage_channel_id)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import decode
from .models.stage_instance import StageInstance, bind_stage_instance

if TYPE_CHECKING:
    from .events import State
    from .rest import RESTClient

__all__ = ["StageInstancesMixin"]


class StageInstancesMixin:
    """``client.fetch_stage_instance``."""

    _connection: State
    http: RESTClient

    async def fetch_stage_instance(self, channel_id: int, /) -> StageInstance:
        """GET the live instance of a stage channel (``NotFound`` when it is not live)."""
        data = await self.http.get_stage_instance(channel_id)
        return bind_stage_instance(decode(data or b"{}", StageInstance), self._connection)
