# A discord.py 2.x program: greetings, edit/delete logs, reaction roles; only the import differs.
import os

import tidecord as discord


class CommunityBot(discord.Client):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role_message_id = 0
        # emoji -> role name; the ids are looked up once ready
        self.emoji_to_role = {}

    async def on_ready(self):
        guild = self.guilds[0]
        self.emoji_to_role = {
            discord.PartialEmoji(name="🔵"): discord.utils.get(guild.roles, name="Blue").id,
            discord.PartialEmoji(name="🟢"): discord.utils.get(guild.roles, name="Green").id,
        }
        print(f"{self.user} is ready", flush=True)

    async def on_member_join(self, member):
        guild = member.guild
        if guild.system_channel is not None:
            await guild.system_channel.send(f"Welcome {member.mention} to {guild.name}!")

    async def on_member_remove(self, member):
        channel = member.guild.system_channel
        await channel.send(f"{member.display_name} has left {member.guild}.")

    def log_channel(self, guild):
        return discord.utils.get(guild.text_channels, name="mod-log")

    async def on_message_edit(self, before, after):
        if before.author.bot or before.content == after.content:
            return
        await self.log_channel(before.guild).send(
            f"{before.author} edited a message in {before.channel.mention}: "
            f"{before.content!r} -> {after.content!r}"
        )

    async def on_message_delete(self, message):
        if message.author.bot:
            return
        await self.log_channel(message.guild).send(
            f"Message by {message.author.mention} deleted in {message.channel.mention}: "
            f"{message.content}"
        )

    async def on_message(self, message):
        if message.author == self.user:
            return
        if message.content == "!roles":
            sent = await message.channel.send("React with 🔵 for Blue or 🟢 for Green")
            self.role_message_id = sent.id
            for emoji in ("🔵", "🟢"):
                await sent.add_reaction(emoji)

    async def on_raw_reaction_add(self, payload):
        if payload.message_id != self.role_message_id or payload.member.bot:
            return
        guild = self.get_guild(payload.guild_id)
        if guild is None:
            return
        try:
            role_id = self.emoji_to_role[payload.emoji]
        except KeyError:
            return
        role = guild.get_role(role_id)
        if role is None:
            return
        try:
            await payload.member.add_roles(role)
        except discord.HTTPException:
            pass
        await guild.system_channel.send(f"gave {role.name} to {payload.member.display_name}")

    async def on_raw_reaction_remove(self, payload):
        if payload.message_id != self.role_message_id:
            return
        guild = self.get_guild(payload.guild_id)
        if guild is None:
            return
        try:
            role_id = self.emoji_to_role[payload.emoji]
        except KeyError:
            return
        member = guild.get_member(payload.user_id)
        if member is None:
            return
        await member.remove_roles(discord.Object(id=role_id), reason="reaction role")
        await guild.system_channel.send(f"took {guild.get_role(role_id)} from {member}")


intents = discord.Intents.default()
intents.members = True
intents.message_content = True

client = CommunityBot(intents=intents)
client.run(os.environ["BOT_TOKEN"])
