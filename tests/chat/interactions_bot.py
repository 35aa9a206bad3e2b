"""A tidecord bot with slash commands, every select kind, modals, a layout and menus."""

from __future__ import annotations

import contextlib
import io
from collections.abc import AsyncIterator
from typing import Any

import tidecord
from tidecord import app_commands, ui

from .chatpage_bot import until_closed
from .chatpage_driver import picture

LOGO = picture(32, 32)  # made once, at import: no image work on the loop in a test


class Selects(ui.View):
    """One select of each kind; each pick is answered with what was picked."""

    @ui.select(custom_id="fruit", placeholder="Pick fruit", max_values=2, options=[
        tidecord.SelectOption(label="Apple", value="apple", emoji="🍎"),
        tidecord.SelectOption(label="Pear", value="pear"),
        tidecord.SelectOption(label="Plum", value="plum")])
    async def fruit(self, interaction: tidecord.Interaction, select: ui.Select[Any]) -> None:
        await interaction.response.send_message(f"fruit: {', '.join(select.values)}")

    @ui.select(cls=ui.UserSelect, custom_id="people", placeholder="Pick people")
    async def people(self, interaction: tidecord.Interaction, select: ui.UserSelect[Any]) -> None:
        await interaction.response.send_message(f"people: {select.values[0].name}")

    @ui.select(cls=ui.RoleSelect, custom_id="roles", placeholder="Pick a role")
    async def roles(self, interaction: tidecord.Interaction, select: ui.RoleSelect[Any]) -> None:
        await interaction.response.send_message(f"role: {select.values[0].name}")

    @ui.select(cls=ui.MentionableSelect, custom_id="anyone", placeholder="Pick anyone")
    async def anyone(self, interaction: tidecord.Interaction,
                     select: ui.MentionableSelect[Any]) -> None:
        await interaction.response.send_message(f"mentioned: {select.values[0].name}")

    @ui.select(cls=ui.ChannelSelect, custom_id="room", placeholder="Pick a room",
               channel_types=[tidecord.ChannelType.text])
    async def room(self, interaction: tidecord.Interaction,
                   select: ui.ChannelSelect[Any]) -> None:
        await interaction.response.send_message(f"room: #{select.values[0].name}")


class Profile(ui.Modal, title="Your profile"):
    intro = ui.TextDisplay("Tell us about **you**.")
    name: ui.Label[Any] = ui.Label(text="Name", component=ui.TextInput(custom_id="name"))
    colour: ui.Label[Any] = ui.Label(text="Colour", description="Pick one",
                                     component=ui.Select(custom_id="colour", options=[
                                         tidecord.SelectOption(label="Red", value="red"),
                                         tidecord.SelectOption(label="Blue", value="blue")]))
    friend: ui.Label[Any] = ui.Label(text="Friend", component=ui.UserSelect(custom_id="friend"))
    photo: ui.Label[Any] = ui.Label(text="Photo", component=ui.FileUpload(
        custom_id="photo", required=False))

    async def on_submit(self, interaction: tidecord.Interaction) -> None:
        name, colour = self.name.component, self.colour.component
        friend, photo = self.friend.component, self.photo.component
        assert isinstance(name, ui.TextInput) and isinstance(colour, ui.Select)
        assert isinstance(friend, ui.UserSelect) and isinstance(photo, ui.FileUpload)
        files = ", ".join(a.filename for a in photo.values) or "no photo"
        await interaction.response.send_message(
            f"{name.value} likes {colour.values[0]}, friend {friend.values[0].name}, {files}")


