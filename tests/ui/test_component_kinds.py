"""A message's components, every kind, read as discord.py 2.7.1 reads the same payload
(class, repr, ``to_dict()``), while the message keeps and re-encodes what it decoded."""

from __future__ import annotations

import json
from typing import Any

import discord
import pytest
from discord.components import _component_factory

import tidecord
from tidecord.models import Component, Message, MessageSnapshot, decode, encode
from tidecord.models.message import MESSAGE_COMPONENTS

BUTTONS = {"type": 1, "id": 1, "components": [
    {"type": 2, "id": 2, "style": 1, "label": "Yes", "custom_id": "yes"},
    {"type": 2, "id": 3, "style": 5, "label": "Docs", "url": "https://example.com",
     "emoji": {"name": "\N{LINK SYMBOL}"}, "disabled": True},
    {"type": 2, "style": 6, "sku_id": "1234567890123456789"}]}
STRING_SELECT = {"type": 1, "components": [
    {"type": 3, "id": 5, "custom_id": "fruit", "placeholder": "Pick", "min_values": 0,
     "max_values": 2, "options": [
         {"label": "Apple", "value": "apple", "description": "Red",
          "emoji": {"name": "\N{RED APPLE}"}},
         {"label": "Pear", "value": "pear", "default": True}]}]}
CHANNEL_SELECT = {"type": 1, "components": [
    {"type": 8, "custom_id": "where", "channel_types": [0, 5], "disabled": False}]}
LAYOUT = {"type": 17, "id": 1, "accent_color": 0x5865F2, "spoiler": True, "components": [
    {"type": 10, "id": 2, "content": "# Settings"},
    {"type": 9, "id": 3, "components": [{"type": 10, "id": 4, "content": "An avatar"}],
     "accessory": {"type": 11, "id": 5, "media": {"url": "https://example.com/a.png"},
                   "description": "avatar"}},
    {"type": 14, "id": 6, "divider": False, "spacing": 2},
    {"type": 12, "id": 7, "items": [{"media": {"url": "https://example.com/b.png"},
                                    "description": "b", "spoiler": True}]},
    {"type": 13, "id": 8, "file": {"url": "attachment://c.txt"}, "name": "c.txt",
     "size": 12},
    {"type": 1, "id": 9, "components": [{"type": 2, "style": 2, "label": "Reset",
                                         "custom_id": "reset"}]}]}
MODAL = [
    {"type": 18, "id": 1, "label": "Why", "description": "Say", "component":
        {"type": 4, "id": 2, "style": 2, "custom_id": "why", "value": "because",
         "min_length": 2}},
    {"type": 18, "label": "Files", "component": {"type": 19, "custom_id": "up",
                                                 "max_values": 3}},
    {"type": 18, "label": "One", "component": {"type": 21, "custom_id": "radio", "options": [
        {"label": "A", "value": "a"}]}},
    {"type": 18, "label": "Some", "component": {"type": 22, "custom_id": "boxes",
                                                "options": [{"label": "B", "value": "b"}]}},
    {"type": 18, "label": "Sure", "component": {"type": 23, "custom_id": "sure",
                                                "default": True}},
]


def _message(components: list[dict[str, Any]]) -> Message:
    return decode(json.dumps({
        "id": "10", "channel_id": "20", "content": "", "timestamp": "2024-01-01T00:00:00+00:00",
        "author": {"id": "30", "username": "bot", "discriminator": "0", "avatar": None},
        "components": components}), Message)


@pytest.mark.parametrize("payload", [BUTTONS, STRING_SELECT, CHANNEL_SELECT, LAYOUT, *MODAL],
                         ids=["buttons", "string select", "channel select", "layout",
                              "label text input", "label file upload", "label radio group",
                              "label checkbox group", "label checkbox"])
def test_each_kind_reads_as_discord_py_reads_it(payload: dict[str, Any]) -> None:
    ours = _message([payload]).components[0]
    theirs = _component_factory(payload)
    assert type(ours).__name__ == type(theirs).__name__
    assert isinstance(ours, getattr(tidecord, type(theirs).__name__))
    assert isinstance(ours, tidecord.Component)
    assert repr(ours) == repr(theirs)
    assert ours.to_dict() == theirs.to_dict()


def test_a_buttons_fields_read_as_discord_py_types() -> None:
    row = _message([BUTTONS]).components[0]
    yes, docs, premium = row.children
    assert str(yes.style) == "ButtonStyle.primary" and yes.style == tidecord.ButtonStyle.blurple
    assert yes.type is tidecord.ComponentType.button and str(row.type) == "ComponentType.action_row"
    assert isinstance(docs.emoji, tidecord.PartialEmoji) and str(docs.emoji) == "\N{LINK SYMBOL}"
    assert (docs.disabled, yes.disabled, yes.url, yes.emoji) == (True, False, None, None)
    assert premium.sku_id == 1234567890123456789 and premium.style is tidecord.ButtonStyle.premium


def test_the_message_keeps_and_re_encodes_what_it_decoded() -> None:
    message = _message([BUTTONS, STRING_SELECT, LAYOUT])
    before = encode(message)
    read = message.components
    read[0].children[0].disabled = True  # a read copy: the message does not change
    assert encode(message) == before
    assert all(type(c) is Component for c in MESSAGE_COMPONENTS.__get__(message))
    assert message.components[0].children[0].disabled is False
    assert [type(c).__name__ for c in read] == ["ActionRow", "ActionRow", "Container"]
    stored = MESSAGE_COMPONENTS.__get__(message)
    assert message.components == stored  # a kind equals the plain component, field by field
    assert encode(message.components) == encode(stored)  # the same wire form


def test_no_components_read_as_an_empty_list() -> None:
    assert _message([]).components == []
    plain = decode(b'{"id": "1", "channel_id": "2", "content": "hi", "timestamp": "",'
                   b' "author": {"id": "3", "username": "a", "discriminator": "0"}}', Message)
    assert plain.components == [] and b"components" not in encode(plain)
    snapshot = MessageSnapshot(components=list(MESSAGE_COMPONENTS.__get__(_message([BUTTONS]))))
    assert isinstance(snapshot.components[0], tidecord.ActionRow)


def test_discord_py_names_reach_the_read_models() -> None:
    import tidecord.components as components  # discord.components, by name

    for name in ("ActionRow", "Button", "SelectMenu", "TextInput", "Container",
                 "SectionComponent", "TextDisplay", "ThumbnailComponent",
                 "MediaGalleryComponent", "FileComponent", "SeparatorComponent",
                 "LabelComponent", "FileUploadComponent", "Component", "SelectOption"):
        assert getattr(components, name) is getattr(tidecord, name)
        assert hasattr(discord, name)
