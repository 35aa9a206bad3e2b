"""A discord.py 2.x bot whose buttons keep working after it restarts."""

import os
import re

import discord
from discord import app_commands, ui


class RoleMenu(ui.View):
    def __init__(self):
        super().__init__(timeout=None)

    @ui.button(label="Get notified", style=discord.ButtonStyle.green,
               custom_id="rolemenu:notify")
    async def notify(self, interaction: discord.Interaction, button: ui.Button):
        await interaction.response.send_message(
            f"{interaction.user.name} will be notified", ephemeral=True)


class Votes(ui.DynamicItem[ui.Button], template=r"votes:(?P<topic>[a-z]+):(?P<count>[0-9]+)"):
    def __init__(self, topic, count):
        super().__init__(ui.Button(label=f"{topic}: {count}", style=discord.ButtonStyle.primary,
                                   custom_id=f"votes:{topic}:{count}"))
        self.topic = topic
        self.count = count

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match):
        return cls(match["topic"], int(match["count"]))

    async def callback(self, interaction: discord.Interaction):
        self.count += 1
        self.item.label = f"{self.topic}: {self.count}"
        self.custom_id = f"votes:{self.topic}:{self.count}"
        await interaction.response.edit_message(view=self.view)


class PersistentBot(discord.Client):
    def __init__(self):
        super().__init__(intents=discord.Intents.default())
        self.tree = app_commands.CommandTree(self)

    async def setup_hook(self):
        self.add_view(RoleMenu())
        self.add_dynamic_items(Votes)
        await self.tree.sync()

    async def on_ready(self):
        print("ready", flush=True)


bot = PersistentBot()


@bot.tree.command(description="Post the role menu")
async def rolemenu(interaction: discord.Interaction):
    await interaction.response.send_message("Pick your roles", view=RoleMenu())


@bot.tree.command(description="Start a vote")
async def vote(interaction: discord.Interaction, topic: str):
    view = ui.View(timeout=None)
    view.add_item(Votes(topic, 0))
    await interaction.response.send_message(f"Vote on {topic}", view=view)


bot.run(os.environ["PROOF_TOKEN"])