class Outing(ui.Modal, title="Weekend outing"):
    job: ui.Label[Any] = ui.Label(text="Your job", component=ui.RadioGroup(
        custom_id="job", options=[tidecord.RadioGroupOption(label="Cook", value="cook"),
                                  tidecord.RadioGroupOption(label="Driver", value="driver")]))
    days: ui.Label[Any] = ui.Label(text="Days", component=ui.CheckboxGroup(
        custom_id="days", max_values=2, options=[
            tidecord.CheckboxGroupOption(label="Saturday", value="sat", default=True),
            tidecord.CheckboxGroupOption(label="Sunday", value="sun")]))
    remind: ui.Label[Any] = ui.Label(text="Remind me", component=ui.Checkbox(custom_id="remind"))

    async def on_submit(self, interaction: tidecord.Interaction) -> None:
        job, days, remind = self.job.component, self.days.component, self.remind.component
        assert isinstance(job, ui.RadioGroup) and isinstance(days, ui.CheckboxGroup)
        assert isinstance(remind, ui.Checkbox)
        await interaction.response.send_message(
            f"{job.value} on {', '.join(days.values)}, reminder {remind.value}")


class Secret(ui.View):
    @ui.button(label="Reveal", custom_id="reveal", style=tidecord.ButtonStyle.primary)
    async def reveal(self, interaction: tidecord.Interaction, button: ui.Button[Any]) -> None:
        await interaction.response.edit_message(content="The secret is 42", view=None)


class Dashboard(ui.LayoutView):
    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.status = ui.TextDisplay("Pressed 0 times")
        press = ui.Button(label="Press", custom_id="press", style=tidecord.ButtonStyle.success)
        press.callback = self.press  # type: ignore[method-assign]
        self.count = 0
        self.add_item(ui.Container(
            ui.TextDisplay("## Dashboard"),
            ui.Section("Plants watered today", accessory=ui.Thumbnail(
                "attachment://logo.png", description="logo")),
            ui.Separator(spacing=tidecord.SeparatorSpacing.large),
            self.status,
            ui.MediaGallery(tidecord.MediaGalleryItem("attachment://logo.png", description="a")),
            ui.ActionRow(press),
            accent_colour=0x57F287))

    async def press(self, interaction: tidecord.Interaction) -> None:
        self.count += 1
        self.status.content = f"Pressed {self.count} times"
        await interaction.response.edit_message(view=self)


class InteractionsBot(tidecord.Client):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.tree = app_commands.CommandTree(self)
        tree = self.tree

        @tree.command(description="Every kind of select")
        async def selects(interaction: tidecord.Interaction) -> None:
            await interaction.response.send_message("Pick away", view=Selects())

        @tree.command(description="Fill in your profile")
        async def profile(interaction: tidecord.Interaction) -> None:
            await interaction.response.send_modal(Profile())

        @tree.command(description="Plan the outing")
        async def outing(interaction: tidecord.Interaction) -> None:
            await interaction.response.send_modal(Outing())

        @tree.command(description="A secret")
        async def secret(interaction: tidecord.Interaction) -> None:
            await interaction.response.send_message("Psst", view=Secret(), ephemeral=True)

        @tree.command(description="A dashboard")
        async def dashboard(interaction: tidecord.Interaction) -> None:
            # Its pictures are an upload: Discord takes no address but a full URL or
            # attachment://, and the bot knows no URL of the page's.
            await interaction.response.send_message(view=Dashboard(), file=tidecord.File(
                io.BytesIO(LOGO), filename="logo.png"))

        @tree.context_menu(name="Wave at")
        async def wave(interaction: tidecord.Interaction, member: tidecord.Member) -> None:
            await interaction.response.send_message(
                f"{interaction.user.name} waves at {member.name}")

        @tree.context_menu(name="Shout")
        async def shout(interaction: tidecord.Interaction, message: tidecord.Message) -> None:
            await interaction.response.send_message(message.content.upper())

    async def setup_hook(self) -> None:
        await self.tree.sync()


@contextlib.asynccontextmanager
async def running_interactions_bot(api_url: str, token: str) -> AsyncIterator[InteractionsBot]:
    """Run the bot until the block ends; yields once it is ready."""
    bot = InteractionsBot(api_url=api_url)
    async with until_closed(bot, token):
        yield bot
