"""Discord's own expressions, as discord.py's ``Client`` fetches them: the default
soundboard sounds every guild may play, and the premium sticker packs. Mixed into
:class:`tidecord.Client`.

>>> # sounds = await client.fetch_soundboard_default_sounds()
>>> # packs = await client.fetch_premium_sticker_packs()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import decode
from .models.soundboard import SoundboardDefaultSound, bind_sound
from .models.sticker_pack import StickerPack, StickerPacks, bind_pack

if TYPE_CHECKING:
    from .events import State
    from .rest import RESTClient

__all__ = ["ExpressionsMixin"]


class ExpressionsMixin:
    """``client.fetch_soundboard_default_sounds``, ``fetch_premium_sticker_packs``,
    ``fetch_premium_sticker_pack``."""

    _connection: State
    http: RESTClient

    async def fetch_soundboard_default_sounds(self) -> list[SoundboardDefaultSound]:
        """Discord's default soundboard sounds, which anyone may play anywhere."""
        data = await self.http.get_soundboard_default_sounds()
        return [bind_sound(s, self._connection)
                for s in decode(data or b"[]", list[SoundboardDefaultSound])]

    async def fetch_premium_sticker_packs(self) -> list[StickerPack]:
        """Discord's premium sticker packs, each with its stickers."""
        data = await self.http.list_premium_sticker_packs()
        packs = decode(data or b'{"sticker_packs": []}', StickerPacks).sticker_packs
        return [bind_pack(p, self._connection) for p in packs]

    async def fetch_premium_sticker_pack(self, sticker_pack_id: int, /) -> StickerPack:
        """One premium sticker pack (``NotFound`` 10061 if there is none such)."""
        data = await self.http.get_sticker_pack(sticker_pack_id)
        return bind_pack(decode(data or b"{}", StickerPack), self._connection)
