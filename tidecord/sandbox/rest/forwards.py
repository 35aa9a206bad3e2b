"""What Discord refuses of a forward (a message whose reference has type FORWARD).

The codes are Discord's where its docs name them (10008's 50035 form, 50001, 160014);
the rest are marked as guesses where they are made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from tidecord.models import UNSET, Message, MessageReference, Permissions, User

from .context import UploadedFile
from .errors import REQUIRED, APIError, FormError, form_error

if TYPE_CHECKING:
    from ..server import Sandbox
    from .bodies import MessageBody

__all__ = ["check_forward_body", "forwarded_message"]

VIEW_CHANNEL: Final[int] = Permissions.view_channel
#: Intent bit of MESSAGE_CONTENT: without it the application reads no one's content.
MESSAGE_CONTENT_INTENT: Final[int] = 1 << 15
# Guessed, as Discord's docs name the code and no field path: the reference is the field.
UNSUPPORTED: Final[FormError] = (
    "FORWARD_CONTAINS_UNSUPPORTED_CONTENT", "Forwards cannot carry anything of their own.")


def check_forward_body(body: MessageBody, files: list[UploadedFile]) -> None:
    """50035 for a forward that lacks its reference's ids or carries content of its own
    (a forward is only its reference)."""
    reference = body.message_reference
    assert reference is not None
    errors: dict[str, FormError] = {
        f"message_reference.{name}": REQUIRED
        for name in ("message_id", "channel_id") if getattr(reference, name) is UNSET
    }
    if (body.content or body.embeds or body.embed or body.components or body.sticker_ids
            or files or body.poll):
        errors["message_reference"] = UNSUPPORTED
    if errors:
        raise form_error(errors)


def forwarded_message(sb: Sandbox, author: User, reference: MessageReference) -> Message | None:
    """The message a forward copies, once ``author`` may forward it; ``None`` when it is
    gone and the reference does not insist (then the forward has nothing to carry)."""
    channel_id, message_id = reference.channel_id, reference.message_id
    assert channel_id is not UNSET and isinstance(message_id, int)  # check_forward_body's
    channel = sb.state.channels.get(channel_id)
    message = sb.state.messages.get(channel_id, {}).get(message_id)
    if channel is None or message is None:
        if reference.fail_if_not_exists is False:
            return None
        raise form_error({"message_reference": (
            "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")})
    # The docs: the author must see the channel. 50001, as for any unseen channel (a guess).
    if not sb.state.can(channel.id, author.id, VIEW_CHANNEL):
        raise APIError(403, 50001, "Missing Access")
    if not message.is_forwardable():
        raise form_error({"message_reference": UNSUPPORTED})  # system messages, polls
    guild_id = sb.state.guild_id_of(channel)
    if (author.id == sb.state.bot_user.id
            and not sb.state.privileged_intents & MESSAGE_CONTENT_INTENT
            and sb.state.content_gated(message, guild_id)):
        # Discord's code and message; the status is a guess.
        raise APIError(403, 160014, "You cannot forward a message whose content you cannot read")
    return message
