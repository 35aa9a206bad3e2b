"""What a client knows without asking Discord: the cache, as discord.py spells it.

Mixed into :class:`tidecord.Client`; every method reads the cache and nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models import Channel, Emoji, Guild, GuildSticker, User
from ..models.soundboard import SoundboardSound

if TYPE_CHECKING:
    from ..events.state import State
    from ..models.stage_instance import StageInstance

__all__ = ["CacheViews"]


class CacheViews:
    """``client.user``, ``client.guilds``, ``client.get_channel(id)``..."""

    _connection: State

    @property
    def user(self) -> User | None:
        """The bot's own user (``None`` before login)."""
        return self._connection.user

    @property
    def application_id(self) -> int | None:
        """The bot's application id."""
        return self._connection.application_id

    @property
    def guilds(self) -> list[Guild]:
        """Every guild the bot is in."""
        return list(self._connection.cache.guilds.values())

    @property
    def users(self) -> list[User]:
        """Every user the cache knows (decodes members still kept as wire bytes)."""
        return self._connection.cache.all_users()

    @property
    def emojis(self) -> list[Emoji]:
        """The custom emojis of every guild the bot is in."""
        return [e for g in self._connection.cache.guilds.values() for e in g.emojis]

    def get_emoji(self, emoji_id: int, /) -> Emoji | None:
        """A custom emoji of a guild the bot is in, by id."""
        return next((e for e in self.emojis if e.id == emoji_id), None)

    @property
    def stickers(self) -> list[GuildSticker]:
        """The stickers of every guild the bot is in."""
        return [s for g in self._connection.cache.guilds.values() for s in g.stickers]

    def get_sticker(self, sticker_id: int, /) -> GuildSticker | None:
        """A sticker of a guild the bot is in, by id (Discord's own: ``fetch_sticker``)."""
        return next((s for s in self.stickers if s.id == sticker_id), None)

    @property
    def soundboard_sounds(self) -> list[SoundboardSound]:
        """The soundboard sounds of every guild the bot is in."""
        return [s for g in self._connection.cache.guilds.values() for s in g.soundboard_sounds]

    def get_soundboard_sound(self, sound_id: int, /) -> SoundboardSound | None:
        """A soundboard sound of a guild the bot is in, by id."""
        for guild in self._connection.cache.guilds.values():
            found = guild.get_soundboard_sound(sound_id)
            if found is not None:
                return found
        return None

    @property
    def cached_messages(self) -> list[Any]:
        """Cached messages, oldest first."""
        return self._connection.cache.messages

    @property
    def private_channels(self) -> list[Channel]:
        """Cached DM channels."""
        return list(self._connection.cache.dm_by_user.values())

    def get_guild(self, guild_id: int, /) -> Guild | None:
        """A cached guild."""
        return self._connection.cache.guilds.get(guild_id)

    def get_channel(self, channel_id: int, /) -> Channel | None:
        """A cached channel or thread (any guild) or DM."""
        return self._connection.cache.channels.get(channel_id)

    def get_stage_instance(self, id: int, /) -> StageInstance | None:
        """The live instance of the cached stage channel ``id`` (as discord.py, the
        stage channel's id, not the instance's)."""
        channel = self._connection.cache.channels.get(id)
        return channel.instance if channel is not None and channel.type == 13 else None

    def get_user(self, user_id: int, /) -> User | None:
        """A cached user (a member of any guild, decoded on first access)."""
        return self._connection.cache.get_user(user_id)

    def get_all_channels(self) -> list[Channel]:
        """Every cached guild channel."""
        return [c for c in self._connection.cache.channels.values() if not c.is_dm]

    def get_all_members(self) -> list[Any]:
        """Every cached member of every guild."""
        out: list[Any] = []
        for guild in self._connection.cache.guilds.values():
            members = guild.members
            if isinstance(members, dict):
                out.extend(members.values())
        return out
