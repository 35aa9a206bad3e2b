"""A starboard as tutorials build one: raw reaction events for ⭐, the message fetched
to count its stars and who gave them (the author's own star does not count), a post in
#starboard with a jump link and the first attachment as the image, edited as stars come
and go, deleted when they fall under the threshold; ``!quote`` in reply to a message
puts it there by hand. Written once against
``(discord, commands)``."""

STAR = "\N{WHITE MEDIUM STAR}"
THRESHOLD = 2


def starboard_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    posted = {}  # starred message id -> its starboard message

    async def stars_of(message):
        reaction = discord.utils.get(message.reactions, emoji=STAR)
        if reaction is None:
            return 0, []
        people = [u async for u in reaction.users() if u.id != message.author.id]
        return len(people), sorted(u.name for u in people)

    def entry(message, count):
        embed = discord.Embed(description=message.content or None,
                              colour=discord.Colour.gold(),
                              timestamp=message.created_at)
        embed.set_author(name=message.author.display_name,
                         icon_url=message.author.display_avatar.url)
        embed.add_field(name="Source", value=f"[Jump to message]({message.jump_url})")
        if message.attachments:
            first = message.attachments[0]
            embed.set_image(url=first.url)
            embed.add_field(name="File", value=f"{first.filename} ({first.size} bytes, "
                                               f"{first.content_type})")
        embed.set_footer(text=str(message.id))
        return f"{STAR} **{count}** {message.channel.mention}", embed

    async def refresh(payload):
        if payload.emoji.name != STAR or payload.guild_id is None:
            return
        guild = bot.get_guild(payload.guild_id)
        channel = guild.get_channel(payload.channel_id)
        if channel is None or channel.name == "starboard":
            return
        message = await channel.fetch_message(payload.message_id)
        count, people = await stars_of(message)
        board = discord.utils.get(guild.text_channels, name="starboard")
        known = posted.get(message.id)
        if count >= THRESHOLD:
            content, embed = entry(message, count)
            if known is None:
                posted[message.id] = await board.send(content, embed=embed)
            else:
                await known.edit(content=content, embed=embed)
        elif known is not None:
            await known.delete()
            del posted[message.id]
        who = payload.member.display_name if payload.member else f"user {payload.user_id}"
        log = discord.utils.get(guild.text_channels, name="mod-log")
        await log.send(f"{payload.event_type} {payload.emoji} by {who}: "
                       f"{count} stars from {people}, burst={payload.burst}, "
                       f"author={payload.message_author_id == message.author.id}")

    @bot.event
    async def on_raw_reaction_add(payload):
        await refresh(payload)

    @bot.event
    async def on_raw_reaction_remove(payload):
        await refresh(payload)

    @bot.event
    async def on_raw_reaction_clear_emoji(payload):
        known = posted.pop(payload.message_id, None)
        if known is not None and payload.emoji.name == STAR:
            await known.delete()
            await known.channel.send(f"stars cleared from {payload.message_id}")

    @bot.command()
    async def stars(ctx):
        board = discord.utils.get(ctx.guild.text_channels, name="starboard")
        lines = []
        async for message in board.history(limit=10, oldest_first=True):
            if message.embeds:
                lines.append(f"{message.content} / {message.embeds[0].author.name} / "
                             f"{message.embeds[0].image.url is not None}")
        await ctx.send("\n".join(lines) or "the board is empty")

    @bot.command()
    async def quote(ctx):
        # Reply to a message with !quote to put it on the board by hand.
        ref = ctx.message.reference
        if ref is None or ref.resolved is None:
            return await ctx.send("Reply to the message you want to quote.")
        quoted = ref.resolved
        _content, embed = entry(quoted, 0)
        board = discord.utils.get(ctx.guild.text_channels, name="starboard")
        await board.send(f"\N{SPEECH BALLOON} quoted by {ctx.author.display_name}", embed=embed)
        await ctx.send(f"Quoted {quoted.author.display_name} (same guild "
                       f"{ref.guild_id == ctx.guild.id}, strict {ref.fail_if_not_exists}, "
                       f"cached {ref.cached_message is not None}).")

    @bot.command()
    @commands.has_permissions(manage_messages=True)
    async def unstar(ctx, message: discord.Message):
        await message.clear_reaction(STAR)

    return bot
