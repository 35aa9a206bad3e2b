"""Two more tutorial favourites in one program: "join to create" voice rooms (a member
who joins the lobby gets a room of their own and is moved there; an empty room is
deleted) and a modmail relay (a DM to the bot opens a thread in #mod-log with the
attachment's text; staff answer with ``!reply``), plus ``!mute`` of several members at
once with ``Greedy``. Written once against ``(discord, commands)``."""

import datetime
import io


def rooms_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    intents.voice_states = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    rooms = {}  # room id -> owner id
    tickets = {}  # user id -> thread id

    def log(guild):
        return discord.utils.get(guild.text_channels, name="mod-log")

    @bot.event
    async def on_voice_state_update(member, before, after):
        guild = member.guild
        if after.channel is not None and after.channel.name == "Join to Create":
            room = await guild.create_voice_channel(
                f"{member.display_name}'s room", category=after.channel.category,
                user_limit=3, overwrites={member: discord.PermissionOverwrite(
                    manage_channels=True, move_members=True)})
            rooms[room.id] = member.id
            await member.move_to(room, reason="their own room")
            await log(guild).send(f"{member.name} got {room.name} in {room.category} "
                                  f"(limit {room.user_limit}, owner may manage: "
                                  f"{room.permissions_for(member).manage_channels})")
        if before.channel is not None and before.channel.id in rooms \
                and not before.channel.members:
            del rooms[before.channel.id]
            await before.channel.delete(reason="empty")
            await log(guild).send(f"{before.channel.name} was empty and is gone")
        elif after.channel is not None and after.channel.id in rooms \
                and before.channel is not None and before.channel.id in rooms:
            await log(guild).send(f"{member.name} moved between rooms")

    @bot.command()
    async def voice(ctx):
        lines = []
        for channel in ctx.guild.voice_channels:
            people = sorted(m.name for m in channel.members)
            lines.append(f"{channel.name}: {people}")
        states = sorted(f"{m.name}@{m.voice.channel.name} mute={m.voice.self_mute}"
                        for m in ctx.guild.members if m.voice)
        await ctx.send("\n".join(lines) + f"\n{states}")

    @bot.event
    async def on_message(message):
        if message.author.bot:
            return
        if isinstance(message.channel, discord.DMChannel):
            guild = bot.guilds[0]
            thread = guild.get_thread(tickets.get(message.author.id, 0))
            if thread is None:
                start = await log(guild).send(f"Modmail from {message.author}")
                thread = await start.create_thread(name=f"modmail-{message.author.name}")
                tickets[message.author.id] = thread.id
            text = message.content
            for attachment in message.attachments:
                data = await attachment.read()
                text += f"\n[{attachment.filename}: {data.decode()!r}]"
            # Sent on as they came (a spoiler stays one only when asked).
            files = [await a.to_file(spoiler=a.filename.startswith("SPOILER_") and
                                     "keep" in message.content)
                     for a in message.attachments]
            await thread.send(f"**{message.author.name}:** {text}", files=files)
            await message.add_reaction("\N{INCOMING ENVELOPE}")
            return
        await bot.process_commands(message)

    @bot.command()
    @commands.has_permissions(manage_messages=True)
    async def reply(ctx, user: discord.User, *, text: str):
        note = io.BytesIO(f"Staff said: {text}".encode())
        await user.send(f"Staff: {text}", file=discord.File(note, filename="reply.txt"))
        thread = ctx.guild.get_thread(tickets.get(user.id, 0))
        await ctx.send(f"Sent to {user.name}; ticket {thread.name if thread else None}; "
                       f"dm {user.dm_channel is not None}")

    @bot.command()
    @commands.has_permissions(moderate_members=True)
    async def mute(ctx, members: commands.Greedy[discord.Member], minutes: int = 5,
                   *, reason: str = "no reason"):
        if not members:
            return await ctx.send("Name someone to mute.")
        for member in members:
            await member.timeout(datetime.timedelta(minutes=minutes), reason=reason)
        names = ", ".join(m.display_name for m in members)
        await ctx.send(f"Muted {names} for {minutes} min: {reason}")

    @bot.event
    async def on_member_update(before, after):
        if before.timed_out_until != after.timed_out_until:
            await log(after.guild).send(f"{after.name} timed out: "
                                        f"{after.is_timed_out()}")

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"{type(error).__name__}: {error}")

    return bot
