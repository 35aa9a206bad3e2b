# A discord.py 2.x program: confirmations by reaction, DMs, history, presence; only the
# import differs.
# ruff: noqa: UP041  (discord.py programs catch asyncio.TimeoutError)
import asyncio
import os

import tidecord as discord


class HelperBot(discord.Client):
    async def on_ready(self):
        await self.change_presence(activity=discord.Activity(
            type=discord.ActivityType.watching, name="the garden"), status=discord.Status.idle)
        print(f"{self.user.name} ready", flush=True)

    async def on_message(self, message: discord.Message):
        if message.author.bot:
            return
        if isinstance(message.channel, discord.DMChannel):
            await message.channel.send(f"You said {discord.utils.escape_markdown(message.content)}"
                                       " in private")
            return
        assert isinstance(message.channel, discord.TextChannel)
        assert isinstance(message.channel, discord.abc.GuildChannel)
        assert isinstance(message.channel, discord.abc.Messageable)
        if message.content == "!clear":
            prompt = await message.channel.send("Delete the last messages? React 👍 to confirm.")
            await prompt.add_reaction("👍")

            def check(reaction, user):
                return user == message.author and reaction.emoji == "👍" \
                    and reaction.message.id == prompt.id

            try:
                reaction, user = await self.wait_for("reaction_add", timeout=5.0, check=check)
            except asyncio.TimeoutError:
                await message.channel.send("Not confirmed.")
            else:
                seen = [m async for m in message.channel.history(limit=10)]
                await message.channel.send(
                    f"{user.display_name} confirmed with {reaction.emoji}; "
                    f"I saw {len(seen)} messages, the last by {seen[1].author.name}",
                    delete_after=30)
        elif message.content == "!dm":
            await message.author.send(f"Hi {message.author.name}, how can I help?")
            await message.add_reaction("✅")


intents = discord.Intents.default()
intents.message_content = True
HelperBot(intents=intents).run(os.environ["BOT_TOKEN"])
