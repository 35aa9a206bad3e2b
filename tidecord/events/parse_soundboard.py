"""Soundboard dispatches: a guild's sounds uploaded, changed (one, or several at once
when the guild's boosts change what is available) and deleted; the cache keeps each
guild's sounds by id (``guild.soundboard_sounds``)."""

from __future__ import annotations

import logging
from typing import Any, Final

import msgspec

from ..models import Snowflake, decoder
from ..models.base import UNSET, Model
from ..models.soundboard import SoundboardSound, bind_sound

__all__ = ["SoundboardEvents"]

log = logging.getLogger("tidecord.events")


class _Deleted(Model, kw_only=True):
    sound_id: Snowflake
    guild_id: Snowflake


class _Sounds(Model, kw_only=True):
    soundboard_sounds: list[SoundboardSound]
    guild_id: Snowflake


_SOUND: Final[msgspec.json.Decoder[SoundboardSound]] = decoder(SoundboardSound)
_DELETED: Final[msgspec.json.Decoder[_Deleted]] = decoder(_Deleted)
_SOUNDS: Final[msgspec.json.Decoder[_Sounds]] = decoder(_Sounds)


class SoundboardEvents:
    """Parsers for soundboard dispatches (mixed into :class:`Parsers`); as in
    discord.py, events of an uncached guild or sound are dropped."""

    state: Any
    cache: Any
    dispatch: Any

    def _sounds_of(self, guild_id: Any, what: str) -> dict[int, SoundboardSound] | None:
        guild = self.cache.guilds.get(guild_id)
        sounds = getattr(guild, "soundboard_data", None)
        if not isinstance(sounds, dict):
            log.debug("%s referencing an unknown guild %s: discarded", what, guild_id)
            return None
        return sounds

    def parse_guild_soundboard_sound_create(self, shard: Any, d: Any) -> None:
        sound = _SOUND.decode(d)
        sounds = self._sounds_of(sound.guild_id, "GUILD_SOUNDBOARD_SOUND_CREATE")
        if sounds is not None:
            sounds[sound.id] = bind_sound(sound, self.state)
            self.dispatch("soundboard_sound_create", sound)

    def parse_guild_soundboard_sound_update(self, shard: Any, d: Any) -> None:
        sound = _SOUND.decode(d)
        self._updated(sound.guild_id, [sound], "GUILD_SOUNDBOARD_SOUND_UPDATE")

    def parse_guild_soundboard_sounds_update(self, shard: Any, d: Any) -> None:
        event = _SOUNDS.decode(d)
        self._updated(event.guild_id, event.soundboard_sounds, "GUILD_SOUNDBOARD_SOUNDS_UPDATE")

    def _updated(self, guild_id: Any, changed: list[SoundboardSound], what: str) -> None:
        sounds = self._sounds_of(guild_id, what)
        if sounds is None:
            return
        for sound in changed:
            old = sounds.get(sound.id)
            if old is None:
                log.warning("%s referencing an unknown sound %s: discarded", what, sound.id)
                continue
            if sound.user_data is UNSET:  # who made it does not change
                sound.user_data, sound.user_id = old.user_data, old.user_id
            sounds[sound.id] = bind_sound(sound, self.state, int(guild_id))
            self.dispatch("soundboard_sound_update", old, sound)

    def parse_guild_soundboard_sound_delete(self, shard: Any, d: Any) -> None:
        event = _DELETED.decode(d)
        sounds = self._sounds_of(event.guild_id, "GUILD_SOUNDBOARD_SOUND_DELETE")
        if sounds is None:
            return
        sound = sounds.pop(event.sound_id, None)
        if sound is None:
            log.warning("GUILD_SOUNDBOARD_SOUND_DELETE referencing an unknown sound %s: "
                        "discarded", event.sound_id)
            return
        self.dispatch("soundboard_sound_delete", sound)
