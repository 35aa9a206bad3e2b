# A discord.py 2.x program: purge, timeouts, roles, clean content; only the import differs.
import datetime
import os

import tidecord as discord

intents = discord.Intents.default()
intents.message_content = True
intents.members = True
client = discord.AutoShardedClient(intents=intents)


@client.event
async def on_ready():
    print(f"{client.user} moderating {', '.join(g.name for g in client.guilds)}", flush=True)


@client.event
async def on_message(message: discord.Message):
    if message.author.bot or message.guild is None:
        return
    perms = message.channel.permissions_for(message.author)
    if message.content.startswith("!purge "):
        if not perms.manage_messages:
            await message.channel.send("You can't do that.")
            return
        count = int(message.content.split()[1])
        deleted = await message.channel.purge(limit=count + 1,
                                              check=lambda m: not m.pinned)
        await message.channel.send(f"Deleted {len(deleted) - 1} message(s).", delete_after=60)
    elif message.content.startswith("!mute"):
        for member in message.mentions:
            await member.timeout(datetime.timedelta(minutes=10), reason="muted")
            await message.channel.send(f"{member.display_name} is muted for 10 minutes.")
    elif message.content.startswith("!team "):
        name = message.content.split(maxsplit=1)[1]
        role = discord.utils.get(message.guild.roles, name=name)
        if role is None:
            role = await message.guild.create_role(name=name, colour=discord.Colour.dark_blue(),
                                                   mentionable=True, reason="team")
        await message.author.add_roles(role)
        embed = discord.Embed(title=f"Team {role.name}", colour=role.colour)
        embed.add_field(name="colour", value=str(role.colour))
        copy = embed.copy()
        copy.set_field_at(0, name="colour", value="copied")
        await message.channel.send(embeds=[embed, copy])
    elif message.content.startswith("!echo "):
        echoed = message.clean_content.removeprefix("!echo ")
        roles = ", ".join(r.name for r in message.role_mentions)
        await message.channel.send(f"{echoed} (roles: {roles or 'none'})",
                                   allowed_mentions=discord.AllowedMentions.none())


client.run(os.environ["BOT_TOKEN"])
