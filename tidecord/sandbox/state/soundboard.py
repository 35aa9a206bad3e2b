"""Soundboard sounds: Discord's defaults, and each guild's own.

Uploading, changing and deleting a guild's sound sends GUILD_SOUNDBOARD_SOUND_CREATE,
_UPDATE and _DELETE; a change to many at once (the guild lost or regained the boosts
that made them available) GUILD_SOUNDBOARD_SOUNDS_UPDATE; all with the
GUILD_EXPRESSIONS intent. GUILD_CREATE lists the guild's sounds.
"""

from __future__ import annotations

from typing import Any, Final

import msgspec

from tidecord.models import Snowflake, to_builtins
from tidecord.models.soundboard import SoundboardDefaultSound, SoundboardSound

from .core import StateCore, StateError

__all__ = ["DEFAULT_SOUNDS", "SOUND_SLOTS", "SoundboardOps"]

#: Discord's default sounds, as GET /soundboard-default-sounds lists them.
DEFAULT_SOUNDS: Final = tuple(
    SoundboardDefaultSound(id=Snowflake(sid), name=name, emoji_name=emoji, volume=1.0)
    for sid, name, emoji in (
        (1, "quack", "\N{DUCK}"), (2, "airhorn", "\N{SPEAKER WITH THREE SOUND WAVES}"),
        (3, "cricket", "\N{CRICKET}"), (4, "golf clap", "\N{FLAG IN HOLE}"),
        (5, "sad horn", "\N{TRUMPET}"), (7, "ba dum tss", "\N{DRUM WITH DRUMSTICKS}")))
#: Sounds a guild may have by boost tier (Discord's help centre: 8, 24, 36, 48).
SOUND_SLOTS: Final = (8, 24, 36, 48)


class SoundboardOps(StateCore):
    """The guilds' soundboard sounds."""

    def soundboard_sounds(self, guild_id: int) -> list[SoundboardSound]:
        """A guild's sounds, oldest first."""
        return list(self.soundboard.get(int(guild_id), {}).values())

    def soundboard_sound(self, guild_id: int, sound_id: int) -> SoundboardSound:
        """A sound of the guild; 10097 when there is none."""
        sound = self.soundboard.get(int(guild_id), {}).get(int(sound_id))
        if sound is None:
            raise StateError(10097, "Unknown Sound", 404)
        return sound

    def sound_slots(self, guild_id: int) -> int:
        """How many sounds the guild may have."""
        return SOUND_SLOTS[min(int(self.guild(guild_id).premium_tier or 0), 3)]

    def add_soundboard_sound(self, guild_id: int, name: str, *, user_id: int,
                             volume: float = 1.0, emoji_id: int | None = None,
                             emoji_name: str | None = None) -> SoundboardSound:
        """Keep a new sound of ``user_id``'s: GUILD_SOUNDBOARD_SOUND_CREATE (30045 when
        the guild's slots are full)."""
        gid = int(guild_id)
        slots = self.sound_slots(gid)
        if len(self.soundboard.get(gid, {})) >= slots:
            raise StateError(30045, f"Maximum number of soundboard sounds reached ({slots})")
        sound = SoundboardSound(
            id=self.new_id(), name=name, volume=float(volume), guild_id=Snowflake(gid),
            emoji_id=Snowflake(emoji_id) if emoji_id is not None else None,
            emoji_name=emoji_name, available=True, user_data=self.users[int(user_id)])
        self.soundboard.setdefault(gid, {})[int(sound.id)] = sound
        self.emit("GUILD_SOUNDBOARD_SOUND_CREATE", sound, guild_id=gid)
        return sound

    def update_soundboard_sound(self, guild_id: int, sound_id: int,
                                **changes: Any) -> SoundboardSound:
        """Change a sound's name, volume or emoji: GUILD_SOUNDBOARD_SOUND_UPDATE."""
        gid = int(guild_id)
        sound = msgspec.structs.replace(self.soundboard_sound(gid, sound_id), **changes)
        self.soundboard[gid][int(sound.id)] = sound
        self.emit("GUILD_SOUNDBOARD_SOUND_UPDATE", sound, guild_id=gid)
        return sound

    def delete_soundboard_sound(self, guild_id: int, sound_id: int) -> SoundboardSound:
        """Forget a sound: GUILD_SOUNDBOARD_SOUND_DELETE (its id and guild's)."""
        gid = int(guild_id)
        sound = self.soundboard_sound(gid, sound_id)
        del self.soundboard[gid][int(sound.id)]
        self.emit("GUILD_SOUNDBOARD_SOUND_DELETE",
                  {"sound_id": str(sound.id), "guild_id": str(gid)}, guild_id=gid)
        return sound

    def set_sounds_available(self, guild_id: int, available: bool) -> list[SoundboardSound]:
        """Every sound of the guild becomes (un)available, as when it loses or regains
        the boosts that paid for them: one GUILD_SOUNDBOARD_SOUNDS_UPDATE."""
        gid = int(guild_id)
        sounds = self.soundboard.get(gid, {})
        for sid, sound in sounds.items():
            sounds[sid] = msgspec.structs.replace(sound, available=available)
        self.emit("GUILD_SOUNDBOARD_SOUNDS_UPDATE",
                  {"guild_id": str(gid),
                   "soundboard_sounds": [to_builtins(s) for s in sounds.values()]},
                  guild_id=gid)
        return list(sounds.values())
