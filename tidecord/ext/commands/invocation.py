"""A commands ``Context`` made from a slash command: the message it stands on, and how it
answers.

discord.py gives such a context a *synthetic* message: the id and time of the
interaction, its user as author, its channel, the files given as options, flagged
ephemeral, of type "chat input command" (or "context menu command"), with no text.
Answering goes through the interaction: its first answer, then follow-ups.
"""

from __future__ import annotations

import datetime
from typing import Any

from ...models import UNSET, Attachment, Message, MessageType

__all__ = ["DeferTyping", "answer", "invocation_message"]

# Message types Discord gives the message an application command leaves.
_CHAT_INPUT_COMMAND = MessageType.chat_input_command
_CONTEXT_MENU_COMMAND = MessageType.context_menu_command
_EPHEMERAL = 1 << 6
# What a channel's send takes that an interaction's answer does not.
_MESSAGE_ONLY = ("reference", "mention_author", "nonce", "stickers")


def invocation_message(interaction: Any, *, slash: bool) -> Message:
    """The message a slash command (or user command) invocation stands on."""
    made_at = interaction.created_at.astimezone(datetime.UTC)
    message = Message(
        id=interaction.id, channel_id=interaction.channel_id, author=interaction.invoker,
        timestamp=made_at.isoformat(), flags_value=_EPHEMERAL,
        type=_CHAT_INPUT_COMMAND if slash else _CONTEXT_MENU_COMMAND)
    message.guild_id = interaction.guild_id if interaction.guild_id is not None else UNSET
    message._state = interaction._state
    message.author = interaction.user  # the Member in guilds, as for any message
    message.attachments = [v for _, v in interaction.namespace if isinstance(v, Attachment)]
    return message


async def answer(interaction: Any, content: Any, options: dict[str, Any]) -> Any:
    """Answer ``interaction`` with a message (its first answer, else a follow-up) and
    return the message sent; ``delete_after`` deletes it later."""
    for key in _MESSAGE_ONLY:
        options.pop(key, None)
    delete_after = options.pop("delete_after", None)
    if interaction.response.is_done():
        sent = await interaction.followup.send(content, wait=True, **options)
    else:
        response = await interaction.response.send_message(content, **options)
        sent = response.resource
        if sent is None:  # answered in an HTTP reply: nothing came back yet
            sent = await interaction.original_response()
    if delete_after is not None:
        await sent.delete(delay=delete_after)
    return sent


class DeferTyping:
    """``ctx.typing()`` for a slash command: defers it ("thinking..."), awaited or used as
    ``async with``; nothing when it was answered already."""

    __slots__ = ("ephemeral", "interaction")

    def __init__(self, interaction: Any, *, ephemeral: bool) -> None:
        self.interaction = interaction
        self.ephemeral = ephemeral

    async def _defer(self) -> None:
        if not self.interaction.response.is_done():
            await self.interaction.response.defer(ephemeral=self.ephemeral)

    def __await__(self) -> Any:
        return self._defer().__await__()

    async def __aenter__(self) -> None:
        await self._defer()

    async def __aexit__(self, *exc: object) -> None:
        return None
