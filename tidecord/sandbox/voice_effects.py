"""Voice channel effects: a soundboard sound played, or an emoji reaction sent, by someone
connected to a voice channel; everyone connected there (the bot too, when it is) gets
VOICE_CHANNEL_EFFECT_SEND with the voice states intent.

The bot plays sounds through POST /channels/{id}/send-soundboard-sound
(``rest/voice_effects.py``); people through :class:`VoiceEffectsAPI`. Both follow
Discord's rules (developers/resources/soundboard.mdx): Speak and Use Soundboard in the
channel, Use External Sounds too for another guild's sound, and a voice state in that
channel that is not deafened (by oneself or the server), server-muted or suppressed.
The two voice refusals are 403 50168 and 50167, worded as Discord answers them (codes
from discord-api-docs issue 7891 and pull request 8242).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from tidecord.models import Permissions

from .dispatch import Intent
from .refs import ChannelRef, UserRef
from .state import StateError
from .state.soundboard import DEFAULT_SOUNDS
from .state.voice import VOICE_KINDS

if TYPE_CHECKING:
    from .state import State

__all__ = ["VoiceEffectsAPI", "effect_channel", "play_sound"]

PLAY: Final[int] = Permissions.speak | Permissions.use_soundboard
EXTERNAL: Final[int] = Permissions.use_external_sounds
_DEFAULTS: Final = {int(sound.id): sound for sound in DEFAULT_SOUNDS}


def effect_channel(state: State, channel_id: int, user_id: int) -> tuple[Any, int]:
    """The channel and its guild; 10003 unless it is a guild channel the user sees."""
    channel = state.channels.get(int(channel_id))
    gid = None if channel is None else state.guild_id_of(channel)
    if channel is None or gid is None or not state.sees(channel.id, user_id):
        raise StateError(10003, "Unknown Channel", 404)
    return channel, gid


def _heard(state: State, channel: Any, gid: int, user_id: int) -> None:
    """Refuse unless the user is connected to the channel, and heard there."""
    voice = state.voice_state(gid, user_id)
    if channel.type not in VOICE_KINDS or voice is None or voice.channel_id != channel.id:
        raise StateError(50168, "User must be in voice channel to send voice channel effect",
                         403)
    if voice.deaf or voice.self_deaf or voice.mute or voice.suppress:
        raise StateError(50167, "Cannot send voice effect when user is server muted, "
                                "deafened, or suppressed", 403)


def _may(state: State, channel_id: int, user_id: int, bits: int) -> None:
    if not state.can(channel_id, user_id, bits):
        raise StateError(50013, "Missing Permissions", 403)


def _sound(state: State, gid: int, sound_id: int, source: int | None) -> tuple[Any, bool]:
    """The sound and whether it is another guild's: a default sound by its id, else one
    of the source guild's (the channel's own when none is named)."""
    if source is None and sound_id in _DEFAULTS:
        return _DEFAULTS[sound_id], False
    source_id = gid if source is None else source
    if source_id != gid and source_id in state.outside_guilds:
        raise StateError(10097, "Unknown Sound", 404)
    return state.soundboard_sound(source_id, sound_id), source_id != gid


def _emit(state: State, channel_id: int, gid: int, user_id: int, **effect: Any) -> None:
    """VOICE_CHANNEL_EFFECT_SEND, which the bot gets while connected to that channel."""
    voice = state.voice_state(gid, state.bot_user.id)
    state.emit("VOICE_CHANNEL_EFFECT_SEND",
               {"channel_id": str(channel_id), "guild_id": str(gid), "user_id": str(user_id),
                **effect},
               guild_id=gid, intent=Intent.GUILD_VOICE_STATES,
               bot_sees=voice is not None and voice.channel_id == channel_id)


def play_sound(state: State, channel_id: int, user_id: int, sound_id: int,
               source_guild_id: int | None = None) -> None:
    """``user_id`` plays a sound in the voice channel: VOICE_CHANNEL_EFFECT_SEND with its
    id, volume and emoji. Permissions come before the voice state, as Discord answers a
    bot without Speak whether or not it is connected."""
    channel, gid = effect_channel(state, channel_id, user_id)
    _may(state, channel.id, user_id, PLAY)
    sound, external = _sound(state, gid, int(sound_id), source_guild_id)
    if external:
        _may(state, channel.id, user_id, EXTERNAL)
    _heard(state, channel, gid, user_id)
    emoji = None
    if sound.emoji_id is not None or sound.emoji_name is not None:
        emoji = {"id": None if sound.emoji_id is None else str(sound.emoji_id),
                 "name": sound.emoji_name}
    _emit(state, channel.id, gid, user_id, sound_id=str(sound.id), sound_volume=sound.volume,
          emoji=emoji)


class VoiceEffectsAPI:
    """Mixin of :class:`~tidecord.sandbox.Sandbox`: people in voice playing soundboard
    sounds and sending emoji reactions, which a bot connected there hears
    (``on_voice_channel_effect``)."""

    if TYPE_CHECKING:
        state: State

    async def play_sound(self, user: UserRef, channel: ChannelRef, sound: int | Any, *,
                         source_guild: int | None = None) -> None:
        """``user``, connected to the voice ``channel``, plays ``sound`` (an id or a
        sound; ``source_guild`` for another guild's). StateError as Discord refuses."""
        sound_id = int(getattr(sound, "id", sound))
        play_sound(self.state, self.state.channel(channel).id, self.state.user(user).id,
                   sound_id, source_guild)

    async def send_voice_emoji(self, user: UserRef, channel: ChannelRef, emoji: str, *,
                               emoji_id: int | None = None, premium: bool = False,
                               animation_id: int = 0) -> None:
        """``user``, connected to the voice ``channel``, sends an emoji reaction (a
        Unicode ``emoji``, or a custom one's name with ``emoji_id``); ``premium`` for a
        Nitro subscriber's animation."""
        uid = self.state.user(user).id
        room, gid = effect_channel(self.state, self.state.channel(channel).id, uid)
        _heard(self.state, room, gid, uid)
        _emit(self.state, room.id, gid, uid,
              emoji={"id": None if emoji_id is None else str(emoji_id), "name": emoji},
              animation_type=0 if premium else 1, animation_id=animation_id)
