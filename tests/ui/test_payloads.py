"""The same views, modals and layouts written with tidecord.ui and discord.ui render alike."""

from __future__ import annotations

from typing import Any

import discord
import pytest

import tidecord
from tidecord import ui


def _views(lib: Any) -> dict[str, Any]:
    """One program, two libraries: the same UI built with ``lib`` (tidecord or discord)."""
    u = lib.ui

    class Classic(u.View):
        @u.button(label="Go", style=lib.ButtonStyle.success, custom_id="go", emoji="🚀")
        async def go(self, interaction: Any, button: Any) -> None: ...

        @u.select(custom_id="pick", placeholder="Pick", max_values=2, options=[
            lib.SelectOption(label="A", value="a", description="first", default=True),
            lib.SelectOption(label="B")])
        async def pick(self, interaction: Any, select: Any) -> None: ...

        @u.select(cls=u.ChannelSelect, custom_id="room", channel_types=[lib.ChannelType.text],
                  row=3)
        async def room(self, interaction: Any, select: Any) -> None: ...

    classic = Classic(timeout=None)
    classic.add_item(u.Button(label="Docs", url="https://example.com", row=0))
    classic.add_item(u.Button(label="Off", custom_id="off", disabled=True, row=4))

    class Layout(u.LayoutView):
        box = u.Container(
            u.TextDisplay("# Title"),
            u.Section(u.TextDisplay("left"), "right",
                      accessory=u.Thumbnail("https://example.com/t.png", description="t")),
            u.Section("press", accessory=u.Button(label="Hi", custom_id="hi")),
            u.Separator(visible=False, spacing=lib.SeparatorSpacing.large),
            u.MediaGallery(lib.MediaGalleryItem("https://example.com/g.png", spoiler=True),
                           lib.MediaGalleryItem("https://example.com/h.png",
                                                description="h")),
            u.ActionRow(u.RoleSelect(custom_id="roles", min_values=0, max_values=3,
                                     default_values=[lib.Object(5, type=lib.Role)])),
            accent_colour=0x123456, spoiler=True)
        text = u.TextDisplay("after")
        file = u.File("attachment://notes.txt")

    class Form(u.Modal, title="Form"):
        plain = u.TextInput(label="Plain", custom_id="plain", style=lib.TextStyle.paragraph,
                            placeholder="say", default="hi", required=False, min_length=1,
                            max_length=50)
        labelled = u.Label(text="Name", description="yours",
                           component=u.TextInput(custom_id="name"))
        choice = u.Label(text="Choice", component=u.Select(custom_id="choice", options=[
            lib.SelectOption(label="X")]))
        files = u.Label(text="Files", component=u.FileUpload(custom_id="files", max_values=3))
        shown = u.TextDisplay("note")

    return {"classic": classic.to_components(), "layout": Layout().to_components(),
            "modal": {k: v for k, v in Form(custom_id="form").to_dict().items()},
            "layout_v2": Layout().has_components_v2(), "classic_v2": classic.has_components_v2()}


def _normal(value: Any) -> Any:
    """Payloads compared as Discord reads them: absent and null are alike, ids as text."""
    if isinstance(value, dict):
        return {k: str(v) if k == "id" else _normal(v) for k, v in value.items()
                if v is not None}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


@pytest.mark.parametrize("part", ["classic", "layout", "modal", "layout_v2", "classic_v2"])
async def test_tidecord_renders_what_discord_py_renders(part: str) -> None:
    ours, theirs = _views(tidecord)[part], _views(discord)[part]
    assert _normal(ours) == _normal(theirs)


def test_view_limits_match() -> None:
    view = ui.View()
    for i in range(25):
        view.add_item(ui.Button(label=str(i)))
    with pytest.raises(ValueError):
        view.add_item(ui.Button(label="26"))
    with pytest.raises(ValueError):
        ui.View().add_item(ui.TextDisplay("v2 only"))
    with pytest.raises(ValueError):
        ui.Button(row=5)
    row_full = ui.View()
    row_full.add_item(ui.Select(row=1))
    with pytest.raises(ValueError):
        row_full.add_item(ui.Button(row=1))
    assert not ui.View().is_persistent() and ui.View(timeout=None).is_persistent()
    assert not (v := ui.View(timeout=None)).add_item(ui.Button()).is_persistent()
    assert v.children[0].custom_id != ui.Button().custom_id  # random ids differ
