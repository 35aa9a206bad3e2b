"""Temporary voice rooms as servers run them: joining the hub channel an admin chose
(``!hub``) makes a room in the hub's category with overwrites that make the member its
owner, moves them there (``member.move_to``), and deletes it once the last person
leaves. ``!room`` commands let the owner lock it, cap it and rename it, and let someone
in an abandoned room claim it. Rooms live in aiosqlite: after a restart the bot still
knows them, and one left empty while it was away is cleaned up at ready. Written once
against ``(discord, commands)``."""

import aiosqlite


def voice_rooms_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async def query(sql, *args):
        async with aiosqlite.connect(db_path) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS hubs (guild_id INTEGER PRIMARY KEY, "
                             "channel_id INTEGER)")
            await db.execute("CREATE TABLE IF NOT EXISTS rooms (channel_id INTEGER PRIMARY "
                             "KEY, owner_id INTEGER)")
            async with db.execute(sql, args) as cursor:
                rows = await cursor.fetchall()
            await db.commit()
        return rows

    def log(guild):
        return discord.utils.get(guild.text_channels, name="mod-log")

    def owner_rights():
        return discord.PermissionOverwrite(connect=True, manage_channels=True,
                                           move_members=True)

    async def remove_if_empty(channel, why):
        if channel.members:
            return
        await query("DELETE FROM rooms WHERE channel_id = ?", channel.id)
        await channel.delete(reason=why)
        await log(channel.guild).send(f"Removed {channel.name} ({why})")

    @bot.event
    async def on_ready():
        for channel_id, _ in await query("SELECT channel_id, owner_id FROM rooms"):
            channel = bot.get_channel(channel_id)
            if channel is None:
                await query("DELETE FROM rooms WHERE channel_id = ?", channel_id)
            else:
                await remove_if_empty(channel, "left empty while I was away")

    @bot.event
    async def on_voice_state_update(member, before, after):
        if before.channel == after.channel:
            return  # muted, deafened, went live: not a move
        hub = await query("SELECT channel_id FROM hubs WHERE guild_id = ?", member.guild.id)
        if after.channel is not None and hub and after.channel.id == hub[0][0]:
            guild = member.guild

            async def make_room(rights):
                return await guild.create_voice_channel(
                    f"{member.display_name}'s room", category=after.channel.category,
                    overwrites={guild.me: discord.PermissionOverwrite(connect=True,
                                                                      manage_channels=True),
                                member: rights},
                    reason=f"room for {member}")

            rights = owner_rights()
            if discord.utils.get(member.roles, name="Staff"):
                rights.mute_members = True  # staff may keep order in their own room
            try:
                room = await make_room(rights)
            except discord.Forbidden as error:
                await log(guild).send(f"No mute rights for {member.display_name} "
                                      f"({error.status} {error.code}); a plain room instead")
                room = await make_room(owner_rights())
            count = len(room.category.voice_channels)  # the new room among them
            await query("INSERT INTO rooms VALUES (?, ?)", room.id, member.id)
            await member.move_to(room, reason="into their room")
            await log(guild).send(f"Made {room.mention} for {member.mention} in "
                                  f"{room.category.name} (now {count} voice channels); "
                                  f"they can manage it: "
                                  f"{room.permissions_for(member).manage_channels}",
                                  allowed_mentions=discord.AllowedMentions.none())
        if before.channel is not None:
            ours = await query("SELECT owner_id FROM rooms WHERE channel_id = ?",
                               before.channel.id)
            if ours:
                await remove_if_empty(before.channel, f"{member.display_name} left last")

    async def my_room(ctx, owned=True):
        voice = ctx.author.voice
        rows = voice and voice.channel and await query(
            "SELECT owner_id FROM rooms WHERE channel_id = ?", voice.channel.id)
        if not rows:
            await ctx.send("You are not in a room.")
            return None
        if owned and rows[0][0] != ctx.author.id:
            owner = ctx.guild.get_member(rows[0][0])
            await ctx.send(f"Only {owner.display_name if owner else 'its owner'} can do that.")
            return None
        return voice.channel

    @bot.group(invoke_without_command=True)
    async def room(ctx):
        channel = await my_room(ctx, owned=False)
        if channel is not None:
            people = ", ".join(sorted(m.display_name for m in channel.members))
            await ctx.send(f"{channel.name}: limit {channel.user_limit}, bitrate "
                           f"{channel.bitrate}, here {people}")

    @room.command()
    async def lock(ctx):
        channel = await my_room(ctx)
        if channel is not None:
            await channel.set_permissions(ctx.guild.default_role, connect=False)
            await ctx.send(f"Locked {channel.name}.")

    @room.command()
    async def limit(ctx, people: commands.Range[int, 0, 99]):
        channel = await my_room(ctx)
        if channel is not None:
            channel = await channel.edit(user_limit=people)
            await ctx.send(f"{channel.name} holds {channel.user_limit} now.")

    @room.command()
    async def tune(ctx, region, quality: str = "auto"):
        channel = await my_room(ctx)
        if channel is not None:
            mode = discord.VideoQualityMode.full if quality == "full" else \
                discord.VideoQualityMode.auto
            channel = await channel.edit(rtc_region=None if region == "auto" else region,
                                         video_quality_mode=mode)
            await ctx.send(f"{channel.name}: region {channel.rtc_region}, video "
                           f"{channel.video_quality_mode.name}")

    @room.command()
    async def rename(ctx, *, name):
        channel = await my_room(ctx)
        if channel is not None:
            old = channel.name
            channel = await channel.edit(name=name)
            await ctx.send(f"{old} is {channel.name} now.")

    @room.command()
    async def claim(ctx):
        channel = await my_room(ctx, owned=False)
        if channel is None:
            return
        owner_id = (await query("SELECT owner_id FROM rooms WHERE channel_id = ?",
                                channel.id))[0][0]
        if any(m.id == owner_id for m in channel.members):
            return await ctx.send("Its owner is still here.")
        # All overwrites at once: the old owner's go, the new owner's come.
        kept = {t: o for t, o in channel.overwrites.items() if t.id != owner_id}
        rights = owner_rights()
        if discord.utils.get(ctx.author.roles, name="Staff"):
            rights.mute_members = True
        try:
            await channel.edit(overwrites={**kept, ctx.author: rights})
        except discord.Forbidden as error:
            await ctx.send(f"No mute rights for {ctx.author.display_name} ({error.status} "
                           f"{error.code})")
            await channel.edit(overwrites={**kept, ctx.author: owner_rights()})
        await query("UPDATE rooms SET owner_id = ? WHERE channel_id = ?", ctx.author.id,
                    channel.id)
        # Read back from Discord: the cached channel waits for CHANNEL_UPDATE.
        fresh = await ctx.guild.fetch_channel(channel.id)
        await ctx.send(f"{ctx.author.display_name} owns {channel.name} now; overwrites for "
                       f"{sorted(t.name for t in fresh.overwrites)}")

    @bot.command()
    @commands.has_permissions(manage_channels=True)
    async def hub(ctx, *, channel: discord.VoiceChannel):
        await query("INSERT OR REPLACE INTO hubs VALUES (?, ?)", ctx.guild.id, channel.id)
        await ctx.send(f"Joining {channel.name} makes a room in {channel.category}.")

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"{type(error).__name__}: {error}")

    return bot
