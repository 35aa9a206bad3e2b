"""A discord.py 2.x bot with slash commands of every kind (run unchanged but for imports)."""

import enum
import os
from typing import Literal, Optional

import discord
from discord import app_commands

GUILD_ID = int(os.environ["PROOF_GUILD_ID"])
FRUITS = ["apple", "apricot", "banana", "blueberry", "cherry"]


class Size(enum.Enum):
    small = 1
    medium = 2
    large = 3


class Coordinates(app_commands.Transformer):
    async def transform(self, interaction: discord.Interaction, value: str):
        x, _, y = value.partition(",")
        return (int(x), int(y))


class Temperature(app_commands.Transformer):
    @property
    def type(self):
        return discord.AppCommandOptionType.number

    async def transform(self, interaction: discord.Interaction, value: float):
        return round(value * 9 / 5 + 32, 1)


class Notes(app_commands.Group, name="notes", description="Keep notes"):
    def __init__(self):
        super().__init__()
        self.notes = {}

    @app_commands.command(description="Write a note")
    @app_commands.describe(title="The note's title", body="What it says")
    async def add(self, interaction: discord.Interaction, title: str,
                  body: app_commands.Range[str, 1, 50]):
        self.notes[title] = body
        await interaction.response.send_message(f"noted {title!r}")

    @app_commands.command(description="Read a note")
    async def read(self, interaction: discord.Interaction, title: str):
        await interaction.response.send_message(self.notes.get(title, "no such note"))

    @read.autocomplete("title")
    async def titles(self, interaction: discord.Interaction, current: str):
        return [app_commands.Choice(name=t, value=t) for t in sorted(self.notes)
                if t.startswith(current)]

    tags = app_commands.Group(name="tags", description="Tag notes")

    @tags.command(name="list", description="Every tag")
    async def list_tags(self, interaction: discord.Interaction):
        await interaction.response.send_message("tags: none yet")


class CommandsBot(discord.Client):
    def __init__(self):
        intents = discord.Intents.default()
        super().__init__(intents=intents)
        self.tree = app_commands.CommandTree(self)

    async def setup_hook(self):
        self.tree.add_command(Notes())
        await self.tree.sync()

    async def on_ready(self):
        print("ready", flush=True)


bot = CommandsBot()


@bot.tree.command(description="Shows every kind of option")
@app_commands.describe(text="Some text", number="A whole number")
@app_commands.rename(someone="user")
async def kinds(interaction: discord.Interaction, text: str, number: int, ratio: float,
                flag: bool, someone: discord.User, member: discord.Member, role: discord.Role,
                room: discord.TextChannel, file: discord.Attachment,
                mention: discord.Member | discord.Role, raw: app_commands.AppCommandChannel,
                maybe: Optional[str] = None):  # noqa: UP045 - as discord.py programs write it
    await interaction.response.send_message(
        f"{text}|{number}|{ratio}|{flag}|{type(someone).__name__}:{someone.name}|"
        f"{member.display_name}|{role.name}|#{room.name}|{file.filename}:{file.size}|"
        f"{type(mention).__name__}|{type(raw).__name__}:{raw.name}|{maybe}")


@bot.tree.command(description="Choices, ranges and transformers")
@app_commands.choices(fruit=[app_commands.Choice(name="Apple", value="apple"),
                             app_commands.Choice(name="Cherry", value="cherry")])
async def pick(interaction: discord.Interaction, fruit: app_commands.Choice[str],
               mode: Literal["fast", "slow"], size: Size,
               level: app_commands.Range[int, 1, 10],
               at: app_commands.Transform[tuple, Coordinates],
               heat: app_commands.Transform[float, Temperature]):
    await interaction.response.send_message(
        f"{fruit.name}={fruit.value}|{mode}|{size.name}|{level}|{at}|{heat}F")


@bot.tree.command(description="Autocomplete a fruit")
async def fruit(interaction: discord.Interaction, name: str):
    await interaction.response.send_message(f"you chose {name}")


@fruit.autocomplete("name")
async def fruit_names(interaction: discord.Interaction, current: str):
    return [app_commands.Choice(name=f.title(), value=f) for f in FRUITS
            if f.startswith(current.lower())][:25]


@bot.tree.command(description="Only moderators")
@app_commands.checks.has_permissions(kick_members=True)
@app_commands.default_permissions(kick_members=True)
@app_commands.guild_only()
async def warn(interaction: discord.Interaction, member: discord.Member, reason: str = "none"):
    await interaction.response.send_message(f"warned {member.name}: {reason}")


@warn.error
async def warn_error(interaction: discord.Interaction, error: app_commands.AppCommandError):
    if isinstance(error, app_commands.MissingPermissions):
        await interaction.response.send_message(
            f"you need {', '.join(error.missing_permissions)}", ephemeral=True)


@bot.tree.command(description="Once per minute")
@app_commands.checks.cooldown(1, 60.0)
async def daily(interaction: discord.Interaction):
    await interaction.response.send_message("daily reward!")


@daily.error
async def daily_error(interaction: discord.Interaction, error: app_commands.AppCommandError):
    if isinstance(error, app_commands.CommandOnCooldown):
        await interaction.response.send_message("slow down", ephemeral=True)


@bot.tree.command(description="Thinks, then answers")
async def think(interaction: discord.Interaction):
    await interaction.response.defer(thinking=True)
    await interaction.followup.send("thought about it")
    await interaction.edit_original_response(content="done thinking")


@bot.tree.context_menu(name="User info")
async def user_info(interaction: discord.Interaction, member: discord.Member):
    await interaction.response.send_message(
        f"{member.name} has {len(member.roles)} roles", ephemeral=True)


@bot.tree.context_menu(name="Shout")
async def shout(interaction: discord.Interaction, message: discord.Message):
    await interaction.response.send_message(message.content.upper())


bot.run(os.environ["PROOF_TOKEN"])
