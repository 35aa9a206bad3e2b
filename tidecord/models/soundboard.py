"""Soundboard sounds: Discord's own (``SoundboardDefaultSound``) and a guild's
(``SoundboardSound``), played in voice channels.

One declaration serves the client (``guild.soundboard_sounds``,
``on_soundboard_sound_create``...) and the sandbox, which keeps and encodes the same
structs. The sound's id is ``sound_id`` on the wire.

>>> # sound = await guild.create_soundboard_sound(name="quack", sound=mp3_bytes, emoji="🦆")
>>> # await sound.edit(volume=0.5)
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from .asset import CDN_URL, AssetMixin
from .base import UNSET, Model, Snowflake, UnsetType, decode, snowflake_time
from .emoji import PartialEmoji
from .user import User

__all__ = ["BaseSoundboardSound", "GuildSoundboard", "SoundboardDefaultSound",
           "SoundboardSound", "bind_sound", "sound_emoji_fields"]

T = TypeVar("T")


class BaseSoundboardSound(Model, AssetMixin, gc=False, kw_only=True):
    """What every sound has: its id, volume (0 to 1) and file URL (``read``, ``save``,
    ``to_file`` download it)."""

    id: Snowflake = msgspec.field(name="sound_id")
    volume: float = 1.0
    _state: Any = UNSET

    def __eq__(self, other: object) -> bool:
        if isinstance(other, type(self)):
            return other.id == self.id
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.id) >> 22

    @property
    def url(self) -> str:
        """Where its MP3 or Ogg file is."""
        return f"{CDN_URL}/soundboard-sounds/{self.id}"


class SoundboardDefaultSound(BaseSoundboardSound, gc=False, kw_only=True):
    """One of Discord's own sounds, available everywhere
    (``client.fetch_soundboard_default_sounds()``)."""

    name: str
    emoji_name: str | None = None
    emoji_id: Snowflake | None = None

    @property
    def emoji(self) -> PartialEmoji:
        """The Unicode emoji it shows."""
        return PartialEmoji(name=self.emoji_name)

    def __repr__(self) -> str:
        return (f"<SoundboardDefaultSound id={self.id!r} name={self.name!r} "
                f"volume={self.volume!r} emoji={self.emoji!r}>")


class SoundboardSound(BaseSoundboardSound, gc=False, kw_only=True):
    """A guild's sound: ``edit`` and ``delete`` it with Manage Expressions (or Create
    Expressions, for one the bot made)."""

    name: str
    emoji_id: Snowflake | None = None
    emoji_name: str | None = None
    guild_id: Snowflake | UnsetType = UNSET
    available: bool = True
    # ``user`` on the wire: there for those who may create or manage expressions.
    user_data: User | UnsetType = msgspec.field(default=UNSET, name="user")
    user_id: Snowflake | UnsetType = UNSET

    def __repr__(self) -> str:
        return (f"<SoundboardSound id={self.id!r} name={self.name!r} volume={self.volume!r} "
                f"emoji={self.emoji!r} user={self.user!r}>")

    @property
    def emoji(self) -> PartialEmoji | None:
        """Its emoji (custom by id, or Unicode by name), None if it has none."""
        if self.emoji_id is None and self.emoji_name is None:
            return None
        return PartialEmoji(id=self.emoji_id, name=self.emoji_name)

    @property
    def created_at(self) -> datetime.datetime:
        """When it was uploaded."""
        return snowflake_time(self.id)

    @property
    def user(self) -> User | None:
        """Who uploaded it (None unless the answer said, or the cache knows them)."""
        if not isinstance(self.user_data, UnsetType):
            return self.user_data
        if isinstance(self.user_id, UnsetType) or self._state is UNSET:
            return None
        found: User | None = self._state.cache.get_user(self.user_id)
        return found

    @property
    def guild(self) -> Any:
        """The cached guild it belongs to, or None."""
        if self._state is UNSET or isinstance(self.guild_id, UnsetType):
            return None
        return self._state.cache.guilds.get(self.guild_id)

    async def edit(self, *, name: str | UnsetType = UNSET,
                   volume: float | UnsetType | None = UNSET, emoji: Any = UNSET,
                   reason: str | None = None) -> SoundboardSound:
        """Change its name (2 to 32 characters), volume (0 to 1) or emoji
        (``None``: none); returns the edited sound."""
        fields: dict[str, Any] = {}
        if not isinstance(name, UnsetType):
            fields["name"] = name
        if not isinstance(volume, UnsetType):
            fields["volume"] = volume
        if emoji is not UNSET:
            fields.update(sound_emoji_fields(emoji, clear=True))
        data = await self._state.http.edit_soundboard_sound(self._guild(), self.id, fields,
                                                            reason=reason)
        return bind_sound(decode(data, SoundboardSound), self._state, self._guild())

    async def delete(self, *, reason: str | None = None) -> None:
        """Delete it from its guild."""
        await self._state.http.delete_soundboard_sound(self._guild(), self.id, reason=reason)

    def _guild(self) -> int:
        return 0 if isinstance(self.guild_id, UnsetType) else int(self.guild_id)


def sound_emoji_fields(emoji: Any, *, clear: bool = False) -> dict[str, Any]:
    """``emoji_id`` or ``emoji_name`` for an :class:`Emoji`, a ``"<:name:id>"`` or a
    Unicode string; with ``clear``, ``None`` sends both as null (no emoji)."""
    if emoji is None:
        return {"emoji_id": None, "emoji_name": None} if clear else {}
    if isinstance(emoji, str):
        emoji = PartialEmoji.from_str(emoji)
    emoji_id = getattr(emoji, "id", None)
    if emoji_id is not None:
        return {"emoji_id": str(emoji_id)}
    return {"emoji_name": getattr(emoji, "name", None)}


def bind_sound(sound: T, state: Any, guild_id: int | None = None) -> T:
    """``sound``, bound so that ``guild``, ``user``, ``edit`` and ``delete`` work (and
    given its guild, when the wire left the id out)."""
    sound._state = state  # type: ignore[attr-defined]
    if guild_id is not None and getattr(sound, "guild_id", None) is UNSET:
        sound.guild_id = Snowflake(guild_id)  # type: ignore[attr-defined]
    return sound


class _Items(msgspec.Struct):
    # GET /guilds/{id}/soundboard-sounds answers ``{"items": [...]}``.
    items: list[SoundboardSound]


class GuildSoundboard:
    """The soundboard calls of discord.py's ``Guild`` (mixed into
    :class:`~tidecord.Guild`; the cache keeps the sounds from GUILD_CREATE and the
    soundboard events)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: Snowflake
        soundboard_data: Any

    @property
    def soundboard_sounds(self) -> list[SoundboardSound]:
        """The guild's sounds, as cached."""
        sounds = self.soundboard_data
        return list(sounds.values()) if isinstance(sounds, dict) else []

    def get_soundboard_sound(self, sound_id: int, /) -> SoundboardSound | None:
        """A cached sound of the guild, by id."""
        sounds = self.soundboard_data
        return sounds.get(sound_id) if isinstance(sounds, dict) else None

    async def fetch_soundboard_sounds(self) -> list[SoundboardSound]:
        """GET the guild's sounds (each with its uploader, given Create or Manage
        Expressions)."""
        data = await self._state.http.get_soundboard_sounds(self.id)
        return [bind_sound(s, self._state, self.id)
                for s in decode(data or b'{"items": []}', _Items).items]

    async def fetch_soundboard_sound(self, sound_id: int, /) -> SoundboardSound:
        """GET one sound of the guild (``NotFound`` 10097 if there is none)."""
        data = await self._state.http.get_soundboard_sound(self.id, sound_id)
        return bind_sound(decode(data or b"{}", SoundboardSound), self._state, self.id)

    async def create_soundboard_sound(self, *, name: str, sound: bytes, volume: float = 1,
                                      emoji: Any = None,
                                      reason: str | None = None) -> SoundboardSound:
        """Upload a sound: MP3 or Ogg bytes of at most 512 KiB (and 5.2 seconds).
        Needs Create Expressions.

        >>> # await guild.create_soundboard_sound(name="quack", sound=mp3, emoji="🦆")
        """
        from ..rest.payloads import audio_data  # rest imports the models

        fields: dict[str, Any] = {"name": name, "sound": audio_data(sound), "volume": volume,
                                  "emoji_id": None, "emoji_name": None}
        fields.update(sound_emoji_fields(emoji))
        data = await self._state.http.create_soundboard_sound(self.id, fields, reason=reason)
        return bind_sound(decode(data or b"{}", SoundboardSound), self._state, self.id)
