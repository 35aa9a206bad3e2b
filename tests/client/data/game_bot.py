# A discord.py 2.x program: a guessing game, embeds, discord.utils, typing; only the import differs.
# ruff: noqa: UP041  (discord.py programs catch asyncio.TimeoutError)
import asyncio
import os
import random

import tidecord as discord

intents = discord.Intents.default()
intents.message_content = True
intents.members = True
client = discord.Client(intents=intents)


@client.event
async def on_ready():
    print(f"Logged in as {client.user} (ID: {client.user.id})", flush=True)


@client.event
async def on_message(message):
    if message.author.id == client.user.id:
        return

    if message.content.startswith("$guess"):
        await message.channel.send("Guess a number between 1 and 10.")
        print("guessing", flush=True)  # for the test: the bot now waits for a guess

        def is_correct(m):
            return m.author == message.author and m.content.isdigit()

        answer = int(os.environ.get("GUESS_ANSWER", random.randint(1, 10)))
        try:
            guess = await client.wait_for("message", check=is_correct, timeout=2.0)
        except asyncio.TimeoutError:
            return await message.channel.send(f"Sorry, you took too long it was {answer}.")
        if int(guess.content) == answer:
            await message.channel.send("You are right!")
        else:
            await message.channel.send(f"Oops. It is actually {answer}.")

    elif message.content == "$profile":
        author = message.author
        embed = discord.Embed(title="Profile", description=f"Hello {author.mention}",
                              colour=discord.Colour.blue(), timestamp=discord.utils.utcnow())
        embed.set_author(name=author.display_name, icon_url=author.display_avatar.url)
        embed.add_field(name="Server", value=message.guild.name)
        embed.add_field(name="Joined", value=discord.utils.format_dt(author.joined_at, "R"))
        embed.set_footer(text=f"Asked by {author}")
        embed.set_thumbnail(url=author.avatar.url if author.avatar else author.default_avatar.url)
        await message.channel.send(embed=embed)

    elif message.content == "$roles":
        guild = message.guild
        mod = discord.utils.get(guild.roles, name="Moderator")
        bob = discord.utils.find(lambda m: m.name == "bob", guild.members)
        in_general = discord.utils.get(guild.text_channels, name="general")
        mods = [m.display_name for m in guild.members if mod in m.roles]
        await message.channel.send(
            f"{mod.mention} has {', '.join(mods)}; bob: {bob is not None}; "
            f"general: {in_general.mention}; created {discord.utils.format_dt(guild.created_at)}"
        )

    elif message.content == "$slow":
        async with message.channel.typing():
            await asyncio.sleep(0.3)
        await message.reply(f"done thinking, {message.author.name}", mention_author=False)

    elif message.content == "$bye":
        await message.channel.send("bye")
        await client.close()


client.run(os.environ["BOT_TOKEN"])
