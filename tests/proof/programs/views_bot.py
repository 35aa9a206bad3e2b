"""A discord.py 2.x bot with views, selects, modals (with radio and checkbox groups)
and a components-v2 layout."""

import os

import discord
from discord import app_commands, ui


class Confirm(ui.View):
    def __init__(self):
        super().__init__(timeout=60)
        self.value = None

    @ui.button(label="Confirm", style=discord.ButtonStyle.green)
    async def confirm(self, interaction: discord.Interaction, button: ui.Button):
        self.value = True
        await interaction.response.send_message("Confirming", ephemeral=True)
        self.stop()

    @ui.button(label="Cancel", style=discord.ButtonStyle.grey)
    async def cancel(self, interaction: discord.Interaction, button: ui.Button):
        self.value = False
        await interaction.response.send_message("Cancelling", ephemeral=True)
        self.stop()


class Counter(ui.View):
    @ui.button(label="0", style=discord.ButtonStyle.red)
    async def count(self, interaction: discord.Interaction, button: ui.Button):
        number = int(button.label) if button.label else 0
        if number + 1 >= 3:
            button.style = discord.ButtonStyle.green
            button.disabled = True
        button.label = str(number + 1)
        await interaction.response.edit_message(view=self)


class Dropdown(ui.Select):
    def __init__(self):
        options = [
            discord.SelectOption(label="Red", description="Your favourite colour is red",
                                 emoji="🟥"),
            discord.SelectOption(label="Green", description="Your favourite colour is green",
                                 emoji="🟩"),
            discord.SelectOption(label="Blue", description="Your favourite colour is blue",
                                 emoji="🟦"),
        ]
        super().__init__(placeholder="Choose your favourite colour...", min_values=1,
                         max_values=1, options=options)

    async def callback(self, interaction: discord.Interaction):
        await interaction.response.send_message(f"Your favourite colour is {self.values[0]}")


class DropdownView(ui.View):
    def __init__(self):
        super().__init__()
        self.add_item(Dropdown())


class Secret(ui.View):
    @ui.button(label="Reveal", style=discord.ButtonStyle.blurple)
    async def reveal(self, interaction: discord.Interaction, button: ui.Button):
        await interaction.response.edit_message(content="The secret is 42", view=None)


class Settings(ui.View):
    def __init__(self, owner_id):
        super().__init__(timeout=120)
        self.owner_id = owner_id
        self.channel = None
        self.roles = []

    async def interaction_check(self, interaction: discord.Interaction):
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message("This panel is not yours", ephemeral=True)
            return False
        return True

    @ui.select(cls=ui.ChannelSelect, placeholder="Log channel",
               channel_types=[discord.ChannelType.text])
    async def log_channel(self, interaction: discord.Interaction, select: ui.ChannelSelect):
        self.channel = select.values[0]
        await interaction.response.edit_message(content=self.describe(), view=self)

    @ui.select(cls=ui.RoleSelect, placeholder="Staff roles", max_values=3)
    async def staff(self, interaction: discord.Interaction, select: ui.RoleSelect):
        self.roles = [role.name for role in select.values]
        await interaction.response.edit_message(content=self.describe(), view=self)

    def describe(self):
        where = f"#{self.channel.name}" if self.channel else "nowhere"
        return f"Logs go to {where}; staff: {', '.join(self.roles) or 'nobody'}"


class Profile(ui.Modal, title="Your profile"):
    intro = ui.TextDisplay("Tell the server about yourself.")
    name = ui.Label(text="Name", component=ui.TextInput(max_length=32))
    about = ui.Label(text="About you", description="A sentence or two",
                     component=ui.TextInput(style=discord.TextStyle.paragraph,
                                            required=False))
    colour = ui.Label(text="Favourite colour", component=ui.Select(options=[
        discord.SelectOption(label="Red", value="red"),
        discord.SelectOption(label="Blue", value="blue")]))
    friend = ui.Label(text="Best friend", component=ui.UserSelect(required=False))

    async def on_submit(self, interaction: discord.Interaction):
        friend = self.friend.component.values
        await interaction.response.send_message(
            f"{self.name.component.value} ({self.colour.component.values[0]}): "
            f"{self.about.component.value or '-'}; friend: "
            f"{friend[0].name if friend else 'none'}")


