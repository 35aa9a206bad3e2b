"""A message reference's type, as the client reads it from the wire."""

from __future__ import annotations

import tidecord
from tidecord.models import Message, decoder

_MESSAGE = (b'{"id":"11","channel_id":"12","author":{"id":"13","username":"a"},'
            b'"timestamp":"2024-01-01T00:00:00+00:00","message_reference":%s}')


def _reference(raw: bytes) -> tidecord.MessageReference | None:
    return decoder(Message).decode(_MESSAGE % raw).reference


def test_a_reference_without_a_type_is_a_reply() -> None:
    reference = _reference(b'{"message_id":"1","channel_id":"2"}')
    assert reference is not None and reference.type is tidecord.MessageReferenceType.reply


def test_a_type_discord_adds_later_still_decodes() -> None:
    reference = _reference(b'{"type":7,"message_id":"1","channel_id":"2"}')
    assert reference is not None and reference.type == 7
    assert str(reference.type) == "MessageReferenceType.unknown_7"
