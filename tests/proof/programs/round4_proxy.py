"""A PluralKit-style proxy bot: a person registers members of their system with a tag
(``!member add Luna l: <avatar>``); a message of theirs that starts with a tag is
deleted and said again through the channel's webhook (made once, found again with
``channel.webhooks()`` after a restart) under the member's name and avatar, in
threads too, with its files and without pinging roles or everyone. ``!edit`` changes
their last proxied message through ``webhook.edit_message``; a cross reaction from its
sender deletes one; ``!whois`` in reply to one says who sent it. The proxied messages
live in aiosqlite, so all of it works after a restart. Written once against
``(discord, commands)``."""

import aiosqlite

CROSS = "\N{CROSS MARK}"


def proxy_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async def query(sql, *args):
        async with aiosqlite.connect(db_path) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS members (owner_id INTEGER, name TEXT, "
                             "tag TEXT, avatar TEXT, PRIMARY KEY (owner_id, name))")
            await db.execute("CREATE TABLE IF NOT EXISTS proxied (message_id INTEGER PRIMARY "
                             "KEY, channel_id INTEGER, thread_id INTEGER, owner_id INTEGER, "
                             "name TEXT)")
            async with db.execute(sql, args) as cursor:
                rows = await cursor.fetchall()
            await db.commit()
        return rows

    async def hook_for(channel):
        """The channel's proxy webhook: ours if there is one (a restart finds it again),
        else a new one. A thread's webhook is its parent's."""
        home = channel.parent if isinstance(channel, discord.Thread) else channel
        for webhook in await home.webhooks():
            if webhook.user == bot.user and webhook.token:
                return webhook
        return await home.create_webhook(name="Proxy", reason="proxying messages")

    def thread_of(channel):
        return channel if isinstance(channel, discord.Thread) else discord.utils.MISSING

    @bot.group(invoke_without_command=True)
    async def member(ctx):
        rows = await query("SELECT name, tag FROM members WHERE owner_id = ? ORDER BY name",
                           ctx.author.id)
        await ctx.send(", ".join(f"{n} ({t!r})" for n, t in rows) or "no members")

    @member.command(name="add")
    async def member_add(ctx, name, tag, avatar=None):
        taken = await query("SELECT owner_id FROM members WHERE tag = ? AND owner_id = ?",
                            tag, ctx.author.id)
        if taken:
            return await ctx.send(f"You already use {tag!r}.")
        await query("INSERT OR REPLACE INTO members VALUES (?, ?, ?, ?)", ctx.author.id, name,
                    tag, avatar)
        await ctx.send(f"{name} speaks when you start with {tag!r}.")

    @bot.command()
    async def edit(ctx, *, text):
        rows = await query("SELECT message_id, thread_id FROM proxied WHERE owner_id = ? AND "
                           "(channel_id = ? OR thread_id = ?) ORDER BY message_id DESC LIMIT 1",
                           ctx.author.id, ctx.channel.id, ctx.channel.id)
        if not rows:
            return await ctx.send("Nothing of yours to edit here.")
        webhook = await hook_for(ctx.channel)
        thread = discord.Object(rows[0][1]) if rows[0][1] else discord.utils.MISSING
        # Read it first (it must still be there), then edit it through what was read:
        # the message remembers the thread it was read in.
        proxied = await webhook.fetch_message(rows[0][0], thread=thread)
        edited = await proxied.edit(content=text,
                                    allowed_mentions=discord.AllowedMentions.none())
        await ctx.message.delete()
        await ctx.send(f"Edited {edited.jump_url} (webhook {edited.webhook_id == webhook.id}, "
                       f"author {edited.author.name}, bot {edited.author.bot})", delete_after=30)

    @bot.command()
    @commands.has_permissions(manage_webhooks=True)
    async def hookname(ctx, *, name):
        webhook = await hook_for(ctx.channel)
        renamed = await webhook.edit(name=name, reason=f"asked by {ctx.author}")
        await ctx.send(f"The proxy webhook {webhook.name!r} is {renamed.name!r} now.")

    @bot.command()
    async def whois(ctx):
        reference = ctx.message.reference
        if reference is None:
            return await ctx.send("Reply to a proxied message.")
        rows = await query("SELECT owner_id, name FROM proxied WHERE message_id = ?",
                           reference.message_id)
        if not rows:
            return await ctx.send("That message was not proxied.")
        original = reference.resolved
        await ctx.send(f"{rows[0][1]} is <@{rows[0][0]}>'s; webhook_id set "
                       f"{getattr(original, 'webhook_id', None) is not None}",
                       allowed_mentions=discord.AllowedMentions.none())

    @bot.event
    async def on_message(message):
        if message.author.bot or message.guild is None:
            return
        if message.content.startswith("!"):
            return await bot.process_commands(message)
        rows = await query("SELECT name, tag, avatar FROM members WHERE owner_id = ?",
                           message.author.id)
        found = [(n, t, a) for n, t, a in rows if message.content.startswith(t)]
        if not found:
            return
        name, tag, avatar = max(found, key=lambda row: len(row[1]))
        webhook = await hook_for(message.channel)
        files = [await a.to_file() for a in message.attachments]
        embeds = []
        if message.reference is not None:  # a reply: quote what it answers
            replied = message.reference.resolved or await message.channel.fetch_message(
                message.reference.message_id)
            quote = discord.Embed(description=f"**[Reply to:]({replied.jump_url})** "
                                              f"{replied.content[:80]}")
            quote.set_author(name=replied.author.display_name,
                             icon_url=replied.author.display_avatar.url)
            embeds.append(quote)
        sent = await webhook.send(
            message.content[len(tag):].strip(), username=f"{name} ({message.author.name})",
            avatar_url=avatar or message.author.display_avatar.url, files=files,
            embeds=embeds, thread=thread_of(message.channel), wait=True,
            allowed_mentions=discord.AllowedMentions(everyone=False, roles=False, users=True))
        thread = message.channel if isinstance(message.channel, discord.Thread) else None
        await query("INSERT INTO proxied VALUES (?, ?, ?, ?, ?)", sent.id,
                    thread.parent_id if thread else message.channel.id,
                    thread.id if thread else None, message.author.id, name)
        await message.delete()

    @bot.event
    async def on_raw_reaction_add(payload):
        if str(payload.emoji) != CROSS:
            return
        rows = await query("SELECT owner_id, thread_id FROM proxied WHERE message_id = ?",
                           payload.message_id)
        if not rows or rows[0][0] != payload.user_id:
            return
        channel = bot.get_channel(payload.channel_id) or await bot.fetch_channel(
            payload.channel_id)
        webhook = await hook_for(channel)
        thread = discord.Object(rows[0][1]) if rows[0][1] else discord.utils.MISSING
        await webhook.delete_message(payload.message_id, thread=thread)
        await query("DELETE FROM proxied WHERE message_id = ?", payload.message_id)
        log = discord.utils.get(bot.get_guild(payload.guild_id).text_channels, name="mod-log")
        await log.send(f"{payload.member.display_name} took back a proxied message in "
                       f"{channel.mention} (thread {isinstance(channel, discord.Thread)})")

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"{type(error).__name__}: {error}")

    return bot
