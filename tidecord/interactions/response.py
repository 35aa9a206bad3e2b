"""``interaction.response``: the one first answer an interaction allows, within 3 seconds.

An interaction that came over the gateway is answered through the callback route.
One that came over HTTP (an interactions endpoint) is answered in the body of
the HTTP reply when it can be (no files), else through the callback route with a
bare 202 for the HTTP request, as Discord's docs describe.
"""

from __future__ import annotations

import asyncio
import logging
import time
from types import GenericAlias
from typing import TYPE_CHECKING, Any, Final, Protocol

from ..models import UNSET, InteractionCallbackType, InteractionType, MessageFlags
from ..rest import ClientException, File, edit_payload, message_payload
from ..rest.payloads import given
from .followup import (
    InteractionMessage,
    bind_message,
    bound_to_token,
    client_mentions,
    delete_later,
    store_view,
)

if TYPE_CHECKING:
    from .interaction import Interaction

log = logging.getLogger(__name__)
# Autocomplete choices Discord takes in one answer.
MAX_CHOICES = 25

__all__ = [
    "HTTPTransport",
    "InteractionCallbackResponse",
    "InteractionResponded",
    "InteractionResponse",
]

_EPHEMERAL: Final[int] = MessageFlags.ephemeral
_LOADING: Final[int] = MessageFlags.loading
# The answers that show a message of their own (which ``flags`` can make ephemeral).
_MAKES_A_MESSAGE = frozenset({InteractionCallbackType.CHANNEL_MESSAGE_WITH_SOURCE,
                              InteractionCallbackType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE})


class InteractionResponded(ClientException):
    """The interaction was already answered: use ``followup`` or ``edit_original_response``."""

    def __init__(self, interaction: Any) -> None:
        self.interaction = interaction
        super().__init__("This interaction has already been responded to before")


class HTTPTransport(Protocol):
    """How an interaction received over HTTP hands its first answer back."""

    def can_reply(self) -> bool:
        """Whether the HTTP request still waits for its reply."""

    async def reply(self, body: dict[str, Any]) -> None:
        """Answer in the HTTP reply body (returns once it was written)."""

    def accepted(self) -> None:
        """The answer goes through the callback route: reply 202 to the request."""


class InteractionCallbackResponse:
    """What answering produced: its ``type``, and the message it made (``resource``).

    ``is_thinking()`` and ``is_ephemeral()`` are Discord's word on the answer: a
    ``defer(thinking=True, ephemeral=True)`` is ephemeral though no message is there yet.
    """

    __slots__ = ("_ephemeral", "_parent", "_thinking", "activity_id", "id", "message_id",
                 "resource", "type")

    # ``discord.InteractionCallbackResponse[MyBot]`` in typed code, as discord.py's.
    def __class_getitem__(cls, params: Any) -> GenericAlias:
        return GenericAlias(cls, params)

    def __init__(self, parent: Interaction[Any], kind: InteractionCallbackType,
                 data: dict[str, Any] | None, sent: dict[str, Any] | None = None) -> None:
        self._parent = parent
        self.type = kind
        info = (data or {}).get("interaction") or {}
        self.id: int = int(info.get("id", parent.id))
        raw_id = info.get("response_message_id")
        self.message_id: int | None = int(raw_id) if raw_id is not None else None
        self.activity_id: str | None = info.get("activity_instance_id")
        if data is None:
            # Answered in an endpoint's HTTP reply, which Discord says nothing back to:
            # what was sent tells the same.
            flags = ((sent or {}).get("data") or {}).get("flags", 0)
            self._thinking = kind == InteractionCallbackType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
            self._ephemeral = bool(flags & _EPHEMERAL) and kind in _MAKES_A_MESSAGE
        else:
            self._thinking = bool(info.get("response_message_loading", False))
            self._ephemeral = bool(info.get("response_message_ephemeral", False))
        self.resource: InteractionMessage | None = None
        message = ((data or {}).get("resource") or {}).get("message")
        if message is not None:
            self.resource = bind_message(parent, message)

    def is_thinking(self) -> bool:
        """Whether the answer was a "thinking..." deferral."""
        return self._thinking

    def is_ephemeral(self) -> bool:
        """Whether the answer's message is (or, thinking, will be) ephemeral."""
        return self._ephemeral

    def __repr__(self) -> str:
        return f"<InteractionCallbackResponse id={self.id} type={self.type!r}>"


