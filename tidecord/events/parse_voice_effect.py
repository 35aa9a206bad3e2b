"""VOICE_CHANNEL_EFFECT_SEND: someone played a soundboard sound or sent an emoji
reaction in a voice channel the bot is connected to; ``on_voice_channel_effect``."""

from __future__ import annotations

import logging
from typing import Any, Final

import msgspec

from ..models import decoder
from ..models.voice_effect import VoiceChannelEffect, VoiceChannelEffectSend

__all__ = ["VoiceEffectEvents"]

log = logging.getLogger("tidecord.events")
_EFFECT: Final[msgspec.json.Decoder[VoiceChannelEffectSend]] = decoder(VoiceChannelEffectSend)


class VoiceEffectEvents:
    """The parser for voice channel effects (mixed into :class:`Parsers`); as in
    discord.py, an effect in an uncached guild is dropped."""

    state: Any
    cache: Any
    dispatch: Any

    def parse_voice_channel_effect_send(self, shard: Any, d: Any) -> None:
        event = _EFFECT.decode(d)
        guild = self.cache.guilds.get(event.guild_id)
        if guild is None:
            log.debug("VOICE_CHANNEL_EFFECT_SEND referencing an unknown guild %s: discarded",
                      event.guild_id)
            return
        self.dispatch("voice_channel_effect", VoiceChannelEffect(event, guild, self.state))