class Outing(ui.Modal, title="Weekend outing"):
    role = ui.Label(text="Your job", component=ui.RadioGroup(options=[
        discord.RadioGroupOption(label="Cook", value="cook"),
        discord.RadioGroupOption(label="Driver", value="driver", description="Has a car")]))
    days = ui.Label(text="Days you can come", component=ui.CheckboxGroup(options=[
        discord.CheckboxGroupOption(label="Saturday", value="sat", default=True),
        discord.CheckboxGroupOption(label="Sunday", value="sun")], max_values=2))
    reminder = ui.Label(text="Remind me", component=ui.Checkbox())

    def __init__(self):
        super().__init__()
        self.days.component.add_option(label="Monday", value="mon",
                                       description="A holiday")

    async def on_submit(self, interaction: discord.Interaction):
        days = self.days.component.values
        await interaction.response.send_message(
            f"{self.role.component.value} on {', '.join(days) or 'no day'}; "
            f"reminder: {'yes' if self.reminder.component.value else 'no'}")


class Dashboard(ui.LayoutView):
    def __init__(self):
        super().__init__(timeout=60)
        self.clicks = 0
        self.status = ui.TextDisplay("No clicks yet")
        more = ui.Button(label="Click", style=discord.ButtonStyle.primary)
        more.callback = self.click
        self.container = ui.Container(
            ui.TextDisplay("## Dashboard"),
            ui.Section(ui.TextDisplay("Server stats, live."),
                       accessory=ui.Thumbnail("https://example.com/logo.png")),
            ui.Separator(spacing=discord.SeparatorSpacing.large),
            self.status,
            ui.MediaGallery(discord.MediaGalleryItem("https://example.com/chart.png",
                                                     description="chart")),
            ui.ActionRow(more),
            accent_colour=discord.Colour.blurple(),
        )
        self.add_item(self.container)

    async def click(self, interaction: discord.Interaction):
        self.clicks += 1
        self.status.content = f"{self.clicks} click(s)"
        await interaction.response.edit_message(view=self)


class ViewsBot(discord.Client):
    def __init__(self):
        super().__init__(intents=discord.Intents.default())
        self.tree = app_commands.CommandTree(self)

    async def setup_hook(self):
        await self.tree.sync()

    async def on_ready(self):
        print("ready", flush=True)


bot = ViewsBot()


@bot.tree.command(description="Asks to confirm")
async def confirm(interaction: discord.Interaction):
    view = Confirm()
    await interaction.response.send_message("Do you want to continue?", view=view)
    await view.wait()
    outcome = {True: "confirmed", False: "cancelled", None: "timed out"}[view.value]
    await interaction.followup.send(f"You {outcome}.")


@bot.tree.command(description="A counter")
async def counter(interaction: discord.Interaction):
    await interaction.response.send_message("Press!", view=Counter())


@bot.tree.command(description="Pick a colour")
async def colour(interaction: discord.Interaction):
    await interaction.response.send_message("Pick your favourite colour:",
                                            view=DropdownView())


@bot.tree.command(description="A secret only you see")
async def secret(interaction: discord.Interaction):
    await interaction.response.send_message("Psst...", view=Secret(), ephemeral=True)


@bot.tree.command(description="Server settings")
async def settings(interaction: discord.Interaction):
    view = Settings(interaction.user.id)
    await interaction.response.send_message(view.describe(), view=view)


@bot.tree.command(description="Fill in your profile")
async def profile(interaction: discord.Interaction):
    await interaction.response.send_modal(Profile())


@bot.tree.command(description="Plan the weekend outing")
async def outing(interaction: discord.Interaction):
    await interaction.response.send_modal(Outing())


@bot.tree.command(description="A dashboard")
async def dashboard(interaction: discord.Interaction):
    await interaction.response.send_message(view=Dashboard())


bot.run(os.environ["PROOF_TOKEN"])