class InteractionResponse:
    """The first answer: exactly one of its methods may be called, once."""

    __slots__ = ("_parent", "_replied_at", "_response_type", "_sending")

    # ``discord.InteractionResponse[MyBot]`` in typed code, as discord.py's.
    def __class_getitem__(cls, params: Any) -> GenericAlias:
        return GenericAlias(cls, params)

    def __init__(self, parent: Interaction[Any]) -> None:
        self._parent = parent
        self._response_type: InteractionCallbackType | None = None
        self._sending = asyncio.Lock()
        # When the answer was written in the HTTP reply (monotonic), if it was.
        self._replied_at: float | None = None

    def is_done(self) -> bool:
        """Whether the interaction was answered already."""
        return self._response_type is not None

    @property
    def type(self) -> InteractionCallbackType | None:
        """How it was answered, once it was."""
        return self._response_type

    async def _send(self, kind: InteractionCallbackType, data: dict[str, Any] | None = None,
                    files: list[File] | None = None) -> InteractionCallbackResponse:
        # One answer on its way at a time: one started meanwhile waits to learn whether
        # Discord took that one (then it is InteractionResponded, not sent for a 40060) or
        # refused it (then it goes, as discord.py's would).
        async with self._sending:
            return await self._send_now(kind, data, files)

    async def _send_now(self, kind: InteractionCallbackType, data: dict[str, Any] | None,
                        files: list[File] | None) -> InteractionCallbackResponse:
        self._check_open()
        parent = self._parent
        body: dict[str, Any] = {"type": int(kind)}
        if data is not None:
            body["data"] = data
        transport: HTTPTransport | None = parent._transport
        if transport is not None and not files and transport.can_reply():
            await transport.reply(body)
            self._response_type = kind
            self._replied_at = time.monotonic()
            return InteractionCallbackResponse(parent, kind, None, body)
        if transport is not None:
            transport.accepted()
        raw = await parent._state.http.interaction_callback(
            parent.id, parent.token, body, files or None, with_response=True)
        self._response_type = kind  # once Discord took it, as in discord.py
        from ..models import decode

        result = decode(raw, dict) if raw else None
        return InteractionCallbackResponse(parent, kind, result)

    async def defer(self, *, ephemeral: bool = False, thinking: bool = False
                    ) -> InteractionCallbackResponse | None:
        """Acknowledge now and answer later (``followup`` or ``edit_original_response``).

        A command shows "thinking..."; a component or modal just acknowledges,
        unless ``thinking=True``. ``ephemeral`` applies to what "thinking" becomes.
        """
        self._check_open()
        kind_of = self._parent.type
        data = {"flags": _EPHEMERAL} if ephemeral else None
        if kind_of in (InteractionType.component, InteractionType.modal_submit):
            if not thinking:
                return await self._send(InteractionCallbackType.DEFERRED_UPDATE_MESSAGE)
            return await self._send(InteractionCallbackType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE,
                                    data)
        if kind_of == InteractionType.application_command:
            return await self._send(InteractionCallbackType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE,
                                    data)
        return None

    async def pong(self) -> None:
        """Answer a ping (HTTP interactions); nothing for any other interaction."""
        self._check_open()
        if self._parent.type == InteractionType.ping:
            await self._send(InteractionCallbackType.PONG)

    async def launch_activity(self) -> InteractionCallbackResponse:
        """Launch the app's activity (an app with Activities enabled)."""
        return await self._send(InteractionCallbackType.LAUNCH_ACTIVITY)

    async def send_message(self, content: Any = None, *, view: Any = UNSET,
                           ephemeral: bool = False, delete_after: float | None = None,
                           **options: Any) -> InteractionCallbackResponse:
        """Answer with a message: ``content``, ``embed(s)``, ``file(s)``, ``view``,
        ``tts``, ``ephemeral`` (only the user sees it), ``allowed_mentions``,
        ``suppress_embeds``, ``silent``, ``delete_after``, ``poll``."""
        self._check_open()  # before the arguments are read, as in discord.py
        view = given(view)
        bound_to_token(view, ephemeral, usable_only=False)
        data, files = message_payload(content, view=view, ephemeral_flag=ephemeral,
                                      answering="InteractionResponse.send_message()",
                                      default_mentions=client_mentions(self._parent), **options)
        response = await self._send(InteractionCallbackType.CHANNEL_MESSAGE_WITH_SOURCE, data,
                                    files)
        if view is not UNSET and view is not None:
            store_view(self._parent, view, response.message_id, usable_only=False)
        if delete_after is not None:
            self._delete_later(delete_after)
        return response

    async def edit_message(self, *, content: Any = UNSET, view: Any = UNSET,
                           attachments: Any = UNSET, delete_after: float | None = None,
                           **options: Any) -> InteractionCallbackResponse | None:
        """Answer a component (or a modal opened from one) by editing its message."""
        self._check_open()  # before the kind check, as in discord.py
        view = given(view)
        parent = self._parent
        if parent.type not in (InteractionType.component, InteractionType.modal_submit):
            return None
        data, files = edit_payload(content, view=view, attachments=attachments,
                                   default_mentions=client_mentions(parent), **options)
        response = await self._send(InteractionCallbackType.UPDATE_MESSAGE, data, files)
        if view is not UNSET and view is not None and parent.message is not None:
            store_view(parent, view, parent.message.id)
        if delete_after is not None:
            self._delete_later(delete_after)
        return response

    async def send_modal(self, modal: Any, /) -> InteractionCallbackResponse:
        """Open a :class:`tidecord.ui.Modal`. Discord refuses one in answer to a modal
        submission (an :class:`HTTPException`, 50035, as in discord.py)."""
        self._check_open()  # before the modal is read, as in discord.py
        if self._parent.type == InteractionType.ping:
            raise ClientException("a modal cannot be opened in answer to this interaction")
        response = await self._send(InteractionCallbackType.MODAL, modal.to_dict())
        store = getattr(self._parent._state, "views", None)
        if store is not None and not modal.is_finished():
            store.add_modal(modal, self._parent.user.id)
        return response

    async def autocomplete(self, choices: Any) -> None:
        """Offer up to 25 :class:`app_commands.Choice` while the user types."""
        self._check_open()
        # The choices are read first, then the kind checked, as discord.py does.
        items = [choice if isinstance(choice, dict) else choice.to_dict() for choice in choices]
        if self._parent.type != InteractionType.autocomplete:
            # discord.py's error and words, which a bot written for it catches or shows
            raise ValueError("cannot respond to this interaction with autocomplete.")
        if len(items) > MAX_CHOICES:
            # Discord refuses more (and the user would see none): the first 25, said once.
            data = self._parent.data
            log.warning("autocomplete for /%s offered %d choices; Discord shows at most %d, "
                        "so the first %d were sent", data.get("name") if data else "?",
                        len(items), MAX_CHOICES, MAX_CHOICES)
        await self._send(InteractionCallbackType.APPLICATION_COMMAND_AUTOCOMPLETE_RESULT,
                         {"choices": items[:MAX_CHOICES]})

    def _check_open(self) -> None:
        """Refuse a second answer here, before anything is sent (Discord's would be 40060)."""
        if self._response_type is not None:
            raise InteractionResponded(self._parent)

    def _delete_later(self, delay: float) -> None:
        delete_later(self._parent, "@original", delay)
