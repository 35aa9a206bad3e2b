"""Acting as people on the bot's apps: using its commands (with autocomplete),
clicking its components and submitting its modals, with the files they attach.

The interactions themselves are issued by ``interactions.py``; this is the Python
face of it, as a person's client would pick and send.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from tidecord.models import Attachment, Channel, Message, User

from .interactions import RESPONSE_WINDOW, InteractionRecord
from .refs import ChannelRef, FileLike, MessageRef, UserRef, read_upload
from .rest.bodies import attachments_of
from .rest.context import UploadedFile
from .state import StateError

if TYPE_CHECKING:
    from .files import FileStore
    from .interactions import Interactions
    from .state import State

__all__ = ["InteractingAPI"]


class InteractingAPI:
    """Mixin of :class:`~tidecord.sandbox.people.PeopleAPI`: what people do with the bot's apps."""

    state: State
    interactions: Interactions
    files: FileStore
    # PeopleAPI's: a message by model, or id (in a channel, or searched everywhere).
    find_message: Callable[[ChannelRef | None, MessageRef], Message]

    def install_app_for(self, user: UserRef, *, installed: bool = True) -> None:
        """``user`` installs the application to their account (``installed=False``:
        removes it): its commands registered for user installs (``integration_types``
        with 1) are offered to them wherever the commands' ``contexts`` allow, in
        DMs between people too, and come with ``authorizing_integration_owners["1"]``."""
        uid = self.state.user(user).id
        if installed:
            self.interactions.user_installs.add(uid)
        else:
            self.interactions.user_installs.discard(uid)

    def dm_between(self, user: UserRef, other: UserRef) -> Channel:
        """The DM channel between two people, made on first use (no event): the bot is
        not in it and hears nothing said there; a command reaches it from there only
        through a person's install of the app (interaction context 2)."""
        state = self.state
        people = [state.user(user), state.user(other)]
        if people[0].id == people[1].id or state.bot_user.id in (p.id for p in people):
            raise StateError(50035, "a DM between people needs two people, not the bot")
        pair = frozenset(p.id for p in people)
        existing = state.people_dms.get(pair)
        if existing is not None:
            return state.channel(existing)
        channel = Channel(id=state.new_id(), type=1, recipients=people, last_message_id=None,
                          flags_value=0)
        state.channels[channel.id] = channel
        state.people_dms[pair] = channel.id
        return channel

    async def invoke_command(self, user: UserRef, channel: ChannelRef, name: str,
                             options: dict[str, Any] | None = None, *,
                             target: Any = None) -> InteractionRecord:
        """Use a registered application command: INTERACTION_CREATE (type 2).

        Options take values as people pick them: users, channels and roles by
        id, name or model; an attachment option a file (path or ``(name, bytes)``).
        A user or message command (a context menu) takes its ``target``: a user,
        or a message (id or model) of ``channel``.
        """
        chan = self.state.channel(channel)
        return self.interactions.command(
            self.state.user(user), chan, name, await self._with_uploads(chan, options or {}),
            target=target)

    async def _with_uploads(self, channel: Channel, options: dict[str, Any]) -> dict[str, Any]:
        """Options with each file (a path or ``(name, bytes)``) stored as an attachment."""
        out: dict[str, Any] = {}
        for key, value in options.items():
            if isinstance(value, dict):
                out[key] = await self._with_uploads(channel, value)
            elif isinstance(value, Path | tuple):
                out[key] = (await self.upload_ephemeral(channel, [value]))[0]
            else:
                out[key] = value
        return out

    async def upload_ephemeral(self, channel: Channel, files: Iterable[FileLike | UploadedFile]
                               ) -> list[Attachment]:
        """Store files a person attached to an interaction (ephemeral attachments)."""
        uploads = [f if isinstance(f, UploadedFile) else await read_upload(i, f)
                   for i, f in enumerate(files)]
        stored = attachments_of(self, channel.id, uploads, None)  # type: ignore[arg-type]
        return [msgspec.structs.replace(a, ephemeral=True) for a in stored]

    async def autocomplete(self, user: UserRef, channel: ChannelRef, name: str,
                           options: dict[str, Any], focused: str) -> InteractionRecord:
        """A person types in option ``focused``: INTERACTION_CREATE (type 4); see .choices."""
        return self.interactions.command(self.state.user(user), self.state.channel(channel),
                                         name, options, focused=focused)

    def find_clickable(self, user: User, channel: ChannelRef | None,
                       message: MessageRef) -> Message:
        """A message ``user`` sees: in the channel, or an ephemeral one shown to them."""
        try:
            return self.find_message(channel, message)
        except StateError:
            mid = message.id if isinstance(message, Message) else int(message)
            return self.interactions.ephemeral_message(mid, user.id)

    async def click_button(self, user: UserRef, message: MessageRef, custom_id: str, *,
                           values: list[Any] | None = None,
                           channel: ChannelRef | None = None) -> InteractionRecord:
        """Click a button (or pick ``values`` in a select): INTERACTION_CREATE (type 3).

        Select values are option values for a string select, and users, roles or
        channels (id, name or model) for the other kinds. Buttons of an ephemeral
        answer can be pressed by the person it was shown to.
        """
        person = self.state.user(user)
        target = self.find_clickable(person, channel, message)
        return self.interactions.component(person, target, custom_id, values)

    async def submit_modal(self, user: UserRef, opened_by: InteractionRecord | int,
                           values: dict[str, Any],
                           files: Mapping[str, Sequence[FileLike | UploadedFile]] | None = None
                           ) -> InteractionRecord:
        """Submit the modal the bot opened in answer to ``opened_by``: type 5.

        ``values`` maps each input's custom_id to its text (text inputs), a list
        (selects: option values, or users / roles / channels; checkbox groups: the
        values ticked), one option value (radio groups), or a bool (checkboxes);
        groups and checkboxes left out keep their defaults. ``files`` maps a file
        upload's custom_id to its files. A modal the bot has yet to open is waited
        for (up to the 3 s Discord gives it to answer), as a person waits to see it.
        """
        record = opened_by if isinstance(opened_by, InteractionRecord) else \
            self.interactions.by_id.get(int(opened_by))
        if record is None:
            raise StateError(10062, "Unknown interaction", 404)
        if not record.acknowledged:
            with contextlib.suppress(TimeoutError):
                await record.wait_response(RESPONSE_WINDOW)
        if record.modal is None:
            answer = ("did not answer it" if not record.acknowledged else
                      f"answered it with callback type {record.response_type}")
            raise StateError(10062, f"the bot opened no modal for interaction {record.id}: "
                             f"it {answer}", 400)
        channel = self.state.channel(record.channel_id)
        uploads = {key: await self.upload_ephemeral(channel, group)
                   for key, group in (files or {}).items()}
        return self.interactions.modal_submit(self.state.user(user), record, values, uploads)
