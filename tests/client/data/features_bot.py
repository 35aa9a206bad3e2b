# A discord.py 2.x program using the common API surface; only the import differs.
# ruff: noqa: UP041  (discord.py programs catch asyncio.TimeoutError)
import asyncio
import os
import sys

import tidecord as discord

intents = discord.Intents.default()
intents.message_content = True
client = discord.Client(intents=intents)


@client.event
async def on_ready():
    print(f"ready as {client.user} in {len(client.guilds)} guild(s)", flush=True)


@client.event
async def on_message(message):
    if message.author == client.user:
        return
    if message.content == "!embed":
        embed = discord.Embed(title="Idea", description="Water plants", color=0x00FF00)
        embed.add_field(name="votes", value="3", inline=False)
        embed.set_footer(text="from tidecord")
        await message.channel.send(embed=embed)
    elif message.content == "!ask":
        await message.channel.send("What's your favourite colour?")
        # Said once the question is sent: the test answers only then, as a person
        # reads the question before answering it.
        print("asked", flush=True)

        def check(m):
            return m.author == message.author and m.channel == message.channel

        try:
            answer = await client.wait_for("message", check=check, timeout=5.0)
        except asyncio.TimeoutError:
            await message.channel.send("Too slow!")
        else:
            await answer.reply(f"{answer.content} is a fine colour, {answer.author.display_name}")
    elif message.content == "!info":
        guild = message.guild
        roles = ", ".join(r.name for r in message.author.roles)
        channel = client.get_channel(message.channel.id)
        await message.channel.send(
            f"{guild.name}: {len(guild.members)} members, #{channel.name}, roles: {roles}, "
            f"latency {'ok' if client.latency < 1 else 'slow'}"
        )
    elif message.content == "!bye":
        await message.channel.send("bye")
        await client.close()


async def main():
    async with client:
        await client.start(os.environ["BOT_TOKEN"])


if __name__ == "__main__":
    asyncio.run(main())
    sys.exit(0)
