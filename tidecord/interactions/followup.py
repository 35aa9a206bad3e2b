"""``interaction.followup``: the interaction's webhook, for 15 minutes after it came.

The first answer (``@original``) comes back as :class:`InteractionMessage`, follow-up
messages as :class:`~tidecord.WebhookMessage` (as in discord.py); the ``edit`` and
``delete`` of both go through the interaction's webhook (so they work for ephemeral
messages too).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Final, TypeVar

import msgspec

from ..models import UNSET, MessageFlags, decoder
from ..models.webhook import WebhookType
from ..rest import NotFound, edit_payload, message_payload
from ..rest.payloads import given
from ..webhook import WebhookMessage, thread_of, webhook_fields

if TYPE_CHECKING:
    from .interaction import Interaction

__all__ = ["Followup", "InteractionMessage", "bind_message", "bound_to_token", "delete_later",
           "fetch_original", "store_view"]

M = TypeVar("M", bound=WebhookMessage)
T = TypeVar("T")
_EPHEMERAL: Final[int] = MessageFlags.ephemeral
_EPHEMERAL_VIEW_TIMEOUT: Final[float] = 15 * 60.0
# How long after an answer written in the HTTP reply Discord may still be acting on it.
_TAKING_REPLY: Final[float] = 2.0
_UNKNOWN_WEBHOOK: Final[int] = 10015


class InteractionMessage(WebhookMessage, kw_only=True):
    """The first answer's message (``original_response()``, an answer's ``resource``):
    edited and deleted as ``@original`` through the interaction's webhook. Follow-ups,
    and any message ``followup`` reads or edits, are plain :class:`WebhookMessage`
    (as in discord.py)."""

    _interaction: Any = UNSET

    async def edit(self, *, delete_after: float | None = None,
                   **options: Any) -> InteractionMessage:
        """Edit it (``content``, ``embeds``, ``view``, ``attachments``...: keywords only,
        as discord.py's); ``delete_after`` deletes it that many seconds later."""
        edited: InteractionMessage = await self._interaction.edit_original_response(**options)
        if delete_after is not None:
            delete_later(self._interaction, "@original", delete_after)
        return edited

    async def delete(self, *, delay: float | None = None, reason: str | None = None) -> None:
        """Delete it (after ``delay`` seconds, in the background)."""
        if delay is not None:
            delete_later(self._interaction, "@original", delay)
            return
        await self._interaction.delete_original_response()


_DECODER: Final[msgspec.json.Decoder[InteractionMessage]] = decoder(InteractionMessage)
_FOLLOWUP_DECODER: Final[msgspec.json.Decoder[WebhookMessage]] = decoder(WebhookMessage)


def bind_message(interaction: Interaction[Any], data: bytes | dict[str, Any]
                 ) -> InteractionMessage:
    """The first answer's message, bound to the interaction and the client."""
    message = _bound(interaction, data, _DECODER)
    message._interaction = interaction
    return message  # type: ignore[no-any-return]


def bind_followup(interaction: Interaction[Any], data: bytes | dict[str, Any]
                  ) -> WebhookMessage:
    """A message read or changed through the interaction's webhook (``@original``
    included, as discord.py's ``followup`` gives it), edited and deleted through it."""
    message = _bound(interaction, data, _FOLLOWUP_DECODER)
    message._webhook = interaction.followup
    return message  # type: ignore[no-any-return]


def _bound(interaction: Interaction[Any], data: bytes | dict[str, Any],
           decoder: msgspec.json.Decoder[Any]) -> Any:
    """``data`` decoded by ``decoder`` and bound to the client, in the interaction's guild."""
    raw = data if isinstance(data, bytes) else msgspec.json.encode(data)
    return interaction._state.bind_in_channel(decoder.decode(raw), interaction.guild_id)


def delete_later(interaction: Interaction[Any], message_id: int | str, delay: float) -> None:
    """Delete one of the interaction's messages (``"@original"``: the first answer) after
    ``delay`` seconds, in a task the client owns; one already gone, or a token that
    expired, is nothing to report."""

    async def later() -> None:
        await asyncio.sleep(delay)
        try:
            await interaction.followup.delete_message(message_id)
        except Exception:
            pass

    interaction._state.dispatcher.spawn(later(), "tidecord:delete_after")


def bound_to_token(view: Any, ephemeral: bool, *, usable_only: bool = True) -> None:
    """An ephemeral message's view without a timeout stops listening with the token
    (15 minutes), as discord.py sets it: after that its message cannot be edited. As in
    discord.py, a persistent view too; an answer's view (``usable_only=False``) even
    with nothing to click."""
    if view is not UNSET and view is not None and ephemeral and view.timeout is None \
            and (not usable_only or view.is_dispatchable()):
        view.timeout = _EPHEMERAL_VIEW_TIMEOUT


def client_mentions(interaction: Interaction[Any]) -> Any:
    """The client's ``allowed_mentions`` (``None`` if it set none), for the answers."""
    return getattr(interaction._state, "allowed_mentions", None)


def store_view(interaction: Interaction[Any], view: Any, message_id: int | None, *,
               usable_only: bool = True) -> None:
    """Keep a sent view listening for clicks (on that message, or any if unknown). As in
    discord.py, an answer's view (``usable_only=False``) is kept even with nothing to
    click: its timeout runs, and ``on_timeout`` with it."""
    store = getattr(interaction._state, "views", None)
    if store is not None and view is not None and not view.is_finished() \
            and (not usable_only or view.is_dispatchable()):
        store.add_view(view, message_id)


async def through_webhook(interaction: Interaction[Any], call: Callable[[], Awaitable[T]]
                          ) -> T:
    """Make a call to the interaction's webhook, again while Discord may still be acting on
    an answer written in the HTTP reply.

    Discord makes the webhook once it has acted on the first answer, which for one in
    the HTTP reply is a moment after reading it: a call that overtakes it meets 10015
    Unknown Webhook (skyra-project/archid-components#390). Nothing was made then, so
    the call is safe to make again. Before any answer, 10015 is the bot's own mistake
    and comes back at once.
    """
    delay = 0.05
    while True:
        try:
            return await call()
        except NotFound as exc:
            replied = interaction.response._replied_at
            if exc.code != _UNKNOWN_WEBHOOK or replied is None \
                    or time.monotonic() + delay - replied > _TAKING_REPLY:
                raise
        await asyncio.sleep(delay)
        delay *= 2


async def fetch_original(interaction: Interaction[Any]) -> InteractionMessage:
    """GET the first answer's message."""
    http = interaction._state.http
    data = await through_webhook(interaction, lambda: http.get_webhook_message(
        interaction.application_id, interaction.token, "@original"))
    return bind_message(interaction, data)


class Followup:
    """The interaction's webhook: ``send``, ``edit_message``, ``delete_message``,
    ``fetch_message`` (``"@original"`` is the first answer)."""

    __slots__ = ("_interaction",)

    def __init__(self, interaction: Interaction[Any]) -> None:
        self._interaction = interaction

    @property
    def _state(self) -> Any:
        # what a WebhookMessage's delayed delete spawns its task on
        return self._interaction._state

    # discord.py's followup is a partial Webhook: the application's, with the token.
    @property
    def id(self) -> int:
        """The webhook's id: the application's."""
        return int(self._interaction.application_id)

    @property
    def type(self) -> WebhookType:
        """``WebhookType.application``."""
        return WebhookType.application

    @property
    def token(self) -> str:
        """The interaction's token."""
        return self._interaction.token

    @property
    def guild_id(self) -> None:
        """Not said for an interaction's webhook."""
        return None

    @property
    def channel_id(self) -> None:
        """Not said for an interaction's webhook."""
        return None

    @property
    def url(self) -> str:
        """The webhook's URL."""
        return f"https://discord.com/api/webhooks/{self.id}/{self.token}"

    def is_partial(self) -> bool:
        """True: only its id and token are known."""
        return True

    def is_authenticated(self) -> bool:
        """True: it belongs to the bot's client (discord.py's answer)."""
        return True

    async def send(self, content: Any = None, *, view: Any = UNSET, ephemeral: bool = False,
                   wait: bool = True, username: Any = None, avatar_url: Any = None,
                   thread: Any = None, thread_name: Any = None, applied_tags: Any = None,
                   **options: Any) -> WebhookMessage:
        """Send a follow-up message; returns it (``ephemeral=True``: only the user sees it).
        ``username``, ``avatar_url``, ``thread_name`` and ``applied_tags`` are sent as a
        webhook's (Discord does not heed them for an interaction's)."""
        view = given(view)
        i = self._interaction
        thread_name = given(thread_name, None)
        thread_id = thread_of(thread, thread_name)
        bound_to_token(view, ephemeral)
        body, files = message_payload(content, view=view, ephemeral_flag=ephemeral,
                                      answering="Webhook.send()",
                                      default_mentions=client_mentions(i), **options)
        webhook_fields(body, username=given(username, None), avatar_url=given(avatar_url, None),
                       thread_name=thread_name, applied_tags=applied_tags)
        # thread goes as thread_id, as discord.py's sends it: Discord says where it lands.
        data = await through_webhook(i, lambda: i._state.http.execute_webhook(
            i.application_id, i.token, body, files or None, thread_id=thread_id))
        message = bind_followup(i, data or b"{}")
        if view is not UNSET and view is not None:
            store_view(i, view, message.id)
        return message

    async def edit_message(self, message_id: int | str, *, view: Any = UNSET,
                           attachments: Any = UNSET, thread: Any = None,
                           **options: Any) -> WebhookMessage:
        """Edit a follow-up (or ``"@original"``, the first answer); ``thread`` is taken
        as a webhook's (a :class:`WebhookMessage` names its own) and not needed: an
        interaction's messages are found by its token."""
        return await self._edit(message_id, bind_followup, view=view, attachments=attachments,
                                **options)

    async def _edit(self, message_id: int | str, bind: Callable[..., M], *, view: Any,
                    attachments: Any, **options: Any) -> M:
        """PATCH one of the interaction's messages; what came back, bound by ``bind``."""
        view = given(view)
        i = self._interaction
        body, files = edit_payload(options.pop("content", UNSET), view=view,
                                   attachments=attachments, default_mentions=client_mentions(i),
                                   **options)
        data = await through_webhook(i, lambda: i._state.http.edit_webhook_message(
            i.application_id, i.token, str(message_id), body, files or None))
        message = bind(i, data or b"{}")
        if view is not UNSET and view is not None:
            store_view(i, view, message.id)
        return message

    async def delete_message(self, message_id: int | str, *, thread: Any = None) -> None:
        """Delete a follow-up (or ``"@original"``); ``thread`` as for :meth:`edit_message`."""
        i = self._interaction
        await through_webhook(i, lambda: i._state.http.delete_webhook_message(
            i.application_id, i.token, str(message_id)))

    async def fetch_message(self, message_id: int | str, *, thread: Any = None
                            ) -> WebhookMessage:
        """GET a follow-up (or ``"@original"``); ``thread`` as for :meth:`edit_message`."""
        i = self._interaction
        data = await through_webhook(i, lambda: i._state.http.get_webhook_message(
            i.application_id, i.token, str(message_id)))
        return bind_followup(i, data or b"{}")

    def __repr__(self) -> str:
        return f"<Followup interaction={self._interaction.id}>"

