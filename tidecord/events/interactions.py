"""Answering interactions: ``interaction.response`` and ``interaction.followup``."""

from __future__ import annotations

from typing import Any, Final

from ..models import UNSET, InteractionCallbackType, MessageFlags
from ..rest import ClientException, message_payload

__all__ = ["Followup", "InteractionResponse"]

_EPHEMERAL: Final[int] = MessageFlags.ephemeral


class InteractionResponse:
    """The one answer an interaction allows (within 3 s)."""

    __slots__ = ("_done", "_interaction")

    def __init__(self, interaction: Any) -> None:
        self._interaction = interaction
        self._done = False

    def is_done(self) -> bool:
        """Whether the interaction was already answered."""
        return self._done

    async def _callback(self, kind: int, data: dict[str, Any] | None = None,
                        files: list[Any] | None = None) -> None:
        if self._done:
            raise ClientException("this interaction has already been responded to")
        i = self._interaction
        body: dict[str, Any] = {"type": kind}
        if data is not None:
            body["data"] = data
        await i._state.http.interaction_callback(i.id, i.token, body, files or None)
        self._done = True

    async def send_message(self, content: Any = None, **options: Any) -> None:
        """Answer with a message (``ephemeral=True`` shows it only to the user)."""
        data, files = message_payload(content, **options)
        await self._callback(InteractionCallbackType.CHANNEL_MESSAGE_WITH_SOURCE, data, files)

    async def defer(self, *, ephemeral: bool = False, thinking: bool = False) -> None:
        """Acknowledge now, answer later through ``followup`` (or edit the message)."""
        if self._interaction.type == 3 and not thinking:  # a component: update later
            await self._callback(InteractionCallbackType.DEFERRED_UPDATE_MESSAGE)
            return
        data = {"flags": _EPHEMERAL} if ephemeral else None
        await self._callback(InteractionCallbackType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, data)

    async def edit_message(self, content: Any = None, **options: Any) -> None:
        """Answer a component interaction by editing its message."""
        data, files = message_payload(content, **options)
        await self._callback(InteractionCallbackType.UPDATE_MESSAGE, data, files)

    async def autocomplete(self, choices: list[Any]) -> None:
        """Offer autocomplete choices (``{"name", "value"}`` dicts or objects)."""
        items = [c if isinstance(c, dict) else {"name": c.name, "value": c.value}
                 for c in choices]
        await self._callback(
            InteractionCallbackType.APPLICATION_COMMAND_AUTOCOMPLETE_RESULT, {"choices": items}
        )

    async def send_modal(self, modal: Any) -> None:
        """Open a modal (a dict with ``custom_id``, ``title``, ``components``)."""
        data = modal.to_dict() if hasattr(modal, "to_dict") else modal
        await self._callback(InteractionCallbackType.MODAL, data)

    async def pong(self) -> None:
        """Answer a ping."""
        await self._callback(InteractionCallbackType.PONG)


class Followup:
    """Messages after the first answer: the interaction's webhook."""

    __slots__ = ("_interaction",)

    def __init__(self, interaction: Any) -> None:
        self._interaction = interaction

    async def send(self, content: Any = None, **options: Any) -> Any:
        """Send a follow-up message; returns it."""
        i = self._interaction
        body, files = message_payload(content, **options)
        data = await i._state.http.execute_webhook(i.application_id, i.token, body, files or None)
        return i._state.message_from(data) if data else None


async def edit_original(interaction: Any, content: Any = UNSET, **options: Any) -> Any:
    """PATCH the first answer (``@original``)."""
    body, files = message_payload(None if content is UNSET else content, **options)
    state = interaction._state
    data = await state.http.edit_webhook_message(
        interaction.application_id, interaction.token, "@original", body, files or None
    )
    return state.message_from(data) if data else None


async def delete_original(interaction: Any) -> None:
    """DELETE the first answer."""
    await interaction._state.http.delete_webhook_message(
        interaction.application_id, interaction.token, "@original"
    )
