"""``tidecord.ui``: views, buttons, selects, modals and components-v2 layouts.

As discord.py's ``discord.ui``::

    class Confirm(ui.View):
        @ui.button(label="Confirm", style=tidecord.ButtonStyle.success)
        async def confirm(self, interaction, button):
            await interaction.response.send_message("Confirmed", ephemeral=True)
            self.stop()

    await channel.send("Are you sure?", view=Confirm())
"""

from .button import Button, button
from .checkbox import Checkbox, CheckboxGroup, RadioGroup
from .display import File, MediaGallery, Separator, TextDisplay, Thumbnail
from .dynamic import DynamicItem
from .enums import ButtonStyle, SelectDefaultValueType, SeparatorSpacing, TextStyle
from .item import Item
from .label import FileUpload, Label
from .layout import ActionRow, Container, Section
from .modal import Modal
from .options import (
    CheckboxGroupOption,
    MediaGalleryItem,
    RadioGroupOption,
    SelectDefaultValue,
    SelectOption,
    UnfurledMediaItem,
)
from .select import (
    BaseSelect,
    ChannelSelect,
    MentionableSelect,
    RoleSelect,
    Select,
    UserSelect,
    select,
)
from .store import ViewStore
from .text_input import TextInput
from .view import BaseView, LayoutView, View

__all__ = [
    "ActionRow",
    "BaseSelect",
    "BaseView",
    "Button",
    "ButtonStyle",
    "ChannelSelect",
    "Checkbox",
    "CheckboxGroup",
    "CheckboxGroupOption",
    "Container",
    "DynamicItem",
    "File",
    "FileUpload",
    "Item",
    "Label",
    "LayoutView",
    "MediaGallery",
    "MediaGalleryItem",
    "MentionableSelect",
    "Modal",
    "RadioGroup",
    "RadioGroupOption",
    "RoleSelect",
    "Section",
    "Select",
    "SelectDefaultValue",
    "SelectDefaultValueType",
    "SelectOption",
    "Separator",
    "SeparatorSpacing",
    "TextDisplay",
    "TextInput",
    "TextStyle",
    "Thumbnail",
    "UnfurledMediaItem",
    "UserSelect",
    "View",
    "ViewStore",
    "button",
    "select",
]

# discord.py's modules of this package, by name, over the names above
import sys as _sys

from .. import namespaces as _namespaces

_namespaces.install(_sys.modules[__name__])
