"""A message logger as tutorials build one: edits (cached, and raw ones for messages
from before the bot started), deletions with who did it read from the audit log,
raw deletions of uncached messages, bulk deletions, ghost pings, and ``!purge``
feeding them.
Everything goes to #mod-log. Written once against ``(discord, commands)``."""


def logger_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def log_channel(guild):
        return discord.utils.get(guild.text_channels, name="mod-log")

    def ignored(message):
        return message.guild is None or message.author.bot \
            or message.channel.name == "mod-log"

    @bot.event
    async def on_message_edit(before, after):
        if ignored(after) or before.content == after.content:
            return
        embed = discord.Embed(title="Message edited", colour=discord.Colour.orange(),
                              url=after.jump_url)
        embed.add_field(name="Before", value=before.content or "(empty)", inline=False)
        embed.add_field(name="After", value=after.content or "(empty)", inline=False)
        embed.set_footer(text=f"{after.author} in #{after.channel}")
        await log_channel(after.guild).send(embed=embed)

    @bot.event
    async def on_raw_message_edit(payload):
        if payload.cached_message is not None or payload.guild_id is None:
            return
        guild = bot.get_guild(payload.guild_id)
        channel = guild.get_channel(payload.channel_id)
        if channel.name == "mod-log":
            return
        await log_channel(guild).send(
            f"An old message in {channel.mention} was edited by "
            f"{payload.message.author.name}: now {payload.data.get('content')!r}, "
            f"edited {payload.message.edited_at is not None}")

    async def who_deleted(message):
        guild = message.guild
        async for entry in guild.audit_logs(limit=1,
                                            action=discord.AuditLogAction.message_delete):
            recent = (discord.utils.utcnow() - entry.created_at).total_seconds() < 60
            if entry.target.id == message.author.id and recent and \
                    entry.extra.channel.id == message.channel.id:
                return f"{entry.user.name} (count {entry.extra.count})"
        return "themselves"

    @bot.event
    async def on_message_delete(message):
        if ignored(message):
            return
        who = await who_deleted(message)
        files = [a.filename for a in message.attachments]
        await log_channel(message.guild).send(
            f"Deleted in #{message.channel}: {message.author.display_name} said "
            f"{message.content!r} {files}; deleted by {who}",
            allowed_mentions=discord.AllowedMentions.none())
        if message.raw_mentions or message.raw_role_mentions:
            # A ghost ping: what the content named, whether or not it pinged.
            await log_channel(message.guild).send(
                f"Ghost ping by {message.author.name}: {len(message.raw_mentions)} user "
                f"mention(s), {len(message.raw_role_mentions)} role mention(s), "
                f"{len(message.mentions)} pinged")

    @bot.event
    async def on_raw_message_delete(payload):
        if payload.cached_message is not None or payload.guild_id is None:
            return
        guild = bot.get_guild(payload.guild_id)
        channel = guild.get_channel(payload.channel_id)
        await log_channel(guild).send(
            f"An old message ({payload.message_id}) was deleted in {channel.mention}")

    @bot.event
    async def on_bulk_message_delete(messages):
        guild = messages[0].guild
        authors = sorted({m.author.name for m in messages})
        await log_channel(guild).send(f"{len(messages)} messages purged from "
                                      f"#{messages[0].channel} by {authors}")

    @bot.event
    async def on_raw_bulk_message_delete(payload):
        guild = bot.get_guild(payload.guild_id)
        cached = len(payload.cached_messages)
        await log_channel(guild).send(f"bulk: {len(payload.message_ids)} ids, "
                                      f"{cached} cached")

    @bot.command()
    @commands.has_permissions(manage_messages=True)
    @commands.bot_has_permissions(manage_messages=True)
    async def purge(ctx, amount: int = 5):
        await ctx.message.delete()
        gone = await ctx.channel.purge(limit=amount)
        await ctx.send(f"Purged {len(gone)} messages.", delete_after=30)

    @bot.command()
    async def anon(ctx, *, text: str):
        # Anonymous feedback: the command goes, then a reply to it is tried (and refused,
        # its message being gone) before the plain message.
        await ctx.message.delete()
        try:
            await ctx.reply(f"Feedback noted: {text}")
        except discord.HTTPException as error:
            await ctx.send(f"Anonymous feedback: {text} ({error.status}/{error.code})")

    @purge.error
    async def purge_error(ctx, error):
        if isinstance(error, commands.MissingPermissions):
            await ctx.reply("You can't do that.", mention_author=False)
        else:
            raise error

    return bot
