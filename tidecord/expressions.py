"""Discord's own expressions, as discord.py's ``Client`` fetches them: the default
soundboard sounds every guild may play. Mixed into :class:`tidecord.Client`.

>>> # sounds = await client.fetch_soundboard_default_sounds()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import decode
from .models.soundboard import SoundboardDefaultSound, bind_sound

if TYPE_CHECKING:
    from .events import State
    from .rest import RESTClient

__all__ = ["ExpressionsMixin"]


class ExpressionsMixin:
    """``client.fetch_soundboard_default_sounds``."""

    _connection: State
    http: RESTClient

    async def fetch_soundboard_default_sounds(self) -> list[SoundboardDefaultSound]:
        """Discord's default soundboard sounds, which anyone may play anywhere."""
        data = await self.http.get_soundboard_default_sounds()
        return [bind_sound(s, self._connection)
                for s in decode(data or b"[]", list[SoundboardDefaultSound])]
